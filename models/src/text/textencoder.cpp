// Both text encoders produce the same TextFeatures, so the linkers never know which one runs.
#include "text/textencoder.h"

#include <algorithm>

#include "mel/core/util/error.h"
#include "nn/scriptmodule.h"
#include "text/tokenizer.h"

namespace mel::models {

TextEncoderImpl::TextEncoderImpl(const TextEncoderConfig& config, Vocabulary vocabulary)
    : m_config(config), m_vocabulary(std::move(vocabulary))
{
    if (config.dim % config.heads != 0 || config.layers < 0 || config.maxLength < 2)
        throw core::Error(core::ErrorCode::Invalid, "text encoder: dim must be divisible by heads, maxLength >= 2");
    m_embedding = register_module(
        "embedding", torch::nn::EmbeddingBag(torch::nn::EmbeddingBagOptions(m_vocabulary.totalIds(), config.dim)
                                                 .mode(torch::kMean)
                                                 .padding_idx(Vocabulary::kPad)));
    m_position = register_module("position", torch::nn::Embedding(config.maxLength, config.dim));
    m_segment = register_module("segment", torch::nn::Embedding(2, config.dim));
    m_layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < config.layers; ++i)
        m_layers->push_back(TransformerLayer(config.dim, config.heads, config.ffn, config.dropout));
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.dim})));
    m_dropout = register_module("dropout", torch::nn::Dropout(config.dropout));

    torch::NoGradGuard noGrad;
    m_embedding->weight.normal_(0.0, 0.1);
    m_embedding->weight[Vocabulary::kPad].zero_();
    m_position->weight.normal_(0.0, 0.02);
    m_segment->weight.normal_(0.0, 0.02);
}

TextEncoderImpl::TextEncoderImpl(const TextEncoderConfig& config, std::string scriptBytes, const std::string& origin)
    : m_config(config), m_scriptBytes(std::move(scriptBytes)), m_origin(origin)
{
    m_script = loadScriptModule(m_scriptBytes, origin, torch::kCPU);
    if (!m_script->hasattr("vocab"))
        throw core::Error(core::ErrorCode::Invalid,
                          "TorchScript text encoder needs an attribute `vocab: List[str]` (its WordPiece vocabulary)",
                          {origin, {}, {}});
    std::vector<std::string> vocab;
    bool lower = true;
    try
    {
        for (const auto& item : m_script->attr("vocab").toListRef())
            vocab.push_back(item.toStringRef());
        if (m_script->hasattr("do_lower_case"))
            lower = m_script->attr("do_lower_case").toBool();
    }
    catch (const c10::Error&)
    {
        throw core::Error(core::ErrorCode::Invalid,
                          "TorchScript text encoder: `vocab` is not a List[str] or `do_lower_case` not a bool",
                          {origin, {}, {}});
    }
    m_wordPiece.emplace(std::move(vocab), lower);

    // Probe once to learn the output width H and to reject modules with the wrong contract now, not mid-training.
    torch::Tensor probe;
    try
    {
        torch::NoGradGuard noGrad;
        auto ids = torch::full({1, 2}, m_wordPiece->padId(), torch::kLong);
        probe = firstTensor(m_script->forward({ids, torch::ones({1, 2}, torch::kLong)}), origin);
    }
    catch (const c10::Error& e)
    {
        throw core::Error(core::ErrorCode::Invalid,
                          "TorchScript text encoder failed on a probe input (forward(ids [B,L] int64, mask [B,L] "
                          "int64) expected): " + firstLine(e.what_without_backtrace()),
                          {origin, {}, {}});
    }
    catch (const std::exception& e)
    {
        if (dynamic_cast<const core::Error*>(&e))
            throw;
        throw core::Error(core::ErrorCode::Invalid,
                          std::string("TorchScript text encoder failed on a probe input: ") + firstLine(e.what()),
                          {origin, {}, {}});
    }
    if (probe.dim() != 3 || probe.size(0) != 1 || probe.size(1) != 2 || probe.size(2) < 1 || probe.size(2) > 65536 ||
        !probe.is_floating_point())
        throw core::Error(core::ErrorCode::Invalid,
                          "TorchScript text encoder must return [B,L,H] floating-point features (H <= 65536), got " +
                              std::to_string(probe.dim()) + " dimensions",
                          {origin, {}, {}});
    m_adapter = register_module("adapter", torch::nn::Linear(probe.size(2), config.dim));
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.dim})));
}

torch::Device TextEncoderImpl::device() const
{
    return m_norm->weight.device();
}

void TextEncoderImpl::to(torch::Device device, bool nonBlocking)
{
    torch::nn::Module::to(device, nonBlocking);
    if (m_script)
        m_script->to(device, nonBlocking);
}

torch::Tensor TextEncoderImpl::embeddingWeight() const
{
    return m_embedding ? m_embedding->weight : torch::Tensor();
}

TextFeatures TextEncoderImpl::forward(const std::vector<TextInput>& inputs)
{
    TORCH_CHECK(!inputs.empty(), "text encoder: empty batch");
    return m_script ? forwardScript(inputs) : forwardScratch(inputs);
}

const TextEncoderImpl::Tokenized& TextEncoderImpl::tokenized(const TextInput& input)
{
    std::string key;
    key.reserve(input.first.size() + input.second.size() + 1);
    key.append(input.first).push_back('\x1f');
    key.append(input.second);
    if (const auto it = m_tokenCache.find(key); it != m_tokenCache.end())
        return it->second;
    auto seq = tokenizePair(input.first, input.second, m_config.maxLength);
    Tokenized t;
    t.starts.reserve(seq.tokens.size() + 1);
    for (const auto& token : seq.tokens)
    {
        t.starts.push_back(static_cast<std::int32_t>(t.ids.size()));
        m_vocabulary.appendTokenIds(token, t.ids);
    }
    t.starts.push_back(static_cast<std::int32_t>(t.ids.size()));
    t.tokens = std::move(seq.tokens);
    t.segments = std::move(seq.segments);
    return m_tokenCache.emplace(std::move(key), std::move(t)).first->second;
}

