// Only the rows with an image go through the CNN; the others get the learned no-image token and a mask.
#include "vision/imageencoder.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "mel/core/util/error.h"
#include "nn/scriptmodule.h"

namespace mel::models {

namespace {

ImageTransform transformOf(const ImageEncoderConfig& config)
{
    if (config.mean.size() != 3 || config.std.size() != 3)
        throw core::Error(core::ErrorCode::Invalid, "image encoder: mean and std need 3 values (RGB)");
    return ImageTransform{config.imageSize, config.mean, config.std};
}

} // namespace

ImageEncoderImpl::ImageEncoderImpl(const ImageEncoderConfig& config)
    : m_config(config), m_cache(transformOf(config)), m_gridRows(config.grid), m_gridCols(config.grid)
{
    if (config.grid < 1 || config.imageSize < 8 || config.dim < 1)
        throw core::Error(core::ErrorCode::Invalid, "image encoder: grid >= 1, imageSize >= 8 and dim >= 1 required");
    m_cnn = torch::nn::Sequential();
    int in = 3;
    std::vector<int> widths = config.channels;
    widths.push_back(config.dim);
    for (const int out : widths)
    {
        m_cnn->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(2).padding(1)));
        m_cnn->push_back(torch::nn::GroupNorm(torch::nn::GroupNormOptions(std::gcd(8, out), out)));
        m_cnn->push_back(torch::nn::ReLU());
        in = out;
    }
    m_cnn = register_module("cnn", m_cnn);
    if (!config.context.empty())
    {
        m_context = torch::nn::ModuleList();
        for (const int dilation : config.context)
        {
            if (dilation < 1)
                throw core::Error(core::ErrorCode::Invalid, "image encoder: context dilations must be >= 1");
            torch::nn::Sequential block(
                torch::nn::Conv2d(torch::nn::Conv2dOptions(config.dim, config.dim, 3).padding(dilation).dilation(dilation)),
                torch::nn::GroupNorm(torch::nn::GroupNormOptions(std::gcd(8, config.dim), config.dim)),
                torch::nn::ReLU());
            m_context->push_back(block);
        }
        m_context = register_module("context", m_context);
    }
    m_positions = register_parameter("positions", torch::randn({config.grid * config.grid, config.dim}) * 0.02);
    m_patchNorm = register_module("patch_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.dim})));
    m_globalNorm = register_module("global_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.dim})));
    m_noImageToken = register_parameter("no_image_token", torch::randn({config.dim}) * 0.02);
    m_noImageGlobal = register_parameter("no_image_global", torch::randn({config.dim}) * 0.02);
}

ImageEncoderImpl::ImageEncoderImpl(const ImageEncoderConfig& config, std::string scriptBytes,
                                   const std::string& origin)
    : m_config(config), m_cache(transformOf(config)), m_scriptBytes(std::move(scriptBytes)), m_origin(origin)
{
    m_script = loadScriptModule(m_scriptBytes, origin, torch::kCPU);
    ImageTransform transform = transformOf(config);
    try
    {
        if (m_script->hasattr("input_size"))
            transform.size = static_cast<int>(m_script->attr("input_size").toInt());
        if (m_script->hasattr("mean"))
            transform.mean = m_script->attr("mean").toDoubleVector();
        if (m_script->hasattr("std"))
            transform.std = m_script->attr("std").toDoubleVector();
    }
    catch (const c10::Error&)
    {
        throw core::Error(core::ErrorCode::Invalid,
                          "TorchScript image encoder: input_size must be int, mean/std List[float]", {origin, {}, {}});
    }
    if (transform.size < 8 || transform.size > 2048 || transform.mean.size() != 3 || transform.std.size() != 3 ||
        std::any_of(transform.std.begin(), transform.std.end(), [](double v) { return !(std::abs(v) > 1e-12); }))
        throw core::Error(core::ErrorCode::Invalid, "TorchScript image encoder: bad input_size/mean/std",
                          {origin, {}, {}});
    m_cache = ImageCache(transform);

    torch::Tensor probe;
    try
    {
        torch::NoGradGuard noGrad;
        probe = firstTensor(m_script->forward({torch::zeros({1, 3, transform.size, transform.size})}), origin);
    }
    catch (const c10::Error& e)
    {
        throw core::Error(core::ErrorCode::Invalid,
                          "TorchScript image encoder failed on a probe input (forward(images [B,3,S,S]) expected): " +
                              firstLine(e.what_without_backtrace()),
                          {origin, {}, {}});
    }
    catch (const std::exception& e)
    {
        if (dynamic_cast<const core::Error*>(&e))
            throw;
        throw core::Error(core::ErrorCode::Invalid,
                          std::string("TorchScript image encoder failed on a probe input: ") + firstLine(e.what()),
                          {origin, {}, {}});
    }
    if (!probe.is_floating_point() || probe.numel() == 0 || probe.numel() > (1 << 24))
        throw core::Error(core::ErrorCode::Invalid,
                          "TorchScript image encoder must return a non-empty floating-point feature tensor",
                          {origin, {}, {}});
    std::int64_t channels = 0;
    if (probe.dim() == 4)
    {
        m_scriptMap = true;
        channels = probe.size(1);
        m_gridRows = static_cast<int>(probe.size(2));
        m_gridCols = static_cast<int>(probe.size(3));
    }
    else if (probe.dim() == 3)
    {
        const auto P = probe.size(1);
        const auto n = static_cast<std::int64_t>(std::lround(std::sqrt(static_cast<double>(P))));
        const auto n1 = static_cast<std::int64_t>(std::lround(std::sqrt(static_cast<double>(P - 1))));
        if (n * n == P)
            m_gridRows = m_gridCols = static_cast<int>(n);
        else if (P > 1 && n1 * n1 == P - 1)
        {
            m_scriptHasCls = true;
            m_gridRows = m_gridCols = static_cast<int>(n1);
        }
        else
            throw core::Error(core::ErrorCode::Invalid,
                              "TorchScript image encoder returned " + std::to_string(P) +
                                  " tokens: neither a square grid nor a square grid + 1 global token",
                              {origin, {}, {}});
        channels = probe.size(2);
    }
    else
        throw core::Error(core::ErrorCode::Invalid,
                          "TorchScript image encoder must return [B,P,C] or [B,C,h,w], got " +
                              std::to_string(probe.dim()) + " dimensions",
                          {origin, {}, {}});
    // ViT-L/14 at 336 px has 576 patches: more than 32 x 32 is not a vision encoder's output (an identity module
    // would pass the image itself through as a 3-channel "feature map").
    if (static_cast<std::int64_t>(m_gridRows) * m_gridCols > 1024 || channels < 1 || channels > 65536)
        throw core::Error(core::ErrorCode::Invalid,
                          "TorchScript image encoder returned " + std::to_string(m_gridRows) + "x" +
                              std::to_string(m_gridCols) + " positions of width " + std::to_string(channels) +
                              " (at most 32x32 patches expected)",
                          {origin, {}, {}});
    m_adapter = register_module("adapter", torch::nn::Linear(channels, config.dim));
    m_patchNorm = register_module("patch_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.dim})));
    m_globalNorm = register_module("global_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.dim})));
    m_noImageToken = register_parameter("no_image_token", torch::randn({config.dim}) * 0.02);
    m_noImageGlobal = register_parameter("no_image_global", torch::randn({config.dim}) * 0.02);
}

torch::Device ImageEncoderImpl::device() const
{
    return m_noImageToken.device();
}

void ImageEncoderImpl::to(torch::Device device, bool nonBlocking)
{
    torch::nn::Module::to(device, nonBlocking);
    if (m_script)
        m_script->to(device, nonBlocking);
}

std::pair<torch::Tensor, torch::Tensor> ImageEncoderImpl::encodePresent(const torch::Tensor& pixels)
{
    if (!m_script)
    {
        auto features = m_cnn->forward(pixels);
        if (m_context)
            for (const auto& block : *m_context)
                features = features + block->as<torch::nn::Sequential>()->forward(features);
        auto map = torch::adaptive_avg_pool2d(features, {m_gridRows, m_gridCols});  // [N,d,g,g]
        auto patches = m_patchNorm(map.flatten(2).transpose(1, 2) + m_positions.unsqueeze(0));
        return {patches, m_globalNorm(patches.mean(1))};
    }
    torch::Tensor out;
    {
        torch::NoGradGuard frozen;
        try
        {
            out = firstTensor(m_script->forward({pixels}), m_origin).to(torch::kFloat);
        }
        catch (const c10::Error& e)
        {
            throw core::Error(core::ErrorCode::Invalid,
                              "TorchScript image encoder failed: " + firstLine(e.what_without_backtrace()),
                              {m_origin, {}, {}});
        }
    }
    if (m_scriptMap)
        out = out.flatten(2).transpose(1, 2);
    auto projected = m_adapter(out);
    if (m_scriptHasCls)
        return {m_patchNorm(projected.slice(1, 1)), m_globalNorm(projected.select(1, 0))};
    auto patches = m_patchNorm(projected);
    return {patches, m_globalNorm(projected.mean(1))};
}

ImageFeatures ImageEncoderImpl::forward(const std::vector<std::string>& paths)
{
    std::vector<std::optional<torch::Tensor>> images;
    images.reserve(paths.size());
    for (const auto& path : paths)
        images.push_back(m_cache.get(path));
    return encode(images);
}

ImageFeatures ImageEncoderImpl::encode(const std::vector<std::optional<torch::Tensor>>& images)
{
    const auto B = static_cast<std::int64_t>(images.size());
    const auto dev = device();
    std::vector<std::int64_t> rows;
    std::vector<torch::Tensor> pixels;
    for (std::int64_t b = 0; b < B; ++b)
        if (images[b])
        {
            rows.push_back(b);
            pixels.push_back(*images[b]);
        }

    ImageFeatures features;
    features.gridRows = m_gridRows;
    features.gridCols = m_gridCols;
    const std::int64_t P = rows.empty() ? 1 : static_cast<std::int64_t>(m_gridRows) * m_gridCols;
    const auto d = m_config.dim;

    // Rows without an image: one valid position holding the learned token; the rest is masked out.
    auto patches = m_noImageToken.view({1, 1, d}).expand({B, 1, d});
    if (P > 1)
        patches = torch::cat({patches, torch::zeros({B, P - 1, d}, patches.options())}, 1);
    auto global = m_noImageGlobal.view({1, d}).expand({B, d});
    auto present = torch::zeros({B}, torch::TensorOptions().dtype(torch::kBool));
    auto patchMask = torch::zeros({B, P}, torch::TensorOptions().dtype(torch::kBool));
    patchMask.select(1, 0).fill_(true);
    if (!rows.empty())
    {
        auto index = torch::tensor(rows, torch::kLong);
        auto [encoded, encodedGlobal] = encodePresent(torch::stack(pixels).to(dev));
        auto indexDev = index.to(dev);
        patches = patches.index_copy(0, indexDev, encoded);
        global = global.index_copy(0, indexDev, encodedGlobal);
        present.index_fill_(0, index, true);
        patchMask.index_fill_(0, index, true);
    }
    features.patches = patches;
    features.global = global;
    features.present = present.to(dev);
    features.patchMask = patchMask.to(dev);
    return features;
}

} // namespace mel::models
