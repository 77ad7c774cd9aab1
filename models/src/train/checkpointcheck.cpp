// The limits are far above anything trained here (defaults: 64-wide encoders, ~4M parameters) and far below what
// would exhaust memory, so a damaged header is refused before a single large tensor is allocated.
#include "train/checkpointcheck.h"

#include <cmath>

#include "linkers/pairfeatures.h"
#include "mel/core/util/error.h"

namespace mel::models {

namespace {

constexpr double kMaxParameters = 1 << 28;  // 1 GiB of fp32 weights

[[noreturn]] void bad(const std::string& path, const std::string& field, const std::string& detail)
{
    throw core::Error(core::ErrorCode::Invalid, detail, {path, "config", field});
}

void range(const std::string& path, const char* field, double value, double lo, double hi)
{
    if (!std::isfinite(value) || value < lo || value > hi)
        bad(path, field, "value " + std::to_string(value) + " outside [" + std::to_string(lo) + ", " +
                             std::to_string(hi) + "]");
}

// A rough count of the weights the config asks for (dominant terms only).
double estimatedParameters(const ModelConfig& c, const Vocabulary& vocabulary, bool scriptedText)
{
    const double dt = c.text.dim, ff = c.text.ffn;
    double n = scriptedText ? 0.0 : static_cast<double>(vocabulary.totalIds()) * dt;
    n += c.text.maxLength * dt + c.text.layers * (4 * dt * dt + 2 * dt * ff);
    double in = 3;
    for (const int out : c.image.channels)
    {
        n += 9 * in * out;
        in = out;
    }
    n += 9 * in * c.image.dim + static_cast<double>(c.image.grid) * c.image.grid * c.image.dim;
    const double d = c.ghmf.dim, gf = c.ghmf.ffn;
    if (c.linker == "ghmf")
        n += 2 * 2 * c.ghmf.layers * (8 * d * d + 2 * d * gf) + 6 * d * d + 4 * d * d + d * c.ghmf.outDim;
    const double h = c.mimic.hidden;
    if (c.linker == "mimic")
        n += 6 * dt * h + 12 * h * h;
    return n;
}

} // namespace

void checkLoadableConfig(const ModelConfig& c, const Vocabulary& vocabulary, bool scriptedText,
                         const std::string& path)
{
    // The linker name itself is checked by makeLinkerModel (other linkers register there).
    range(path, "name_weight_init", c.nameWeightInit, -1e6, 1e6);
    range(path, "pair_feature_count", c.pairFeatureCount, 1, kPairFeatureCount);
    const auto& t = c.text;
    range(path, "text.dim", t.dim, 1, 4096);
    range(path, "text.heads", t.heads, 1, 64);
    if (t.dim % t.heads != 0)
        bad(path, "text.heads", "text.dim must be divisible by text.heads");
    range(path, "text.layers", t.layers, 0, 48);
    range(path, "text.ffn", t.ffn, 1, 16384);
    range(path, "text.dropout", t.dropout, 0, 0.99);
    range(path, "text.max_length", t.maxLength, 2, 4096);
    range(path, "text.buckets", t.buckets, 1, 1 << 24);
    range(path, "text.min_n", t.minN, 1, 32);
    range(path, "text.max_n", t.maxN, t.minN, 32);
    if (!scriptedText && (vocabulary.buckets() != t.buckets || vocabulary.minN() != t.minN ||
                          vocabulary.maxN() != t.maxN))
        bad(path, "text.buckets", "the vocabulary's n-gram settings differ from the config's");
    const auto& i = c.image;
    range(path, "image.image_size", i.imageSize, 8, 2048);
    range(path, "image.dim", i.dim, 1, 4096);
    range(path, "image.grid", i.grid, 1, 64);
    if (i.channels.size() > 8)
        bad(path, "image.channels", "more than 8 conv stages");
    for (const int ch : i.channels)
        range(path, "image.channels", ch, 1, 4096);
    if (i.mean.size() != 3 || i.std.size() != 3)
        bad(path, "image.mean", "mean and std need 3 values");
    for (int k = 0; k < 3; ++k)
    {
        range(path, "image.mean", i.mean[k], -1e3, 1e3);
        range(path, "image.std", i.std[k], 1e-6, 1e3);
    }
    const auto& g = c.ghmf;
    range(path, "ghmf.dim", g.dim, 1, 4096);
    range(path, "ghmf.heads", g.heads, 1, 64);
    if (g.dim % g.heads != 0)
        bad(path, "ghmf.heads", "ghmf.dim must be divisible by ghmf.heads");
    range(path, "ghmf.layers", g.layers, 1, 24);
    range(path, "ghmf.ffn", g.ffn, 1, 16384);
    range(path, "ghmf.dropout", g.dropout, 0, 0.99);
    range(path, "ghmf.out_dim", g.outDim, 1, 4096);
    range(path, "ghmf.max_tokens", g.maxTokens, 1, 4096);
    range(path, "ghmf.margin", g.margin, -100, 100);
    range(path, "ghmf.temperature", g.temperature, 1e-4, 1e4);
    range(path, "ghmf.contrastive_weight", g.contrastiveWeight, -1e4, 1e4);
    range(path, "ghmf.listwise_weight", g.listwiseWeight, -1e4, 1e4);
    range(path, "ghmf.listwise_temperature", g.listwiseTemperature, 1e-4, 1e4);
    range(path, "mimic.hidden", c.mimic.hidden, 1, 4096);
    range(path, "mimic.unit_scale", c.mimic.unitScale, -1e6, 1e6);
    const double parameters = estimatedParameters(c, vocabulary, scriptedText);
    if (parameters > kMaxParameters)
        bad(path, "", "the config asks for about " + std::to_string(static_cast<long long>(parameters)) +
                          " parameters (limit " + std::to_string(static_cast<long long>(kMaxParameters)) + ")");
}

std::map<std::string, TensorSpec> tensorSpecs(const torch::nn::Module& module)
{
    std::map<std::string, TensorSpec> out;
    for (const auto& item : module.named_parameters(true))
        out[item.key()] = {item.value().sizes().vec(), item.value().scalar_type()};
    for (const auto& item : module.named_buffers(true))
        out[item.key()] = {item.value().sizes().vec(), item.value().scalar_type()};
    return out;
}

void checkLoadedWeights(const torch::nn::Module& module, const std::map<std::string, TensorSpec>& expected,
                        const std::string& path)
{
    const auto loaded = tensorSpecs(module);
    if (loaded.size() != expected.size())
        throw core::Error(core::ErrorCode::Invalid, "the weights do not match the config (tensor count)",
                          {path, "weights", {}});
    for (const auto& [name, spec] : expected)
    {
        const auto it = loaded.find(name);
        if (it == loaded.end() || it->second.sizes != spec.sizes || it->second.dtype != spec.dtype)
            throw core::Error(core::ErrorCode::Invalid, "shape or type differs from what the config implies",
                              {path, "weights", name});
    }
    torch::NoGradGuard noGrad;
    for (const auto& item : module.named_parameters(true))
        if (item.value().is_floating_point() && !torch::isfinite(item.value()).all().item<bool>())
            throw core::Error(core::ErrorCode::Invalid, "holds NaN or infinite values", {path, "weights", item.key()});
}

} // namespace mel::models