TextFeatures TextEncoderImpl::forwardScratch(const std::vector<TextInput>& inputs)
{
    const auto B = static_cast<std::int64_t>(inputs.size());
    std::vector<const Tokenized*> seqs;
    seqs.reserve(inputs.size());
    std::int64_t L = 0;
    std::lock_guard lock(m_tokenMutex);
    // ~100 MB at the default length; cleared (never while this batch holds pointers into it), not evicted.
    constexpr std::size_t kMaxCached = 300000;
    if (m_tokenCache.size() + inputs.size() > kMaxCached)
        m_tokenCache.clear();
    for (const auto& input : inputs)
    {
        seqs.push_back(&tokenized(input));
        L = std::max<std::int64_t>(L, static_cast<std::int64_t>(seqs.back()->tokens.size()));
    }

    std::vector<std::int64_t> ids, offsets, segments(B * L, 0);
    std::vector<std::uint8_t> mask(B * L, 0);
    std::size_t total = 0;
    for (const auto* seq : seqs)
        total += seq->ids.size() + static_cast<std::size_t>(L);
    ids.reserve(total);
    offsets.reserve(B * L);
    TextFeatures features;
    features.labels.reserve(inputs.size());
    for (std::int64_t b = 0; b < B; ++b)
    {
        const auto& seq = *seqs[b];
        const auto n = static_cast<std::int64_t>(seq.tokens.size());
        for (std::int64_t pos = 0; pos < L; ++pos)
        {
            offsets.push_back(static_cast<std::int64_t>(ids.size()));
            if (pos < n)
            {
                ids.insert(ids.end(), seq.ids.begin() + seq.starts[pos], seq.ids.begin() + seq.starts[pos + 1]);
                segments[b * L + pos] = seq.segments[pos];
                mask[b * L + pos] = 1;
            }
            else
                ids.push_back(Vocabulary::kPad);
        }
        features.labels.push_back(seq.tokens);
    }

    const auto dev = device();
    auto idsT = torch::from_blob(ids.data(), {static_cast<std::int64_t>(ids.size())}, torch::kLong).to(dev, /*non_blocking=*/false, /*copy=*/true);  // copies: the vectors die with this call, backward still needs them
    auto offT = torch::from_blob(offsets.data(), {static_cast<std::int64_t>(offsets.size())}, torch::kLong).to(dev, /*non_blocking=*/false, /*copy=*/true);
    auto segT = torch::from_blob(segments.data(), {B, L}, torch::kLong).to(dev, /*non_blocking=*/false, /*copy=*/true);
    features.mask = torch::from_blob(mask.data(), {B, L}, torch::kUInt8).to(torch::kBool).to(dev);

    auto x = m_embedding(idsT, offT).view({B, L, m_config.dim});
    x = x + m_position->weight.slice(0, 0, L).unsqueeze(0) + m_segment(segT);
    x = m_dropout(x);
    for (const auto& layer : *m_layers)
        x = layer->as<TransformerLayer>()->forward(x, features.mask);
    x = m_norm(x);
    features.tokens = x;
    features.global = x.select(1, 0);
    return features;
}

TextFeatures TextEncoderImpl::forwardScript(const std::vector<TextInput>& inputs)
{
    const auto B = static_cast<std::int64_t>(inputs.size());
    std::vector<std::vector<std::int64_t>> rows(inputs.size());
    TextFeatures features;
    features.labels.resize(inputs.size());
    std::int64_t L = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i)
    {
        m_wordPiece->encodePair(inputs[i].first, inputs[i].second, m_config.maxLength, rows[i], features.labels[i]);
        L = std::max<std::int64_t>(L, static_cast<std::int64_t>(rows[i].size()));
    }
    std::vector<std::int64_t> ids(B * L, m_wordPiece->padId()), mask(B * L, 0);
    for (std::int64_t b = 0; b < B; ++b)
        for (std::size_t pos = 0; pos < rows[b].size(); ++pos)
        {
            ids[b * L + pos] = rows[b][pos];
            mask[b * L + pos] = 1;
        }
    const auto dev = device();
    auto idsT = torch::from_blob(ids.data(), {B, L}, torch::kLong).to(dev, false, true);
    auto maskT = torch::from_blob(mask.data(), {B, L}, torch::kLong).to(dev, false, true);
    torch::Tensor hidden;
    {
        torch::NoGradGuard frozen;
        try
        {
            hidden = firstTensor(m_script->forward({idsT, maskT}), m_origin);
        }
        catch (const c10::Error& e)
        {
            throw core::Error(core::ErrorCode::Invalid,
                              "TorchScript text encoder failed: " + firstLine(e.what_without_backtrace()),
                              {m_origin, {}, {}});
        }
    }
    if (hidden.dim() != 3 || hidden.size(0) != B || hidden.size(1) != L)
        throw core::Error(core::ErrorCode::Invalid, "TorchScript text encoder returned a tensor of the wrong shape",
                          {m_origin, {}, {}});
    auto x = m_norm(m_adapter(hidden.to(torch::kFloat)));
    features.mask = maskT.to(torch::kBool);
    features.tokens = x;
    features.global = x.select(1, 0);
    return features;
}

} // namespace mel::models
