// The archive is LibTorch's own (a zip); strings hold the config and vocabulary, uint8 tensors the scripts.
#include "train/checkpoint.h"

#include <filesystem>
#include <cstring>
#include <fstream>

#include "mel/core/util/error.h"
#include "nn/scriptmodule.h"

namespace mel::models {

namespace {

torch::Tensor bytesTensor(const std::string& bytes)
{
    auto t = torch::empty({static_cast<std::int64_t>(bytes.size())}, torch::kUInt8);
    if (!bytes.empty())
        std::memcpy(t.data_ptr<std::uint8_t>(), bytes.data(), bytes.size());
    return t;
}

std::string tensorBytes(const torch::Tensor& t)
{
    const auto c = t.to(torch::kCPU).contiguous();
    return std::string(reinterpret_cast<const char*>(c.data_ptr<std::uint8_t>()), static_cast<std::size_t>(c.numel()));
}

std::string readString(torch::serialize::InputArchive& archive, const char* key, const std::string& path)
{
    c10::IValue value;
    if (!archive.try_read(key, value) || !value.isString())
        throw core::Error(core::ErrorCode::Invalid, std::string("not a MELStudio linker checkpoint (no ") + key + ")",
                          {path, {}, {}});
    return value.toStringRef();
}

void openArchive(torch::serialize::InputArchive& archive, const std::string& path, const torch::Device& device)
{
    if (!std::filesystem::is_regular_file(path))
        throw core::Error(core::ErrorCode::Io, "no such checkpoint file", {path, {}, {}});
    try
    {
        archive.load_from(path, device);
    }
    catch (const c10::Error& e)
    {
        throw core::Error(core::ErrorCode::Invalid,
                          "not a MELStudio linker checkpoint (" + firstLine(e.what_without_backtrace()) + ")",
                          {path, {}, {}});
    }
}

CheckpointInfo readInfo(torch::serialize::InputArchive& archive, const std::string& path, ModelParts& parts)
{
    CheckpointInfo info;
    info.format = readString(archive, "format", path);
    if (info.format != kCheckpointFormat)
        throw core::Error(core::ErrorCode::Invalid, "unsupported checkpoint format '" + info.format + "'",
                          {path, {}, {}});
    info.linker = readString(archive, "linker", path);
    info.config = modelConfigFromJson(readString(archive, "config", path));
    info.metaJson = readString(archive, "meta", path);
    parts.config = info.config;
    parts.vocabulary = Vocabulary::deserialize(readString(archive, "vocab", path));
    info.vocabularySize = parts.vocabulary.wordCount();
    torch::Tensor script;
    if (archive.try_read("text_script", script))
        parts.textScript = tensorBytes(script);
    if (archive.try_read("image_script", script))
        parts.imageScript = tensorBytes(script);
    return info;
}

} // namespace

torch::Device parseDevice(const std::string& text)
{
    try
    {
        torch::Device device(text.empty() ? std::string("cpu") : text);
        if (device.is_cuda() && !torch::cuda::is_available())
            throw core::Error(core::ErrorCode::Invalid, "device '" + text + "': this LibTorch has no CUDA device");
        return device;
    }
    catch (const c10::Error&)
    {
        throw core::Error(core::ErrorCode::Invalid, "unknown device '" + text + "' (cpu, cuda or cuda:N)");
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
    return makeLinkerModel(c, std::move(text), std::move(image));
}

void saveCheckpoint(const std::string& path, LinkerModelImpl& model, const std::string& metaJson)
{
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
    archive.write("linker", c10::IValue(model.kind()));
    archive.write("config", c10::IValue(toJson(model.config())));
    archive.write("meta", c10::IValue(metaJson));
    archive.write("vocab", c10::IValue(model.text()->vocabulary().serialize()));
    if (model.text()->scripted())
        archive.write("text_script", bytesTensor(model.text()->scriptBytes()));
    if (model.image()->scripted())
        archive.write("image_script", bytesTensor(model.image()->scriptBytes()));
    torch::serialize::OutputArchive weights;
    model.save(weights);
    archive.write("model", weights);

    const std::string temp = path + ".tmp";
    try
    {
        archive.save_to(temp);
    }
    catch (const c10::Error& e)
    {
        throw core::Error(core::ErrorCode::Io, "cannot write checkpoint: " + firstLine(e.what_without_backtrace()),
                          {path, {}, {}});
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec)
        throw core::Error(core::ErrorCode::Io, "cannot write checkpoint: " + ec.message(), {path, {}, {}});
}

CheckpointInfo readCheckpointInfo(const std::string& path)
{
    torch::serialize::InputArchive archive;
    openArchive(archive, path, torch::kCPU);
    ModelParts parts;
    return readInfo(archive, path, parts);
}

LoadedCheckpoint loadCheckpoint(const std::string& path, const torch::Device& device)
{
    torch::serialize::InputArchive archive;
    openArchive(archive, path, torch::kCPU);
    ModelParts parts;
    LoadedCheckpoint loaded;
    loaded.info = readInfo(archive, path, parts);
    loaded.model = buildModel(parts);
    try
    {
        torch::serialize::InputArchive weights;
        archive.read("model", weights);
        loaded.model->load(weights);
    }
    catch (const c10::Error& e)
    {
        throw core::Error(core::ErrorCode::Invalid,
                          "checkpoint weights do not match its config (" + firstLine(e.what_without_backtrace()) + ")",
                          {path, {}, {}});
    }
    loaded.model->to(device);
    loaded.model->eval();
    return loaded;
}

} // namespace mel::models
