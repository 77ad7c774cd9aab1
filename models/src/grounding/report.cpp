// The grounding benchmark's result as a Markdown table and as JSON.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "mel/models/grounding.h"

namespace mel::models {

namespace {

std::string fixed(double value, int digits = 3)
{
    if (value < 0)
        return "n/a";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
    return buffer;
}

// A rate, or null for "n/a" (negative).
nlohmann::ordered_json orNull(double value)
{
    return value < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(value);
}

} // namespace

std::string groundingTable(const GroundingBenchResult& r)
{
    std::string out;
    out += "Grounding benchmark: seed " + std::to_string(r.spec.seed) + ", " + std::to_string(r.entities) +
           " entities in " + std::to_string(r.spec.families) + " surnames, " + std::to_string(r.trainMentions) +
           " train (each linker trains on the first of them, see the table) / " + std::to_string(r.devMentions) +
           " dev / " + std::to_string(r.testMentions) +
           " test mentions, " + std::to_string(r.spec.imageSize) + " px images with " +
           std::to_string(r.spec.minObjects) + "-" + std::to_string(r.spec.maxObjects) + " objects\n";
    out += "Text-only chance (test, mean 1/|same surname|): " + fixed(r.chance) +
           "; random-cell pointing (share of grid cell centres in the gold box): " + fixed(r.randomCell) + "\n\n";
    out += "| linker | train x epochs | Hits@1 full | Hits@1 text-only | chance | MRR full | MRR text-only | "
           "pointing trained | pointing random init | candidate map trained | candidate map random init | random cell | "
           "train s full / text-only |\n";
    out += "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& l : r.linkers)
    {
        auto textOnly = [&](double value, int digits = 3) {
            return l.textOnly.n > 0 ? fixed(value, digits) : std::string("n/a");
        };
        out += "| " + l.linker + " | " + std::to_string(l.trainMentions) + " x " + std::to_string(l.epochs) + " | " +
               fixed(l.full.hits1) + " | " + textOnly(l.textOnly.hits1) + " | " +
               fixed(r.chance) + " | " + fixed(l.full.mrr) + " | " + textOnly(l.textOnly.mrr) + " | " +
               fixed(l.pointingTrained) + " | " + fixed(l.pointingRandomInit) + " | " +
               fixed(l.pointingCandidateTrained) + " | " + fixed(l.pointingCandidateRandomInit) + " | " +
               fixed(r.randomCell) + " | " +
               fixed(l.trainSecondsFull, 1) + " / " + textOnly(l.trainSecondsTextOnly, 1) + " |\n";
    }
    out += "\nPointing with " + fixed(r.pointingTolerance, 0) +
           " px tolerance (Zhang et al. 2016; beside the strict figures above, same argmax cells):\n\n";
    out += "| linker | pointing trained | pointing random init | candidate map trained | candidate map random init | "
           "random cell |\n|---|---|---|---|---|---|\n";
    for (const auto& l : r.linkers)
        out += "| " + l.linker + " | " + fixed(l.pointingTrainedTolerant) + " | " + fixed(l.pointingRandomInitTolerant) +
               " | " + fixed(l.pointingCandidateTrainedTolerant) + " | " +
               fixed(l.pointingCandidateRandomInitTolerant) + " | " + fixed(r.randomCellTolerant) + " |\n";
    out += "\n";
    for (const auto& l : r.linkers)
        if (!l.pointingPerMap.empty())
        {
            out += l.linker + " pointing per map:";
            for (const auto& [map, value] : l.pointingPerMap)
                out += " " + map + " " + fixed(value);
            out += "\n";
        }
    for (const auto& l : r.linkers)
        for (const auto* curve : {&l.curveFull, &l.curveTextOnly})
        {
            if (curve->empty())
                continue;
            out += l.linker + (curve == &l.curveFull ? " full" : " text-only") +
                   " by epoch (train loss / dev Hits@1):";
            for (const auto& e : *curve)
                out += " " + fixed(e.trainLoss) + "/" + fixed(e.devHits1);
            out += "; best epoch " + std::to_string(curve == &l.curveFull ? l.bestEpochFull : l.bestEpochTextOnly) +
                   ", train CPU " + fixed(curve == &l.curveFull ? l.trainCpuSecondsFull : l.trainCpuSecondsTextOnly, 1) +
                   " s\n";
        }
    for (const auto& note : r.notes)
        out += "note: " + note + "\n";
    out += "wall " + fixed(r.seconds, 1) + " s, CPU " + fixed(r.cpuSeconds, 1) + " s\n";
    return out;
}

std::string groundingJson(const GroundingBenchResult& r)
{
    nlohmann::ordered_json linkers = nlohmann::ordered_json::array();
    for (const auto& l : r.linkers)
    {
        auto curveJson = [](const std::vector<GroundingEpoch>& curve) {
            nlohmann::ordered_json out = nlohmann::ordered_json::array();
            for (const auto& e : curve)
                out.push_back({{"epoch", e.epoch},
                               {"train_loss", e.trainLoss},
                               {"dev_hits1", e.devHits1},
                               {"dev_mrr", e.devMrr},
                               {"train_cpu_seconds", e.trainCpuSeconds}});
            return out;
        };
        nlohmann::ordered_json perMap = nlohmann::ordered_json::object();
        for (const auto& [map, value] : l.pointingPerMap)
            perMap[map] = value;
        linkers.push_back({{"linker", l.linker},
                           {"train_mentions", l.trainMentions},
                           {"epochs", l.epochs},
                           {"full", core::toJson(l.full)},
                           {"text_only", core::toJson(l.textOnly)},
                           {"pointing_mentions", l.pointingMentions},
                           {"pointing_trained", l.pointingTrained < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(l.pointingTrained)},
                           {"pointing_random_init", l.pointingRandomInit < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(l.pointingRandomInit)},
                           {"pointing_per_map", perMap},
                           {"pointing_candidate_mentions", l.pointingCandidateMentions},
                           {"pointing_candidate_trained", orNull(l.pointingCandidateTrained)},
                           {"pointing_candidate_random_init", orNull(l.pointingCandidateRandomInit)},
                           {"pointing_trained_tolerant", orNull(l.pointingTrainedTolerant)},
                           {"pointing_random_init_tolerant", orNull(l.pointingRandomInitTolerant)},
                           {"pointing_candidate_trained_tolerant", orNull(l.pointingCandidateTrainedTolerant)},
                           {"pointing_candidate_random_init_tolerant", orNull(l.pointingCandidateRandomInitTolerant)},
                           {"best_epoch_full", l.bestEpochFull},
                           {"best_epoch_text_only", l.bestEpochTextOnly},
                           {"train_seconds_full", l.trainSecondsFull},
                           {"train_seconds_text_only", l.trainSecondsTextOnly},
                           {"train_cpu_seconds_full", l.trainCpuSecondsFull},
                           {"train_cpu_seconds_text_only", l.trainCpuSecondsTextOnly},
                           {"curve_full", curveJson(l.curveFull)},
                           {"curve_text_only", curveJson(l.curveTextOnly)}});
    }
    return nlohmann::ordered_json{{"bench", "grounding"},
                                  {"seed", r.spec.seed},
                                  {"entities", r.entities},
                                  {"families", r.spec.families},
                                  {"train_mentions", r.trainMentions},
                                  {"dev_mentions", r.devMentions},
                                  {"test_mentions", r.testMentions},
                                  {"text_only_chance", r.chance},
                                  {"random_cell", r.randomCell},
                                  {"pointing_tolerance", r.pointingTolerance},
                                  {"random_cell_tolerant", r.randomCellTolerant},
                                  {"linkers", linkers},
                                  {"notes", r.notes},
                                  {"seconds", r.seconds},
                                  {"cpu_seconds", r.cpuSeconds}}
        .dump(2);
}

} // namespace mel::models
