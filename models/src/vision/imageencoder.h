// Image encoder: a small CNN from scratch giving a grid of patch features, or a user's TorchScript vision tower.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/script.h>
#include <torch/torch.h>

#include "encoderoutputs.h"
#include "mel/models/config.h"
#include "vision/imagepipeline.h"

namespace mel::models {

class ImageEncoderImpl : public torch::nn::Module
{
public:
    // CNN: stride-2 Conv3x3 -> GroupNorm -> ReLU stages (config.channels, then dim), adaptive average pooling to
    // grid x grid, learned patch positions, LayerNorm; global = LayerNorm(mean of the patches). config.context adds
    // residual dilated stride-1 blocks before the pooling.
    explicit ImageEncoderImpl(const ImageEncoderConfig& config);
    // TorchScript (frozen) + trained Linear/LayerNorm adapter. Contract: forward(images [B,3,S,S] float) ->
    // [B,P,C] with P = n*n (a grid) or n*n+1 (index 0 = a global/CLS token), or [B,C,h,w]. Optional attributes:
    // `input_size: int` (S, default config.imageSize), `mean`/`std: List[float]` (default config's).
    ImageEncoderImpl(const ImageEncoderConfig& config, std::string scriptBytes, const std::string& origin);

    // Decodes (cached) and encodes the images at `paths` ("" or unreadable = no image).
    ImageFeatures forward(const std::vector<std::string>& paths);
    // The same from already decoded [3,S,S] tensors (nullopt = no image).
    ImageFeatures encode(const std::vector<std::optional<torch::Tensor>>& images);

    int dim() const { return m_config.dim; }
    int gridRows() const { return m_gridRows; }
    int gridCols() const { return m_gridCols; }
    bool scripted() const { return m_script != nullptr; }
    const std::string& scriptBytes() const { return m_scriptBytes; }
    torch::Device device() const;
    const ImageTransform& transform() const { return m_cache.transform(); }
    // Images forward() was given that it could not decode and encoded as "no image" (ImageCache::failedPaths).
    std::vector<std::string> undecodableImages() const { return m_cache.failedPaths(); }

    using torch::nn::Module::to;
    void to(torch::Device device, bool nonBlocking = false) override;

private:
    // [N,3,S,S] -> patches [N,P,dim] and global [N,dim] for images that exist.
    std::pair<torch::Tensor, torch::Tensor> encodePresent(const torch::Tensor& pixels);

    ImageEncoderConfig m_config;
    ImageCache m_cache;
    int m_gridRows = 0;
    int m_gridCols = 0;
    torch::nn::Sequential m_cnn{nullptr};
    torch::nn::ModuleList m_context{nullptr};  // ImageEncoderConfig::context blocks (only when configured)
    torch::Tensor m_positions;
    torch::nn::LayerNorm m_patchNorm{nullptr}, m_globalNorm{nullptr};
    torch::Tensor m_noImageToken;   // [dim]: the single valid "patch" of a row without an image
    torch::Tensor m_noImageGlobal;  // [dim]

    std::string m_scriptBytes;
    std::string m_origin;
    std::shared_ptr<torch::jit::Module> m_script;
    bool m_scriptHasCls = false;
    bool m_scriptMap = false;  // [B,C,h,w] output
    torch::nn::Linear m_adapter{nullptr};
};
TORCH_MODULE(ImageEncoder);

// encoder->undecodableImages(), or none for a model without an image encoder.
inline std::vector<std::string> undecodableImagesOf(const ImageEncoder& encoder)
{
    return encoder ? encoder->undecodableImages() : std::vector<std::string>{};
}

} // namespace mel::models
