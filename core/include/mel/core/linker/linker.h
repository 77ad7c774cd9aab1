// The interface every linker implements: rank a mention's candidate entities and explain why.
#pragma once

#include <atomic>
#include <optional>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mel/core/store/types.h"

namespace mel::core {

// What a linker sees of a mention. Never includes the sample's source id (in Richpedia-MEL it is the answer).
struct MentionQuery
{
    RowId mentionId = 0;
    std::string surface;
    std::string text;             // the whole sentence / tweet
    int begin = -1;               // code point span of the mention in `text`, -1 when unknown
    int end = -1;
    std::string imagePath;        // absolute path, "" when the sample has no readable image
    std::optional<BoundingBox> box;
};

// A KB entity offered to the linker.
struct CandidateEntity
{
    std::string qid;
    std::string name;
    std::string description;
    std::string imagePath;        // absolute path, "" when none
    double nameScore = 0;         // the candidate generator's WRatio (0..100)
};

// A matrix to draw (attention between tokens and image patches, per layer and head).
struct AttentionMap
{
    std::string name;             // e.g. "word/text->image"
    int layer = 0;
    int head = -1;                // -1: averaged over heads
    int rows = 0;
    int cols = 0;
    std::vector<float> values;    // row-major rows x cols
    std::vector<std::string> rowLabels;  // tokens, or patch names "r3c4"
    std::vector<std::string> colLabels;
    int gridRows = 0;             // when one side is an image patch grid: its shape, so it maps back onto the image
    int gridCols = 0;
};

// Everything a linker can say about one mention, as plain values (safe to pass to the GUI thread).
struct Explanation
{
    std::vector<AttentionMap> attention;
    std::map<std::string, double> gates;                             // e.g. {"text": 0.7, "image": 0.3}
    std::map<std::string, std::vector<double>> unitScores;           // per candidate, same order as `ranked`
    std::vector<std::string> notes;                                  // beams, demonstrations, ...
};

struct ScoredCandidate
{
    std::string qid;
    double score = 0;
};

struct LinkResult
{
    std::vector<ScoredCandidate> ranked;  // best first
    Explanation explanation;
};

// A learned linker's encoded features of one entity, as bytes only a linker with the same entityFeatureKey() reads.
// inputKey fingerprints the entity's inputs (entityInputKey) so features of an entity whose KB entry changed are
// never given back.
struct EntityFeatureRecord
{
    std::string qid;
    std::string inputKey;
    std::string data;
};

// Fingerprint of what a linker encodes of an entity: its name, description and image path, and the image file's
// size and modification time, or that it is missing (a stat, not a read of the image).
std::string entityInputKey(const CandidateEntity& entity);

// Progress reporting and cancellation for long calls (linking a split, training).
struct JobContext
{
    std::function<void(double fraction, std::string_view message)> progress;
    const std::atomic<bool>* cancelled = nullptr;
    bool isCancelled() const { return cancelled && cancelled->load(); }
    void report(double fraction, std::string_view message) const
    {
        if (progress)
            progress(fraction, message);
    }
};

// Where a learned linker runs, as it resolved its options ("auto" became a device, 0 pairs the device's default).
struct LinkerPlacementUsed
{
    std::string device;     // "cpu", "cuda:0", ...; "" for a linker that uses no device (the name baseline)
    std::string precision;  // "fp32" or "bf16"
    int threads = 0;        // intra-op threads
    int pairBudget = 0;     // (mention, candidate) pairs per scoring pass; 0 when the linker has no such passes
};

// Thread contract: one thread at a time per Linker instance; rank() blocks.
class Linker
{
public:
    virtual ~Linker() = default;
    virtual std::string name() const = 0;
    virtual LinkerPlacementUsed placement() const { return {}; }
    // Image files this instance has been given so far that it could not decode (gone since the import, or corrupt
    // past the header the import checks) and ranked as "no image"; sorted.
    virtual std::vector<std::string> undecodableImages() const { return {}; }
    // Ranks each mention's candidates (candidates[i] belongs to mentions[i]). Every candidate appears exactly once
    // in the result, ordered best first; ties are broken deterministically. `explain` asks for an Explanation.
    virtual std::vector<LinkResult> rank(const std::vector<MentionQuery>& mentions,
                                         const std::vector<std::vector<CandidateEntity>>& candidates,
                                         bool explain) = 0;

    // Persisting encoded entity features (linkers that encode each entity once and cache it; the others keep these
    // defaults). The key names everything the features depend on (weights, device, precision, byte format): features
    // taken from one instance may be put into any instance reporting the same key. "" = nothing to persist.
    virtual std::string entityFeatureKey() const { return {}; }
    // The features this instance encoded since the last call, each once.
    virtual std::vector<EntityFeatureRecord> takeNewEntityFeatures() { return {}; }
    // Adds stored features to the cache (they are not handed out again by takeNewEntityFeatures). Returns how many
    // were taken; a record that does not decode is skipped (its entity is encoded again when met).
    virtual std::size_t putEntityFeatures(const std::vector<EntityFeatureRecord>& records)
    {
        (void)records;
        return 0;
    }
};

} // namespace mel::core
