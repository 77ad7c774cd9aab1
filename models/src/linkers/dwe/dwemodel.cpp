// DWE as a reranker over the candidate list; from-scratch encoders replace the frozen CLIP features of the release.
#include "linkers/dwe/dwemodel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "linkers/imagematch.h"
#include "mel/core/util/error.h"
#include "nn/masked.h"
#include "text/tokenizer.h"

namespace mel::models {

namespace {

namespace F = torch::nn::functional;

torch::nn::Sequential projection(int in, int out, double dropout)
{
    return torch::nn::Sequential(torch::nn::Linear(in, out), torch::nn::ReLU(),
                                 torch::nn::LayerNorm(torch::nn::LayerNormOptions({out})),
                                 torch::nn::Dropout(dropout));
}

torch::nn::LayerNorm layerNorm(int dim)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}));
}

// [B,L] masks of the first segment ([CLS] first [SEP] ...: surface or entity name) from the token labels; a row
// without a [SEP] label (an unusual TorchScript vocabulary) uses every real token.
torch::Tensor firstSegment(const std::vector<std::vector<std::string>>& labels, const torch::Tensor& mask)
{
    const auto B = mask.size(0), L = mask.size(1);
    auto out = torch::zeros({B, L}, torch::kBool);
    auto* p = out.data_ptr<bool>();
    for (std::int64_t b = 0; b < B && b < static_cast<std::int64_t>(labels.size()); ++b)
    {
        const auto& row = labels[static_cast<std::size_t>(b)];
        const auto sep = std::find(row.begin() + std::min<std::size_t>(1, row.size()), row.end(), kSepToken);
        const auto end = std::min<std::int64_t>(L, sep - row.begin());
        for (std::int64_t i = 1; i < end; ++i)
            p[b * L + i] = true;
    }
    out = out.to(mask.device());
    auto any = out.any(1, true);
    return torch::where(any, out, mask);
}

const torch::Tensor& unit(const ScoreOutput& scores, const char* name)
{
    for (const auto& [key, value] : scores.units)
        if (key == name)
            return value;
    throw std::logic_error(std::string("dwe: missing unit score ") + name);
}

const torch::Tensor* attentionOf(const EncodedSide& side, const std::string& name)
{
    for (const auto& [key, value] : side.attention)
        if (key == name)
            return &value;
    return nullptr;
}

std::string faceLabel(std::size_t i, const float* box)
{
    char text[96];
    std::snprintf(text, sizeof text, "face %zu (%.0f,%.0f %.0fx%.0f)", i + 1, box[0], box[1], box[2], box[3]);
    return text;
}

} // namespace

