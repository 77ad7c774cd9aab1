// The archive is LibTorch's own (a zip); strings hold the config and vocabulary, uint8 tensors the scripts.
#include "train/checkpoint.h"

#include <filesystem>
#include <fstream>

#include "linkers/pairfeatures.h"
#include "mel/core/util/error.h"
#include "mel/models/device.h"
#include "nn/scriptmodule.h"
#include "train/archiveio.h"
#include "train/checkpointcheck.h"

namespace mel::models {

namespace {

// Runs `step`; whatever it throws becomes one core::Error naming the checkpoint (rethrowAsCheckpointError).
template <typename F>
auto guarded(const std::string& path, const std::string& what, F&& step) -> decltype(step())
{
    try
    {
        return step();
    }
    catch (...)
    {
        rethrowAsCheckpointError(path, what);
    }
}

void openArchive(torch::serialize::InputArchive& archive, const std::string& path, const torch::Device& device)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw core::Error(core::ErrorCode::Io, "a folder, not a checkpoint file", {path, {}, {}});
    if (!std::filesystem::is_regular_file(path, ec))
        throw core::Error(core::ErrorCode::Io, "no such checkpoint file", {path, {}, {}});
    if (std::filesystem::file_size(path, ec) == 0 || ec)
        throw core::Error(core::ErrorCode::Invalid, "not a MELStudio linker checkpoint (empty file)", {path, {}, {}});
    guarded(path, "not a MELStudio linker checkpoint", [&] {
        checkArchiveBeforeLoad(path);  // LibTorch must not meet forged sizes or foreign code (it can crash)
        archive.load_from(path, device);
    });
}

CheckpointInfo readInfo(torch::serialize::InputArchive& archive, const std::string& path, ModelParts& parts)
{
    CheckpointInfo info;
    info.format = readString(archive, "format", path);
    if (info.format != kCheckpointFormat)
        throw core::Error(core::ErrorCode::Invalid, "unsupported checkpoint format '" + info.format + "'",
                          {path, {}, {}});
    info.linker = readString(archive, "linker", path);
    ModelConfig legacy;  // a config without the key predates the label-prior features
    legacy.pairFeatureCount = kLegacyPairFeatureCount;
    legacy.dwe.featureScale = 1.0;  // DWE checkpoints without the key: the feature term unscaled
    info.config = guarded(path, "bad model config",
                          [&] { return modelConfigFromJson(readString(archive, "config", path), legacy); });
    if (info.config.linker != info.linker)
        throw core::Error(core::ErrorCode::Invalid,
                          "the header says linker '" + info.linker + "' but the config '" + info.config.linker + "'",
                          {path, "config", "linker"});
    info.metaJson = readString(archive, "meta", path);
    parts.config = info.config;
    parts.vocabulary =
        guarded(path, "bad vocabulary", [&] { return Vocabulary::deserialize(readString(archive, "vocab", path)); });
    info.vocabularySize = parts.vocabulary.wordCount();
    parts.textScript = readBytes(archive, "text_script", path);
    parts.imageScript = readBytes(archive, "image_script", path);
    if (c10::IValue prior; archive.try_read("label_prior", prior))  // absent in checkpoints that predate it
    {
        if (!prior.isString())
            throw core::Error(core::ErrorCode::Invalid, "not a string", {path, "label_prior", {}});
        parts.labelPrior = guarded(path, "bad label prior", [&] { return LabelPrior::deserialize(prior.toStringRef()); });
    }
    checkLoadableConfig(info.config, parts.vocabulary, !parts.textScript.empty(), path);
    return info;
}

} // namespace

