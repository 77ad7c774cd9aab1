#include "train/archiveio.h"

#include <cstring>

#include <filesystem>

#include "mel/core/util/error.h"
#include "nn/scriptmodule.h"

namespace mel::models {

torch::Tensor bytesTensor(const std::string& bytes)
{
    auto t = torch::empty({static_cast<std::int64_t>(bytes.size())}, torch::kUInt8);
    if (!bytes.empty())
        std::memcpy(t.data_ptr<std::uint8_t>(), bytes.data(), bytes.size());
    return t;
}

std::string tensorBytes(const torch::Tensor& tensor)
{
    const auto c = tensor.to(torch::kCPU).contiguous();
    return std::string(reinterpret_cast<const char*>(c.data_ptr<std::uint8_t>()), static_cast<std::size_t>(c.numel()));
}

std::string readString(torch::serialize::InputArchive& archive, const char* key, const std::string& path,
                       const std::string& kind)
{
    c10::IValue value;
    if (!archive.try_read(key, value) || !value.isString())
        throw core::Error(core::ErrorCode::Invalid, "not a MELStudio " + kind + " checkpoint (no " + key + ")",
                          {path, {}, {}});
    return value.toStringRef();
}

std::string readBytes(torch::serialize::InputArchive& archive, const char* key, const std::string& path)
{
    c10::IValue value;
    if (!archive.try_read(key, value))
        return {};
    if (!value.isTensor() || value.toTensor().scalar_type() != torch::kUInt8 || value.toTensor().dim() != 1)
        throw core::Error(core::ErrorCode::Invalid, "embedded TorchScript is not a byte tensor", {path, key, {}});
    return tensorBytes(value.toTensor());
}

void saveArchive(torch::serialize::OutputArchive& archive, const std::string& path)
{
    const std::string temp = path + ".tmp";
    struct RemoveTemp
    {
        const std::string& file;
        ~RemoveTemp()
        {
            std::error_code ignored;  // gone already after the rename
            std::filesystem::remove(file, ignored);
        }
    } removeTemp{temp};
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

} // namespace mel::models
