// GHMF(C) as a reranker: the mention query depends on surface + sentence + image, entities on name + attributes.
#include "linkers/ghmf/ghmfmodel.h"

#include "linkers/imagematch.h"

#include "mel/core/util/error.h"

namespace mel::models {

namespace {

torch::nn::Sequential projection(int in, int out, double dropout)
{
    return torch::nn::Sequential(torch::nn::Linear(in, out), torch::nn::ReLU(),
                                 torch::nn::LayerNorm(torch::nn::LayerNormOptions({out})),
                                 torch::nn::Dropout(dropout));
}

} // namespace

GhmfModelImpl::GhmfModelImpl(const ModelConfig& config, TextEncoder text, ImageEncoder image)
    : LinkerModelImpl(config, std::move(text), std::move(image)), m_ghmf(config.ghmf)
{
    const auto& g = m_ghmf;
    if (g.dim % g.heads != 0 || g.layers < 1 || g.maxTokens < 1 || g.outDim < 1)
        throw core::Error(core::ErrorCode::Invalid, "ghmf: dim divisible by heads, layers >= 1, maxTokens >= 1");
    if (g.entityImagePool != "mean" && g.entityImagePool != "max")
        throw core::Error(core::ErrorCode::Invalid, "ghmf: entity_image_pool must be \"mean\" or \"max\"");
    if (g.imageMatch != "none" && g.imageMatch != "max" && g.imageMatch != "attention")
        throw core::Error(core::ErrorCode::Invalid, "ghmf: image_match must be \"none\", \"max\" or \"attention\"");
    m_textProjection = register_module("text_projection", projection(m_text->dim(), g.dim, g.dropout));
    m_imageProjection = register_module("image_projection", projection(m_image->dim(), g.dim, g.dropout));
    m_word = register_module("word", CoAttention(g.layers, g.dim, g.heads, g.ffn, g.dropout));
    m_phrase = register_module("phrase", CoAttention(g.layers, g.dim, g.heads, g.ffn, g.dropout));
    m_ngram = register_module("ngram", NgramCnn(g.dim));
    m_fusion = register_module("fusion", GatedFusion(g.dim, g.dropout));
    m_dropout = register_module("dropout", torch::nn::Dropout(g.dropout));
    m_output = register_module("output", torch::nn::Linear(g.dim, g.outDim));
    m_entityProjection = register_module("entity_projection", torch::nn::Linear(m_text->dim(), g.outDim));
    m_entityImageProjection =
        register_module("entity_image_projection", torch::nn::Linear(m_image->dim(), g.outDim));
    if (g.imageMatch != "none")
        m_imageMatch =
            register_module("image_match", torch::nn::Linear(torch::nn::LinearOptions(g.dim, g.dim).bias(false)));

    // Xavier-uniform on every matrix of the fusion network, as the release initialises it.
    torch::NoGradGuard noGrad;
    for (auto* module : {static_cast<torch::nn::Module*>(m_word.get()), static_cast<torch::nn::Module*>(m_phrase.get()),
                         static_cast<torch::nn::Module*>(m_ngram.get()), static_cast<torch::nn::Module*>(m_fusion.get()),
                         static_cast<torch::nn::Module*>(m_output.get())})
        for (auto& p : module->parameters())
            if (p.dim() >= 2)
                torch::nn::init::xavier_uniform_(p);
}

EncodedSide GhmfModelImpl::mentionSide(TextFeatures text, ImageFeatures image, bool explain)
{
    auto txt = m_textProjection->forward(text.tokens);                  // [B,L,d]
    const auto end = std::min<std::int64_t>(txt.size(1), 1 + m_ghmf.maxTokens);
    auto seq = txt.slice(1, 1, end);                                     // CLS dropped
    auto mask = text.mask.slice(1, 1, end);
    auto img = m_imageProjection->forward(image.patches);              // [B,P,d]

    auto word = m_word(seq, mask, img, image.patchMask);
    auto phrase = m_phrase(m_ngram(seq, mask), mask, img, image.patchMask);
    auto fused = m_fusion->forward({word.text, phrase.text}, {word.image, phrase.image}, image.present);

    EncodedSide side;
    side.vector = m_output(m_dropout(fused.output));
    side.present = image.present;
    side.gridRows = image.gridRows;
    side.gridCols = image.gridCols;
    if (m_imageMatch)
    {
        // Text-guided (a patch can learn to stand out when its object is named), less the image's mean patch: what
        // sets each patch apart from the rest of its scene.
        side.patches = centredPatches(word.imagePatches, image.patchMask);
        side.patchMask = image.patchMask;
    }
    for (auto& row : text.labels)
    {
        std::vector<std::string> kept(row.begin() + std::min<std::size_t>(1, row.size()),
                                      row.begin() + std::min<std::size_t>(end, row.size()));
        side.labels.push_back(std::move(kept));
    }
    if (is_training())
        side.auxLoss = contrastive(txt, text.mask, img, image.patchMask, image.present);
    if (explain)
    {
        for (std::size_t l = 0; l < word.textToImage.size(); ++l)
        {
            side.attention.emplace_back("word/text->image#" + std::to_string(l), word.textToImage[l]);
            side.attention.emplace_back("word/image->text#" + std::to_string(l), word.imageToText[l]);
            side.attention.emplace_back("phrase/text->image#" + std::to_string(l), phrase.textToImage[l]);
            side.attention.emplace_back("phrase/image->text#" + std::to_string(l), phrase.imageToText[l]);
        }
        side.gates["text"] = fused.textGate;
        side.gates["image"] = fused.imageGate;
        // Levels are summed, not gated: show each level's share of the summed vector's norm.
        auto tw = word.text.norm(2, 1), tp = phrase.text.norm(2, 1);
        auto iw = word.image.norm(2, 1), ip = phrase.image.norm(2, 1);
        side.gates["text/word"] = tw / (tw + tp).clamp_min(1e-12);
        side.gates["text/phrase"] = tp / (tw + tp).clamp_min(1e-12);
        side.gates["image/word"] = iw / (iw + ip).clamp_min(1e-12);
        side.gates["image/phrase"] = ip / (iw + ip).clamp_min(1e-12);
    }
    return side;
}

EncodedSide GhmfModelImpl::entitySide(TextFeatures text, ImageFeatures image)
{
    EncodedSide side;
    // The release uses frozen text features only; here the entity image (or the learned no-image vector) adds in.
    // "max": the element-wise max over the valid patches (a row without an image has one valid position, the
    // learned no-image token, so it keeps a learned vector as with "mean").
    auto pooled = image.global;
    if (m_ghmf.entityImagePool == "max")
        pooled = image.patches.masked_fill(image.patchMask.logical_not().unsqueeze(-1), -1e9).amax(1);
    side.vector = m_entityProjection(text.global) + m_entityImageProjection(pooled);
    side.present = image.present;
    if (m_imageMatch)
    {
        // The reference image in the mention patches' space: its max-pooled patches less its mean patch, i.e. what
        // stands out of its background (the object), comparable with the mention's centred patches.
        auto projected = m_imageProjection->forward(image.patches);
        side.imageGlobal = referenceImage(projected, image.patchMask);
    }
    return side;
}

torch::Tensor GhmfModelImpl::contrastive(const torch::Tensor& text, const torch::Tensor& textMask,
                                         const torch::Tensor& image, const torch::Tensor& patchMask,
                                         const torch::Tensor& present) const
{
    auto rows = present.nonzero().view({-1});
    const auto n = rows.size(0);
    if (n < 2)
        return {};
    auto t = torch::nn::functional::normalize(
        maskedMean(text.index_select(0, rows), textMask.index_select(0, rows)),
        torch::nn::functional::NormalizeFuncOptions().dim(1));
    auto v = torch::nn::functional::normalize(
        maskedMean(image.index_select(0, rows), patchMask.index_select(0, rows)),
        torch::nn::functional::NormalizeFuncOptions().dim(1));
    auto z = torch::cat({t, v}, 0);                                     // [2n,d]
    auto sim = torch::matmul(z, z.t()) / m_ghmf.temperature;            // [2n,2n]
    auto partner = torch::cat({torch::arange(n, 2 * n), torch::arange(0, n)}).to(z.device());
    auto positive = sim.gather(1, partner.unsqueeze(1)).squeeze(1);
    // Denominator: every k other than i and its partner (the release subtracts the positive from the sum).
    auto exclude = torch::eye(2 * n, torch::TensorOptions().dtype(torch::kBool).device(z.device()));
    exclude = exclude.logical_or(torch::one_hot(partner, 2 * n).to(torch::kBool));
    auto negatives = torch::logsumexp(sim.masked_fill(exclude, -1e9), 1);
    return (negatives - positive).mean();
}

ScoreOutput GhmfModelImpl::score(const EncodedSide& mentions, const EncodedSide& entities,
                                 const torch::Tensor& columns, const torch::Tensor& features)
{
    namespace F = torch::nn::functional;
    auto q = F::normalize(mentions.vector, F::NormalizeFuncOptions().dim(1).eps(1e-8));
    auto e = F::normalize(entities.vector, F::NormalizeFuncOptions().dim(1).eps(1e-8));
    auto cosine = torch::matmul(q, e.t()).gather(1, columns);  // [B,E] is cheap here: one vector per side
    auto name = featureTerm(features);
    if (!m_imageMatch)
        return {cosine + name, {{"cosine", cosine}, {"features", name}}, {}};

    // The candidate's reference image against every text-guided mention patch (cosines [B,K,P]); the match is the
    // best patch's cosine ("max") or the cosines averaged under the candidate's softmax attention ("attention").
    // 0 when either side has no image.
    const auto m = matchImages(m_imageMatch, mentions, entities, columns, m_ghmf.imageMatch == "max");
    ScoreOutput out{cosine + m.match + name, {{"cosine", cosine}, {"image_match", m.match}, {"features", name}}, {}};
    out.extras["image_match_valid"] = m.valid;
    out.extras["image_match_map"] = m.map;
    return out;
}

torch::Tensor GhmfModelImpl::loss(const EncodedSide& mentions, const ScoreOutput& scores, const torch::Tensor& target,
                                  const torch::Tensor& valid)
{
    const auto& s = scores.total;
    auto total = candidateHinge(s, target, valid, m_ghmf.margin);
    if (m_ghmf.listwiseWeight != 0)
        total = total + m_ghmf.listwiseWeight * candidateCrossEntropy(s / m_ghmf.listwiseTemperature, target, valid);
    if (mentions.auxLoss.defined())
        total = total + m_ghmf.contrastiveWeight * mentions.auxLoss;
    return total;
}

void GhmfModelImpl::explain(const EncodedSide& mention, const EncodedSide& entities, const ScoreOutput& scores,
                            const std::vector<std::int64_t>& order, core::Explanation& out)
{
    const bool hasImage = mention.present.defined() && mention.present[0].item<bool>();
    const auto& tokens = mention.labels.empty() ? std::vector<std::string>{} : mention.labels[0];
    const auto Lt = static_cast<std::int64_t>(tokens.size());
    if (hasImage)
    {
        const auto P = static_cast<std::int64_t>(mention.gridRows) * mention.gridCols;
        const auto patches = patchLabels(mention.gridRows, mention.gridCols);
        for (const auto& [key, probs] : mention.attention)
        {
            const auto hash = key.find('#');
            const std::string name = key.substr(0, hash);
            const int layer = std::stoi(key.substr(hash + 1));
            auto avg = probs[0].mean(0);                                // heads averaged
            const bool textRows = name.find("text->image") != std::string::npos;
            if (textRows)
                out.attention.push_back(toAttentionMap(name, layer, avg.slice(0, 0, Lt).slice(1, 0, P), tokens,
                                                       patches, mention.gridRows, mention.gridCols));
            else
                out.attention.push_back(toAttentionMap(name, layer, avg.slice(0, 0, P).slice(1, 0, Lt), patches,
                                                       tokens, mention.gridRows, mention.gridCols));
        }
    }
    else
        out.notes.push_back("no image: the fusion used text only (image gate 0), no co-attention maps");
    explainTopImageMatch("ghmf", mention, scores, order, out);
    for (const auto& [name, gate] : mention.gates)
        out.gates[name] = gate[0].item<double>();

    putUnitScores(scores, order, out);
}

} // namespace mel::models
