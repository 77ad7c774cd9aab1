// The optimiser setup shared by the training loops (train/trainer.cpp, linkers/gemel/gemeltrainer.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <torch/torch.h>

namespace mel::models {

struct AdamWSetup
{
    std::unique_ptr<torch::optim::AdamW> optimizer;
    std::vector<torch::Tensor> parameters;  // the trained tensors: decayed ones first, then the others
    std::int64_t count = 0;                 // trained values
};

// AdamW over the tensors of `parameters` that require a gradient: weight decay on matrices (dim >= 2) only;
// biases, norm weights and scalars are not decayed (two parameter groups).
AdamWSetup makeAdamW(const std::vector<torch::Tensor>& parameters, double learningRate, double weightDecay);

} // namespace mel::models
