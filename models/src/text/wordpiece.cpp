// WordPiece as BERT's tokenizer does it (without accent stripping or CJK splitting).
#include "text/wordpiece.h"

#include <algorithm>

#include "mel/core/kb/wratio.h"
#include "mel/core/util/error.h"
#include "mel/core/util/utf8.h"

namespace mel::models {

namespace {

constexpr std::size_t kMaxWordChars = 100;

bool isSpace(char32_t c)
{
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0x00A0 || c == 0x3000;
}

} // namespace

WordPiece::WordPiece(std::vector<std::string> vocabulary, bool lowerCase)
    : m_vocabulary(std::move(vocabulary)), m_lowerCase(lowerCase)
{
    for (std::size_t i = 0; i < m_vocabulary.size(); ++i)
        m_index.emplace(m_vocabulary[i], static_cast<std::int64_t>(i));
    auto need = [&](const char* token) {
        const auto it = m_index.find(token);
        if (it == m_index.end())
            throw core::Error(core::ErrorCode::Invalid,
                              std::string("TorchScript text encoder: its vocabulary lacks ") + token);
        return it->second;
    };
    m_cls = need("[CLS]");
    m_sep = need("[SEP]");
    m_pad = need("[PAD]");
    m_unk = need("[UNK]");
}

std::vector<std::string> WordPiece::pieces(std::string_view text) const
{
    std::u32string decoded = core::utf8::isValid(text) ? core::utf8::decode(text) : core::fuzz::preprocess(text);
    std::vector<std::u32string> words;
    std::u32string current;
    auto flush = [&] {
        if (!current.empty())
            words.push_back(std::move(current));
        current.clear();
    };
    for (char32_t c : decoded)
    {
        if (m_lowerCase)
            c = core::fuzz::toLower(c);
        if (isSpace(c))
            flush();
        else if (!core::fuzz::isWordChar(c))
        {
            flush();
            words.push_back(std::u32string(1, c));
        }
        else
            current.push_back(c);
    }
    flush();

    std::vector<std::string> out;
    for (const auto& word : words)
    {
        if (word.size() > kMaxWordChars)
        {
            out.push_back("[UNK]");
            continue;
        }
        std::vector<std::string> wordPieces;
        std::size_t start = 0;
        bool bad = false;
        while (start < word.size())
        {
            std::size_t end = word.size();
            std::string found;
            while (end > start)
            {
                std::string candidate = core::utf8::encode(std::u32string_view(word).substr(start, end - start));
                if (start > 0)
                    candidate = "##" + candidate;
                if (m_index.count(candidate))
                {
                    found = std::move(candidate);
                    break;
                }
                --end;
            }
            if (found.empty())
            {
                bad = true;
                break;
            }
            wordPieces.push_back(std::move(found));
            start = end;
        }
        if (bad)
            out.push_back("[UNK]");
        else
            out.insert(out.end(), wordPieces.begin(), wordPieces.end());
    }
    return out;
}

void WordPiece::encodePair(std::string_view first, std::string_view second, int maxLength,
                           std::vector<std::int64_t>& ids, std::vector<std::string>& outPieces) const
{
    auto a = pieces(first);
    auto b = pieces(second);
    const int budget = std::max(0, maxLength - 3);
    b.resize(std::min<int>(static_cast<int>(b.size()), std::max(0, budget - static_cast<int>(a.size()))));
    if (static_cast<int>(a.size()) > budget)
        a.resize(budget);
    outPieces.clear();
    outPieces.push_back("[CLS]");
    outPieces.insert(outPieces.end(), a.begin(), a.end());
    outPieces.push_back("[SEP]");
    outPieces.insert(outPieces.end(), b.begin(), b.end());
    outPieces.push_back("[SEP]");
    ids.clear();
    for (const auto& piece : outPieces)
    {
        const auto it = m_index.find(piece);
        ids.push_back(it == m_index.end() ? m_unk : it->second);
    }
}

} // namespace mel::models
