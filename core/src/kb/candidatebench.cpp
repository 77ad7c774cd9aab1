// Candidate benchmark: build time, memory, per-mention latency of topK vs the brute force, and their agreement.
#include "mel/core/kb/candidatebench.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <ctime>

#include <nlohmann/json.hpp>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "mel/core/kb/candidateindex.h"
#include "mel/core/util/error.h"

namespace mel::core {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Nearest-rank percentile of an unsorted list (copied).
double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// CPU time of this thread (or of the whole process, when the index searches with several threads): on a shared
// machine it leaves out the time spent waiting for a core.
bool g_processCpu = false;

double threadCpuMs()
{
#if defined(__linux__)
    timespec ts{};
    clock_gettime(g_processCpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
#else
    return 0;
#endif
}

double mean(const std::vector<double>& values)
{
    double sum = 0;
    for (double v : values)
        sum += v;
    return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

std::int64_t residentBytes()
{
#if defined(__linux__)
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        long size = 0, resident = 0;
        const int read = std::fscanf(f, "%ld %ld", &size, &resident);
        std::fclose(f);
        if (read == 2)
            return static_cast<std::int64_t>(resident) * 4096;
    }
#endif
    return 0;
}

bool sameLists(const std::vector<Candidate>& a, const std::vector<Candidate>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].entity != b[i].entity || a[i].score != b[i].score || a[i].ratio != b[i].ratio ||
            a[i].matchedName != b[i].matchedName)
            return false;
    return true;
}

// splitmix64: small, fast, and the same sequence on every platform.
class Rng
{
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }

private:
    std::uint64_t m_state;
};

constexpr std::array kOnsets{"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
                             "w", "z", "br", "ch", "dr", "gr", "kr", "sch", "st", "tr", "sh", "th", "", ""};
constexpr std::array kVowels{"a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ou", "ie", "ea",
                             "y", "é", "ö", "ü", "á", "ó", "ø"};
constexpr std::array kCodas{"", "", "", "n", "r", "l", "s", "m", "t", "rd", "nd", "ck", "ll", "ss", "x"};
constexpr std::array kSurnameEndings{"", "", "", "", "son", "sen", "ov", "ova", "ez", "mann", "ski", "elli",
                                     "ini", "berg", "stein", "ton", "ley", "ard", "ić", "escu"};
constexpr std::array kOccupations{"footballer", "politician", "actor", "singer", "painter", "writer",
                                  "cyclist", "physicist", "bishop", "architect", "composer", "basketball player"};
constexpr std::array kOrgAdjectives{"National", "Royal", "Central", "Bulgarian", "French", "Northern", "United",
                                    "Secret", "Imperial", "Democratic", "Free", "Eastern", "Catholic", "Federal"};
constexpr std::array kOrgNouns{"Committee", "Party", "Union", "Society", "Academy", "Council", "Front",
                               "Museum", "University", "Orchestra", "Company", "Bank", "League", "Institute",
                               "Revolutionary", "Workers", "Railway", "Theatre", "Observatory", "Assembly"};

std::string capitalised(std::string word)
{
    if (!word.empty() && word[0] >= 'a' && word[0] <= 'z')
        word[0] = static_cast<char>(word[0] - 'a' + 'A');
    return word;
}

std::string syllables(Rng& rng, std::size_t count)
{
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out += kOnsets[rng.below(kOnsets.size())];
        // Accented vowels are rarer than plain ones.
        out += kVowels[rng.chance(85) ? rng.below(14) : rng.below(kVowels.size())];
        if (i + 1 == count || rng.chance(30))
            out += kCodas[rng.below(kCodas.size())];
    }
    return out;
}

} // namespace

