// One LN_out is applied both to the aggregated vector and to the query, as in the release.
#include "linkers/mimic/vdlu.h"

#include <cmath>

#include "mel/core/util/error.h"
#include "nn/masked.h"

namespace mel::models {

DualImpl::DualImpl(int hidden)
{
    cls = register_module("cls", torch::nn::Linear(hidden, hidden));
    tok = register_module("tok", torch::nn::Linear(hidden, hidden));
    fc = register_module("fc", torch::nn::Linear(hidden, hidden));
    gate = register_module("gate", torch::nn::Linear(hidden, 1));
    addNorm = register_module("add_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden})));
    outNorm = register_module("out_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden})));
}

DualOutput DualImpl::forward(const torch::Tensor& aGlobal, const torch::Tensor& bGlobal, const torch::Tensor& bPooled)
{
    auto a = cls(aGlobal);
    auto b = cls(bGlobal);
    auto c = fc(addNorm(tok(bPooled) + a));  // tok is affine, so tok(mean of patches) == mean of tok(patches)
    auto g = torch::tanh(gate(c));
    auto h = outNorm(g * c + b);
    return {(h * outNorm(a)).sum(-1), g.squeeze(-1)};
}

VdluImpl::VdluImpl(int hidden, bool attention) : VdluImpl(hidden, attention, 0, "image", "lse")
{
}

VdluImpl::VdluImpl(int hidden, bool attention, int textDim, std::string query_, std::string match_, int smooth_)
    : queryFrom(std::move(query_)), matchMode(std::move(match_)), smooth(smooth_)
{
    if (smooth < 0)
        throw core::Error(core::ErrorCode::Invalid, "mimic: vdlu_smooth must be >= 0");
    if (queryFrom != "image" && queryFrom != "text" && queryFrom != "both")
        throw core::Error(core::ErrorCode::Invalid, "mimic: vdlu_query must be \"image\", \"text\" or \"both\"");
    if (matchMode != "lse" && matchMode != "max")
        throw core::Error(core::ErrorCode::Invalid, "mimic: vdlu_match must be \"lse\" or \"max\"");
    if (attention && queryFrom != "image" && textDim < 1)
        throw core::Error(core::ErrorCode::Invalid, "mimic: a text vdlu_query needs the text width");
    entityToMention = register_module("e2m", Dual(hidden));
    mentionToEntity = register_module("m2e", Dual(hidden));
    if (attention)
    {
        if (queryFrom != "text")
            query = register_module("e2m_query", torch::nn::Linear(hidden, hidden));
        if (queryFrom != "image")
            textQuery = register_module("e2m_text_query", torch::nn::Linear(textDim, hidden));
        key = register_module("e2m_key", torch::nn::Linear(hidden, hidden));
    }
}

VdluOutput VdluImpl::forward(const torch::Tensor& mentionGlobal, const torch::Tensor& mentionPatches,
                             const torch::Tensor& mentionMask, const torch::Tensor& entityGlobal,
                             const torch::Tensor& entityPatches, const torch::Tensor& entityMask,
                             const torch::Tensor& columns, const torch::Tensor& entityText, int gridRows,
                             int gridCols)
{
    const auto B = columns.size(0), K = columns.size(1);
    const auto flat = columns.reshape({-1});
    auto pick = [&](const torch::Tensor& t) { return t.index_select(0, flat).view({B, K, t.size(1)}); };
    auto mGlobal = mentionGlobal.unsqueeze(1);                          // [B,1,h]
    auto mPooled = maskedMean(mentionPatches, mentionMask).unsqueeze(1);
    auto eGlobal = pick(entityGlobal);                                  // [B,K,h]
    auto ePooled = pick(maskedMean(entityPatches, entityMask));
    VdluOutput out;
    torch::Tensor match;
    if (!key.is_empty())
    {
        // Each candidate looks for itself among the mention's patches (its image global, or what its text says it
        // looks like): [B,K,P] over valid patches.
        torch::Tensor q;
        if (!query.is_empty())
            q = query(eGlobal);                                         // [B,K,h]
        if (!textQuery.is_empty())
        {
            if (!entityText.defined())
                throw std::logic_error("vdlu: a text query needs the candidates' text globals");
            auto t = textQuery(entityText.index_select(0, flat)).view({B, K, -1});
            q = q.defined() ? q + t : t;
        }
        auto k = key(mentionPatches);                                   // [B,P,h]
        auto logits = torch::matmul(q, k.transpose(1, 2)) / std::sqrt(static_cast<double>(q.size(-1)));
        const auto P = mentionPatches.size(1);
        if (smooth > 0 && gridRows > 1 && gridCols > 1 && P == static_cast<std::int64_t>(gridRows) * gridCols)
        {
            // Mean over the valid patches of each window: sum(logit * valid) / count(valid), by one average pool
            // of each (the padding and the masked patches count as zeros in both).
            namespace F = torch::nn::functional;
            const auto window = F::AvgPool2dFuncOptions(2 * smooth + 1).stride(1).padding(smooth);
            auto valid = mentionMask.to(logits.dtype()).view({B, 1, 1, gridRows, gridCols}).expand({B, K, 1, gridRows, gridCols});
            auto grid = (logits.view({B, K, 1, gridRows, gridCols}) * valid).reshape({B * K, 1, gridRows, gridCols});
            auto count = F::avg_pool2d(valid.reshape({B * K, 1, gridRows, gridCols}), window);
            logits = (F::avg_pool2d(grid, window) / count.clamp_min(1e-6)).view({B, K, P});
        }
        logits = logits.masked_fill(mentionMask.logical_not().unsqueeze(1), -1e9);
        auto alpha = torch::softmax(logits, -1);
        mPooled = torch::matmul(alpha, mentionPatches);                 // [B,K,h]
        out.e2mAttention = alpha;
        // The best match's strength joins E2M's score (a soft max over the patches), so the candidate that finds
        // itself somewhere in the mention image scores higher and the attention's peak is where it was found.
        // "max": the best patch alone decides (its gradient goes to that patch only), so the map's argmax is
        // exactly the patch the score came from.
        match = matchMode == "max" ? std::get<0>(logits.max(-1)) : torch::logsumexp(logits, -1);  // [B,K]
    }
    auto e2m = entityToMention(eGlobal, mGlobal, mPooled);              // entity query, mention image aggregated
    if (match.defined())
        e2m.score = e2m.score + match;
    auto m2e = mentionToEntity(mGlobal, eGlobal, ePooled);
    out.e2m = e2m.score;
    out.m2e = m2e.score;
    out.gateE2M = e2m.gate;
    out.gateM2E = m2e.gate;
    out.score = (out.e2m + out.m2e) / 2;
    return out;
}

} // namespace mel::models
