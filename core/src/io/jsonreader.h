// Strict JSON reading for importers: streams top-level members in file order and rejects duplicate keys.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mel/core/util/error.h"

namespace mel::core::io {

// One member of a top-level JSON object, handed over as soon as its value is complete.
struct JsonMember
{
    const std::string& key;
    nlohmann::json& value;
    // Keys of `value` in file order when it is an object (nlohmann::json itself keeps them sorted).
    const std::vector<std::string>& fieldOrder;
    std::size_t index;  // 0-based position in the file
};

using JsonMemberFn = std::function<void(const JsonMember&)>;

// Reads the whole file; throws Error(Io) naming it when that fails.
std::string readFile(const std::filesystem::path& file);

// Parses `text`, whose top level must be an object, and calls `onMember` for each member in file order.
// Syntax errors, invalid UTF-8, duplicate keys (at any depth) and a non-object top level throw Error with the
// file, the member key being read (the record) and the key of the record's field being read; `valueField` names
// the field when members are plain values ({QID: name} files). Errors from `onMember` propagate unchanged.
void forEachMember(std::string_view text, const std::string& file, const JsonMemberFn& onMember,
                   const std::string& valueField = {});

// Parses one JSON document with the same strictness (duplicate keys rejected); errors carry `where`, with the
// field set to the top-level key being read.
nlohmann::json parseDocument(std::string_view text, const ErrorContext& where);

} // namespace mel::core::io
