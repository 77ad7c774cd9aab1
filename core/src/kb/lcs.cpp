// Bit-parallel LCS: V' = (V + (V & M)) | (V & ~M) per text character; LCS = zero bits of V.
#include "mel/core/kb/lcs.h"

#include <algorithm>

namespace mel::core::fuzz {
namespace {

// Portable builds target plain x86-64, where std::popcount becomes a library call; this stays inline.
int popcount64(std::uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

std::uint64_t step(std::uint64_t v, std::uint64_t mask)
{
    const std::uint64_t u = v & mask;
    return (v + u) | (v - u);
}

} // namespace

BitPattern::BitPattern(std::u32string_view pattern) { build(pattern); }
BitPattern::BitPattern(std::u16string_view pattern) { build(pattern); }

template <typename CharT>
void BitPattern::build(std::basic_string_view<CharT> pattern)
{
    m_length = pattern.size();
    m_words = (pattern.size() + 63) / 64;
    if (m_words > 1)
        m_asciiN.assign(128 * m_words, 0);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char32_t c = pattern[i];
        const std::uint64_t bit = std::uint64_t{1} << (i % 64);
        const std::size_t word = i / 64;
        if (c < 128) {
            if (m_words == 1)
                m_ascii[c] |= bit;
            else
                m_asciiN[c * m_words + word] |= bit;
            continue;
        }
        auto it = std::find_if(m_other.begin(), m_other.end(), [c](const auto& e) { return e.first == c; });
        if (it == m_other.end()) {
            m_other.emplace_back(c, m_otherMasks.size());
            m_otherMasks.resize(m_otherMasks.size() + m_words, 0);
            it = m_other.end() - 1;
        }
        m_otherMasks[it->second + word] |= bit;
    }
}

bool BitPattern::contains(char32_t c) const
{
    if (m_words == 1)
        return mask1(c) != 0;
    const std::uint64_t* mask = maskN(c);
    return mask && std::any_of(mask, mask + m_words, [](std::uint64_t w) { return w != 0; });
}

std::uint64_t BitPattern::mask1(char32_t c) const
{
    if (c < 128)
        return m_ascii[c];
    for (const auto& [code, index] : m_other)
        if (code == c)
            return m_otherMasks[index];
    return 0;
}

const std::uint64_t* BitPattern::maskN(char32_t c) const
{
    if (c < 128)
        return m_asciiN.data() + c * m_words;
    for (const auto& [code, index] : m_other)
        if (code == c)
            return m_otherMasks.data() + index;
    return nullptr;
}

std::size_t BitPattern::countMatched(std::uint64_t v) const
{
    const std::uint64_t used = m_length == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << m_length) - 1;
    return static_cast<std::size_t>(popcount64(~v & used));
}

template <typename CharT>
std::size_t BitPattern::lcsAny(const CharT* text, std::size_t n) const
{
    if (m_length == 0 || n == 0)
        return 0;
    if (m_words == 1) {
        std::uint64_t v = ~std::uint64_t{0};
        for (std::size_t j = 0; j < n; ++j)
            v = step(v, mask1(text[j]));
        return countMatched(v);
    }
    std::vector<std::uint64_t> v(m_words, ~std::uint64_t{0});
    for (std::size_t j = 0; j < n; ++j) {
        const std::uint64_t* mask = maskN(text[j]);
        if (!mask)
            continue;  // no match: u = 0 and V is unchanged
        unsigned carry = 0;
        for (std::size_t w = 0; w < m_words; ++w) {
            const std::uint64_t u = v[w] & mask[w];
            const unsigned __int128 sum = static_cast<unsigned __int128>(v[w]) + u + carry;
            carry = static_cast<unsigned>(sum >> 64);
            v[w] = static_cast<std::uint64_t>(sum) | (v[w] - u);
        }
    }
    std::size_t lcs = 0;
    for (std::size_t w = 0; w < m_words; ++w) {
        const std::size_t bits = std::min<std::size_t>(64, m_length - w * 64);
        const std::uint64_t used = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
        lcs += static_cast<std::size_t>(popcount64(~v[w] & used));
    }
    return lcs;
}

std::size_t BitPattern::lcs(std::u32string_view text) const { return lcsAny(text.data(), text.size()); }
std::size_t BitPattern::lcs(std::u16string_view text) const { return lcsAny(text.data(), text.size()); }

void BitPattern::lcsBatch(const std::u16string_view* texts, std::size_t count, std::size_t* out) const
{
    std::size_t i = 0;
    if (m_words == 1) {
        for (; i + 4 <= count; i += 4) {
            const std::u16string_view t0 = texts[i], t1 = texts[i + 1], t2 = texts[i + 2], t3 = texts[i + 3];
            const std::size_t common = std::min({t0.size(), t1.size(), t2.size(), t3.size()});
            std::uint64_t v0 = ~std::uint64_t{0}, v1 = v0, v2 = v0, v3 = v0;
            for (std::size_t j = 0; j < common; ++j) {
                v0 = step(v0, mask1(t0[j]));
                v1 = step(v1, mask1(t1[j]));
                v2 = step(v2, mask1(t2[j]));
                v3 = step(v3, mask1(t3[j]));
            }
            for (std::size_t j = common; j < t0.size(); ++j)
                v0 = step(v0, mask1(t0[j]));
            for (std::size_t j = common; j < t1.size(); ++j)
                v1 = step(v1, mask1(t1[j]));
            for (std::size_t j = common; j < t2.size(); ++j)
                v2 = step(v2, mask1(t2[j]));
            for (std::size_t j = common; j < t3.size(); ++j)
                v3 = step(v3, mask1(t3[j]));
            out[i] = countMatched(v0);
            out[i + 1] = countMatched(v1);
            out[i + 2] = countMatched(v2);
            out[i + 3] = countMatched(v3);
        }
    }
    for (; i < count; ++i)
        out[i] = lcs(texts[i]);
}

template <typename CharT>
std::size_t BitPattern::bestWindowAny(std::basic_string_view<CharT> text) const
{
    const std::size_t m = m_length;
    if (m == 0 || text.size() < m)
        return 0;
    const std::size_t last = text.size() - m;
    std::size_t best = 0;
    for (std::size_t i = 0; i <= last; ++i) {
        if (i < last && !contains(text[i]))
            continue;
        best = std::max(best, lcsAny(text.data() + i, m));
        if (best == m)
            break;
    }
    return best;
}

std::size_t BitPattern::bestWindowLcs(std::u32string_view text) const { return bestWindowAny(text); }
std::size_t BitPattern::bestWindowLcs(std::u16string_view text) const { return bestWindowAny(text); }

} // namespace mel::core::fuzz