CandidateBenchResult benchCandidates(const std::vector<std::pair<RowId, std::string>>& kb,
                                     const std::vector<std::string>& mentions, int k, std::size_t bruteSample,
                                     int threads)
{
    CandidateBenchResult r;
    r.k = k;
    r.threads = std::max(1, threads);
    g_processCpu = r.threads > 1;
    r.mentions = mentions.size();
#if defined(__GLIBC__)
    malloc_trim(0);  // the same baseline as after the build
#endif
    const std::int64_t rssBefore = residentBytes();
    const auto buildStart = Clock::now();
    const CandidateIndex index(kb);
    r.buildMs = msSince(buildStart);
#if defined(__GLIBC__)
    malloc_trim(0);  // give the build's temporaries back, so that the RSS growth is what the index keeps
#endif
    r.rssDeltaBytes = residentBytes() - rssBefore;
    r.names = index.nameCount();
    r.keys = index.keyCount();
    r.entities = index.entityCount();
    r.memoryBytes = index.memoryBytes();

    // One query first: the first allocations after a large build are slow (the allocator consolidates).
    if (!mentions.empty())
        (void)index.topK(mentions.front(), k, r.threads);
    std::vector<double> times, cpuTimes;
    times.reserve(mentions.size());
    for (const auto& m : mentions) {
        const double cpuStart = threadCpuMs();
        const auto start = Clock::now();
        const auto list = index.topK(m, k, r.threads);
        times.push_back(msSince(start));
        cpuTimes.push_back(threadCpuMs() - cpuStart);
        if (list.size() > static_cast<std::size_t>(k))
            throw Error(ErrorCode::Invalid, "candidate bench: topK returned more than k candidates");
    }
    r.p50Ms = percentile(times, 50);
    r.p90Ms = percentile(times, 90);
    r.p99Ms = percentile(times, 99);
    r.meanMs = mean(times);
    r.maxMs = times.empty() ? 0 : *std::max_element(times.begin(), times.end());
    r.cpuP50Ms = percentile(cpuTimes, 50);
    r.cpuP99Ms = percentile(cpuTimes, 99);

    const std::size_t sample = std::min(bruteSample, mentions.size());
    std::vector<double> brute, bruteCpu, scan, scanCpu, indexed, pairedCpu, ratios;
    for (std::size_t i = 0; i < sample; ++i) {
        const std::size_t at = i * mentions.size() / sample;
        double cpuStart = threadCpuMs();
        auto start = Clock::now();
        const auto scanned = index.topKScan(mentions[at], k);
        scan.push_back(msSince(start));
        scanCpu.push_back(threadCpuMs() - cpuStart);
        cpuStart = threadCpuMs();
        start = Clock::now();
        const auto expected = index.topKBruteForce(mentions[at], k);
        brute.push_back(msSince(start));
        bruteCpu.push_back(threadCpuMs() - cpuStart);
        indexed.push_back(times[at]);
        cpuStart = threadCpuMs();
        const auto listed = index.topK(mentions[at], k, r.threads);
        pairedCpu.push_back(threadCpuMs() - cpuStart);
        if (pairedCpu.back() > 0)
            ratios.push_back(bruteCpu.back() / pairedCpu.back());
        if (!sameLists(listed, expected))
            ++r.mismatches;
        if (!sameLists(scanned, expected))
            ++r.scanMismatches;
    }
    r.bruteMentions = sample;
    r.bruteP50Ms = percentile(brute, 50);
    r.bruteP99Ms = percentile(brute, 99);
    r.bruteMeanMs = mean(brute);
    r.bruteCpuP50Ms = percentile(bruteCpu, 50);
    r.bruteCpuP99Ms = percentile(bruteCpu, 99);
    r.scanP50Ms = percentile(scan, 50);
    r.scanP99Ms = percentile(scan, 99);
    r.scanCpuP50Ms = percentile(scanCpu, 50);
    r.scanCpuP99Ms = percentile(scanCpu, 99);
    r.scanSpeedupP50 = r.p50Ms > 0 ? r.scanP50Ms / r.p50Ms : 0;
    r.scanCpuSpeedupP50 = r.cpuP50Ms > 0 ? r.scanCpuP50Ms / r.cpuP50Ms : 0;
    r.sampleMeanMs = mean(indexed);
    r.speedupP50 = r.p50Ms > 0 ? r.bruteP50Ms / r.p50Ms : 0;
    r.speedupMean = r.sampleMeanMs > 0 ? r.bruteMeanMs / r.sampleMeanMs : 0;
    r.cpuSpeedupP50 = r.cpuP50Ms > 0 ? r.bruteCpuP50Ms / r.cpuP50Ms : 0;
    r.pairedCpuP50Ms = percentile(pairedCpu, 50);
    r.pairedSpeedupP50 = r.pairedCpuP50Ms > 0 ? r.bruteCpuP50Ms / r.pairedCpuP50Ms : 0;
    r.pairedMedianRatio = percentile(ratios, 50);
    return r;
}

