// The "gemel" section of the model config JSON.
#include "linkers/gemel/gemelconfigjson.h"

#include "mel/core/util/error.h"

namespace mel::models::gemel {

namespace {

template <typename T>
void get(const nlohmann::json& object, const char* key, T& value)
{
    const auto it = object.find(key);
    if (it == object.end())
        return;
    try
    {
        value = it->get<T>();
    }
    catch (const nlohmann::json::exception&)
    {
        throw core::Error(core::ErrorCode::Invalid, "wrong type", {"model config", "gemel", key});
    }
}

} // namespace

nlohmann::json configToJson(const GemelConfig& c)
{
    return {{"dim", c.dim},
            {"encoder_layers", c.encoderLayers},
            {"heads", c.heads},
            {"ffn", c.ffn},
            {"decoder_layers", c.decoderLayers},
            {"dropout", c.dropout},
            {"prefix_tokens", c.prefixTokens},
            {"demonstrations", c.demonstrations},
            {"max_mention", c.maxMention},
            {"max_context", c.maxContext},
            {"max_demo_name", c.maxDemoName},
            {"max_name", c.maxName},
            {"beams", c.beams},
            {"lm_weight", c.lmWeight},
            {"prior_weight", c.priorWeight},
            {"mean_log_prob", c.meanLogProb},
            {"tune_prior", c.tunePrior},
            {"decoder_torchscript", c.decoderTorchScriptPath}};
}

void configFromJson(const nlohmann::json& s, GemelConfig& c)
{
    if (!s.is_object())
        throw core::Error(core::ErrorCode::Invalid, "not an object", {"model config", "gemel", {}});
    get(s, "dim", c.dim);
    get(s, "encoder_layers", c.encoderLayers);
    get(s, "heads", c.heads);
    get(s, "ffn", c.ffn);
    get(s, "decoder_layers", c.decoderLayers);
    get(s, "dropout", c.dropout);
    get(s, "prefix_tokens", c.prefixTokens);
    get(s, "demonstrations", c.demonstrations);
    get(s, "max_mention", c.maxMention);
    get(s, "max_context", c.maxContext);
    get(s, "max_demo_name", c.maxDemoName);
    get(s, "max_name", c.maxName);
    get(s, "beams", c.beams);
    get(s, "lm_weight", c.lmWeight);
    get(s, "prior_weight", c.priorWeight);
    get(s, "mean_log_prob", c.meanLogProb);
    get(s, "tune_prior", c.tunePrior);
    get(s, "decoder_torchscript", c.decoderTorchScriptPath);
}

} // namespace mel::models::gemel
