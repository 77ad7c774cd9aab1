// JSON Lines import (checked line by line before one write transaction) and export.
#include "mel/core/io/jsonl.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "exportrows.h"
#include "importcommon.h"
#include "jsonreader.h"
#include "mel/core/io/atomicfile.h"
#include "mel/core/io/imageprobe.h"
#include "mel/core/io/mentionlocator.h"
#include "mel/core/io/safepath.h"
#include "mel/core/io/sha1.h"
#include "mel/core/store/browse.h"
#include "mel/core/util/utf8.h"

namespace mel::core {
namespace {

using io::Where;
using nlohmann::json;

const std::unordered_set<std::string> kSampleFields = {"id", "text", "image", "split", "mentions",
                                                       // written by exportJsonl
                                                       "dataset", "image_status", "image_sha1"};
const std::unordered_set<std::string> kMentionFields = {"surface", "begin", "end", "qid", "box",
                                                        // written by exportJsonl
                                                        "gold", "gold_name", "label", "label_source", "annotator",
                                                        "updated_at"};

struct RawMention
{
    std::string surface;
    std::optional<CodePointSpan> span;
    std::string qid;
    std::string goldName;  // the dataset's name of the entity `qid` (exportJsonl's gold_name), "" when not given
    std::optional<BoundingBox> box;
    // An exported human or model label (exportJsonl's label, label_source, annotator), set over the answer.
    std::optional<std::string> label;
    LabelSource labelSource = LabelSource::Human;
    std::string annotator;
};

struct RawSample
{
    std::string record;  // "line N"
    std::string id;
    std::string text;
    std::string split;
    std::string image;
    std::vector<RawMention> mentions;
};

bool isAbsent(const json& object, const char* field)
{
    const auto it = object.find(field);
    return it == object.end() || it->is_null();
}

// `name` is the field as errors call it (e.g. "mentions[2].qid").
std::optional<std::string> optionalString(const json& object, const char* field, const std::string& name,
                                          const Where& where)
{
    if (isAbsent(object, field))
        return std::nullopt;
    return io::requireString(object.at(field), name, where);
}

int requireOffset(const json& value, const std::string& field, const Where& where)
{
    if (!value.is_number_integer())
        throw Error(ErrorCode::Invalid, "expected an integer code point offset, found " + io::describeType(value),
                    where.at(field));
    const auto n = value.get<std::int64_t>();
    if (n < 0 || n > std::numeric_limits<int>::max())
        throw Error(ErrorCode::Invalid, "offset " + std::to_string(n) + " is out of range", where.at(field));
    return static_cast<int>(n);
}

RawMention readMention(const json& value, const std::string& text, std::size_t textLength, const std::string& prefix,
                       const Where& where, DatasetImportSummary& summary)
{
    if (!value.is_object())
        throw Error(ErrorCode::Invalid, "expected an object, found " + io::describeType(value), where.at(prefix));
    for (const auto& [key, v] : value.items())
        if (!kMentionFields.contains(key))
            summary.ignoredFields.add(where.record + ": " + prefix + "." + key);
    RawMention m;
    const std::string surfaceField = prefix + ".surface";
    const auto surface = value.find("surface");
    if (surface == value.end())
        throw Error(ErrorCode::Invalid, "missing field", where.at(surfaceField));
    m.surface = io::requireString(*surface, surfaceField, where);
    if (m.surface.empty())
        throw Error(ErrorCode::Invalid, "empty mention", where.at(surfaceField));

    const bool hasBegin = !isAbsent(value, "begin");
    const bool hasEnd = !isAbsent(value, "end");
    if (hasBegin != hasEnd)
        throw Error(ErrorCode::Invalid, std::string("missing (") + (hasBegin ? "begin" : "end") + " is given)",
                    where.at(prefix + (hasBegin ? ".end" : ".begin")));
    if (hasBegin) {
        const int begin = requireOffset(value.at("begin"), prefix + ".begin", where);
        const int end = requireOffset(value.at("end"), prefix + ".end", where);
        if (begin >= end || static_cast<std::size_t>(end) > textLength)
            throw Error(ErrorCode::Invalid,
                        "span [" + std::to_string(begin) + ", " + std::to_string(end) +
                            ") is not inside the text of " + std::to_string(textLength) + " code points",
                        where.at(prefix + ".begin"));
        const std::string selected = utf8::substr(text, static_cast<std::size_t>(begin), static_cast<std::size_t>(end));
        if (selected != m.surface)
            throw Error(ErrorCode::Invalid,
                        "span [" + std::to_string(begin) + ", " + std::to_string(end) + ") selects '" + selected +
                            "', not the surface '" + m.surface + "'",
                        where.at(prefix + ".begin"));
        m.span = CodePointSpan{begin, end};
    }
    if (value.contains("gold")) {
        // A file exportJsonl wrote (null included: it writes null for "no answer"): "gold" is the dataset's answer
        // and gold_name its name; a human or model label (label_source) comes back as that, with its annotator, so
        // the round trip keeps who corrected what. "qid" there is the current label and is not read.
        m.qid = optionalString(value, "gold", prefix + ".gold", where).value_or("");
        io::checkAnswer(m.qid, prefix + ".gold", where);
        m.goldName = optionalString(value, "gold_name", prefix + ".gold_name", where).value_or("");
        const std::string source = optionalString(value, "label_source", prefix + ".label_source", where).value_or("");
        if (source == "human" || source == "model") {
            const std::string field = prefix + ".label";
            auto label = optionalString(value, "label", field, where);
            if (!label || label->empty())
                throw Error(ErrorCode::Invalid, "missing (label_source is '" + source + "')", where.at(field));
            io::checkAnswer(*label, field, where);
            m.label = std::move(*label);
            m.labelSource = labelSourceFromString(source);
            m.annotator = optionalString(value, "annotator", prefix + ".annotator", where).value_or("");
        } else if (!source.empty() && source != "dataset") {
            throw Error(ErrorCode::Invalid, "unknown label source '" + source + "' (human, model or dataset)",
                        where.at(prefix + ".label_source"));
        }
    } else {
        if (auto qid = optionalString(value, "qid", prefix + ".qid", where)) {
            io::checkAnswer(*qid, prefix + ".qid", where);
            m.qid = std::move(*qid);
        }
        // gold_name names "qid" (kept so that a MELBench export writes it back).
        auto goldName = optionalString(value, "gold_name", prefix + ".gold_name", where);
        if (goldName && !m.qid.empty())
            m.goldName = std::move(*goldName);
    }
    if (!isAbsent(value, "box")) {
        const std::string field = prefix + ".box";
        const json& box = io::requireList(value.at("box"), field, where);
        if (box.size() != 4)
            throw Error(ErrorCode::Invalid, "expected [x, y, w, h], found " + std::to_string(box.size()) + " items",
                        where.at(field));
        double v[4];
        for (std::size_t i = 0; i < 4; ++i) {
            if (!box[i].is_number() || !std::isfinite(box[i].get<double>()))
                throw Error(ErrorCode::Invalid, "expected numbers [x, y, w, h], found " + io::describeType(box[i]),
                            where.at(field));
            v[i] = box[i].get<double>();
        }
        if (v[2] <= 0 || v[3] <= 0)
            throw Error(ErrorCode::Invalid, "width and height must be positive", where.at(field));
        m.box = BoundingBox{v[0], v[1], v[2], v[3]};
    }
    return m;
}

RawSample readLine(std::string_view line, const std::string& file, std::size_t lineNumber,
                   std::unordered_map<std::string, std::size_t>& lineOfId, DatasetImportSummary& summary)
{
    RawSample s;
    s.record = "line " + std::to_string(lineNumber);
    const Where where{file, s.record};
    const json value = io::parseDocument(line, {file, s.record, {}});
    if (!value.is_object())
        throw Error(ErrorCode::Invalid, "expected an object, found " + io::describeType(value), where.at(""));
    for (const auto& [key, v] : value.items())
        if (!kSampleFields.contains(key))
            summary.ignoredFields.add(s.record + ": " + key);

    const json& id = io::requireField(value, "id", where);
    s.id = id.is_number_integer() ? id.dump() : io::requireString(id, "id", where);
    if (s.id.empty())
        throw Error(ErrorCode::Invalid, "empty id", where.at("id"));
    if (const auto [it, inserted] = lineOfId.try_emplace(s.id, lineNumber); !inserted)
        throw Error(ErrorCode::Invalid, "duplicate id '" + s.id + "' (first on line " + std::to_string(it->second) + ")",
                    where.at("id"));
    s.text = io::requireString(io::requireField(value, "text", where), "text", where);
    s.split = optionalString(value, "split", "split", where).value_or("");
    s.image = optionalString(value, "image", "image", where).value_or("");

    const json& mentions = io::requireList(io::requireField(value, "mentions", where), "mentions", where);
    const std::size_t length = utf8::length(s.text);
    for (std::size_t i = 0; i < mentions.size(); ++i)
        s.mentions.push_back(
            readMention(mentions[i], s.text, length, "mentions[" + std::to_string(i) + "]", where, summary));
    return s;
}

// Whether a region box lies inside its image: either way round, since the header's size is before any EXIF
// rotation and boxes are drawn on the image as shown. Half a pixel of slack for rounded coordinates.
bool boxFits(const BoundingBox& box, const ImageProbe& image)
{
    const auto fits = [&](double width, double height) {
        return box.x >= -0.5 && box.y >= -0.5 && box.x + box.w <= width + 0.5 && box.y + box.h <= height + 0.5;
    };
    return fits(image.width, image.height) || fits(image.height, image.width);
}

std::string number(double v)
{
    std::ostringstream out;
    out << v;
    return out.str();
}

} // namespace

DatasetImportSummary importJsonl(Store& store, const JsonlOptions& options, const JobContext& job)
{
    namespace fs = std::filesystem;
    const auto start = std::chrono::steady_clock::now();
    DatasetImportSummary summary;
    summary.dataset = options.datasetName;
    summary.format = "jsonl";
    const std::string file = options.file.string();
    const fs::path root = fs::weakly_canonical(options.imageRoot.empty() ? io::absolutePath(options.file).parent_path()
                                                                         : io::absolutePath(options.imageRoot));

    job.report(0.0, "reading samples");
    const std::string text = io::readFile(options.file);
    std::vector<RawSample> samples;
    std::unordered_map<std::string, std::size_t> lineOfId;
    std::size_t lineNumber = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string::npos)
            eol = text.size();
        std::string_view line(text.data() + pos, eol - pos);
        pos = eol + 1;
        ++lineNumber;
        if (lineNumber == 1 && line.starts_with("\xEF\xBB\xBF"))
            line.remove_prefix(3);  // a UTF-8 byte order mark some editors write
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        samples.push_back(readLine(line, file, lineNumber, lineOfId, summary));
        if (samples.size() % 4096 == 0)
            io::throwIfCancelled(job);
    }
    // An empty dataset would be made and then shown nowhere (views and stats list samples), only in the way of a
    // second import under its name.
    if (samples.empty())
        throw Error(ErrorCode::Invalid, "the file has no samples (no non-blank line); nothing was imported",
                    {file, {}, {}});

    // Image paths come from the file itself, so each is checked against the root before anything is written.
    summary.imageRoot = root.string();
    std::vector<Sample> rows(samples.size());
    std::vector<ImageProbe> probes(samples.size());  // sizes, to check region boxes against
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const RawSample& raw = samples[i];
        Sample& sample = rows[i];
        sample.sourceId = raw.id;
        sample.split = raw.split;
        sample.text = raw.text;
        sample.ordinal = static_cast<int>(i);
        if (raw.image.empty())
            continue;
        sample.imagePath = checkedRelativePath(root, raw.image, {file, raw.record, "image"});
        std::error_code ec;
        if (fs::is_regular_file(root / sample.imagePath, ec)) {
            probes[i] = io::recordImage(sample, root, summary);
        } else {
            sample.imageStatus = ImageStatus::Missing;
            ++summary.imagesMissing;
            summary.namedImagesMissing.add(raw.id + ": " + sample.imagePath);
        }
    }

    Dataset dataset;
    dataset.name = options.datasetName;
    dataset.format = "jsonl";
    dataset.rootDir = root.string();
    dataset.sourcePath = io::absolutePath(options.file).string();
    dataset.metaJson = json{{"source", dataset.sourcePath}}.dump();

    const std::unordered_set<std::string> kb = io::knownQids(store);
    Transaction tx(store.db());
    const RowId datasetId = io::createDataset(store, dataset, options.replace, summary);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const RawSample& raw = samples[i];
        if (i % 512 == 0) {
            io::throwIfCancelled(job);
            job.report(static_cast<double>(i) / static_cast<double>(samples.size()), "writing samples");
        }
        rows[i].datasetId = datasetId;
        const RowId sampleId = store.insertSample(rows[i]);
        ++summary.samples;
        ++summary.samplesPerSplit[raw.split];

        std::vector<std::string> surfaces;
        std::vector<std::optional<CodePointSpan>> known;
        for (const auto& m : raw.mentions) {
            surfaces.push_back(m.surface);
            known.push_back(m.span);
        }
        const auto located = locateMentions(raw.text, surfaces, known);
        for (std::size_t k = 0; k < raw.mentions.size(); ++k) {
            const RawMention& rm = raw.mentions[k];
            Mention mention;
            mention.sampleId = sampleId;
            mention.ordinal = static_cast<int>(k);
            mention.surface = rm.surface;
            mention.box = rm.box;
            if (rm.box && probes[i].ok && !boxFits(*rm.box, probes[i]))
                summary.boxesOutsideImage.add(raw.id + ": mentions[" + std::to_string(k) + "]: box [" +
                                              number(rm.box->x) + ", " + number(rm.box->y) + ", " +
                                              number(rm.box->w) + ", " + number(rm.box->h) + "] reaches outside the " +
                                              std::to_string(probes[i].width) + "x" +
                                              std::to_string(probes[i].height) + " image");
            mention.goldQid = rm.qid;
            mention.goldName = rm.goldName;
            if (located[k].span) {
                mention.begin = located[k].span->begin;
                mention.end = located[k].span->end;
                ++summary.locatedMentions;
                if (located[k].shared)
                    summary.sharedSpans.add(raw.record + ": '" + rm.surface + "'");
            } else {
                summary.unlocatedMentions.add(raw.record + ": '" + rm.surface + "'");
            }
            const RowId mentionId = store.insertMention(mention);
            ++summary.mentions;
            if (!rm.qid.empty()) {
                store.setLabel(mentionId, rm.qid, LabelSource::Dataset, "", "import");
                ++summary.labels;
                if (rm.qid != kNil && rm.qid != kAmbiguous && !kb.contains(rm.qid))
                    summary.unknownAnswers.add(raw.record + ": " + rm.qid);
            }
            if (rm.label) {
                store.setLabel(mentionId, *rm.label, rm.labelSource, rm.annotator, "import");
                ++summary.restoredLabels;
                if (*rm.label != kNil && *rm.label != kAmbiguous && !kb.contains(*rm.label))
                    summary.unknownAnswers.add(raw.record + ": " + *rm.label);
            }
        }
    }
    io::throwIfCancelled(job);
    tx.commit();
    summary.seconds = io::secondsSince(start);
    job.report(1.0, "dataset imported");
    return summary;
}