std::vector<std::pair<RowId, std::string>> syntheticKb(std::size_t n, std::uint64_t seed)
{
    Rng rng(seed);
    // Pools sized like a real KG: a few thousand given names, surnames growing with the KB.
    std::vector<std::string> given(3000);
    for (auto& g : given)
        g = capitalised(syllables(rng, 1 + rng.below(3)));
    std::vector<std::string> surnames(std::max<std::size_t>(1000, n / 3));
    for (auto& s : surnames)
        s = capitalised(syllables(rng, 1 + rng.below(3)) + kSurnameEndings[rng.below(kSurnameEndings.size())]);

    std::vector<std::pair<RowId, std::string>> kb;
    kb.reserve(n);
    RowId entity = 0;
    while (kb.size() < n) {
        const int kind = static_cast<int>(rng.below(100));
        if (entity > 0 && kind < 10) {
            // An alias of the previous entity: initial + surname, or the name without its parenthesis.
            const std::string& last = kb.back().second;
            const auto paren = last.find(" (");
            const auto space = last.find(' ');
            if (paren != std::string::npos)
                kb.emplace_back(entity, last.substr(0, paren));
            else if (space != std::string::npos && space > 0)
                kb.emplace_back(entity, last.substr(0, 1) + "." + last.substr(space));
            else
                kb.emplace_back(entity, last + " " + capitalised(syllables(rng, 2)));
            continue;
        }
        ++entity;
        std::string name;
        if (kind < 75) {
            name = given[rng.below(given.size())] + " ";
            if (rng.chance(12))
                name += std::string(1, static_cast<char>('A' + rng.below(26))) + ". ";
            name += surnames[rng.below(surnames.size())];
            if (rng.chance(4))
                name += "-" + surnames[rng.below(surnames.size())];
            if (rng.chance(7))
                name += " (" + std::string(kOccupations[rng.below(kOccupations.size())]) + ", born " +
                        std::to_string(1850 + rng.below(160)) + ")";
        } else if (kind < 88) {
            name = std::string(kOrgAdjectives[rng.below(kOrgAdjectives.size())]);
            const std::size_t words = 1 + rng.below(4);
            for (std::size_t i = 0; i < words; ++i)
                name.append(" ").append(kOrgNouns[rng.below(kOrgNouns.size())]);
            if (rng.chance(40))
                name.append(" of ").append(surnames[rng.below(surnames.size())]);
        } else {
            // Places and single-word names.
            name = surnames[rng.below(surnames.size())];
            if (rng.chance(50)) {
                if (rng.chance(50))
                    name.append(" ").append(capitalised(syllables(rng, 2)));
                else
                    name.append(", ").append(given[rng.below(given.size())]);
            }
        }
        kb.emplace_back(entity, std::move(name));
    }
    return kb;
}

