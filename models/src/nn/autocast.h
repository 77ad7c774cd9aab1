// Mixed precision on CUDA: LibTorch's autocast around a forward pass, behind the "precision" option.
#pragma once

#include <string>

#include <torch/torch.h>

namespace mel::models {

// fp32: everything in float32 (the default). bf16: CUDA autocast to bfloat16 (matrix products and convolutions in
// bfloat16, reductions, softmax and losses kept in float32 by autocast's own op lists). bfloat16 keeps float32's
// exponent range, so the large negative fills of masked attention stay finite and training needs no loss scaling;
// float16 would need both, so it is not offered.
enum class Precision
{
    Float32,
    BFloat16,
};

// "fp32" | "bf16" (also "float32", "bfloat16"). Throws core::Error(Invalid) naming the value otherwise.
Precision parsePrecision(const std::string& name);
std::string precisionName(Precision precision);
// Throws core::Error(Invalid) when `precision` is a mixed one and `device` is not a CUDA device: CPU autocast in
// LibTorch 1.13 leaves softmax in bfloat16 and group_norm rejects bfloat16 input, so the CPU stays in float32.
void checkPrecision(Precision precision, const torch::Device& device);

// For its lifetime, CUDA autocast to the precision's type on this thread (autocast state is thread-local), when the
// precision is mixed and the device is CUDA; otherwise nothing. Restores the previous state on exit and clears
// autocast's cast cache when the outermost scope ends, as Python's torch.autocast does. Run backward() after the
// scope, as PyTorch recommends.
class AutocastScope
{
public:
    AutocastScope(Precision precision, const torch::Device& device);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

    bool active() const { return m_active; }

private:
    bool m_active = false;
    bool m_wasEnabled = false;
    at::ScalarType m_previousType = at::kHalf;
};

// Whether CUDA autocast is on for this thread, and its type (tests; every LibTorch version).
bool cudaAutocastEnabled();
at::ScalarType cudaAutocastType();

} // namespace mel::models
