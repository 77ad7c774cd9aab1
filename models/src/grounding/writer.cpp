// Writing a grounding dataset in the project's own formats (JSONL samples + MELBench KG files + PNG images) and
// importing it through the real importers.
#include <fstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "grounding/render.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/util/error.h"
#include "mel/models/grounding.h"

namespace mel::models {

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

void writeText(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        throw core::Error(core::ErrorCode::Io, "cannot write the file", {path.string(), {}, {}});
}

void writePng(const fs::path& path, const cv::Mat& image)
{
    // Fixed compression settings: the same pixels give the same bytes.
    if (!cv::imwrite(path.string(), image, {cv::IMWRITE_PNG_COMPRESSION, 6, cv::IMWRITE_PNG_STRATEGY, 0}))
        throw core::Error(core::ErrorCode::Io, "cannot write the image", {path.string(), {}, {}});
}

ordered_json boxJson(const core::BoundingBox& b)
{
    return ordered_json::array({b.x, b.y, b.w, b.h});
}

} // namespace

GroundingFiles writeGroundingDataset(const GroundingDataset& d, const fs::path& dirIn)
{
    std::error_code ec;
    fs::create_directories(dirIn / "images", ec);
    fs::create_directories(dirIn / "entities", ec);
    if (ec)
        throw core::Error(core::ErrorCode::Io, "cannot create the folder: " + ec.message(), {dirIn.string(), {}, {}});
    GroundingFiles files;
    files.dir = fs::absolute(dirIn);
    files.samples = files.dir / "samples.jsonl";
    files.names = files.dir / "qid2ne.json";
    files.abstracts = files.dir / "qid2abs.json";
    files.aliases = files.dir / "ne2qid.json";
    files.manifest = files.dir / "grounding.json";

    ordered_json names = ordered_json::object(), abstracts = ordered_json::object(), aliases = ordered_json::object();
    ordered_json entities = ordered_json::array();
    for (std::size_t i = 0; i < d.entities.size(); ++i)
    {
        const auto& e = d.entities[i];
        names[e.qid] = e.name;
        abstracts[e.qid] = e.description;
        aliases[e.name] = e.qid;
        entities.push_back({{"qid", e.qid}, {"name", e.name}, {"surname", e.surname},
                            {"shape", grounding::shapeName(e.shape)}, {"colour", grounding::colourName(e.colour)},
                            {"pattern", grounding::patternWord(e.pattern)}, {"image", e.imageFile}});
        writePng(files.dir / e.imageFile, grounding::renderReference(d, i));
    }
    writeText(files.names, names.dump(1) + "\n");
    writeText(files.abstracts, abstracts.dump(1) + "\n");
    writeText(files.aliases, aliases.dump(1) + "\n");

    std::string lines;
    ordered_json samples = ordered_json::array();
    for (std::size_t i = 0; i < d.samples.size(); ++i)
    {
        const auto& s = d.samples[i];
        const auto& gold = d.entities[static_cast<std::size_t>(s.gold)];
        ordered_json mention{{"surface", s.surface}, {"begin", s.begin}, {"end", s.end}, {"qid", gold.qid},
                             {"box", boxJson(s.goldBox())}};
        ordered_json line{{"id", s.id}, {"text", s.text}, {"image", s.imageFile}, {"split", s.split},
                          {"mentions", ordered_json::array({mention})}};
        lines += line.dump() + "\n";
        ordered_json objects = ordered_json::array();
        for (const auto& o : s.objects)
            objects.push_back({{"qid", d.entities[static_cast<std::size_t>(o.entity)].qid},
                               {"box", boxJson(o.box)},
                               {"square", ordered_json::array({o.x, o.y, o.size})}});
        samples.push_back({{"id", s.id}, {"split", s.split}, {"gold", gold.qid}, {"objects", objects}});
        writePng(files.dir / s.imageFile, grounding::renderScene(d, i));
    }
    writeText(files.samples, lines);

    const auto& p = d.spec;
    ordered_json manifest{
        {"format", "melstudio-grounding/1"},
        {"spec", {{"seed", p.seed}, {"train", p.trainSamples}, {"dev", p.devSamples}, {"test", p.testSamples},
                  {"image_size", p.imageSize}, {"families", p.families}, {"members", {p.minMembers, p.maxMembers}},
                  {"objects", {p.minObjects, p.maxObjects}}, {"object_size", {p.minObjectSize, p.maxObjectSize}}}},
        {"text_only_chance", {{"train", textOnlyChance(d, "train")}, {"dev", textOnlyChance(d, "dev")},
                              {"test", textOnlyChance(d, "test")}}},
        {"entities", entities},
        {"samples", samples}};
    writeText(files.manifest, manifest.dump(1) + "\n");
    return files;
}

void importGroundingDataset(core::Store& store, const GroundingFiles& files, const std::string& datasetName,
                            const core::JobContext& job)
{
    core::KbFiles kb;
    kb.names = files.names;
    kb.abstracts = files.abstracts;
    kb.aliases = files.aliases;
    core::importKb(store, kb, job);
    // Reference images: the KG files have no image field, so they are attached through the Store directly.
    for (auto entity : store.entities())
    {
        const auto image = files.dir / "entities" / (entity.qid + ".png");
        if (!fs::exists(image))
            continue;
        entity.imagePath = image.string();
        store.upsertEntity(entity);
    }
    core::JsonlOptions samples;
    samples.datasetName = datasetName;
    samples.file = files.samples;
    samples.imageRoot = files.dir;
    samples.replace = true;
    core::importJsonl(store, samples, job);
}

} // namespace mel::models