DweModelImpl::DweModelImpl(const ModelConfig& config, TextEncoder text, ImageEncoder image)
    : LinkerModelImpl(config, std::move(text), std::move(image)), m_dwe(config.dwe),
      m_faces(std::make_shared<FaceCache>(config.dwe.faces, config.dwe.maxFaces))
{
    const int h = m_dwe.hidden;
    if (h < 1 || m_dwe.heads < 1 || h % m_dwe.heads != 0 || m_dwe.maxFaces < 0 || !(m_dwe.logitScale > 0) ||
        !(m_dwe.featureScale > 0))
        throw core::Error(core::ErrorCode::Invalid,
                          "dwe: hidden divisible by heads, maxFaces >= 0, logitScale > 0 and featureScale > 0 required",
                          {"model config", "dwe", {}});
    if (m_dwe.imageMatch != "none" && m_dwe.imageMatch != "max" && m_dwe.imageMatch != "attention")
        throw core::Error(core::ErrorCode::Invalid, "dwe: image_match must be \"none\", \"max\" or \"attention\"",
                          {"model config", "dwe", {}});
    const double p = m_dwe.dropout;
    m_textProjection = register_module("text_projection", projection(m_text->dim(), h, p));
    m_imageProjection = register_module("image_projection", projection(m_image->dim(), h, p));
    m_textEnhancer = register_module("text_enhancer", CrossEnhancer(h, m_dwe.heads, p));
    m_imageEnhancer = register_module("image_enhancer", CrossEnhancer(h, m_dwe.heads, p));
    m_textQuery = register_module("text_query", MultiHeadAttention(h, m_dwe.heads, 0.0));
    m_imageQuery = register_module("image_query", MultiHeadAttention(h, m_dwe.heads, 0.0));
    m_faceQuery = register_module("face_query", MultiHeadAttention(h, m_dwe.heads, 0.0));
    m_entityPool = register_module("entity_pool", MultiHeadAttention(h, m_dwe.heads, 0.0));
    m_faceGeometry = register_module("face_geometry", torch::nn::Linear(4, h));
    m_faceNorm = register_module("face_norm", layerNorm(h));
    m_noFace = register_parameter("no_face", torch::randn({h}) * 0.02);
    m_sceneProjection = register_module("scene_projection", torch::nn::Linear(m_image->dim(), h));
    m_sceneGate = register_module("scene_gate", torch::nn::Linear(2 * h, 1));
    m_textNorm = register_module("text_norm", layerNorm(h));
    m_visualNorm = register_module("visual_norm", layerNorm(h));
    m_entityNorm = register_module("entity_norm", layerNorm(h));
    m_textOut = register_module("text_out", torch::nn::Linear(h, h));
    m_visualOut = register_module("visual_out", torch::nn::Linear(h, h));
    m_entityOut = register_module("entity_out", torch::nn::Linear(h, h));
    m_dropout = register_module("dropout", torch::nn::Dropout(p));
    if (m_dwe.imageMatch != "none")
        m_imageMatch = register_module("image_match", torch::nn::Linear(torch::nn::LinearOptions(h, h).bias(false)));
    m_queryLogits = register_parameter("query_logits", torch::zeros({2}));
    m_logScale = register_parameter("log_scale", torch::full({1}, std::log(m_dwe.logitScale)), m_dwe.learnScale);

    // Xavier-uniform on every matrix of the DWE head, as the release initialises its model.
    torch::NoGradGuard noGrad;
    // The string-match term is added to scaled cosines: start its name weight on the same scale, so the first
    // steps rank like the candidate generator instead of like random queries.
    m_featureHead->weight[0][0] = config.nameWeightInit * m_dwe.logitScale / m_dwe.featureScale;
    for (auto& item : named_parameters())
    {
        const auto& name = item.key();
        if (item.value().dim() >= 2 && name.rfind("text.", 0) != 0 && name.rfind("image.", 0) != 0 &&
            name.rfind("feature_head", 0) != 0)
            torch::nn::init::xavier_uniform_(item.value());
    }
}

torch::Tensor DweModelImpl::queryWeights() const
{
    return torch::softmax(m_queryLogits, 0);
}

torch::Tensor DweModelImpl::scale() const
{
    return m_logScale.exp().clamp_max(100.0);
}

EncodedSide DweModelImpl::encodeMentions(const std::vector<core::MentionQuery>& mentions, bool explain)
{
    std::vector<TextInput> texts;
    std::vector<std::string> images;
    std::vector<std::vector<RelativeBox>> faces;
    std::vector<std::vector<core::BoundingBox>> pixels;
    for (const auto& m : mentions)
    {
        texts.push_back({m.surface, m.text});
        // Text-only ablation: no pixels, no faces, no scene; the mention reads as one without an image.
        const std::string path = m_config.ignoreImages ? std::string() : m.imagePath;
        images.push_back(path);
        faces.push_back(m_faces->faces(path));
        pixels.push_back(explain ? m_faces->pixelFaces(path) : std::vector<core::BoundingBox>{});
    }
    return mentionWithFaces(m_text(texts), m_image(images), faces, pixels, explain);
}

EncodedSide DweModelImpl::mentionSide(TextFeatures text, ImageFeatures image, bool explain)
{
    const auto B = static_cast<std::size_t>(text.tokens.size(0));
    return mentionWithFaces(std::move(text), std::move(image), std::vector<std::vector<RelativeBox>>(B),
                            std::vector<std::vector<core::BoundingBox>>(B), explain);
}