void rethrowAsCheckpointError(const std::string& path, const std::string& what)
{
    try
    {
        throw;
    }
    catch (const core::Error& e)
    {
        if (e.context().file == path)
            throw;
        const std::string origin = e.context().file.empty() ? "" : e.context().file + ": ";
        throw core::Error(e.code(), what + ": " + origin + e.detail(), {path, e.context().record, e.context().field});
    }
    catch (const c10::Error& e)
    {
        throw core::Error(core::ErrorCode::Invalid, what + " (" + firstLine(e.what_without_backtrace()) + ")",
                          {path, {}, {}});
    }
    catch (const std::bad_alloc&)
    {
        throw core::Error(core::ErrorCode::Invalid, what + " (out of memory)", {path, {}, {}});
    }
    catch (const std::exception& e)
    {
        throw core::Error(core::ErrorCode::Invalid, what + " (" + firstLine(e.what()) + ")", {path, {}, {}});
    }
}

torch::Device parseDevice(const std::string& text)
{
    try
    {
        torch::Device device(text.empty() ? std::string("cpu") : text == "auto" ? resolveDevice(text) : text);
        if (device.is_cuda() && !torch::cuda::is_available())
            throw core::Error(core::ErrorCode::Invalid, "device '" + text + "': this LibTorch has no CUDA device");
        return device;
    }
    catch (const c10::Error&)
    {
        throw core::Error(core::ErrorCode::Invalid, "unknown device '" + text + "' (auto, cpu, cuda or cuda:N)");
    }
}

std::shared_ptr<LinkerModelImpl> buildModel(const ModelParts& parts)
{
    const auto& c = parts.config;
    TextEncoder text = parts.textScript.empty()
                           ? TextEncoder(c.text, parts.vocabulary)
                           : TextEncoder(c.text, parts.textScript,
                                         c.text.torchScriptPath.empty() ? "text encoder" : c.text.torchScriptPath);
    ImageEncoder image = parts.imageScript.empty()
                             ? ImageEncoder(c.image)
                             : ImageEncoder(c.image, parts.imageScript,
                                            c.image.torchScriptPath.empty() ? "image encoder"
                                                                            : c.image.torchScriptPath);
    auto model = makeLinkerModel(c, std::move(text), std::move(image));
    model->setLabelPrior(parts.labelPrior);
    return model;
}

void saveCheckpoint(const std::string& path, LinkerModelImpl& model, const std::string& metaJson)
{
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
    archive.write("linker", c10::IValue(model.kind()));
    archive.write("config", c10::IValue(toJson(model.config())));
    archive.write("meta", c10::IValue(metaJson));
    archive.write("vocab", c10::IValue(model.text()->vocabulary().serialize()));
    archive.write("label_prior", c10::IValue(model.labelPrior().serialize()));
    if (model.text()->scripted())
        archive.write("text_script", bytesTensor(model.text()->scriptBytes()));
    if (model.image()->scripted())
        archive.write("image_script", bytesTensor(model.image()->scriptBytes()));
    torch::serialize::OutputArchive weights;
    model.save(weights);
    archive.write("model", weights);

    saveArchive(archive, path);
}

CheckpointInfo readCheckpointInfo(const std::string& path)
{
    torch::serialize::InputArchive archive;
    openArchive(archive, path, torch::kCPU);
    ModelParts parts;
    return guarded(path, "not a MELStudio linker checkpoint", [&] { return readInfo(archive, path, parts); });
}

LoadedCheckpoint loadCheckpoint(const std::string& path, const torch::Device& device)
{
    torch::serialize::InputArchive archive;
    openArchive(archive, path, torch::kCPU);
    ModelParts parts;
    LoadedCheckpoint loaded;
    loaded.info = guarded(path, "not a MELStudio linker checkpoint", [&] { return readInfo(archive, path, parts); });
    loaded.model = guarded(path, "cannot build the model its config describes", [&] { return buildModel(parts); });
    const auto expected = tensorSpecs(*loaded.model);
    guarded(path, "checkpoint weights do not match its config", [&] {
        torch::serialize::InputArchive weights;
        archive.read("model", weights);
        loaded.model->load(weights);
    });
    checkLoadedWeights(*loaded.model, expected, path);
    guarded(path, "cannot move the model to " + device.str(), [&] {
        loaded.model->to(device);
        loaded.model->eval();
    });
    return loaded;
}

} // namespace mel::models
