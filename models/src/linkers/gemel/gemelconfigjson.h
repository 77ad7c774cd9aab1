// GemelConfig <-> the "gemel" section of the model config JSON (called by api/config.cpp).
#pragma once

#include <nlohmann/json.hpp>

#include "mel/models/gemelconfig.h"

namespace mel::models::gemel {

nlohmann::json configToJson(const GemelConfig& config);
// Missing keys keep their values; a wrong type throws core::Error(Invalid) naming the key.
void configFromJson(const nlohmann::json& section, GemelConfig& config);

} // namespace mel::models::gemel
