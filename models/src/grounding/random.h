// A small portable random generator for the grounding generator: the same numbers on every standard library
// (std::uniform_int_distribution is implementation-defined, so it is not used for the dataset layout).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace mel::models::grounding {

class SplitMix
{
public:
    explicit SplitMix(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [lo, hi] (inclusive); the modulo bias is negligible for the small ranges used here.
    int uniform(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
    template <typename T>
    void shuffle(std::vector<T>& v)
    {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[static_cast<std::size_t>(next() % i)]);
    }

private:
    std::uint64_t m_state;
};

// An independent stream per (seed, purpose, index), so one sample's randomness never depends on another's.
inline std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t purpose, std::uint64_t index)
{
    SplitMix mix(seed ^ (purpose * 0xD1B54A32D192ED03ull) ^ (index * 0x8CB92BA72F3D8DD7ull));
    mix.next();
    return mix.next();
}

} // namespace mel::models::grounding