EncodedSide DweModelImpl::mentionWithFaces(TextFeatures text, ImageFeatures image,
                                           const std::vector<std::vector<RelativeBox>>& faces,
                                           const std::vector<std::vector<core::BoundingBox>>& pixelFaces,
                                           bool explain)
{
    const auto device = text.tokens.device();
    const auto B = text.tokens.size(0);
    const auto h = static_cast<std::int64_t>(m_dwe.hidden);

    auto T = m_textProjection->forward(text.tokens);                       // [B,L,h]
    const auto& textMask = text.mask;
    auto M = maskedMean(T, firstSegment(text.labels, textMask));             // [B,h]: the mention words
    auto V = m_imageProjection->forward(image.patches);                      // [B,P,h]
    const auto& patchMask = image.patchMask;
    auto present = image.present.to(torch::kFloat);                          // [B]

    // Dual-way cross-modal enhancers.
    auto textEnhanced = m_textEnhancer(T, V, patchMask, present);
    auto imageEnhanced = m_imageEnhancer(V, T, textMask);

    // Face regions: pooled from the enhanced patch grid over each box, plus the box geometry.
    const auto P = V.size(1);
    const bool gridMatches = static_cast<std::int64_t>(image.gridRows) * image.gridCols == P;
    std::int64_t S = 1;
    for (std::int64_t b = 0; b < B; ++b)
        S = std::max<std::int64_t>(S, static_cast<std::int64_t>(faces.at(static_cast<std::size_t>(b)).size()));
    auto weights = torch::zeros({B, S, P});
    auto geometry = torch::zeros({B, S, 4});
    auto faceMask = torch::zeros({B, S}, torch::kBool);
    auto hasFace = torch::zeros({B}, torch::kBool);
    auto boxes = torch::zeros({B, 1, S, 4});
    auto presentCpu = image.present.to(torch::kCPU);
    for (std::int64_t b = 0; b < B; ++b)
    {
        const auto& rowFaces = faces[static_cast<std::size_t>(b)];
        if (rowFaces.empty() || !gridMatches || !presentCpu[b].item<bool>())
        {
            faceMask[b][0] = true;  // the learned no-face slot
            continue;
        }
        hasFace[b] = true;
        const auto n = static_cast<std::int64_t>(rowFaces.size());
        weights[b].slice(0, 0, n).copy_(faceGridWeights(rowFaces, image.gridRows, image.gridCols));
        for (std::int64_t s = 0; s < n; ++s)
        {
            geometry[b][s].copy_(boxGeometry(rowFaces[static_cast<std::size_t>(s)]));
            faceMask[b][s] = true;
        }
        const auto& px = pixelFaces.at(static_cast<std::size_t>(b));
        for (std::size_t s = 0; s < px.size() && static_cast<std::int64_t>(s) < S; ++s)
            boxes[b][0][static_cast<std::int64_t>(s)].copy_(
                torch::tensor({px[s].x, px[s].y, px[s].w, px[s].h}, torch::kFloat));
    }
    weights = weights.to(device);
    geometry = geometry.to(device);
    faceMask = faceMask.to(device);
    hasFace = hasFace.to(device);
    auto faceFeatures = m_faceNorm(torch::matmul(weights, imageEnhanced.output) + m_faceGeometry(geometry));
    faceFeatures = torch::where(hasFace.view({B, 1, 1}), faceFeatures, m_noFace.view({1, 1, h}).expand({B, S, h}));

    // The mention asks each enhanced view.
    auto query = M.unsqueeze(1);
    auto textAttended = m_textQuery(query, textEnhanced.output, textEnhanced.output, textMask);
    auto imageAttended = m_imageQuery(query, imageEnhanced.output, imageEnhanced.output, patchMask);
    auto faceAttended = m_faceQuery(query, faceFeatures, faceFeatures, faceMask);
    auto scene = m_sceneProjection(image.global);                                   // [B,h]
    auto sceneGate = torch::sigmoid(m_sceneGate(torch::cat({M, scene}, 1)));          // [B,1]

    auto pf = present.unsqueeze(1);
    auto textPart = textAttended.output.squeeze(1);
    auto imagePart = imageAttended.output.squeeze(1) * pf;
    // An image without a detected face contributes the learned no-face slot ("nobody is pictured" is a signal).
    auto facePart = faceAttended.output.squeeze(1) * pf;
    auto scenePart = sceneGate * scene * pf;
    auto textQuery = m_textOut(m_dropout(m_textNorm(M + textPart)));
    auto visualQuery = m_visualOut(m_dropout(m_visualNorm(M + imagePart + facePart + scenePart)));

    EncodedSide side;
    side.vector = torch::stack({textQuery, visualQuery}, 1);                        // [B,2,h]
    side.present = image.present;
    if (m_imageMatch)
    {
        // Patches that have read the text (the named object can stand out), less the image's mean patch.
        side.patches = centredPatches(imageEnhanced.output, patchMask);
        side.patchMask = patchMask;
    }
    side.gridRows = image.gridRows;
    side.gridCols = image.gridCols;
    side.labels = std::move(text.labels);
    if (explain)
    {
        side.attention.emplace_back("enhancer/text->image", textEnhanced.probs);
        side.attention.emplace_back("enhancer/image->text", imageEnhanced.probs);
        side.attention.emplace_back("query/mention->text", textAttended.probs);
        side.attention.emplace_back("query/mention->image", imageAttended.probs);
        side.attention.emplace_back("query/mention->faces", faceAttended.probs);
        side.attention.emplace_back("#face_boxes", boxes.to(device));  // [B,1,S,4] pixel boxes, not attention
        // Each enhancement's share of its query before the output layer (norms of the summed parts).
        auto share = [&](const std::vector<std::pair<std::string, torch::Tensor>>& parts, const std::string& prefix) {
            std::vector<torch::Tensor> norms;
            for (const auto& part : parts)
                norms.push_back(part.second.norm(2, 1));
            auto total = torch::stack(norms, 0).sum(0).clamp_min(1e-12);
            for (std::size_t i = 0; i < parts.size(); ++i)
                side.gates[prefix + parts[i].first] = norms[i] / total;
        };
        share({{"mention", M}, {"text enhancer", textPart}}, "contribution/text query/");
        share({{"mention", M}, {"image enhancer", imagePart}, {"faces", facePart}, {"scene", scenePart}},
              "contribution/visual query/");
        side.gates["scene gate"] = sceneGate.squeeze(1);
    }
    return side;
}

