// ModelConfig <-> JSON: the form checkpoints and model runs record.
#include "mel/models/config.h"

#include <nlohmann/json.hpp>

#include "mel/core/util/error.h"

namespace mel::models {

namespace {

using nlohmann::json;

const json& section(const json& root, const char* name)
{
    static const json empty = json::object();
    const auto it = root.find(name);
    if (it == root.end())
        return empty;
    if (!it->is_object())
        throw core::Error(core::ErrorCode::Invalid, "not an object", {"model config", name, {}});
    return *it;
}

// Every key is listed once (walkConfig) and visited by a Writer for toJson and a Reader for modelConfigFromJson,
// so the two directions cannot drift apart. enter(name) makes the following keys those of section `name`.
struct Writer
{
    json& root;
    json* current = &root;

    void enter(const char* name) { current = &root[name]; }
    template <typename T>
    void operator()(const char* key, const T& value) { (*current)[key] = value; }
};

struct Reader
{
    const json& root;
    const json* current = &root;
    const char* sectionName = "";

    void enter(const char* name)
    {
        current = &section(root, name);
        sectionName = name;
    }
    // A missing key keeps its value; a wrong type names the section and key.
    template <typename T>
    void operator()(const char* key, T& value)
    {
        const auto it = current->find(key);
        if (it == current->end())
            return;
        try
        {
            value = it->template get<T>();
        }
        catch (const json::exception&)
        {
            throw core::Error(core::ErrorCode::Invalid, "wrong type", {"model config", sectionName, key});
        }
    }
};

template <typename Config, typename Visitor>
void walkConfig(Config& c, Visitor& f)
{
    f("linker", c.linker);
    f("pair_features", c.usePairFeatures);
    f("pair_feature_count", c.pairFeatureCount);
    f("name_weight_init", c.nameWeightInit);
    f("ignore_images", c.ignoreImages);

    f.enter("text");
    f("dim", c.text.dim);
    f("layers", c.text.layers);
    f("heads", c.text.heads);
    f("ffn", c.text.ffn);
    f("dropout", c.text.dropout);
    f("max_length", c.text.maxLength);
    f("min_count", c.text.minCount);
    f("max_vocabulary", c.text.maxVocabulary);
    f("buckets", c.text.buckets);
    f("min_n", c.text.minN);
    f("max_n", c.text.maxN);
    f("torchscript", c.text.torchScriptPath);

    f.enter("image");
    f("image_size", c.image.imageSize);
    f("dim", c.image.dim);
    f("grid", c.image.grid);
    f("channels", c.image.channels);
    f("context", c.image.context);
    f("mean", c.image.mean);
    f("std", c.image.std);
    f("torchscript", c.image.torchScriptPath);

    f.enter("ghmf");
    f("dim", c.ghmf.dim);
    f("heads", c.ghmf.heads);
    f("layers", c.ghmf.layers);
    f("ffn", c.ghmf.ffn);
    f("dropout", c.ghmf.dropout);
    f("out_dim", c.ghmf.outDim);
    f("max_tokens", c.ghmf.maxTokens);
    f("margin", c.ghmf.margin);
    f("temperature", c.ghmf.temperature);
    f("contrastive_weight", c.ghmf.contrastiveWeight);
    f("listwise_weight", c.ghmf.listwiseWeight);
    f("listwise_temperature", c.ghmf.listwiseTemperature);
    f("entity_image_pool", c.ghmf.entityImagePool);
    f("image_match", c.ghmf.imageMatch);

    f.enter("mimic");
    f("hidden", c.mimic.hidden);
    f("unit_scale", c.mimic.unitScale);
    f("vdlu_attention", c.mimic.vdluAttention);
    f("vdlu_query", c.mimic.vdluQuery);
    f("vdlu_match", c.mimic.vdluMatch);
    f("vdlu_smooth", c.mimic.vdluSmooth);

    f.enter("dwe");
    f("hidden", c.dwe.hidden);
    f("heads", c.dwe.heads);
    f("dropout", c.dwe.dropout);
    f("faces", c.dwe.faces);
    f("max_faces", c.dwe.maxFaces);
    f("logit_scale", c.dwe.logitScale);
    f("unit_loss_weight", c.dwe.unitLossWeight);
    f("image_match", c.dwe.imageMatch);
    f("align_weight", c.dwe.alignWeight);
    f("feature_scale", c.dwe.featureScale);
    f("learn_scale", c.dwe.learnScale);
    f("triplet_weight", c.dwe.tripletWeight);
    f("triplet_margin", c.dwe.tripletMargin);

    f.enter("gemel");
    f("dim", c.gemel.dim);
    f("encoder_layers", c.gemel.encoderLayers);
    f("heads", c.gemel.heads);
    f("ffn", c.gemel.ffn);
    f("decoder_layers", c.gemel.decoderLayers);
    f("dropout", c.gemel.dropout);
    f("prefix_tokens", c.gemel.prefixTokens);
    f("prefix_source", c.gemel.prefixSource);
    f("demonstrations", c.gemel.demonstrations);
    f("max_mention", c.gemel.maxMention);
    f("max_context", c.gemel.maxContext);
    f("max_demo_name", c.gemel.maxDemoName);
    f("max_name", c.gemel.maxName);
    f("beams", c.gemel.beams);
    f("lm_weight", c.gemel.lmWeight);
    f("prior_weight", c.gemel.priorWeight);
    f("mean_log_prob", c.gemel.meanLogProb);
    f("tune_prior", c.gemel.tunePrior);
    f("decoder_torchscript", c.gemel.decoderTorchScriptPath);
}

} // namespace

std::string toJson(const ModelConfig& c)
{
    json j = json::object();
    Writer writer{j};
    walkConfig(c, writer);
    return j.dump();
}

ModelConfig modelConfigFromJson(std::string_view text, const ModelConfig& defaults)
{
    json j;
    try
    {
        j = json::parse(text);
    }
    catch (const json::exception& e)
    {
        throw core::Error(core::ErrorCode::Parse, e.what(), {"model config", {}, {}});
    }
    if (!j.is_object())
        throw core::Error(core::ErrorCode::Invalid, "not a JSON object", {"model config", {}, {}});
    ModelConfig c = defaults;
    Reader reader{j};
    walkConfig(c, reader);
    return c;
}

} // namespace mel::models
