// Candidate-generation benchmark: CandidateIndex::topK against the brute-force scan, on any KB and mention list.
// No CLI or GUI dependencies: `melstudio-cli bench candidates` and the tests call it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "mel/core/store/types.h"

namespace mel::core {

struct CandidateBenchResult
{
    std::size_t names = 0;        // distinct (entity, name) pairs indexed
    std::size_t keys = 0;         // distinct pre-processed names
    std::size_t entities = 0;
    std::size_t mentions = 0;     // mentions timed with topK
    std::size_t bruteMentions = 0;  // of those, also timed with topKScan and topKBruteForce (evenly spaced sample)
    int k = 0;
    int threads = 1;              // topK's thread count (CPU times then add up every thread of the process)
    double buildMs = 0;
    std::size_t memoryBytes = 0;  // CandidateIndex::memoryBytes()
    std::int64_t rssDeltaBytes = 0;  // resident set growth while building (Linux; 0 elsewhere)
    double p50Ms = 0, p90Ms = 0, p99Ms = 0, meanMs = 0, maxMs = 0;  // topK per mention
    double bruteP50Ms = 0, bruteP99Ms = 0, bruteMeanMs = 0;         // topKBruteForce per mention
    double sampleMeanMs = 0;      // topK mean over the brute-force sample only
    double speedupP50 = 0;        // bruteP50Ms / p50Ms
    double speedupMean = 0;       // bruteMeanMs / sampleMeanMs (same mentions)
    // The same in CPU time (wall time on a busy shared machine includes waiting for a core).
    double cpuP50Ms = 0, cpuP99Ms = 0, bruteCpuP50Ms = 0, bruteCpuP99Ms = 0, cpuSpeedupP50 = 0;
    // The optimised scan (topKScan: every name scored in full with the index's WRatio code, nothing skipped), the
    // fair baseline, timed on the same sample in the same run.
    double scanP50Ms = 0, scanP99Ms = 0, scanCpuP50Ms = 0, scanCpuP99Ms = 0;
    double scanSpeedupP50 = 0, scanCpuSpeedupP50 = 0;   // scan p50 / topK p50
    // Paired: on each sampled mention, topK is timed again right after topKBruteForce, so both see the machine in
    // the same state (on a shared machine the speed of a core drifts by a third within minutes, and the unpaired
    // figures above are taken minutes apart). CPU p50 of those topK runs, brute CPU p50 over it, and the median of
    // the per-mention ratios brute / topK.
    double pairedCpuP50Ms = 0, pairedSpeedupP50 = 0, pairedMedianRatio = 0;
    std::size_t mismatches = 0;   // sampled mentions where topK != topKBruteForce (must be 0)
    std::size_t scanMismatches = 0;  // sampled mentions where topKScan != topKBruteForce (must be 0)
};

// Builds the index over `kb`, times topK(m, k, threads) for every mention, and topKScan and topKBruteForce for
// `bruteSample` of them (evenly spaced; 0 = none), comparing the three lists on that sample.
CandidateBenchResult benchCandidates(const std::vector<std::pair<RowId, std::string>>& kb,
                                     const std::vector<std::string>& mentions, int k, std::size_t bruteSample,
                                     int threads = 1);

// A deterministic KB of `n` (entity, name) pairs that looks like a Wikidata people/organisation KG: syllable-built
// given names and surnames (some accented), middle initials, "(occupation, born YYYY)" disambiguations,
// multi-word organisation names, and about one alias in ten (initial + surname, or the name without its
// parenthesis) on the entity before it.
std::vector<std::pair<RowId, std::string>> syntheticKb(std::size_t n, std::uint64_t seed);
// Mentions drawn from such a KB the way real mentions relate to names: full names, surnames only, lower case,
// one-character typos, names with their disambiguation dropped.
std::vector<std::string> syntheticMentions(const std::vector<std::pair<RowId, std::string>>& kb, std::size_t count,
                                           std::uint64_t seed);

// Loading real data without a Store: qid2ne.json ({"Q42": "Douglas Adams", ...}; entity ids 1.. in file order)
// and the mention surfaces of a MELBench JSON (Wikidata-MEL's list form or Richpedia's string form).
std::vector<std::pair<RowId, std::string>> kgNamesFromQid2ne(const std::filesystem::path& file);
std::vector<std::string> mentionsFromMelBench(const std::filesystem::path& file);

std::string toJson(const CandidateBenchResult& r);
// A human-readable table, one figure per line.
std::string toTable(const CandidateBenchResult& r);

} // namespace mel::core