EncodedSide DweModelImpl::entitySide(TextFeatures text, ImageFeatures image)
{
    // The release matches against text features of the KB description only; entity images are used only by the
    // image match (DweConfig::imageMatch): the reference image's projected patches, max-pooled.
    auto T = m_textProjection->forward(text.tokens);
    auto name = maskedMean(T, firstSegment(text.labels, text.mask));               // [B,h]
    auto pooled = m_entityPool(name.unsqueeze(1), T, T, text.mask).output.squeeze(1);  // name reads its description
    EncodedSide side;
    side.vector = m_entityOut(m_dropout(m_entityNorm(name + pooled + T.select(1, 0))));
    if (m_imageMatch)
    {
        // What stands out of the reference image's background: max-pooled patches less the mean patch.
        auto projected = m_imageProjection->forward(image.patches);
        side.imageGlobal = referenceImage(projected, image.patchMask);
        side.present = image.present;
    }
    return side;
}

ScoreOutput DweModelImpl::score(const EncodedSide& mentions, const EncodedSide& entities,
                                const torch::Tensor& columns, const torch::Tensor& features)
{
    const auto B = columns.size(0), K = columns.size(1);
    auto q = F::normalize(mentions.vector, F::NormalizeFuncOptions().dim(-1).eps(1e-8));   // [B,2,h]
    auto e = F::normalize(entities.vector, F::NormalizeFuncOptions().dim(-1).eps(1e-8));   // [E,h]
    auto picked = e.index_select(0, columns.reshape({-1})).view({B, K, -1});                 // [B,K,h]
    auto cosine = torch::matmul(q, picked.transpose(1, 2));                                  // [B,2,K]
    auto cosText = cosine.select(1, 0);
    auto present = mentions.present.to(cosine.dtype()).unsqueeze(1);                         // [B,1]
    auto cosVisual = cosine.select(1, 1) * present;
    auto w = queryWeights();
    auto mixed = (w[0] * cosText + w[1] * cosVisual) / (w[0] + w[1] * present);
    auto name = m_dwe.featureScale * featureTerm(features);
    ScoreOutput out;
    out.total = scale() * mixed + name;
    out.units = {{"text_query", cosText}, {"visual_query", cosVisual}, {"features", name}};
    out.extras["visual_valid"] = mentions.present.unsqueeze(1).expand({B, K});
    if (m_imageMatch)
    {
        // The candidate's reference image against every enhanced mention patch (cosines [B,K,P]): the best patch
        // ("max") or the cosines under the candidate's softmax attention ("attention"), scaled like the queries.
        const auto m = matchImages(m_imageMatch, mentions, entities, columns, m_dwe.imageMatch == "max");
        out.total = out.total + scale() * m.match;
        out.units.insert(out.units.end() - 1, {"image_match", m.match});
        out.extras["image_match_valid"] = m.valid;
        out.extras["image_match_map"] = m.map;
    }
    return out;
}

torch::Tensor DweModelImpl::loss(const EncodedSide& mentions, const ScoreOutput& scores, const torch::Tensor& target,
                                 const torch::Tensor& valid)
{
    const auto s = scale();
    auto total = candidateCrossEntropy(scores.total, target, valid);
    if (m_dwe.tripletWeight != 0)
        total = total + m_dwe.tripletWeight * candidateHinge(scores.total, target, valid, m_dwe.tripletMargin);
    if (m_dwe.unitLossWeight > 0)
    {
        auto units = candidateCrossEntropy(s * unit(scores, "text_query"), target, valid);
        auto rows = mentions.present.nonzero().view({-1});
        if (rows.numel() > 0)
            units = units + candidateCrossEntropy((s * unit(scores, "visual_query")).index_select(0, rows),
                                               target.index_select(0, rows), valid.index_select(0, rows));
        total = total + m_dwe.unitLossWeight * units;
    }
    auto rows = mentions.present.nonzero().view({-1});
    if (m_dwe.alignWeight > 0 && rows.numel() >= 2)
    {
        // DWE's fine contrastive term: a mention's text and visual queries belong together within the batch.
        auto q = F::normalize(mentions.vector.index_select(0, rows), F::NormalizeFuncOptions().dim(-1));
        auto logits = s * torch::matmul(q.select(1, 0), q.select(1, 1).t());
        auto labels = torch::arange(rows.numel(), torch::TensorOptions().dtype(torch::kLong).device(logits.device()));
        total = total + m_dwe.alignWeight * 0.5 * (F::cross_entropy(logits, labels) + F::cross_entropy(logits.t(), labels));
    }
    return total;
}

