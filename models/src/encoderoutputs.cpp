// Row selection over encoder outputs (entity feature caches gather rows with it).
#include "encoderoutputs.h"

namespace mel::models {

TextFeatures selectRows(const TextFeatures& features, const torch::Tensor& index)
{
    TextFeatures out;
    const auto dev = features.tokens.device();
    const auto idx = index.to(dev);
    out.tokens = features.tokens.index_select(0, idx);
    out.mask = features.mask.index_select(0, idx);
    out.global = features.global.index_select(0, idx);
    const auto cpu = index.to(torch::kCPU).contiguous();
    const auto* p = cpu.data_ptr<std::int64_t>();
    if (!features.labels.empty())
        for (std::int64_t i = 0; i < cpu.numel(); ++i)
            out.labels.push_back(features.labels.at(p[i]));
    return out;
}

ImageFeatures selectRows(const ImageFeatures& features, const torch::Tensor& index)
{
    ImageFeatures out;
    const auto idx = index.to(features.patches.device());
    out.patches = features.patches.index_select(0, idx);
    out.patchMask = features.patchMask.index_select(0, idx);
    out.global = features.global.index_select(0, idx);
    out.present = features.present.index_select(0, idx);
    out.gridRows = features.gridRows;
    out.gridCols = features.gridCols;
    return out;
}

} // namespace mel::models
