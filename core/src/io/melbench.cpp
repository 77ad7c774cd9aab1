// MELBench import: read and check every file first, then write the dataset in one transaction.
#include "mel/core/io/melbench.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include "importcommon.h"
#include "jsonreader.h"
#include "mel/core/io/mentionlocator.h"
#include "mel/core/io/safepath.h"
#include "mel/core/io/sha1.h"

namespace mel::core {
namespace {

using io::Where;
using nlohmann::json;

const std::vector<std::string> kKnownFields = {"id", "sentence", "mentions", "entities", "answer"};

struct RawMention
{
    std::string surface;
    std::string answer;
    std::string entityName;
};

struct RawSample
{
    std::string id;
    std::string split;
    std::string text;
    std::vector<RawMention> mentions;
    std::size_t source = 0;
};

enum class Shape
{
    Unknown,
    List,
    String,
};

// The images folder, listed once: a stat per sample would cost more than the rest of the import.
class ImageFolder
{
public:
    ImageFolder(const std::filesystem::path& imagesDir, const std::filesystem::path& samplesDir)
    {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (!fs::is_directory(imagesDir, ec))
            throw Error(ErrorCode::Io, "the images folder does not exist or is not a folder",
                        {imagesDir.string(), {}, {}});
        const fs::path images = fs::canonical(imagesDir);
        m_root = fs::weakly_canonical(samplesDir);
        if (!isInside(m_root, images))
            m_root = images;
        m_dir = images.lexically_relative(m_root);
        for (const auto& entry : fs::directory_iterator(images)) {
            const std::string name = entry.path().filename().string();
            std::string extension = entry.path().extension().string();
            std::transform(extension.begin(), extension.end(), extension.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            // The formats the decoder reads, JPEG first (MELBench's own); GIF too, so that the import says it cannot
            // be decoded instead of calling the image missing. An empty file is the last choice.
            static const std::vector<std::string> kExtensions{".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"};
            const auto known = std::find(kExtensions.begin(), kExtensions.end(), extension);
            if (known == kExtensions.end())
                continue;
            std::error_code ec;
            const bool empty = entry.is_regular_file(ec) && entry.file_size(ec) == 0;
            const int rank = static_cast<int>(known - kExtensions.begin()) + (empty ? 100 : 0);
            auto [it, inserted] = m_files.try_emplace(entry.path().stem().string(), name, rank);
            if (!inserted && rank < it->second.second)
                it->second = {name, rank};
        }
    }

    const std::filesystem::path& root() const { return m_root; }
    std::string dirName() const { return m_dir.generic_string(); }

    // Fills the sample's image fields; throws Error(Unsafe) for ids that are not plain file names and for files
    // that resolve outside the dataset root.
    void resolve(Sample& sample, const Where& where, DatasetImportSummary& summary) const
    {
        const std::string& id = sample.sourceId;
        if (id.empty() || id == "." || id == ".." || id.find_first_of("/\\") != std::string::npos ||
            id.find('\0') != std::string::npos)
            throw Error(ErrorCode::Unsafe, "sample id '" + id + "' cannot name an image file in the images folder",
                        where.at("id"));
        const auto it = m_files.find(id);
        if (it == m_files.end()) {
            sample.imagePath = (m_dir / (id + ".jpg")).lexically_normal().generic_string();
            sample.imageStatus = ImageStatus::Missing;
            ++summary.imagesMissing;
            return;
        }
        sample.imagePath = checkedRelativePath(m_root, (m_dir / it->second.first).generic_string(), where.at("image"));
        std::error_code ec;
        if (std::filesystem::is_regular_file(m_root / sample.imagePath, ec)) {
            io::recordImage(sample, m_root, summary);
        } else {
            sample.imageStatus = ImageStatus::Missing;  // a dangling link or a folder named like an image
            ++summary.imagesMissing;
        }
    }

private:
    std::filesystem::path m_root;
    std::filesystem::path m_dir;
    std::unordered_map<std::string, std::pair<std::string, int>> m_files;  // stem -> (file name, preference)
};

struct Splits
{
    std::unordered_map<std::string, std::string> byId;
    std::vector<std::string> order;  // split names as the file lists them
};

Splits readSplits(const std::filesystem::path& path)
{
    Splits splits;
    const std::string file = path.string();
    const std::string text = io::readFile(path);
    io::forEachMember(text, file, [&](const io::JsonMember& m) {
        const std::string& split = m.key;
        const json& ids = io::requireList(m.value, split, Where{file, {}});
        splits.order.push_back(split);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const json& v = ids[i];
            const std::string field = split + "[" + std::to_string(i) + "]";
            const std::string id = v.is_number_integer() ? v.dump() : io::requireString(v, field, Where{file, {}});
            const auto [it, inserted] = splits.byId.try_emplace(id, split);
            if (!inserted)
                throw Error(ErrorCode::Invalid, "listed in split '" + it->second + "' and again in '" + split + "'",
                            {file, id, field});
        }
    });
    return splits;
}

// Checks one record and appends it to `out`; `shape` and `fields` are fixed by the first record.
void readRecord(const io::JsonMember& m, const std::string& file, std::size_t source, Shape& shape,
                std::vector<std::string>& fields, DatasetImportSummary& summary, std::vector<RawSample>& out)
{
    const Where where{file, m.key};
    const json& record = m.value;
    if (!record.is_object())
        throw Error(ErrorCode::Invalid, "expected an object with sentence, mentions, entities and answer, found " +
                                            io::describeType(record),
                    where.at(""));
    if (fields.empty()) {
        for (const auto& f : m.fieldOrder)
            if (std::find(kKnownFields.begin(), kKnownFields.end(), f) != kKnownFields.end())
                fields.push_back(f);
    }
    for (const auto& f : m.fieldOrder)
        if (std::find(kKnownFields.begin(), kKnownFields.end(), f) == kKnownFields.end())
            summary.ignoredFields.add(m.key + ": " + f);

    // An empty id could not be written back as a JSON Lines record (nor name an image): refused here, whatever
    // the options.
    if (m.key.empty())
        throw Error(ErrorCode::Invalid, "empty sample id (the record's key)", where.at("id"));
    RawSample sample;
    sample.id = m.key;
    sample.source = source;
    if (const auto it = record.find("id"); it != record.end()) {
        const std::string& id = io::requireString(*it, "id", where);
        if (id != m.key)
            throw Error(ErrorCode::Invalid, "id '" + id + "' differs from the record key '" + m.key + "'",
                        where.at("id"));
    }
    sample.text = io::requireString(io::requireField(record, "sentence", where), "sentence", where);
    const json& mentions = io::requireField(record, "mentions", where);
    const json& entities = io::requireField(record, "entities", where);
    const json& answers = io::requireField(record, "answer", where);

    if (shape == Shape::Unknown) {
        if (mentions.is_array())
            shape = Shape::List;
        else if (mentions.is_string())
            shape = Shape::String;
        else
            throw Error(ErrorCode::Invalid, "expected a list or a string, found " + io::describeType(mentions),
                        where.at("mentions"));
    }
    const auto checkShape = [&](const json& value, const char* field) {
        if (shape == Shape::List && !value.is_array())
            throw Error(ErrorCode::Invalid, "expected a list (as in the first record), found " +
                                                io::describeType(value),
                        where.at(field));
        if (shape == Shape::String && !value.is_string())
            throw Error(ErrorCode::Invalid, "expected a string (as in the first record), found " +
                                                io::describeType(value),
                        where.at(field));
    };
    checkShape(mentions, "mentions");
    checkShape(entities, "entities");
    checkShape(answers, "answer");

    const auto addMention = [&](const json& surface, const json& entity, const json& answer, const std::string& suffix) {
        RawMention mention;
        mention.surface = io::requireString(surface, "mentions" + suffix, where);
        if (mention.surface.empty())
            throw Error(ErrorCode::Invalid, "empty mention", where.at("mentions" + suffix));
        mention.entityName = io::requireString(entity, "entities" + suffix, where);
        mention.answer = io::requireString(answer, "answer" + suffix, where);
        io::checkAnswer(mention.answer, "answer" + suffix, where);
        sample.mentions.push_back(std::move(mention));
    };
    if (shape == Shape::List) {
        if (entities.size() != mentions.size())
            throw Error(ErrorCode::Invalid, "has " + std::to_string(entities.size()) + " items but mentions has " +
                                                std::to_string(mentions.size()),
                        where.at("entities"));
        if (answers.size() != mentions.size())
            throw Error(ErrorCode::Invalid, "has " + std::to_string(answers.size()) + " items but mentions has " +
                                                std::to_string(mentions.size()),
                        where.at("answer"));
        for (std::size_t i = 0; i < mentions.size(); ++i)
            addMention(mentions[i], entities[i], answers[i], "[" + std::to_string(i) + "]");
    } else {
        addMention(mentions, entities, answers, "");
    }
    out.push_back(std::move(sample));
}

} // namespace

DatasetImportSummary importMelBench(Store& store, const MelBenchOptions& options, const JobContext& job)
{
    namespace fs = std::filesystem;
    const auto start = std::chrono::steady_clock::now();
    DatasetImportSummary summary;
    summary.dataset = options.datasetName;
    summary.format = "melbench";
    if (options.samples.empty())
        throw Error(ErrorCode::Invalid, "a MELBench import needs at least one samples file");

    job.report(0.0, "reading samples");
    Splits splits;
    if (!options.splitsFile.empty())
        splits = readSplits(options.splitsFile);

    Shape shape = Shape::Unknown;
    std::vector<std::string> fields;
    std::vector<RawSample> samples;
    std::unordered_map<std::string, std::size_t> fileOfId;
    for (std::size_t s = 0; s < options.samples.size(); ++s) {
        const MelBenchSource& source = options.samples[s];
        const std::string file = source.file.string();
        const std::string text = io::readFile(source.file);
        io::forEachMember(text, file, [&](const io::JsonMember& m) {
            // Within one file the reader rejects duplicates; across files (train.json / dev.json) it is checked here.
            if (const auto [it, inserted] = fileOfId.try_emplace(m.key, s); !inserted)
                throw Error(ErrorCode::Invalid,
                            "duplicate sample id (also in " + options.samples[it->second].file.string() + ")",
                            {file, m.key, "id"});
            readRecord(m, file, s, shape, fields, summary, samples);
            RawSample& sample = samples.back();
            if (!source.split.empty()) {
                sample.split = source.split;
            } else if (!options.splitsFile.empty()) {
                if (const auto it = splits.byId.find(sample.id); it != splits.byId.end())
                    sample.split = it->second;
                else
                    summary.samplesWithoutSplit.add(sample.id);
            }
        });
        io::throwIfCancelled(job);
    }
    // An empty dataset would be made and then shown nowhere (views and stats list samples), only in the way of a
    // second import under its name.
    if (samples.empty())
        throw Error(ErrorCode::Invalid,
                    options.samples.size() == 1
                        ? "the file has no samples; nothing was imported"
                        : "none of the " + std::to_string(options.samples.size()) +
                              " samples files has a sample; nothing was imported",
                    {options.samples.front().file.string(), {}, {}});
    for (const auto& split : splits.order) {
        for (const auto& [id, name] : splits.byId)
            if (name == split && !fileOfId.contains(id))
                summary.splitIdsWithoutSample.add(split + ": " + id);
    }

    const fs::path samplesDir = io::absolutePath(options.samples.front().file).parent_path();
    std::optional<ImageFolder> images;
    if (!options.imagesDir.empty()) {
        images.emplace(options.imagesDir, samplesDir);
        summary.imageRoot = (images->root() / images->dirName()).lexically_normal().string();
    }

    Dataset dataset;
    dataset.name = options.datasetName;
    dataset.format = "melbench";
    dataset.rootDir = images ? images->root().string() : fs::weakly_canonical(samplesDir).string();
    dataset.sourcePath = io::absolutePath(options.samples.front().file).string();
    json meta = {{"shape", shape == Shape::String ? "string" : "list"}, {"fields", fields}};
    json sources = json::array();
    for (const auto& source : options.samples)
        sources.push_back({{"file", io::absolutePath(source.file).string()},
                           {"name", source.file.filename().string()},
                           {"split", source.split}});
    meta["sources"] = sources;
    if (!options.splitsFile.empty()) {
        meta["splits_file"] = io::absolutePath(options.splitsFile).string();
        meta["splits_name"] = options.splitsFile.filename().string();
        meta["split_order"] = splits.order;
    }
    if (images) {
        meta["images_dir"] = images->dirName();
        meta["image_naming"] = "sample id";
    }
    dataset.metaJson = meta.dump();

    const std::unordered_set<std::string> kb = io::knownQids(store);
    Transaction tx(store.db());
    const RowId datasetId = io::createDataset(store, dataset, options.replace, summary);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        RawSample& raw = samples[i];
        if (i % 512 == 0) {
            io::throwIfCancelled(job);
            job.report(static_cast<double>(i) / static_cast<double>(samples.size()), "writing samples");
        }
        const std::string& file = options.samples[raw.source].file.string();
        const Where where{file, raw.id};
        Sample sample;
        sample.datasetId = datasetId;
        sample.sourceId = raw.id;
        sample.split = raw.split;
        sample.text = raw.text;
        sample.ordinal = static_cast<int>(i);
        if (images)
            images->resolve(sample, where, summary);
        const RowId sampleId = store.insertSample(sample);
        ++summary.samples;
        ++summary.samplesPerSplit[raw.split];

        std::vector<std::string> surfaces;
        surfaces.reserve(raw.mentions.size());
        for (const auto& m : raw.mentions)
            surfaces.push_back(m.surface);
        const auto located = locateMentions(raw.text, surfaces);
        for (std::size_t k = 0; k < raw.mentions.size(); ++k) {
            const RawMention& rm = raw.mentions[k];
            Mention mention;
            mention.sampleId = sampleId;
            mention.ordinal = static_cast<int>(k);
            mention.surface = rm.surface;
            mention.goldQid = rm.answer;
            mention.goldName = rm.entityName;
            if (located[k].span) {
                mention.begin = located[k].span->begin;
                mention.end = located[k].span->end;
                ++summary.locatedMentions;
                if (located[k].shared)
                    summary.sharedSpans.add(raw.id + ": '" + rm.surface + "'");
            } else {
                summary.unlocatedMentions.add(raw.id + ": '" + rm.surface + "'");
            }
            const RowId mentionId = store.insertMention(mention);
            ++summary.mentions;
            if (!rm.answer.empty()) {
                store.setLabel(mentionId, rm.answer, LabelSource::Dataset, "", "import");
                ++summary.labels;
                if (rm.answer != kNil && rm.answer != kAmbiguous && !kb.contains(rm.answer))
                    summary.unknownAnswers.add(raw.id + ": " + rm.answer);
            }
        }
    }
    io::throwIfCancelled(job);
    tx.commit();
    summary.seconds = io::secondsSince(start);
    job.report(1.0, "dataset imported");
    return summary;
}

} // namespace mel::core