void DweModelImpl::explain(const EncodedSide& mention, const EncodedSide& entities, const ScoreOutput& scores,
                           const std::vector<std::int64_t>& order, core::Explanation& out)
{
    (void)entities;
    const auto& tokens = mention.labels.empty() ? std::vector<std::string>{} : mention.labels[0];
    const auto Lt = static_cast<std::int64_t>(tokens.size());
    const bool hasImage = mention.present.defined() && mention.present[0].item<bool>();
    const auto P = static_cast<std::int64_t>(mention.gridRows) * mention.gridCols;
    const auto patches = patchLabels(mention.gridRows, mention.gridCols);
    auto averaged = [&](const char* name) { return (*attentionOf(mention, name))[0].mean(0); };  // [Lq,Lk]

    out.attention.push_back(toAttentionMap("query/mention->text", 0, averaged("query/mention->text").slice(1, 0, Lt),
                                           {"[mention]"}, tokens, 0, 0));
    if (hasImage && P > 0)
    {
        out.attention.push_back(toAttentionMap("enhancer/text->image", 0,
                                               averaged("enhancer/text->image").slice(0, 0, Lt).slice(1, 0, P), tokens,
                                               patches, mention.gridRows, mention.gridCols));
        out.attention.push_back(toAttentionMap("enhancer/image->text", 0,
                                               averaged("enhancer/image->text").slice(0, 0, P).slice(1, 0, Lt), patches,
                                               tokens, mention.gridRows, mention.gridCols));
        out.attention.push_back(toAttentionMap("query/mention->image", 0,
                                               averaged("query/mention->image").slice(1, 0, P), {"[mention]"}, patches,
                                               mention.gridRows, mention.gridCols));
        const auto boxes =
            attentionOf(mention, "#face_boxes")->select(0, 0).select(0, 0).to(torch::kCPU, torch::kFloat).contiguous();
        std::vector<std::string> faceLabels;
        for (std::int64_t s = 0; s < boxes.size(0); ++s)
        {
            const float* box = boxes[s].data_ptr<float>();
            if (box[2] > 0 && box[3] > 0)
                faceLabels.push_back(faceLabel(static_cast<std::size_t>(s), box));
        }
        if (!faceLabels.empty())
        {
            const auto n = static_cast<std::int64_t>(faceLabels.size());
            out.attention.push_back(toAttentionMap("query/mention->faces", 0,
                                                   averaged("query/mention->faces").slice(1, 0, n), {"[mention]"},
                                                   faceLabels, 0, 0));
            std::string note = std::to_string(n) + " face(s) found by " + m_faces->source() + ":";
            for (const auto& label : faceLabels)
                note += " " + label + ";";
            out.notes.push_back(note);
        }
        else
            out.notes.push_back("no face found in the image: the visual query used the image enhancer and the scene");
    }
    else
        out.notes.push_back("no image: only the text query ranks the candidates (no enhancer maps over patches)");

    if (hasImage)
        explainTopImageMatch("dwe", mention, scores, order, out);

    auto weights = queryWeights().detach().to(torch::kCPU);
    out.gates["query weight/text"] = weights[0].item<double>();
    out.gates["query weight/visual"] = hasImage ? weights[1].item<double>() : 0.0;
    out.gates["scale"] = scale().detach().item<double>();
    for (const auto& [name, gate] : mention.gates)
        if (hasImage || name.find("visual") == std::string::npos)
            out.gates[name] = gate[0].item<double>();

    ScoreOutput shown = scores;  // without an image the visual query's score means nothing: not shown
    if (!hasImage)
        shown.units.erase(std::remove_if(shown.units.begin(), shown.units.end(),
                                         [](const auto& unit) { return unit.first == "visual_query"; }),
                          shown.units.end());
    putUnitScores(shown, order, out);
}

} // namespace mel::models
