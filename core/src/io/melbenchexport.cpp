// MELBench export in the shape, field order and layout the dataset was imported with.
#include "mel/core/io/melbench.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "exportrows.h"
#include "mel/core/io/atomicfile.h"
#include "mel/core/store/browse.h"

namespace mel::core {
namespace {

using nlohmann::json;

struct Layout
{
    bool stringShape = false;
    bool namesFromSource = false;  // imported from MELBench: a mention's gold name is the dataset's, even when ""
    std::vector<std::string> fields;
};

Layout layoutOf(const Dataset& dataset)
{
    Layout layout;
    const json meta = json::parse(dataset.metaJson.empty() ? "{}" : dataset.metaJson);
    layout.stringShape = meta.value("shape", "list") == "string";
    layout.namesFromSource = dataset.format == "melbench";
    layout.fields = meta.value("fields", std::vector<std::string>{});
    if (layout.fields.empty())
        layout.fields = {"id", "sentence", "mentions", "entities", "answer"};
    return layout;
}

// A JSON string the way Python's json.dump(ensure_ascii=False) writes it, so unchanged data exports unchanged.
void writeString(std::ostream& out, const std::string& text)
{
    out << json(text).dump(-1, ' ', false, json::error_handler_t::strict);
}

void writeList(std::ostream& out, const std::vector<std::string>& items)
{
    out << '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            out << ", ";
        writeString(out, items[i]);
    }
    out << ']';
}

struct MentionValues
{
    std::vector<std::string> mentions, entities, answers;
};

MentionValues valuesOf(const io::ExportSample& s, const Layout& layout, ExportSummary& summary)
{
    MentionValues v;
    for (const auto& em : s.mentions) {
        const std::string current = io::currentValue(em);
        std::string entity;
        if (current == em.mention.goldQid && (!em.mention.goldName.empty() || layout.namesFromSource))
            entity = em.mention.goldName;  // the dataset's own name, as it was imported (an empty one too)
        else if (current == kNil || current == kAmbiguous || current.empty())
            entity = current;
        else
            entity = em.labelName.empty() ? current : em.labelName;
        if (current != em.mention.goldQid)
            ++summary.changedLabels;
        v.mentions.push_back(em.mention.surface);
        v.entities.push_back(std::move(entity));
        v.answers.push_back(current);
        ++summary.mentions;
    }
    return v;
}

void writeSamples(std::ostream& out, const Layout& layout, const std::vector<io::ExportSample>& samples,
                  ExportSummary& summary)
{
    // Single-string records (Richpedia-MEL) hold one mention each. A sample that has gained a second one (added in
    // the app) turns the whole file into list records, which hold every mention and still import: nothing is lost.
    bool stringShape = layout.stringShape;
    if (stringShape)
        for (const auto& s : samples)
            if (s.mentions.size() > 1) {
                stringShape = false;
                summary.warnings.add(s.sample.sourceId + ": " + std::to_string(s.mentions.size()) +
                                     " mentions; the file is written with list records so that none is lost");
            }
    // MELBench has no region boxes and finds a sample's image by its id: say what this file cannot carry.
    std::int64_t boxes = 0, renamedImages = 0;
    for (const auto& s : samples) {
        for (const auto& em : s.mentions)
            boxes += em.mention.box.has_value();
        if (!s.sample.imagePath.empty() &&
            std::filesystem::path(s.sample.imagePath).stem().string() != s.sample.sourceId)
            ++renamedImages;
    }
    if (boxes > 0)
        summary.warnings.add(std::to_string(boxes) +
                             " region boxes are not written (MELBench has none); export JSON Lines to keep them");
    if (renamedImages > 0)
        summary.warnings.add(std::to_string(renamedImages) +
                             " samples have images not named after their id, which a MELBench import looks for "
                             "(<id>.jpg): rename them, or export JSON Lines to keep the links");
    out << '{';
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto& s = samples[i];
        MentionValues v = valuesOf(s, layout, summary);
        if (i > 0)
            out << ", ";
        writeString(out, s.sample.sourceId);
        out << ": {";
        bool first = true;
        for (const auto& field : layout.fields) {
            if (!first)
                out << ", ";
            first = false;
            writeString(out, field);
            out << ": ";
            if (field == "id") {
                writeString(out, s.sample.sourceId);
            } else if (field == "sentence") {
                writeString(out, s.sample.text);
            } else {
                const auto& list = field == "mentions" ? v.mentions : field == "entities" ? v.entities : v.answers;
                if (stringShape)
                    writeString(out, list.empty() ? std::string() : list.front());
                else
                    writeList(out, list);
            }
        }
        out << '}';
        ++summary.samples;
    }
    out << '}';
}

// A file name taken from the project (a dataset's name, a source or splits file name kept at import): one plain
// component, so that an export never writes outside its folder — a dataset named "../x" or "/tmp/x" used to.
std::string plainFileName(std::string name, std::string_view fallback)
{
    std::replace_if(name.begin(), name.end(), [](char c) { return c == '/' || c == '\\'; }, '_');
    if (name.empty() || name == "." || name == "..")
        return std::string(fallback);
    return name;
}

} // namespace

ExportSummary exportMelBench(Store& store, std::string_view datasetName, const std::filesystem::path& output,
                             std::string_view split)
{
    const Dataset dataset = requireDataset(store, datasetName);
    const Layout layout = layoutOf(dataset);
    const auto samples = io::loadExportSamples(store, dataset.id, split);
    ExportSummary summary;
    io::refuseProjectFile(store, output);
    AtomicFileWriter writer(output);
    writeSamples(writer.stream(), layout, samples, summary);
    writer.commit();
    summary.files.push_back(output);
    return summary;
}

