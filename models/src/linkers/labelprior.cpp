#include "linkers/labelprior.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "mel/core/util/error.h"

namespace mel::models {

namespace {

using nlohmann::json;

std::string pairKey(std::string_view surface, std::string_view qid)
{
    std::string key(surface);
    key += '\t';
    key += qid;
    return key;
}

int lookup(const std::unordered_map<std::string, int>& map, const std::string& key)
{
    const auto it = map.find(key);
    return it == map.end() ? 0 : it->second;
}

void readCounts(const json& root, const char* field, std::unordered_map<std::string, int>& out)
{
    const auto it = root.find(field);
    if (it == root.end() || !it->is_object())
        throw core::Error(core::ErrorCode::Invalid, "missing or not an object", {"label prior", {}, field});
    for (const auto& [key, value] : it->items())
    {
        if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > (1 << 30))
            throw core::Error(core::ErrorCode::Invalid, "count must be a positive integer", {"label prior", key, field});
        out.emplace(key, value.get<int>());
    }
}

} // namespace

void LabelPrior::add(std::string_view surface, std::string_view qid)
{
    ++m_entity[std::string(qid)];
    ++m_pair[pairKey(surface, qid)];
    ++m_surface[std::string(surface)];
    ++m_labels;
}

LabelPrior::Counts LabelPrior::counts(std::string_view surface, std::string_view qid, std::string_view leaveOut) const
{
    Counts c;
    c.entity = lookup(m_entity, std::string(qid));
    c.pair = lookup(m_pair, pairKey(surface, qid));
    c.surface = lookup(m_surface, std::string(surface));
    if (!leaveOut.empty())
    {
        c.surface = std::max(0, c.surface - 1);
        if (qid == leaveOut)
        {
            c.entity = std::max(0, c.entity - 1);
            c.pair = std::max(0, c.pair - 1);
        }
    }
    return c;
}

std::string LabelPrior::serialize() const
{
    json j;
    j["entity"] = m_entity;
    j["pair"] = m_pair;
    j["surface"] = m_surface;
    j["labels"] = m_labels;
    return j.dump();
}

LabelPrior LabelPrior::deserialize(std::string_view text)
{
    json j;
    try
    {
        j = json::parse(text);
    }
    catch (const json::exception& e)
    {
        throw core::Error(core::ErrorCode::Parse, e.what(), {"label prior", {}, {}});
    }
    if (!j.is_object())
        throw core::Error(core::ErrorCode::Invalid, "not a JSON object", {"label prior", {}, {}});
    LabelPrior p;
    readCounts(j, "entity", p.m_entity);
    readCounts(j, "pair", p.m_pair);
    readCounts(j, "surface", p.m_surface);
    const auto labels = j.find("labels");
    if (labels == j.end() || !labels->is_number_unsigned())
        throw core::Error(core::ErrorCode::Invalid, "missing or not a count", {"label prior", {}, "labels"});
    p.m_labels = labels->get<std::size_t>();
    return p;
}

} // namespace mel::models
