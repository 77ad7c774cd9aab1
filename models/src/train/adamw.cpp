#include "train/adamw.h"

namespace mel::models {

AdamWSetup makeAdamW(const std::vector<torch::Tensor>& parameters, double learningRate, double weightDecay)
{
    AdamWSetup out;
    std::vector<torch::Tensor> decay, noDecay;
    for (const auto& p : parameters)
        if (p.requires_grad())
        {
            (p.dim() >= 2 ? decay : noDecay).push_back(p);
            out.count += p.numel();
        }
    out.parameters = decay;
    out.parameters.insert(out.parameters.end(), noDecay.begin(), noDecay.end());
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(learningRate).weight_decay(weightDecay)));
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                     torch::optim::AdamWOptions(learningRate).weight_decay(0.0)));
    out.optimizer = std::make_unique<torch::optim::AdamW>(std::move(groups));
    return out;
}

} // namespace mel::models
