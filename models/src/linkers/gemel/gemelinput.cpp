// Encoder inputs and decoder targets of the GEMEL linker.
#include "linkers/gemel/gemelinput.h"

#include <algorithm>

#include "mel/core/util/utf8.h"

namespace mel::models::gemel {

namespace {

std::vector<std::int64_t> ids(const CharTable& chars, std::u32string_view text, int maxLength)
{
    const auto cut = text.substr(0, static_cast<std::size_t>(std::max(0, maxLength)));
    return chars.encode(core::utf8::encode(cut));
}

} // namespace

std::u32string contextWindow(const core::MentionQuery& m, int maxContext)
{
    const auto text = codePoints(m.text);
    if (maxContext <= 0 || text.empty())
        return {};
    std::size_t begin = 0, end = 0;
    if (m.begin >= 0 && m.end > m.begin && static_cast<std::size_t>(m.end) <= text.size())
    {
        begin = static_cast<std::size_t>(m.begin);
        end = static_cast<std::size_t>(m.end);
    }
    else
    {
        const auto surface = codePoints(m.surface);
        const auto at = surface.empty() ? std::u32string::npos : text.find(surface);
        if (at != std::u32string::npos)
        {
            begin = at;
            end = at + surface.size();
        }
    }
    const std::size_t width = static_cast<std::size_t>(maxContext);
    const std::size_t centre = (begin + end) / 2;
    std::size_t start = centre > width / 2 ? centre - width / 2 : 0;
    if (start + width > text.size())
        start = text.size() > width ? text.size() - width : 0;
    return text.substr(start, width);
}

EncoderInput buildEncoderInput(const std::vector<core::MentionQuery>& mentions,
                               const std::vector<std::vector<Retrieved>>& demos, const DemoRetriever& retriever,
                               const CharTable& chars, const GemelConfig& g)
{
    struct Row
    {
        std::vector<std::int64_t> tokens, segments, positions;
        std::vector<float> cosine;
        void add(std::int64_t token, std::int64_t segment, std::int64_t position, float cos)
        {
            tokens.push_back(token);
            segments.push_back(segment);
            positions.push_back(position);
            cosine.push_back(cos);
        }
    };
    std::vector<Row> rows(mentions.size());
    std::size_t S = 1;
    for (std::size_t b = 0; b < mentions.size(); ++b)
    {
        auto& row = rows[b];
        const auto& m = mentions[b];
        std::int64_t pos = 0;
        row.add(CharTable::MentionMark, 0, pos++, 0);
        for (const auto t : ids(chars, codePoints(m.surface), g.maxMention))
            row.add(t, 0, pos++, 0);
        pos = 0;
        row.add(CharTable::TextMark, 1, pos++, 0);
        for (const auto t : ids(chars, contextWindow(m, g.maxContext), g.maxContext))
            row.add(t, 1, pos++, 0);
        const auto& list = b < demos.size() ? demos[b] : std::vector<Retrieved>{};
        for (std::size_t j = 0; j < list.size() && static_cast<int>(j) < g.demonstrations; ++j)
        {
            const auto& d = retriever.at(list[j].index);
            const auto seg = static_cast<std::int64_t>(2 + j);
            const auto cos = static_cast<float>(list[j].cosine);
            pos = 0;
            row.add(CharTable::DemoMark, seg, pos++, cos);
            for (const auto t : ids(chars, codePoints(d.surface), g.maxMention))
                row.add(t, seg, pos++, cos);
            row.add(CharTable::AnswerMark, seg, pos++, cos);
            for (const auto t : ids(chars, codePoints(d.name), g.maxDemoName))
                row.add(t, seg, pos++, cos);
        }
        S = std::max(S, row.tokens.size());
    }
    const auto B = static_cast<std::int64_t>(mentions.size());
    const auto Sl = static_cast<std::int64_t>(S);
    EncoderInput in;
    in.tokens = torch::zeros({B, Sl}, torch::kLong);
    in.segments = torch::zeros({B, Sl}, torch::kLong);
    in.positions = torch::zeros({B, Sl}, torch::kLong);
    in.demoCosine = torch::zeros({B, Sl}, torch::kFloat);
    in.mask = torch::zeros({B, Sl}, torch::kBool);
    auto tk = in.tokens.accessor<std::int64_t, 2>();
    auto sg = in.segments.accessor<std::int64_t, 2>();
    auto ps = in.positions.accessor<std::int64_t, 2>();
    auto cs = in.demoCosine.accessor<float, 2>();
    auto mk = in.mask.accessor<bool, 2>();
    for (std::int64_t b = 0; b < B; ++b)
    {
        const auto& row = rows[static_cast<std::size_t>(b)];
        for (std::size_t i = 0; i < row.tokens.size(); ++i)
        {
            tk[b][i] = row.tokens[i];
            sg[b][i] = row.segments[i];
            ps[b][i] = row.positions[i];
            cs[b][i] = row.cosine[i];
            mk[b][i] = true;
        }
        in.images.push_back(mentions[static_cast<std::size_t>(b)].imagePath);
    }
    return in;
}

NameBatch nameBatch(const std::vector<std::string>& names, const CharTable& chars, int maxLength)
{
    NameBatch out;
    std::size_t T = 1;
    for (const auto& n : names)
    {
        out.tokens.push_back(chars.encode(n));
        T = std::max(T, std::min(out.tokens.back().size(), static_cast<std::size_t>(maxLength)) + 1);
    }
    const auto N = static_cast<std::int64_t>(names.size());
    out.inputs = torch::zeros({N, static_cast<std::int64_t>(T)}, torch::kLong);
    out.targets = torch::zeros({N, static_cast<std::int64_t>(T)}, torch::kLong);
    auto in = out.inputs.accessor<std::int64_t, 2>();
    auto tg = out.targets.accessor<std::int64_t, 2>();
    for (std::int64_t i = 0; i < N; ++i)
    {
        const auto& t = out.tokens[static_cast<std::size_t>(i)];
        const auto len = std::min(t.size(), static_cast<std::size_t>(maxLength));
        in[i][0] = CharTable::Bos;
        for (std::size_t j = 0; j < len; ++j)
        {
            tg[i][j] = t[j];
            if (j + 1 < T)
                in[i][j + 1] = t[j];
        }
        if (len == t.size())
            tg[i][len] = CharTable::Eos;
    }
    return out;
}

} // namespace mel::models::gemel
