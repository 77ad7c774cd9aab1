// GEMEL-style encoder-decoder (spec/dwe-gemel-detail.md part C2): visual prefix + retrieval-augmented encoder input.
#include "linkers/gemel/gemelmodel.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "linkers/imagematch.h"
#include "mel/core/util/error.h"
#include "nn/masked.h"
#include "nn/scriptmodule.h"

namespace mel::models::gemel {

namespace {

// Softmax temperature of the attention prefix's query-key cosines.
constexpr double kPrefixTemperature = 0.1;

std::int64_t positionCount(const GemelConfig& g)
{
    return 4 + g.maxMention + g.maxDemoName + g.maxContext;
}

} // namespace

GemelModelImpl::GemelModelImpl(const ModelConfig& config, std::int64_t vocabularySize, ImageEncoder image,
                               std::string decoderScript, const std::string& decoderOrigin)
    : m_config(config), m_vocab(vocabularySize), m_scriptBytes(std::move(decoderScript)), m_origin(decoderOrigin)
{
    const auto& g = m_config.gemel;
    if (g.dim < 1 || g.heads < 1 || g.dim % g.heads != 0 || g.prefixTokens < 0 || g.demonstrations < 0 ||
        g.encoderLayers < 0 || g.decoderLayers < 1 || g.maxName < 1)
        throw core::Error(core::ErrorCode::Invalid, "gemel: dim must be a multiple of heads; layers, lengths >= 1",
                          {"model config", "gemel", {}});
    if (g.prefixSource != "global" && g.prefixSource != "attention")
        throw core::Error(core::ErrorCode::Invalid, "gemel: prefix_source must be \"global\" or \"attention\"",
                          {"model config", "gemel", "prefix_source"});
    const int d = g.dim;
    m_image = register_module("image", std::move(image));
    m_chars = register_module("chars", torch::nn::Embedding(torch::nn::EmbeddingOptions(m_vocab, d).padding_idx(0)));
    m_segments = register_module("segments", torch::nn::Embedding(2 + g.demonstrations, d));
    m_positions = register_module("positions", torch::nn::Embedding(positionCount(g), d));
    m_prefix = register_module("prefix", torch::nn::Linear(m_image->dim(), std::max(1, g.prefixTokens) * d));
    m_prefixPositions = register_parameter("prefix_positions", torch::randn({std::max(1, g.prefixTokens), d}) * 0.02);
    if (g.prefixSource == "attention")
    {
        const int di = m_image->dim();
        m_prefixQueryHidden = register_module("prefix_query_hidden", torch::nn::Linear(d, d));
        m_prefixQuery = register_module("prefix_query", torch::nn::Linear(d, di));
        m_prefixKey = register_module("prefix_key", torch::nn::Linear(di, di));
    }
    m_demoCosine = register_module("demo_cosine", torch::nn::Linear(1, d));
    m_layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < g.encoderLayers; ++i)
        m_layers->push_back(TransformerLayer(d, g.heads, g.ffn, g.dropout));
    m_encoderNorm = register_module("encoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
    m_dropout = register_module("dropout", torch::nn::Dropout(g.dropout));
    if (m_scriptBytes.empty())
    {
        m_key = register_module("key", torch::nn::Linear(d, d));
        m_value = register_module("value", torch::nn::Linear(d, d));
        m_gru = register_module("gru", torch::nn::GRU(torch::nn::GRUOptions(d, d)
                                                          .num_layers(g.decoderLayers)
                                                          .batch_first(true)
                                                          .dropout(g.decoderLayers > 1 ? g.dropout : 0.0)));
        m_init = register_module("init", torch::nn::Linear(d, d * g.decoderLayers));
        m_query = register_module("query", torch::nn::Linear(d, d));
        m_combine = register_module("combine", torch::nn::Linear(2 * d, d));
        m_out = register_module("out", torch::nn::Linear(d, m_vocab));
    }
    else
    {
        m_script = loadScriptModule(m_scriptBytes, m_origin, torch::kCPU);
        std::int64_t hidden = d;
        if (m_script->hasattr("hidden_size"))
            hidden = m_script->attr("hidden_size").toInt();
        m_out = register_module("out", torch::nn::Linear(hidden, m_vocab));
        // Check the contract once with a tiny input, so a wrong file fails at load time with its name.
        try
        {
            torch::NoGradGuard noGrad;
            auto out = firstTensor(m_script->forward({torch::zeros({1, 2, d}), torch::zeros({1, 3, d}),
                                                      torch::ones({1, 3}, torch::kBool)}),
                                   m_origin);
            if (out.dim() != 3 || out.size(0) != 1 || out.size(1) != 2 || out.size(2) != hidden)
                throw core::Error(core::ErrorCode::Invalid,
                                  m_origin + ": TorchScript decoder must return [B,T,hidden_size] for inputs [B,T," +
                                      std::to_string(d) + "]");
        }
        catch (const c10::Error& e)
        {
            throw core::Error(core::ErrorCode::Invalid,
                              m_origin + ": TorchScript decoder does not accept (inputs [B,T," + std::to_string(d) +
                                  "], memory [B,S," + std::to_string(d) + "], memory_mask [B,S] bool) (" +
                                  firstLine(e.what_without_backtrace()) + ")");
        }
        for (auto p : m_script->parameters())
            p.set_requires_grad(true);
    }
}

torch::Device GemelModelImpl::device() const
{
    return m_chars->weight.device();
}

void GemelModelImpl::to(torch::Device device, bool nonBlocking)
{
    torch::nn::Module::to(device, nonBlocking);
    m_image->to(device, nonBlocking);
    if (m_script)
        m_script->to(device, nonBlocking);
}

void GemelModelImpl::train(bool on)
{
    torch::nn::Module::train(on);
    if (m_script)
        m_script->train(on);
}

std::vector<torch::Tensor> GemelModelImpl::trainableParameters()
{
    std::vector<torch::Tensor> out;
    for (const auto& p : parameters())
        if (p.requires_grad())
            out.push_back(p);
    if (m_script)
        for (const auto& p : m_script->parameters())
            out.push_back(p);
    return out;
}

Memory GemelModelImpl::encode(const EncoderInput& input)
{
    const auto& g = m_config.gemel;
    const auto dev = device();
    const auto B = input.tokens.size(0);
    const double scale = std::sqrt(static_cast<double>(g.dim));
    auto x = m_chars(input.tokens.to(dev)) * scale + m_segments(input.segments.to(dev)) +
             m_positions(input.positions.to(dev)) + m_demoCosine(input.demoCosine.to(dev).unsqueeze(-1));
    auto mask = input.mask.to(dev);
    Memory memory;
    if (g.prefixTokens > 0)
    {
        // Text-only ablation (grounding bench): every mention reads as one without an image.
        const auto image = m_image->forward(m_config.ignoreImages ? std::vector<std::string>(input.images.size())
                                                                  : input.images);
        // GEMEL's P(v) = reshape(W v + b, [k, D]): one linear map from the image feature to k prefix embeddings;
        // v = the global feature, or the patches the mention attends to.
        const auto v = m_prefixQuery ? attendedImage(image, x, input, memory) : image.global;
        auto prefix = m_prefix(v).view({B, g.prefixTokens, g.dim});
        // The attention prefix is scaled as the characters are (sqrt(dim)), so the encoder's residual stream
        // carries it beside them (grounding bench, 4,000 x 8: Hits@1 0.540 -> 0.660 with it).
        if (m_prefixQuery)
            prefix = prefix * scale;
        prefix = prefix + m_prefixPositions;
        memory.prefixNorms = prefix.detach().norm(2, -1);
        memory.imagePresent = image.present;
        x = torch::cat({prefix, x}, 1);
        mask = torch::cat({torch::ones({B, g.prefixTokens}, mask.options()), mask}, 1);
    }
    x = m_dropout(x);
    for (const auto& layer : *m_layers)
        x = layer->as<TransformerLayerImpl>()->forward(x, mask);
    memory.states = m_encoderNorm(x);
    memory.mask = mask;
    return memory;
}

// The query is the mention's embedded characters (character + position; segment 0) averaged, through two layers;
// keys and values are the patches less the image's mean patch (what sets a cell apart from its scene, imagematch.h;
// the patches keep their learned positions), the keys through one layer. One softmax over the valid patches of the
// query-key cosines at temperature 0.1 (as the image match's). Grounding bench, 4,000 x 8 epochs (Hits@1, full
// model only): scaled dot product with raw patch values 0.330; cosine 0.370; cosine + centred values 0.540.
torch::Tensor GemelModelImpl::attendedImage(const ImageFeatures& image, const torch::Tensor& x,
                                            const EncoderInput& input, Memory& memory)
{
    const auto dev = device();
    const auto mention = input.segments.to(dev).eq(0).logical_and(input.mask.to(dev));                 // [B,S]
    const auto summary = maskedMean(x, mention);                                                        // [B,d]
    const auto query = m_prefixQuery(torch::tanh(m_prefixQueryHidden(summary)));                       // [B,di]
    namespace F = torch::nn::functional;
    const auto centred = centredPatches(image.patches, image.patchMask);                               // [B,P,di]
    const auto keys = F::normalize(m_prefixKey(centred), F::NormalizeFuncOptions().dim(-1).eps(1e-8));
    const auto q = F::normalize(query, F::NormalizeFuncOptions().dim(-1).eps(1e-8));
    const auto scores = torch::matmul(keys, q.unsqueeze(-1)).squeeze(-1) / kPrefixTemperature;        // [B,P]
    const auto attention = torch::softmax(scores.masked_fill(image.patchMask.logical_not(), -1e9), -1);
    memory.imageAttention = attention.detach();
    memory.gridRows = image.gridRows;
    memory.gridCols = image.gridCols;
    return torch::matmul(attention.unsqueeze(1), centred).squeeze(1);                                 // [B,di]
}

torch::Tensor GemelModelImpl::decode(const Memory& memory, const torch::Tensor& inputs)
{
    return m_out(hidden(memory, inputs));
}

torch::Tensor GemelModelImpl::hidden(const Memory& memory, const torch::Tensor& inputs)
{
    if (!m_script)
        return nativeHidden(memory, inputs);
    const auto N = inputs.size(0);
    auto embedded = m_chars(inputs.to(device())) * std::sqrt(static_cast<double>(m_config.gemel.dim));
    auto states = memory.states.size(0) == N ? memory.states : memory.states.expand({N, -1, -1}).contiguous();
    auto mask = memory.mask.size(0) == N ? memory.mask : memory.mask.expand({N, -1}).contiguous();
    return firstTensor(m_script->forward({embedded, states, mask}), m_origin);
}

// GRU over the name prefix (no input feeding, so teacher forcing runs in one call), then multi-head attention
// from each step to the encoder memory, combined as Luong's tanh(W [h; c]).
torch::Tensor GemelModelImpl::nativeHidden(const Memory& memory, const torch::Tensor& inputs)
{
    return nativeAttend(memory, nativeRecurrent(memory, inputs));
}

// Every GRU layer starts from a projection of the masked mean of the encoder memory.
torch::Tensor GemelModelImpl::initialState(const Memory& memory)
{
    auto maskF = memory.mask.to(torch::kFloat).unsqueeze(-1);
    auto pooled = (memory.states * maskF).sum(1) / maskF.sum(1).clamp_min(1.0);                     // [Bm,d]
    return torch::tanh(m_init(pooled));                                                              // [Bm,layers*d]
}

torch::Tensor GemelModelImpl::nativeRecurrent(const Memory& memory, const torch::Tensor& inputs)
{
    const auto& g = m_config.gemel;
    const auto N = inputs.size(0), d = static_cast<std::int64_t>(g.dim);
    const auto Bm = memory.states.size(0);
    auto h0 = initialState(memory).view({Bm, g.decoderLayers, d}).transpose(0, 1);                  // [layers,Bm,d]
    if (Bm != N)
        h0 = h0.expand({g.decoderLayers, N, d});
    auto x = m_dropout(m_chars(inputs.to(device())) * std::sqrt(static_cast<double>(d)));
    return std::get<0>(m_gru(x, h0.contiguous()));                                                   // [N,T,d]
}

torch::Tensor GemelModelImpl::nativeAttend(const Memory& memory, const torch::Tensor& h)
{
    const auto& g = m_config.gemel;
    const auto N = h.size(0), T = h.size(1), d = static_cast<std::int64_t>(g.dim);
    const auto M = memory.states.size(1);
    const auto Bm = memory.states.size(0);
    const auto heads = static_cast<std::int64_t>(g.heads), dk = d / heads;
    auto q = m_query(h).view({N, T, heads, dk}).transpose(1, 2);                                     // [N,h,T,dk]
    auto k = m_key(memory.states).view({Bm, M, heads, dk}).transpose(1, 2);                          // [Bm,h,M,dk]
    auto v = m_value(memory.states).view({Bm, M, heads, dk}).transpose(1, 2);
    auto scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(dk));       // [N,h,T,M]
    scores = scores.masked_fill(memory.mask.logical_not().view({Bm, 1, 1, M}), -1e9);
    auto context = torch::matmul(torch::softmax(scores, -1), v).transpose(1, 2).reshape({N, T, d});
    auto combined = torch::tanh(m_combine(torch::cat({h, context}, -1)));
    return m_dropout(combined);
}