ExportSummary exportMelBenchSplits(Store& store, std::string_view datasetName, const std::filesystem::path& output)
{
    const Dataset dataset = requireDataset(store, datasetName);
    const json meta = json::parse(dataset.metaJson.empty() ? "{}" : dataset.metaJson);
    std::vector<std::string> order = meta.value("split_order", std::vector<std::string>{});
    std::map<std::string, std::vector<std::string>> ids;
    ExportSummary summary;
    // "" rather than the default argument: a null string_view binds as SQL NULL and would match no split.
    for (const Sample& s : store.samples(dataset.id, "")) {
        if (!s.split.empty())  // a sample without a split is listed in none, as it came
            ids[s.split].push_back(s.sourceId);
        ++summary.samples;
    }
    for (const auto& [split, list] : ids) {
        if (std::find(order.begin(), order.end(), split) == order.end())
            order.push_back(split);
    }
    io::refuseProjectFile(store, output);
    AtomicFileWriter writer(output);
    std::ostream& out = writer.stream();
    out << '{';
    bool first = true;
    for (const auto& split : order) {
        if (!first)
            out << ", ";
        first = false;
        writeString(out, split);
        out << ": ";
        writeList(out, ids[split]);
    }
    out << '}';
    writer.commit();
    summary.files.push_back(output);
    return summary;
}

ExportSummary exportMelBenchLayout(Store& store, std::string_view datasetName, const std::filesystem::path& outputDir)
{
    const Dataset dataset = requireDataset(store, datasetName);
    const json meta = json::parse(dataset.metaJson.empty() ? "{}" : dataset.metaJson);
    std::vector<std::pair<std::string, std::string>> files;  // (file name, split)
    for (const auto& source : meta.value("sources", json::array()))
        files.emplace_back(plainFileName(source.value("name", ""), ""), source.value("split", ""));
    // One file per split only when every source named a distinct split; otherwise all samples go to one file.
    bool perSplit = !files.empty();
    for (std::size_t i = 0; i < files.size(); ++i)
        for (std::size_t k = 0; k < files.size(); ++k)
            perSplit = perSplit && !files[i].second.empty() && (i == k || files[i].second != files[k].second);
    if (!perSplit) {
        const std::string name = files.empty() || files.front().first.empty()
                                     ? plainFileName(dataset.name, "dataset") + ".json"
                                     : files.front().first;
        files = {{name, ""}};
    }
    // Files of different splits that had the same name (train=a/data.json dev=b/data.json) go to a folder per
    // split, or the last would overwrite the others.
    bool sameNames = false;
    for (std::size_t i = 0; i < files.size(); ++i)
        for (std::size_t k = i + 1; k < files.size(); ++k)
            sameNames = sameNames || files[i].first == files[k].first;
    if (sameNames)
        for (std::size_t i = 0; i < files.size(); ++i) {
            auto& [name, split] = files[i];
            // A split name (never empty here: files per split) is dataset content: only a plain name becomes a
            // folder, never one leading elsewhere.
            const bool plain = split != "." && split != ".." && split.find_first_of("/\\") == std::string::npos;
            const std::string folder = plain ? split : "part" + std::to_string(i + 1);
            name = (std::filesystem::path(folder) / std::filesystem::path(name).filename()).string();
        }
    ExportSummary summary;
    for (const auto& [name, split] : files) {
        std::filesystem::create_directories((outputDir / name).parent_path());  // outputDir, or its split folder
        ExportSummary part = exportMelBench(store, datasetName, outputDir / name, split);
        summary.samples += part.samples;
        summary.mentions += part.mentions;
        summary.changedLabels += part.changedLabels;
        summary.files.push_back(outputDir / name);
        for (const auto& w : part.warnings.examples)
            summary.warnings.add(w);
        summary.warnings.count += part.warnings.count - static_cast<std::int64_t>(part.warnings.examples.size());
    }
    // The splits go to the splits file the dataset came with; a dataset whose splits are not in its file layout and
    // came without one (a JSON Lines import) gets splits.json, so that re-importing the folder keeps them.
    std::string splitsName = plainFileName(meta.value("splits_name", ""), "");
    if (splitsName.empty() && !perSplit) {
        const auto names = splitNames(store, dataset.id);
        if (std::any_of(names.begin(), names.end(), [](const std::string& n) { return !n.empty(); })) {
            splitsName = "splits.json";
            summary.warnings.add("the samples' splits are written to a new splits.json (import the folder with "
                                 "--splits to keep them)");
        }
    }
    if (!splitsName.empty()) {
        // Never over a samples file: --samples data.json --splits meta/data.json would otherwise lose every sample.
        const auto clashes = [&](const std::string& name) {
            const auto normal = std::filesystem::path(name).lexically_normal();
            return std::any_of(files.begin(), files.end(), [&](const auto& f) {
                return std::filesystem::path(f.first).lexically_normal() == normal;
            });
        };
        if (clashes(splitsName)) {
            std::string renamed = "splits.json";
            for (int n = 2; clashes(renamed); ++n)
                renamed = "splits-" + std::to_string(n) + ".json";
            summary.warnings.add("the splits file '" + splitsName + "' has the name of a samples file: written as '" +
                                 renamed + "'");
            splitsName = renamed;
        }
        exportMelBenchSplits(store, datasetName, outputDir / splitsName);
        summary.files.push_back(outputDir / splitsName);
    }
    return summary;
}

} // namespace mel::core