namespace {

json orNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

const char* statusName(ImageStatus status)
{
    switch (status) {
    case ImageStatus::Present:
        return "present";
    case ImageStatus::Missing:
        return "missing";
    case ImageStatus::Unreadable:
        return "unreadable";
    case ImageStatus::None:
        break;
    }
    return "none";
}

} // namespace

ExportSummary exportJsonl(Store& store, std::string_view datasetName, const std::filesystem::path& output,
                          std::string_view split)
{
    using ordered = nlohmann::ordered_json;
    const Dataset dataset = requireDataset(store, datasetName);
    const auto samples = io::loadExportSamples(store, dataset.id, split);
    ExportSummary summary;
    io::refuseProjectFile(store, output);
    AtomicFileWriter writer(output);
    for (const auto& s : samples) {
        ordered mentions = ordered::array();
        for (const auto& em : s.mentions) {
            const Mention& m = em.mention;
            ordered box = nullptr;
            if (m.box)
                box = ordered::array({m.box->x, m.box->y, m.box->w, m.box->h});
            const std::string current = io::currentValue(em);
            if (current != m.goldQid)
                ++summary.changedLabels;
            mentions.push_back(ordered{
                {"surface", m.surface},
                {"begin", m.begin ? ordered(*m.begin) : ordered(nullptr)},
                {"end", m.end ? ordered(*m.end) : ordered(nullptr)},
                {"box", box},
                {"gold", orNull(m.goldQid)},
                {"gold_name", orNull(m.goldName)},
                {"label", orNull(current)},
                {"label_source", em.label ? ordered(toString(em.label->source)) : ordered(nullptr)},
                {"annotator", em.label ? ordered(em.label->annotator) : ordered(nullptr)},
                {"updated_at", em.label ? ordered(em.label->updatedAt) : ordered(nullptr)},
                {"qid", orNull(current)},
            });
            ++summary.mentions;
        }
        const ordered line{
            {"id", s.sample.sourceId},
            {"dataset", dataset.name},
            {"split", orNull(s.sample.split)},
            {"text", s.sample.text},
            {"image", orNull(s.sample.imagePath)},
            {"image_status", statusName(s.sample.imageStatus)},
            {"image_sha1", orNull(s.sample.imageSha1)},
            {"mentions", std::move(mentions)},
        };
        writer.stream() << line.dump(-1, ' ', false, ordered::error_handler_t::strict) << '\n';
        ++summary.samples;
    }
    writer.commit();
    summary.files.push_back(output);
    // Image paths stay relative to the dataset's root; an import reads them from the file's folder unless told.
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool anyImage = std::any_of(samples.begin(), samples.end(),
                                      [](const io::ExportSample& s) { return !s.sample.imagePath.empty(); });
    if (anyImage && !dataset.rootDir.empty() &&
        fs::weakly_canonical(io::absolutePath(output).parent_path(), ec) != fs::weakly_canonical(dataset.rootDir, ec))
        summary.warnings.add("image paths are relative to " + dataset.rootDir +
                             "; import this file with --images " + dataset.rootDir + " (or copy the images beside it)");
    return summary;
}

} // namespace mel::core