torch::Tensor GemelModelImpl::decodePrefixes(const Memory& memory, const PrefixTree& tree, const torch::Tensor& outputs)
{
    if (memory.states.size(0) != 1)
        throw core::Error(core::ErrorCode::Invalid, "gemel: decodePrefixes scores one mention's names (memory rows 1)");
    const auto P = static_cast<std::int64_t>(tree.parent.size());
    if (static_cast<std::int64_t>(tree.last.size()) != P || static_cast<std::int64_t>(tree.at.size()) != P)
        throw core::Error(core::ErrorCode::Invalid, "gemel: decodePrefixes needs parent, last and at per prefix");
    const auto dev = device();
    const auto ids = outputs.to(dev);
    torch::Tensor h;  // [P,H]
    if (m_script)
    {
        // A TorchScript decoder only takes whole sequences: run the teacher-forced rows, read the prefixes.
        const auto full = hidden(memory, tree.inputs);
        h = full.reshape({-1, full.size(2)}).index_select(0, torch::tensor(tree.at, torch::kLong).to(dev));
    }
    else
        h = nativeAttend(memory, nativePrefixRecurrent(memory, tree).unsqueeze(0)).squeeze(0);
    return torch::nn::functional::linear(h, m_out->weight.index_select(0, ids), m_out->bias.index_select(0, ids));
}

