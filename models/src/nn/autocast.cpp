// CUDA autocast through whichever API this LibTorch has: per-device functions from 2.4, CUDA-only ones before.
#include "nn/autocast.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "mel/core/util/error.h"

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define MEL_AUTOCAST_PER_DEVICE 1
#endif

namespace mel::models {

namespace {

void setCudaAutocast(bool enabled, at::ScalarType type)
{
#ifdef MEL_AUTOCAST_PER_DEVICE
    at::autocast::set_autocast_dtype(at::kCUDA, type);
    at::autocast::set_autocast_enabled(at::kCUDA, enabled);
#else
    at::autocast::set_autocast_gpu_dtype(type);
    at::autocast::set_enabled(enabled);
#endif
}

} // namespace

bool cudaAutocastEnabled()
{
#ifdef MEL_AUTOCAST_PER_DEVICE
    return at::autocast::is_autocast_enabled(at::kCUDA);
#else
    return at::autocast::is_enabled();
#endif
}

at::ScalarType cudaAutocastType()
{
#ifdef MEL_AUTOCAST_PER_DEVICE
    return at::autocast::get_autocast_dtype(at::kCUDA);
#else
    return at::autocast::get_autocast_gpu_dtype();
#endif
}

Precision parsePrecision(const std::string& name)
{
    if (name == "fp32" || name == "float32")
        return Precision::Float32;
    if (name == "bf16" || name == "bfloat16")
        return Precision::BFloat16;
    throw core::Error(core::ErrorCode::Invalid,
                      "precision: unknown value \"" + name + "\" (expected fp32 or bf16)");
}

std::string precisionName(Precision precision)
{
    return precision == Precision::BFloat16 ? "bf16" : "fp32";
}

void checkPrecision(Precision precision, const torch::Device& device)
{
    if (precision != Precision::Float32 && !device.is_cuda())
        throw core::Error(core::ErrorCode::Invalid,
                          "precision " + precisionName(precision) + " needs a CUDA device, but this run is on " +
                              device.str() + " (use --precision fp32, or --device cuda with a CUDA LibTorch)");
}

AutocastScope::AutocastScope(Precision precision, const torch::Device& device)
{
    if (precision == Precision::Float32 || !device.is_cuda())
        return;
    m_active = true;
    m_wasEnabled = cudaAutocastEnabled();
    m_previousType = cudaAutocastType();
    setCudaAutocast(true, at::kBFloat16);
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope()
{
    if (!m_active)
        return;
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
    setCudaAutocast(m_wasEnabled, m_previousType);
}

} // namespace mel::models
