// Knowledge-graph import from the MELBench KG files: qid2ne.json, qid2abs.json, ne2qid.json (+ qid2abs_long.json).
#pragma once

#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mel/core/io/summary.h"
#include "mel/core/linker/linker.h"  // JobContext
#include "mel/core/store/store.h"

namespace mel::core {

struct KbFiles
{
    std::filesystem::path names;          // qid2ne.json: {QID: name}; required
    std::filesystem::path abstracts;      // qid2abs.json: {QID: attribute text}; required
    std::filesystem::path aliases;        // ne2qid.json: {name or alias: QID}; optional (empty path)
    std::filesystem::path abstractsLong;  // qid2abs_long.json (Richpedia-MEL); optional
};

// The longest name or alias the candidate index holds, in characters (code points).
constexpr std::size_t kMaxEntityNameLength = 65535;

// Imports the KB into `store` in one transaction and rebuilds the search index. Entities come from `names` in
// file order; description = the qid2abs text; attributes_json = that text parsed by parseAttributeText (the long
// text when `abstractsLong` is given, since it has more attributes). Existing QIDs take the file's name, and its
// description and attributes when the file gives an abstract (an entity the abstracts leave out keeps what it had,
// as does its image); existing aliases are kept. Any malformed record (a key or value that is not a QID, an empty
// or over-long name or alias) throws Error naming the file, the record (QID or alias) and the field, and nothing
// is stored; problems that lose no data are counted in the summary. Cancelling throws Error(Cancelled).
KbImportSummary importKb(Store& store, const KbFiles& files, const JobContext& job = {});

// Parses MELBench attribute text "Sex: male. Birth: 1900, Erie. Occupation: police officer, politician." into
// {"Sex": ["male"], "Birth": ["1900", "Erie"], "Occupation": ["police officer", "politician"]}: every value is a
// list (split at ", "), repeated keys are merged. Returns an empty object when the text does not have that
// shape (it must start with "Key: " and end with "."; a key is up to 40 letters and spaces starting upper-case).
nlohmann::json parseAttributeText(std::string_view text);

} // namespace mel::core