// The GRU stepped once per prefix, breadth first: the prefixes of one depth are one batch, each continuing its
// parent's state (the root: the state every name starts from). The same cell as nn::GRU's steps.
torch::Tensor GemelModelImpl::nativePrefixRecurrent(const Memory& memory, const PrefixTree& tree)
{
    const auto& g = m_config.gemel;
    const auto P = tree.parent.size();
    const auto d = static_cast<std::int64_t>(g.dim);
    const auto dev = device();
    // Parents come before their children, so one pass gives the depths.
    std::vector<std::size_t> depth(P, 0);
    std::size_t maxDepth = 0;
    for (std::size_t p = 0; p < P; ++p)
    {
        const auto parent = tree.parent[p];
        if ((p == 0) != (parent < 0) || parent >= static_cast<std::int64_t>(p))
            throw core::Error(core::ErrorCode::Invalid, "gemel: prefix tree parents must precede their children");
        depth[p] = p == 0 ? 0 : depth[static_cast<std::size_t>(parent)] + 1;
        maxDepth = std::max(maxDepth, depth[p]);
    }
    // Breadth-first rank of each prefix; level l holds ranks [start[l], start[l + 1]).
    std::vector<std::size_t> order(P);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return depth[a] < depth[b]; });
    std::vector<std::int64_t> rank(P);
    std::vector<std::int64_t> start(maxDepth + 2, static_cast<std::int64_t>(P));
    std::vector<std::int64_t> lastOrdered(P);
    for (std::size_t i = P; i-- > 0;)
    {
        rank[order[i]] = static_cast<std::int64_t>(i);
        start[depth[order[i]]] = static_cast<std::int64_t>(i);
        lastOrdered[i] = tree.last[order[i]];
    }
    // Each prefix's parent as a row of the previous level.
    std::vector<torch::Tensor> parentRow(maxDepth + 1);
    for (std::size_t level = 1; level <= maxDepth; ++level)
    {
        std::vector<std::int64_t> rows;
        for (auto i = start[level]; i < start[level + 1]; ++i)
            rows.push_back(rank[static_cast<std::size_t>(tree.parent[order[static_cast<std::size_t>(i)]])] -
                           start[level - 1]);
        parentRow[level] = torch::tensor(rows, torch::kLong).to(dev);
    }
    auto h0 = initialState(memory).view({g.decoderLayers, d});                                      // [layers,d]
    auto x = m_dropout(m_chars(torch::tensor(lastOrdered, torch::kLong).to(dev)) * std::sqrt(static_cast<double>(d)));
    const auto params = m_gru->named_parameters();
    for (int layer = 0; layer < g.decoderLayers; ++layer)
    {
        const auto suffix = "_l" + std::to_string(layer);
        const auto& wIh = params["weight_ih" + suffix];
        const auto& wHh = params["weight_hh" + suffix];
        const auto& bIh = params["bias_ih" + suffix];
        const auto& bHh = params["bias_hh" + suffix];
        std::vector<torch::Tensor> levels;
        for (std::size_t level = 0; level <= maxDepth; ++level)
        {
            const auto count = start[level + 1] - start[level];
            const auto previous = level == 0 ? h0[layer].unsqueeze(0).expand({count, d}).contiguous()
                                             : levels.back().index_select(0, parentRow[level]);
            levels.push_back(torch::gru_cell(x.narrow(0, start[level], count), previous, wIh, wHh, bIh, bHh));
        }
        x = torch::cat(levels, 0);
        if (layer + 1 < g.decoderLayers && g.dropout > 0)
            x = torch::dropout(x, g.dropout, is_training());
    }
    return x.index_select(0, torch::tensor(rank, torch::kLong).to(dev));  // back to the caller's order
}

} // namespace mel::models::gemel
