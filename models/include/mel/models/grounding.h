// A synthetic grounded MEL benchmark: images with several visual entities at known places, sentences whose
// mention only the image can resolve, and the pointing game that checks where a linker's attention goes.
// No torch and no OpenCV in this header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mel/core/eval/metrics.h"
#include "mel/core/linker/linker.h"
#include "mel/core/store/store.h"
#include "mel/core/store/types.h"
#include "mel/models/config.h"

namespace mel::models {

// ---- the generator -------------------------------------------------------------------------------------------

// Every family (a surname) is one shape; its members differ by colour and fill pattern. A sample's image holds its
// gold entity plus distractors from OTHER families (so the mention's shape occurs once) on a cluttered background;
// its sentence names only the surname, so the text leaves 1 / (family size) to chance and the image decides.
struct GroundingSpec
{
    std::uint64_t seed = 1;
    int trainSamples = 600;
    int devSamples = 100;
    int testSamples = 200;
    int imageSize = 112;   // square scene and reference images, pixels
    int families = 6;      // surnames / shapes (at most kGroundingShapeCount)
    int minMembers = 2;    // entities per surname
    int maxMembers = 4;
    int minObjects = 3;    // objects per scene, the gold included (at most `families`)
    int maxObjects = 4;
    int minObjectSize = 26;  // object side in pixels
    int maxObjectSize = 34;
};

inline constexpr int kGroundingShapeCount = 8;

struct GroundingEntity
{
    std::string qid;
    std::string name;         // "Anna Smith"
    std::string surname;      // "Smith": what the mentions say
    std::string description;  // the KB attribute text ("Family: Smith. Emblem: red striped circle.")
    int shape = 0;            // index into the shape list (= the family)
    int colour = 0;           // index into the palette
    int pattern = 0;          // solid, stripes, dots, checker
    std::string imageFile;    // reference image, relative to the dataset folder: "entities/<QID>.png"
};

struct GroundingObject
{
    int entity = 0;           // index into GroundingDataset::entities
    int x = 0, y = 0, size = 0;  // the square the shape is drawn into, pixels
    core::BoundingBox box;    // the tight box of the rendered object's pixels (inside the square)
};

struct GroundingSample
{
    std::string id;
    std::string split;        // "train", "dev" or "test"
    std::string text;
    std::string surface;      // the surname as written in `text`
    int begin = 0;            // code point span of `surface` in `text`
    int end = 0;
    int gold = 0;             // index into entities
    std::string imageFile;    // relative to the dataset folder: "images/<id>.png"
    std::vector<GroundingObject> objects;  // objects[0] is the gold entity's; the rest are distractors
    core::BoundingBox goldBox() const { return objects.front().box; }
};

struct GroundingDataset
{
    GroundingSpec spec;
    std::vector<GroundingEntity> entities;
    std::vector<GroundingSample> samples;  // train, then dev, then test
};

// The layout of the whole dataset (names, sentences, which object goes where); the pixels are rendered on
// writing. Deterministic: the same spec gives the same dataset on every run and platform. Throws
// core::Error(Invalid) for an impossible spec (too many families, objects that cannot fit, ...).
GroundingDataset makeGroundingDataset(const GroundingSpec& spec);

// Paths of a written dataset (all absolute).
struct GroundingFiles
{
    std::filesystem::path dir;
    std::filesystem::path samples;   // samples.jsonl (the JSONL import format; box = the gold object's box)
    std::filesystem::path names;     // qid2ne.json
    std::filesystem::path abstracts; // qid2abs.json
    std::filesystem::path aliases;   // ne2qid.json (full names)
    std::filesystem::path manifest;  // grounding.json: the spec, every entity's look and every object's box
};

// Writes samples.jsonl, the KG files, images/<id>.png (scenes), entities/<QID>.png (reference images) and the
// manifest into `dir` (created when missing). Same dataset -> byte-identical files. Throws core::Error(Io).
GroundingFiles writeGroundingDataset(const GroundingDataset& dataset, const std::filesystem::path& dir);

// Imports a written dataset into `store` through the real importers: importKb (names, attributes, aliases), the
// reference images as the entities' images (Store::upsertEntity with the absolute path; the KG importers have no
// image field) and importJsonl for the samples (text, image, split, span, gold QID and box).
void importGroundingDataset(core::Store& store, const GroundingFiles& files, const std::string& datasetName,
                            const core::JobContext& job = {});

// What a linker that reads only the text can expect for Hits@1 on `split`: the mean over its samples of
// 1 / (entities sharing the mention's surname).
double textOnlyChance(const GroundingDataset& dataset, std::string_view split);

// ---- the pointing game ---------------------------------------------------------------------------------------

// One mention's text-to-image attention over the image patch grid, summed over the maps that show it.
struct MentionAttention
{
    int gridRows = 0;
    int gridCols = 0;
    std::vector<double> values;  // gridRows x gridCols, row-major
    std::vector<std::string> maps;  // names of the maps summed (with their layer: "word/text->image#1")
};

// The maps of `explanation` that attend from the mention's text to the mention's image: name contains
// "text->image" but not "entity" (candidate-side maps), cols = gridRows * gridCols > 0. Rows taken: the mention's
// own tokens — those before the first "[SEP]" row label when there is one (GHMF: surface [SEP] sentence) —
// otherwise every row (MIMIC's single text-global row). Each map's chosen rows are summed, then the maps are
// summed. `onlyMap` keeps the maps whose "name#layer" equals it. nullopt when no such map exists (no image).
std::optional<MentionAttention> mentionAttention(const core::Explanation& explanation,
                                                 std::string_view onlyMap = {});

// The candidate-conditioned maps: the ranked-first candidate attending over the mention image's patch grid (the
// map a linker's decision reads, "why this candidate"): name contains "candidate->mention image" (MIMIC with
// vdlu_attention: "vdlu/candidate->mention image (top candidate)"), cols = gridRows * gridCols > 0; every row of
// every such map is summed. nullopt when the explanation has none (no image, or a linker without such a map).
std::optional<MentionAttention> candidateAttention(const core::Explanation& explanation,
                                                   std::string_view onlyMap = {});

// The standard pointing game's tolerance (Zhang et al. 2016, "Top-down neural attention by excitation
// backprop"): a hit within 15 px of the box. Reported beside the strict figure (tolerance 0), never instead.
inline constexpr double kPointingTolerance = 15.0;

// The pointing game on an image of imageWidth x imageHeight pixels: the attention's argmax cell (first one on
// ties, row-major) is mapped to image coordinates as the centre of that cell when the image is cut into
// gridRows x gridCols equal cells, ((col + 0.5) * W / cols, (row + 0.5) * H / rows); it is a hit when that
// point lies inside the box (edges included) grown by `tolerance` pixels on every side.
struct PointingOutcome
{
    int row = 0;
    int col = 0;
    double x = 0;
    double y = 0;
    bool hit = false;
};
PointingOutcome pointingGame(const MentionAttention& attention, double imageWidth, double imageHeight,
                             const core::BoundingBox& box, double tolerance = 0);

// The hit rate of a pointer that picks a grid cell uniformly at random: the share of cell centres inside the box.
double randomCellHitRate(int gridRows, int gridCols, double imageWidth, double imageHeight,
                         const core::BoundingBox& box, double tolerance = 0);

// ---- the benchmark -------------------------------------------------------------------------------------------

// The bench's default model: the linkers' defaults with a cheaper image tower (56 px input, 16 -> 64 channels, a
// 14 x 14 patch grid with one context block), so full and text-only training of every linker fits in minutes on 2
// cores, and MIMIC's VDLU candidate attention on (MimicConfig::vdluAttention: the candidate-conditioned map, queried
// by the candidate's text, best-cell match).
ModelConfig groundingModelConfig();

// The bench's default data: 4,000 / 200 / 300 mentions (the generator's own default, 600 train, left MIMIC at
// Hits@1 0.52), the most any linker's recipe below trains on; each linker trains on the first mentions of it.
inline GroundingSpec groundingBenchSpec()
{
    GroundingSpec s;
    s.trainSamples = 4000;
    s.devSamples = 200;
    s.testSamples = 300;
    return s;
}

// How much training a linker needs to learn the task from the image (seed 1, README): its train mentions (the
// first ones of the generated train split) and epochs. GHMF and DWE learn it from 2,000 mentions in 8 epochs, MIMIC
// needs 4,000, GEMEL-style 4,000 and 16 epochs (8: Hits@1 0.853). Unknown linkers get 4,000 x 8.
struct GroundingRecipe
{
    int trainMentions = 4000;
    int epochs = 8;
};

GroundingRecipe groundingRecipe(const std::string& linker);

struct GroundingBenchOptions
{
    GroundingSpec spec = groundingBenchSpec();
    // Linkers to run; a name the model registry cannot build (and that is not GEMEL, which has its own model) is
    // skipped with a note. Empty = all of kGroundingLinkers, so DWE joins as soon as the registry knows it.
    std::vector<std::string> linkers;
    int epochs = 0;                  // 0 = each linker's recipe (groundingRecipe), else this many for every linker
    int trainMentions = 0;           // 0 = each linker's recipe, capped by the train split; else this many
    int batchSize = 32;
    double learningRate = 2e-3;
    int hardNegatives = 3;           // drawn from the gold's namesakes (its best-named candidates)
    bool textOnly = true;            // false = skip the text-only ablation (quicker diagnostic runs; shown as n/a)
    double pointingTolerance = kPointingTolerance;  // pixels, for the tolerant figures beside the strict ones
    int threads = 0;                 // 0 = all cores
    std::filesystem::path workDir;   // "" = a fresh folder under the system temp dir, removed afterwards
    bool keepWorkDir = false;
    ModelConfig model = groundingModelConfig();  // base model config (linker and ignoreImages set per run)
};

inline const std::vector<std::string> kGroundingLinkers{"ghmf", "mimic", "dwe", "gemel"};

// One training epoch of a bench run: the learning curve that tells "too little training" from "cannot learn it".
struct GroundingEpoch
{
    int epoch = 0;
    double trainLoss = 0;
    double devHits1 = 0;
    double devMrr = 0;
    double trainCpuSeconds = 0;  // process CPU time of the epoch's optimisation steps
};

struct GroundingLinkerResult
{
    std::string linker;
    int trainMentions = 0;            // what this linker trained on (the recipe, or the options' override)
    int epochs = 0;
    core::RankingMetrics full;        // test split, trained with images
    core::RankingMetrics textOnly;    // test split, the same training with ModelConfig::ignoreImages
    int pointingMentions = 0;         // test mentions with an image, a box and a text->image map
    double pointingTrained = -1;      // hit rate of the trained full model; -1 = the linker shows no such map
    double pointingRandomInit = -1;   // the same architecture with random weights (control)
    std::vector<std::pair<std::string, double>> pointingPerMap;  // trained model, each map alone
    // The same game on the candidate-conditioned map (candidateAttention: the ranked-first candidate over the
    // mention image); -1 = the linker shows no such map.
    int pointingCandidateMentions = 0;
    double pointingCandidateTrained = -1;
    double pointingCandidateRandomInit = -1;
    // Every pointing figure again with GroundingBenchOptions::pointingTolerance (-1 = n/a as above).
    double pointingTrainedTolerant = -1;
    double pointingRandomInitTolerant = -1;
    double pointingCandidateTrainedTolerant = -1;
    double pointingCandidateRandomInitTolerant = -1;
    double trainSecondsFull = 0;
    double trainSecondsTextOnly = 0;
    double trainCpuSecondsFull = 0;   // process CPU time of the training steps (independent of the machine's load)
    double trainCpuSecondsTextOnly = 0;
    int bestEpochFull = 0;
    int bestEpochTextOnly = 0;
    std::vector<GroundingEpoch> curveFull;      // per epoch: train loss, dev Hits@1 / MRR
    std::vector<GroundingEpoch> curveTextOnly;
};

struct GroundingBenchResult
{
    GroundingSpec spec;
    int entities = 0;
    int trainMentions = 0;
    int devMentions = 0;
    int testMentions = 0;
    double chance = 0;                // textOnlyChance on the test split
    double randomCell = 0;            // mean randomCellHitRate over the test mentions
    double pointingTolerance = 0;     // pixels, of the tolerant figures
    double randomCellTolerant = 0;    // mean randomCellHitRate with that tolerance
    std::vector<GroundingLinkerResult> linkers;
    std::vector<std::string> notes;   // skipped linkers, ...
    double seconds = 0;               // wall time of the whole run
    double cpuSeconds = 0;            // process CPU time of the whole run
};

// Generates the dataset, writes and imports it into a temporary project, then for every linker trains the full
// model and its text-only ablation (trainOnData, model selection on dev), evaluates both on the test split and
// plays the pointing game on the test mentions with the trained model and with a randomly initialised one.
// Progress through `job`; throws core::Error(Cancelled) when cancelled.
GroundingBenchResult runGroundingBench(const GroundingBenchOptions& options, const core::JobContext& job = {});

// The result as a Markdown table (with the chance line) and as JSON.
std::string groundingTable(const GroundingBenchResult& result);
std::string groundingJson(const GroundingBenchResult& result);

} // namespace mel::models
