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

// Each section's keys are listed once (the *Fields functions) and walked by a Writer for toJson and a Reader for
// modelConfigFromJson, so the two directions cannot drift apart.
struct Writer
{
    json& out;
    template <typename T>
    void operator()(const char* key, const T& value) { out[key] = value; }
};

struct Reader
{
    const json& in;
    const char* sectionName;
    template <typename T>
    void operator()(const char* key, T& value) { get(in, key, value, sectionName); }
};

template <typename C, typename F>
void topFields(C& c, F&& f)
{
    f("linker", c.linker);
    f("pair_features", c.usePairFeatures);
    f("pair_feature_count", c.pairFeatureCount);
    f("name_weight_init", c.nameWeightInit);
    f("ignore_images", c.ignoreImages);
}

template <typename C, typename F>
void textFields(C& c, F&& f)
{
    f("dim", c.dim);
    f("layers", c.layers);
    f("heads", c.heads);
    f("ffn", c.ffn);
    f("dropout", c.dropout);
    f("max_length", c.maxLength);
    f("min_count", c.minCount);
    f("max_vocabulary", c.maxVocabulary);
    f("buckets", c.buckets);
    f("min_n", c.minN);
    f("max_n", c.maxN);
    f("torchscript", c.torchScriptPath);
}

template <typename C, typename F>
void imageFields(C& c, F&& f)
{
    f("image_size", c.imageSize);
    f("dim", c.dim);
    f("grid", c.grid);
    f("channels", c.channels);
    f("mean", c.mean);
    f("std", c.std);
    f("torchscript", c.torchScriptPath);
}

template <typename C, typename F>
void ghmfFields(C& c, F&& f)
{
    f("dim", c.dim);
    f("heads", c.heads);
    f("layers", c.layers);
    f("ffn", c.ffn);
    f("dropout", c.dropout);
    f("out_dim", c.outDim);
    f("max_tokens", c.maxTokens);
    f("margin", c.margin);
    f("temperature", c.temperature);
    f("contrastive_weight", c.contrastiveWeight);
    f("listwise_weight", c.listwiseWeight);
    f("listwise_temperature", c.listwiseTemperature);
}

template <typename C, typename F>
void mimicFields(C& c, F&& f)
{
    f("hidden", c.hidden);
    f("unit_scale", c.unitScale);
}

template <typename C, typename F>
void dweFields(C& c, F&& f)
{
    f("hidden", c.hidden);
    f("heads", c.heads);
    f("dropout", c.dropout);
    f("faces", c.faces);
    f("max_faces", c.maxFaces);
    f("logit_scale", c.logitScale);
    f("unit_loss_weight", c.unitLossWeight);
    f("align_weight", c.alignWeight);
}

template <typename C, typename Fields>
json sectionJson(const C& c, Fields fields)
{
    json out = json::object();
    fields(c, Writer{out});
    return out;
}

template <typename C, typename Fields>
void readSection(const json& root, const char* name, C& c, Fields fields)
{
    fields(c, Reader{section(root, name), name});
}

} // namespace

std::string toJson(const ModelConfig& c)
{
    json j;
    topFields(c, Writer{j});
    j["text"] = sectionJson(c.text, [](auto& s, auto&& f) { textFields(s, f); });
    j["image"] = sectionJson(c.image, [](auto& s, auto&& f) { imageFields(s, f); });
    j["ghmf"] = sectionJson(c.ghmf, [](auto& s, auto&& f) { ghmfFields(s, f); });
    j["mimic"] = sectionJson(c.mimic, [](auto& s, auto&& f) { mimicFields(s, f); });
    j["dwe"] = sectionJson(c.dwe, [](auto& s, auto&& f) { dweFields(s, f); });
    j["gemel"] = gemel::configToJson(c.gemel);
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
    topFields(c, Reader{j, ""});
    readSection(j, "text", c.text, [](auto& s, auto&& f) { textFields(s, f); });
    readSection(j, "image", c.image, [](auto& s, auto&& f) { imageFields(s, f); });
    readSection(j, "ghmf", c.ghmf, [](auto& s, auto&& f) { ghmfFields(s, f); });
    readSection(j, "mimic", c.mimic, [](auto& s, auto&& f) { mimicFields(s, f); });
    readSection(j, "dwe", c.dwe, [](auto& s, auto&& f) { dweFields(s, f); });
    gemel::configFromJson(section(j, "gemel"), c.gemel);
    return c;
}

} // namespace mel::models
