// GEMEL checkpoint writing and loading (the archive layout of train/checkpoint.cpp, with GEMEL's own tables).
#include "linkers/gemel/gemelcheckpoint.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "mel/core/util/error.h"
#include "nn/scriptmodule.h"
#include "train/archiveio.h"
#include "train/checkpoint.h"
#include "train/checkpointcheck.h"

namespace mel::models::gemel {

std::string bankToJson(const std::vector<Demonstration>& bank)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& d : bank)
        rows.push_back({d.mentionId, d.surface, d.text, d.qid, d.name});
    return rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<Demonstration> bankFromJson(const std::string& text, const std::string& path)
{
    std::vector<Demonstration> bank;
    try
    {
        const auto rows = nlohmann::json::parse(text);
        for (const auto& r : rows)
            bank.push_back({r.at(0).get<core::RowId>(), r.at(1).get<std::string>(), r.at(2).get<std::string>(),
                            r.at(3).get<std::string>(), r.at(4).get<std::string>()});
    }
    catch (const nlohmann::json::exception& e)
    {
        throw core::Error(core::ErrorCode::Invalid, std::string("bad demonstration bank: ") + e.what(),
                          {path, "gemel_demos", {}});
    }
    return bank;
}

GemelModel buildGemelModel(const GemelParts& parts)
{
    const auto& c = parts.config;
    ImageEncoder image = parts.imageScript.empty()
                             ? ImageEncoder(c.image)
                             : ImageEncoder(c.image, parts.imageScript,
                                            c.image.torchScriptPath.empty() ? "image encoder" : c.image.torchScriptPath);
    return GemelModel(c, parts.chars.size(), std::move(image), parts.decoderScript,
                      c.gemel.decoderTorchScriptPath.empty() ? "decoder" : c.gemel.decoderTorchScriptPath);
}

void saveGemelCheckpoint(const std::string& path, GemelModelImpl& model, const CharTable& chars,
                         const DemoRetriever& retriever, const ScoreRule& rule, const std::string& metaJson)
{
    ModelConfig config = model.config();
    config.linker = "gemel";
    config.gemel.priorWeight = rule.priorWeight;
    config.gemel.meanLogProb = rule.meanLogProb;
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
    archive.write("linker", c10::IValue(std::string("gemel")));
    archive.write("config", c10::IValue(toJson(config)));
    archive.write("meta", c10::IValue(metaJson));
    // The shared header reader expects a word vocabulary: an empty one (GEMEL's characters are in gemel_chars).
    archive.write("vocab", c10::IValue(Vocabulary(config.text).serialize()));
    archive.write("gemel_chars", c10::IValue(chars.serialize()));
    archive.write("gemel_demos", c10::IValue(bankToJson(retriever.bank())));
    if (model.image()->scripted())
        archive.write("image_script", bytesTensor(model.image()->scriptBytes()));
    if (model.scriptedDecoder())
    {
        archive.write("decoder_script", bytesTensor(model.decoderScriptBytes()));
        torch::serialize::OutputArchive state;
        int i = 0;
        for (const auto& p : model.decoderScript()->parameters())
            state.write("p" + std::to_string(i++), p.detach().to(torch::kCPU));
        archive.write("decoder_state", state);
    }
    torch::serialize::OutputArchive weights;
    model.save(weights);
    archive.write("model", weights);

    saveArchive(archive, path);
}

std::unique_ptr<GemelLinker> loadGemelLinker(const std::string& path, const torch::Device& device, int threads)
{
    if (!std::filesystem::is_regular_file(path))
        throw core::Error(core::ErrorCode::Io, "no such checkpoint file", {path, {}, {}});
    torch::serialize::InputArchive archive;
    try
    {
        archive.load_from(path, torch::kCPU);
    }
    catch (const c10::Error& e)
    {
        throw core::Error(core::ErrorCode::Invalid,
                          "not a MELStudio linker checkpoint (" + firstLine(e.what_without_backtrace()) + ")",
                          {path, {}, {}});
    }
    const std::string kind = "GEMEL";
    if (readString(archive, "format", path, kind) != kCheckpointFormat ||
        readString(archive, "linker", path, kind) != "gemel")
        throw core::Error(core::ErrorCode::Invalid, "not a MELStudio GEMEL checkpoint", {path, {}, {}});
    GemelParts parts;
    parts.config = modelConfigFromJson(readString(archive, "config", path, kind));
    parts.chars = CharTable::deserialize(readString(archive, "gemel_chars", path, kind));
    auto retriever =
        std::make_shared<DemoRetriever>(bankFromJson(readString(archive, "gemel_demos", path, kind), path));
    // Byte tensors, checked as the other linkers' embedded scripts are.
    parts.imageScript = readBytes(archive, "image_script", path);
    parts.decoderScript = readBytes(archive, "decoder_script", path);
    auto model = buildGemelModel(parts);
    const auto expected = tensorSpecs(*model);  // load() takes any shape the file has: checked below
    try
    {
        torch::serialize::InputArchive weights;
        archive.read("model", weights);
        model->load(weights);
        if (model->scriptedDecoder())
        {
            torch::serialize::InputArchive state;
            archive.read("decoder_state", state);
            torch::NoGradGuard noGrad;
            int i = 0;
            for (auto p : model->decoderScript()->parameters())
            {
                torch::Tensor saved;
                state.read("p" + std::to_string(i++), saved);
                p.copy_(saved);
            }
        }
    }
    catch (const c10::Error& e)
    {
        throw core::Error(core::ErrorCode::Invalid,
                          "checkpoint weights do not match its config (" + firstLine(e.what_without_backtrace()) + ")",
                          {path, {}, {}});
    }
    checkLoadedWeights(*model, expected, path);
    return std::make_unique<GemelLinker>(model, std::move(parts.chars), retriever, device, threads);
}

} // namespace mel::models::gemel
