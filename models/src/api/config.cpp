// ModelConfig <-> JSON: the form checkpoints and model runs record.
#include "mel/models/config.h"

#include <nlohmann/json.hpp>

#include "linkers/gemel/gemelconfigjson.h"
#include "mel/core/util/error.h"

namespace mel::models {

namespace {

using nlohmann::json;

template <typename T>
void get(const json& object, const char* key, T& value, const char* section)
{
    const auto it = object.find(key);
    if (it == object.end())
        return;
    try
    {
        value = it->get<T>();
    }
    catch (const json::exception&)
    {
        throw core::Error(core::ErrorCode::Invalid, "wrong type", {"model config", section, key});
    }
}

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

} // namespace

std::string toJson(const ModelConfig& c)
{
    json j;
    j["linker"] = c.linker;
    j["pair_features"] = c.usePairFeatures;
    j["name_weight_init"] = c.nameWeightInit;
    j["ignore_images"] = c.ignoreImages;
    j["text"] = {{"dim", c.text.dim},           {"layers", c.text.layers},
                 {"heads", c.text.heads},       {"ffn", c.text.ffn},
                 {"dropout", c.text.dropout},   {"max_length", c.text.maxLength},
                 {"min_count", c.text.minCount}, {"max_vocabulary", c.text.maxVocabulary},
                 {"buckets", c.text.buckets},   {"min_n", c.text.minN},
                 {"max_n", c.text.maxN},        {"torchscript", c.text.torchScriptPath}};
    j["image"] = {{"image_size", c.image.imageSize}, {"dim", c.image.dim}, {"grid", c.image.grid},
                  {"channels", c.image.channels},    {"mean", c.image.mean}, {"std", c.image.std},
                  {"torchscript", c.image.torchScriptPath}};
    j["ghmf"] = {{"dim", c.ghmf.dim},         {"heads", c.ghmf.heads},
                 {"layers", c.ghmf.layers},   {"ffn", c.ghmf.ffn},
                 {"dropout", c.ghmf.dropout}, {"out_dim", c.ghmf.outDim},
                 {"max_tokens", c.ghmf.maxTokens}, {"margin", c.ghmf.margin},
                 {"temperature", c.ghmf.temperature}, {"contrastive_weight", c.ghmf.contrastiveWeight},
                 {"listwise_weight", c.ghmf.listwiseWeight}, {"listwise_temperature", c.ghmf.listwiseTemperature}};
    j["mimic"] = {{"hidden", c.mimic.hidden}, {"unit_scale", c.mimic.unitScale}};
    j["dwe"] = {{"hidden", c.dwe.hidden},           {"heads", c.dwe.heads},
                {"dropout", c.dwe.dropout},         {"faces", c.dwe.faces},
                {"max_faces", c.dwe.maxFaces},      {"logit_scale", c.dwe.logitScale},
                {"unit_loss_weight", c.dwe.unitLossWeight}, {"align_weight", c.dwe.alignWeight}};
    j["gemel"] = gemel::configToJson(c.gemel);
    return j.dump();
}

ModelConfig modelConfigFromJson(std::string_view text)
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
    ModelConfig c;
    get(j, "linker", c.linker, "");
    get(j, "pair_features", c.usePairFeatures, "");
    get(j, "name_weight_init", c.nameWeightInit, "");
    get(j, "ignore_images", c.ignoreImages, "");
    const auto& t = section(j, "text");
    get(t, "dim", c.text.dim, "text");
    get(t, "layers", c.text.layers, "text");
    get(t, "heads", c.text.heads, "text");
    get(t, "ffn", c.text.ffn, "text");
    get(t, "dropout", c.text.dropout, "text");
    get(t, "max_length", c.text.maxLength, "text");
    get(t, "min_count", c.text.minCount, "text");
    get(t, "max_vocabulary", c.text.maxVocabulary, "text");
    get(t, "buckets", c.text.buckets, "text");
    get(t, "min_n", c.text.minN, "text");
    get(t, "max_n", c.text.maxN, "text");
    get(t, "torchscript", c.text.torchScriptPath, "text");
    const auto& i = section(j, "image");
    get(i, "image_size", c.image.imageSize, "image");
    get(i, "dim", c.image.dim, "image");
    get(i, "grid", c.image.grid, "image");
    get(i, "channels", c.image.channels, "image");
    get(i, "mean", c.image.mean, "image");
    get(i, "std", c.image.std, "image");
    get(i, "torchscript", c.image.torchScriptPath, "image");
    const auto& g = section(j, "ghmf");
    get(g, "dim", c.ghmf.dim, "ghmf");
    get(g, "heads", c.ghmf.heads, "ghmf");
    get(g, "layers", c.ghmf.layers, "ghmf");
    get(g, "ffn", c.ghmf.ffn, "ghmf");
    get(g, "dropout", c.ghmf.dropout, "ghmf");
    get(g, "out_dim", c.ghmf.outDim, "ghmf");
    get(g, "max_tokens", c.ghmf.maxTokens, "ghmf");
    get(g, "margin", c.ghmf.margin, "ghmf");
    get(g, "temperature", c.ghmf.temperature, "ghmf");
    get(g, "contrastive_weight", c.ghmf.contrastiveWeight, "ghmf");
    get(g, "listwise_weight", c.ghmf.listwiseWeight, "ghmf");
    get(g, "listwise_temperature", c.ghmf.listwiseTemperature, "ghmf");
    const auto& m = section(j, "mimic");
    get(m, "hidden", c.mimic.hidden, "mimic");
    get(m, "unit_scale", c.mimic.unitScale, "mimic");
    const auto& d = section(j, "dwe");
    get(d, "hidden", c.dwe.hidden, "dwe");
    get(d, "heads", c.dwe.heads, "dwe");
    get(d, "dropout", c.dwe.dropout, "dwe");
    get(d, "faces", c.dwe.faces, "dwe");
    get(d, "max_faces", c.dwe.maxFaces, "dwe");
    get(d, "logit_scale", c.dwe.logitScale, "dwe");
    get(d, "unit_loss_weight", c.dwe.unitLossWeight, "dwe");
    get(d, "align_weight", c.dwe.alignWeight, "dwe");
    gemel::configFromJson(section(j, "gemel"), c.gemel);
    return c;
}

} // namespace mel::models
