// Model configuration as plain values: what a checkpoint records and what TrainOptions lets a caller change.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mel/models/gemelconfig.h"

namespace mel::models {

// Text side: words + hashed character n-grams (FastText-style bag of subwords per token) into a small
// pre-LayerNorm transformer encoder trained from scratch, or a user's TorchScript encoder (see torchScriptPath).
struct TextEncoderConfig
{
    // Defaults are sized for a 2-core CPU (one Wikidata-MEL epoch in minutes); the papers use 512/768-wide encoders.
    int dim = 64;              // feature width d of tokens [B,L,d] and of the global feature [B,d]
    int layers = 1;
    int heads = 4;
    int ffn = 128;
    double dropout = 0.1;
    int maxLength = 32;        // tokens per input including [CLS] and [SEP]; the second segment is cut first
    int minCount = 2;          // a word needs this many occurrences in the training texts to get its own vector
    int maxVocabulary = 40000;
    int buckets = 1 << 15;     // hashed character n-gram buckets
    int minN = 3;              // n-gram lengths in code points, over "<word>"
    int maxN = 5;
    // A TorchScript text encoder file (forward(ids [B,L] int64, mask [B,L] int64) -> [B,L,H]), "" for the
    // from-scratch encoder. Its file is embedded in checkpoints, so a checkpoint stays self-contained.
    std::string torchScriptPath;
};

// Image side: OpenCV decode + resize + RGB normalisation, then a small CNN from scratch giving a grid x grid map
// of patch features, or a user's TorchScript vision encoder.
struct ImageEncoderConfig
{
    int imageSize = 112;                    // square input side in pixels (aspect ratio is not kept, as in GHMFC)
    int dim = 64;                           // patch and global feature width
    int grid = 7;                           // the CNN's patch grid is grid x grid (adaptive average pooling)
    std::vector<int> channels{32, 64, 96};  // widths of the stride-2 conv stages before the last one (-> dim)
    // Residual stride-1 3x3 conv blocks after the last stage, one per entry with that dilation: x + ReLU(GN(conv(x)))
    // at the last stage's resolution, so a cell's feature also sees its neighbours (an object's shape) while it
    // keeps its own (colour, fill) and stays centred on its cell. Empty (the default, and checkpoints without the
    // key) = none.
    std::vector<int> context;
    // Normalisation applied after scaling to [0,1] (RGB order); defaults are CLIP's.
    std::vector<double> mean{0.48145466, 0.4578275, 0.40821073};
    std::vector<double> std{0.26862954, 0.26130258, 0.27577711};
    // A TorchScript vision encoder file (forward(images [B,3,S,S] float) -> [B,P,C] or [B,C,h,w]), "" for the CNN.
    std::string torchScriptPath;
};

// GHMF(C): word- and phrase-level co-attention, gated fusion, cosine scoring (spec/mimic-ghmfc-detail.md part B).
struct GhmfConfig
{
    int dim = 64;               // co-attention width (paper: 512)
    int heads = 4;              // (paper: 8)
    int layers = 2;             // stacked decoder layers per co-attention stack
    int ffn = 128;              // (paper: 2048)
    double dropout = 0.1;       // (paper: 0.2-0.4)
    int outDim = 64;            // mention query / entity feature width (paper: 768)
    int maxTokens = 32;         // text positions 1..maxTokens feed the fusion network (CLS dropped)
    double margin = 0.5;        // triplet margin on the final score
    double temperature = 0.6;   // InfoNCE temperature of the text/image contrastive term
    double contrastiveWeight = 1.0;
    // Beside the release's triplet loss: a softmax cross-entropy over each mention's row (gold vs hard and in-batch
    // negatives) of total / listwiseTemperature. The triplet hinge is zero for most negatives once the string
    // features separate them, so alone it gives the reranker little to learn from; 0 = the release's loss only.
    double listwiseWeight = 1.0;
    double listwiseTemperature = 0.1;
    // How the entity side pools its reference image's patch grid: "mean" = the image encoder's global feature
    // (LayerNorm of the patch mean, the default and what checkpoints without this key use), "max" = the
    // element-wise max over the image's patches (keeps an object's colour/pattern features that a mean over a
    // mostly empty reference image dilutes; the grounding probe's finding).
    std::string entityImagePool = "mean";
    // How the mention image meets the candidate's reference image in the score. "none" (the default, and what
    // checkpoints without the key use): only through the two sides' vectors (cos(q, e)). "max" / "attention": a
    // second cosine joins the total, between the candidate's reference image (its image-projected patches,
    // max-pooled less their mean, so that not every picture matches every scene) and the mention's text-guided image patches (word-level co-attention output), taken at the
    // best-matching patch ("max") or over a softmax attention of the candidate over the patches ("attention");
    // the top candidate's map is explained ("ghmf/candidate->mention image (top candidate)").
    std::string imageMatch = "none";
};

// MIMIC: TGLU, VDLU, CMFU (spec/mimic-ghmfc-detail.md part A).
struct MimicConfig
{
    int hidden = 64;            // width of every unit (paper: 96)
    // Initial weight of the unit-score mean S beside the pair-feature term (learned). The units are raw dot
    // products of LayerNormed vectors (|S| ~ sqrt(hidden) at init), so weight 1 would bury the string features
    // until the units are trained. Used only with pair features; the unit-consistent CEs see the raw scores.
    double unitScale = 0.05;
    // VDLU's entity->mention direction pools the mention's patches with a softmax attention whose query is the
    // candidate's image global (scaled dot product over the valid patches) instead of the plain patch mean of the
    // release. Off (the default, and for checkpoints without this key) = the release's mean. On, the explanation
    // gets the top candidate's map over the mention image ("vdlu/candidate->mention image (top candidate)").
    bool vdluAttention = false;
    // With vdluAttention, what looks for the candidate in the mention image: "image" (the candidate's image global,
    // the default and what checkpoints without the key use), "text" (the candidate's text global: its name and
    // description, which may say what it looks like) or "both" (the sum of the two queries).
    std::string vdluQuery = "image";
    // With vdluAttention, how the candidate's patch logits become E2M's match score: "lse" (log-sum-exp over the
    // patches, the default) or "max" (the best patch alone: multiple-instance matching, so the map's argmax is the
    // patch the score came from).
    std::string vdluMatch = "lse";
    // With vdluAttention on a patch grid, each patch logit is first averaged with its valid neighbours within this
    // many cells (a (2r+1)^2 window), so the best match (and the map's argmax) is the cell whose surroundings match
    // best: the middle of an object rather than its edge. 0 (the default) = the raw logits.
    int vdluSmooth = 0;
};

// DWE: cross-modal enhancers (text<->image), face regions + scene feature refining the visual query,
// description-enriched entities, text and visual queries matched with learned weights (spec/linkers.md, DWE).
struct DweConfig
{
    int hidden = 64;            // width of every enhancer and query (paper: 512)
    int heads = 4;              // (paper: 8)
    double dropout = 0.1;       // (paper: 0.4)
    bool faces = true;          // detect faces (OpenCV cascade, mel/models/faces.h) in mention images
    int maxFaces = 8;           // largest faces kept per image
    double logitScale = 10.0;   // initial scale of the cosine scores (learned; DWE's CLIP-style logit scale)
    // Weight of the per-query cross-entropies CE(scale cos_t), CE(scale cos_v): each query's cosine alone must rank the
    // candidates. 0 (the default): only the total score is trained, as GHMF's loss trains its one score; the
    // cosines then learn what the pair features miss instead of re-learning the name match (one full Wikidata-MEL
    // epoch: dev Hits@1 0.879 at 0.5 -> 0.889 / 0.892 at 0, two seeds; Richpedia-MEL 0.955). Checkpoints record
    // their own weight; it only acts on training.
    double unitLossWeight = 0.0;
    double alignWeight = 0.1;      // weight of the in-batch text/visual query alignment (DWE's fine contrastive loss)
    // The pair-feature term enters the score as featureScale * (w . features), w starting at
    // (nameWeightInit * logitScale / featureScale, 0, ...): the same score at step 0 whatever this is, but AdamW
    // moves w in steps of ~lr, so the factor is the feature head's learning speed in logit units. At 1 (every
    // checkpoint without the key) the head hardly moved in an epoch (WRatio 10 -> 10.1, the others ~0.15) while the
    // cosine term kept learning, so more training made DWE worse; a full Richpedia-MEL epoch went 0.824 / 0.926 /
    // 0.939 / 0.956 dev Hits@1 at 1 / 10 / 30 / 100 (GHMF's listwise loss at temperature 0.1 is a factor 10).
    double featureScale = 100.0;
    bool learnScale = true;        // false = the cosine scale stays at logitScale
    // GHMF-style hinge beside the cross-entropy: mean over each row's negatives of
    // relu(tripletMargin - total(gold) + total(negative)), in the score's (logit) units; 0 = off.
    double tripletWeight = 0.0;
    double tripletMargin = 5.0;
    // "none" (the default, the release: entity images unused) or "max" / "attention": the candidate's reference
    // image (image-projected patches, max-pooled less their mean) is matched against the mention's image-enhanced patches (cosine
    // at the best patch, or over the candidate's softmax attention), scaled like the two queries' cosines and added
    // to the total (unit "image_match"); the top candidate's map is explained.
    std::string imageMatch = "none";
};

struct ModelConfig
{
    std::string linker = "mimic";  // "ghmf", "mimic" or "dwe"
    TextEncoderConfig text;
    ImageEncoderConfig image;
    GhmfConfig ghmf;
    MimicConfig mimic;
    DweConfig dwe;
    GemelConfig gemel;          // "gemel": the generative linker (mel/models/gemelconfig.h)
    // Adds a learned linear term over string-match features of each (mention, candidate) pair to the linker's
    // score: the candidate generator's WRatio, exact/surname/word-overlap matches and sentence/description word
    // overlap (linkers/pairfeatures.h) — the standard two-stage reranker trick. Off = the pure neural score.
    bool usePairFeatures = true;
    // How many of those features the score uses: 16 = the string features, the train-label prior (LabelPrior:
    // p(e|m) and label counts with the mention's own label left out in training), the description length and the
    // era features (the sentence's years against the entity's birth and death); checkpoints carry their own count
    // (11 before the era features, 7 before the label prior, read as such).
    int pairFeatureCount = 16;
    double nameWeightInit = 1.0;  // initial weight of the WRatio feature (the others start at 0)
    // Text-only ablation: every mention and entity image is treated as missing (the encoders' "no image" input
    // and mask), so the linker sees the same inputs as on a dataset without images.
    bool ignoreImages = false;
};

// JSON round trip (the form stored in checkpoints and in model_run.config_json). Unknown keys are ignored,
// missing keys keep the values of `defaults`; a wrong type throws core::Error(Invalid).
std::string toJson(const ModelConfig& config);
ModelConfig modelConfigFromJson(std::string_view json, const ModelConfig& defaults = {});

} // namespace mel::models