std::vector<std::string> syntheticMentions(const std::vector<std::pair<RowId, std::string>>& kb, std::size_t count,
                                           std::uint64_t seed)
{
    Rng rng(seed);
    std::vector<std::string> mentions;
    if (kb.empty())
        return mentions;
    mentions.reserve(count);
    while (mentions.size() < count) {
        std::string name = kb[rng.below(kb.size())].second;
        const auto paren = name.find(" (");
        if (paren != std::string::npos)
            name.resize(paren);
        const int kind = static_cast<int>(rng.below(100));
        if (kind < 30) {
            const auto space = name.rfind(' ');
            if (space != std::string::npos)
                name = name.substr(space + 1);
        } else if (kind < 45) {
            std::transform(name.begin(), name.end(), name.begin(),
                           [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
        } else if (kind < 65 && name.size() > 3) {
            // One ASCII typo: drop, double or swap a character (bytes >= 128 are left alone to stay valid UTF-8).
            const std::size_t at = 1 + rng.below(name.size() - 2);
            if (static_cast<unsigned char>(name[at]) < 128 && static_cast<unsigned char>(name[at + 1]) < 128) {
                const int typo = static_cast<int>(rng.below(3));
                if (typo == 0)
                    name.erase(at, 1);
                else if (typo == 1)
                    name.insert(at, 1, name[at]);
                else
                    std::swap(name[at], name[at + 1]);
            }
        }
        mentions.push_back(std::move(name));
    }
    return mentions;
}

std::vector<std::pair<RowId, std::string>> kgNamesFromQid2ne(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open the file", ErrorContext{file.string(), "", ""});
    nlohmann::ordered_json json;  // file order is the KB order
    try {
        json = nlohmann::ordered_json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::Parse, e.what(), ErrorContext{file.string(), "", ""});
    }
    if (!json.is_object())
        throw Error(ErrorCode::Invalid, "expected an object of QID -> name", ErrorContext{file.string(), "", ""});
    std::vector<std::pair<RowId, std::string>> names;
    RowId id = 0;
    for (const auto& [qid, name] : json.items()) {
        if (!name.is_string())
            throw Error(ErrorCode::Invalid, "the name is not a string", ErrorContext{file.string(), qid, "name"});
        names.emplace_back(++id, name.get<std::string>());
    }
    return names;
}

std::vector<std::string> mentionsFromMelBench(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "cannot open the file", ErrorContext{file.string(), "", ""});
    nlohmann::ordered_json json;  // file order is the KB order
    try {
        json = nlohmann::ordered_json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::Parse, e.what(), ErrorContext{file.string(), "", ""});
    }
    if (!json.is_object())
        throw Error(ErrorCode::Invalid, "expected an object of samples", ErrorContext{file.string(), "", ""});
    std::vector<std::string> mentions;
    for (const auto& [id, sample] : json.items()) {
        const auto it = sample.find("mentions");
        if (it == sample.end())
            throw Error(ErrorCode::Invalid, "missing field", ErrorContext{file.string(), id, "mentions"});
        if (it->is_string()) {
            mentions.push_back(it->get<std::string>());
        } else if (it->is_array()) {
            for (const auto& m : *it) {
                if (!m.is_string())
                    throw Error(ErrorCode::Invalid, "a mention is not a string",
                                ErrorContext{file.string(), id, "mentions"});
                mentions.push_back(m.get<std::string>());
            }
        } else {
            throw Error(ErrorCode::Invalid, "expected a string or a list", ErrorContext{file.string(), id, "mentions"});
        }
    }
    return mentions;
}

std::string toJson(const CandidateBenchResult& r)
{
    const nlohmann::json json = {
        {"names", r.names},
        {"keys", r.keys},
        {"entities", r.entities},
        {"mentions", r.mentions},
        {"brute_mentions", r.bruteMentions},
        {"k", r.k},
        {"threads", r.threads},
        {"build_ms", r.buildMs},
        {"memory_bytes", r.memoryBytes},
        {"rss_delta_bytes", r.rssDeltaBytes},
        {"p50_ms", r.p50Ms},
        {"p90_ms", r.p90Ms},
        {"p99_ms", r.p99Ms},
        {"mean_ms", r.meanMs},
        {"max_ms", r.maxMs},
        {"brute_p50_ms", r.bruteP50Ms},
        {"brute_p99_ms", r.bruteP99Ms},
        {"brute_mean_ms", r.bruteMeanMs},
        {"sample_mean_ms", r.sampleMeanMs},
        {"speedup_p50", r.speedupP50},
        {"speedup_mean", r.speedupMean},
        {"cpu_p50_ms", r.cpuP50Ms},
        {"cpu_p99_ms", r.cpuP99Ms},
        {"brute_cpu_p50_ms", r.bruteCpuP50Ms},
        {"brute_cpu_p99_ms", r.bruteCpuP99Ms},
        {"cpu_speedup_p50", r.cpuSpeedupP50},
        {"scan_p50_ms", r.scanP50Ms},
        {"scan_p99_ms", r.scanP99Ms},
        {"scan_cpu_p50_ms", r.scanCpuP50Ms},
        {"scan_cpu_p99_ms", r.scanCpuP99Ms},
        {"scan_speedup_p50", r.scanSpeedupP50},
        {"scan_cpu_speedup_p50", r.scanCpuSpeedupP50},
        {"paired_cpu_p50_ms", r.pairedCpuP50Ms},
        {"paired_speedup_p50", r.pairedSpeedupP50},
        {"paired_median_ratio", r.pairedMedianRatio},
        {"mismatches", r.mismatches},
        {"scan_mismatches", r.scanMismatches},
    };
    return json.dump(2);
}

