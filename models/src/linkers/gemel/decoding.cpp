// Constrained decoding over a NameTrie.
#include "linkers/gemel/decoding.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "linkers/gemel/chartable.h"

namespace mel::models::gemel {

NameTrie buildTrie(const std::vector<std::vector<std::int64_t>>& names)
{
    NameTrie trie;
    trie.setEos(CharTable::Eos);
    for (std::size_t i = 0; i < names.size(); ++i)
        trie.add(names[i], static_cast<std::int32_t>(i));
    return trie;
}

torch::Tensor allowedMask(const NameTrie& trie, const torch::Tensor& targets, std::int64_t V)
{
    const auto N = targets.size(0), T = targets.size(1);
    auto mask = torch::zeros({N, T, V}, torch::kBool);
    auto* m = mask.data_ptr<bool>();
    const auto tg = targets.accessor<std::int64_t, 2>();
    for (std::int64_t i = 0; i < N; ++i)
    {
        std::int32_t node = NameTrie::kRoot;
        for (std::int64_t t = 0; t < T && node != NameTrie::kNone; ++t)
        {
            const auto target = tg[i][t];
            if (target == CharTable::Pad)
                break;
            for (const auto token : trie.allowed(node))
                if (token < V)
                    m[(i * T + t) * V + token] = true;
            node = target == CharTable::Eos ? NameTrie::kNone : trie.child(node, target);
        }
    }
    return mask;
}

torch::Tensor constrainedTokenLogProbs(const torch::Tensor& logits, const torch::Tensor& targets,
                                       const torch::Tensor& allowed)
{
    const auto dev = logits.device();
    auto t = targets.to(dev);
    auto a = allowed.to(dev);
    // -1e9, not -inf: a row that allows nothing stays finite, so its (unused) gradient is not NaN.
    auto masked = logits.masked_fill(a.logical_not(), -1e9);
    auto logZ = torch::logsumexp(masked, -1);
    auto picked = logits.gather(-1, t.unsqueeze(-1)).squeeze(-1);
    auto valid = t.ne(CharTable::Pad) & a.any(-1);
    // Where is the target itself not allowed? Then it can never be produced: -inf (callers see a miss).
    auto targetAllowed = a.gather(-1, t.unsqueeze(-1)).squeeze(-1);
    auto lp = torch::where(valid, picked - logZ, torch::zeros_like(picked));
    auto impossible = t.ne(CharTable::Pad) & targetAllowed.logical_not();
    return lp.masked_fill(impossible, -std::numeric_limits<float>::infinity());
}

std::vector<Beam> beamSearch(GemelModelImpl& model, const Memory& memory, const NameTrie& trie, int width,
                             int maxSteps)
{
    struct Live
    {
        std::vector<std::int64_t> tokens;
        std::int32_t node = NameTrie::kRoot;
        double logProb = 0;
        std::vector<double> steps;
    };
    std::vector<Beam> finished;
    std::vector<Live> live{Live{}};
    width = std::max(1, width);
    for (int step = 0; step <= maxSteps && !live.empty(); ++step)
    {
        const auto N = static_cast<std::int64_t>(live.size());
        const auto T = static_cast<std::int64_t>(step + 1);
        auto inputs = torch::zeros({N, T}, torch::kLong);
        auto in = inputs.accessor<std::int64_t, 2>();
        for (std::int64_t i = 0; i < N; ++i)
        {
            in[i][0] = CharTable::Bos;
            for (std::int64_t j = 0; j < step; ++j)
                in[i][j + 1] = live[static_cast<std::size_t>(i)].tokens[static_cast<std::size_t>(j)];
        }
        const auto last = torch::log_softmax(model.decode(memory, inputs).select(1, step), -1).to(torch::kCPU)
                              .to(torch::kDouble).contiguous();
        const auto* lp = last.data_ptr<double>();
        const auto V = last.size(1);
        struct Option
        {
            std::size_t beam;
            std::int64_t token;
            double stepLp;
            double total;
        };
        std::vector<Option> options;
        for (std::size_t i = 0; i < live.size(); ++i)
        {
            const auto& allowed = trie.allowed(live[i].node);
            double z = -std::numeric_limits<double>::infinity();
            for (const auto token : allowed)
                if (token < V)
                {
                    const double x = lp[static_cast<std::int64_t>(i) * V + token];
                    z = std::max(z, x) + std::log1p(std::exp(-std::abs(z - x)));
                }
            for (const auto token : allowed)
                if (token < V)
                {
                    const double s = lp[static_cast<std::int64_t>(i) * V + token] - z;
                    options.push_back({i, token, s, live[i].logProb + s});
                }
        }
        std::stable_sort(options.begin(), options.end(),
                         [](const Option& a, const Option& b) { return a.total > b.total; });
        std::vector<Live> next;
        for (const auto& o : options)
        {
            if (static_cast<int>(next.size()) >= width)
                break;
            const auto& from = live[o.beam];
            if (o.token == CharTable::Eos)
            {
                Beam b;
                b.tokens = from.tokens;
                b.logProb = o.total;
                b.stepLogProbs = from.steps;
                b.stepLogProbs.push_back(o.stepLp);
                b.entities = trie.entities(from.node);
                finished.push_back(std::move(b));
                continue;
            }
            Live l = from;
            l.tokens.push_back(o.token);
            l.node = trie.child(from.node, o.token);
            l.logProb = o.total;
            l.steps.push_back(o.stepLp);
            next.push_back(std::move(l));
        }
        live = std::move(next);
        std::stable_sort(finished.begin(), finished.end(),
                         [](const Beam& a, const Beam& b) { return a.logProb > b.logProb; });
        if (static_cast<int>(finished.size()) >= width)
        {
            finished.resize(static_cast<std::size_t>(width));
            const double bestLive = live.empty() ? -std::numeric_limits<double>::infinity() : live.front().logProb;
            if (bestLive <= finished.back().logProb)
                break;
        }
    }
    return finished;
}

} // namespace mel::models::gemel
