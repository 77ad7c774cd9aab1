// TorchScript loading: c10::Error is turned into core::Error at this boundary.
#include "nn/scriptmodule.h"

#include <fstream>
#include <sstream>

#include "mel/core/util/error.h"
#include "train/checkpointcheck.h"

namespace mel::models {

std::string firstLine(const std::string& text)
{
    const auto pos = text.find('\n');
    return pos == std::string::npos ? text : text.substr(0, pos);
}

std::string readFileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw core::Error(core::ErrorCode::Io, "cannot open file", {path, {}, {}});
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in.good() && !in.eof())
        throw core::Error(core::ErrorCode::Io, "cannot read file", {path, {}, {}});
    return bytes.str();
}

std::shared_ptr<torch::jit::Module> loadScriptModule(const std::string& bytes, const std::string& origin,
                                                     const torch::Device& device)
{
    std::shared_ptr<torch::jit::Module> module;
    try
    {
        checkScriptBeforeLoad(bytes);  // class bodies LibTorch's importer would crash on, forged zip sizes
        std::istringstream in(bytes);
        module = std::make_shared<torch::jit::Module>(torch::jit::load(in, device));
    }
    catch (const c10::Error& e)
    {
        throw core::Error(core::ErrorCode::Invalid,
                          "not a TorchScript module (" + firstLine(e.what_without_backtrace()) + ")",
                          {origin, {}, {}});
    }
    catch (const std::exception& e)
    {
        throw core::Error(core::ErrorCode::Invalid, std::string("not a TorchScript module (") + e.what() + ")",
                          {origin, {}, {}});
    }
    if (!module->find_method("forward"))
        throw core::Error(core::ErrorCode::Invalid, "TorchScript module has no forward() method", {origin, {}, {}});
    module->eval();
    return module;
}

torch::Tensor firstTensor(const c10::IValue& value, const std::string& origin)
{
    if (value.isTensor())
        return value.toTensor();
    if (value.isTuple())
    {
        const auto& elements = value.toTupleRef().elements();
        if (!elements.empty() && elements[0].isTensor())
            return elements[0].toTensor();
    }
    if (value.isList())
    {
        const auto list = value.toList();
        if (list.size() > 0 && list.get(0).isTensor())
            return list.get(0).toTensor();
    }
    throw core::Error(core::ErrorCode::Invalid,
                      "TorchScript forward() must return a tensor or a tuple starting with one, got " +
                          value.tagKind(),
                      {origin, {}, {}});
}

} // namespace mel::models