std::string toTable(const CandidateBenchResult& r)
{
    std::ostringstream out;
    char line[160];
    const auto row = [&](const char* label, const std::string& value) {
        std::snprintf(line, sizeof line, "%-28s %s\n", label, value.c_str());
        out << line;
    };
    const auto ms = [](double v) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.3f ms", v);
        return std::string(buf);
    };
    row("names / keys / entities",
        std::to_string(r.names) + " / " + std::to_string(r.keys) + " / " + std::to_string(r.entities));
    row("build", ms(r.buildMs));
    row("index memory", std::to_string(r.memoryBytes / 1024) + " KiB (RSS +" +
                            std::to_string(r.rssDeltaBytes / 1024) + " KiB)");
    row("mentions (k, threads)",
        std::to_string(r.mentions) + " (k=" + std::to_string(r.k) + ", threads=" + std::to_string(r.threads) + ")");
    row("topK p50 / p90 / p99", ms(r.p50Ms) + " / " + ms(r.p90Ms) + " / " + ms(r.p99Ms));
    row("topK mean / max", ms(r.meanMs) + " / " + ms(r.maxMs));
    row(r.threads > 1 ? "topK CPU p50 / p99 (all thr.)" : "topK CPU p50 / p99",
        ms(r.cpuP50Ms) + " / " + ms(r.cpuP99Ms));
    row("baseline sample", std::to_string(r.bruteMentions) + " mentions (same run)");
    if (r.bruteMentions == 0)
        return out.str();  // --brute 0: no baseline to compare with (its rows would be zeros)
    char buf[120];
    row("scan p50 / p99", ms(r.scanP50Ms) + " / " + ms(r.scanP99Ms));
    row("scan CPU p50 / p99", ms(r.scanCpuP50Ms) + " / " + ms(r.scanCpuP99Ms));
    std::snprintf(buf, sizeof buf, "%.1fx wall, %.1fx CPU (p50)", r.scanSpeedupP50, r.scanCpuSpeedupP50);
    row("speedup vs optimised scan", buf);
    row("brute p50 / p99 / mean", ms(r.bruteP50Ms) + " / " + ms(r.bruteP99Ms) + " / " + ms(r.bruteMeanMs));
    row("brute CPU p50 / p99", ms(r.bruteCpuP50Ms) + " / " + ms(r.bruteCpuP99Ms));
    std::snprintf(buf, sizeof buf, "%.1fx wall, %.1fx CPU (p50); %.1fx wall (mean, same mentions)", r.speedupP50,
                  r.cpuSpeedupP50, r.speedupMean);
    row("speedup vs plain brute force", buf);
    std::snprintf(buf, sizeof buf, "topK CPU p50 %.3f ms beside it: %.1fx (p50s), %.1fx (median ratio)",
                  r.pairedCpuP50Ms, r.pairedSpeedupP50, r.pairedMedianRatio);
    row("paired with the brute force", buf);
    row("mismatches vs brute force", std::to_string(r.mismatches) + " (topK), " + std::to_string(r.scanMismatches) +
                                         " (scan)");
    return out.str();
}

} // namespace mel::core
