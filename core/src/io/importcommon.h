// Helpers shared by the importers: typed field access with precise errors, dataset set-up, KB look-ups.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "mel/core/io/imageprobe.h"
#include "mel/core/io/summary.h"
#include "mel/core/linker/linker.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"

namespace mel::core::io {

// Where a value sits in an input file, for error messages.
struct Where
{
    const std::string& file;
    const std::string& record;
    ErrorContext at(std::string field) const { return {file, record, std::move(field)}; }
};

// "a string", "a list", ... as a user would name the JSON type.
std::string describeType(const nlohmann::json& value);

// The member `field` of `object`; throws Error(Invalid) "missing field" when absent.
const nlohmann::json& requireField(const nlohmann::json& object, const char* field, const Where& where);

// Longest string field an importer accepts: far above any real sentence, name or abstract, far below what would
// make the GUI or the tokenizer choke.
inline constexpr std::size_t kMaxStringBytes = 1 << 20;

// `value` as a string; throws Error(Invalid) naming `field` when it is null or another type, not UTF-8, or longer
// than kMaxStringBytes.
const std::string& requireString(const nlohmann::json& value, const std::string& field, const Where& where);

// `value` as a list; throws Error(Invalid) naming `field` otherwise.
const nlohmann::json& requireList(const nlohmann::json& value, const std::string& field, const Where& where);

// An answer/qid value: "", a QID (core::isQid), "NIL" or "AMBIGUOUS"; throws Error(Invalid) otherwise.
void checkAnswer(const std::string& value, const std::string& field, const Where& where);

// Only spaces (of any script), or nothing: no more a name than "" is. Invalid UTF-8 is not blank.
bool isBlank(std::string_view text);

// What a QID looks like, for error messages.
inline constexpr const char* kQidShape = "Q and a number without leading zeros, such as Q42";

// Every QID in the project's KB, to report answers it does not know.
std::unordered_set<std::string> knownQids(Store& store);

// Inside the caller's transaction: refuses an existing dataset of that name (or deletes it when `replace`) and
// inserts the new one; returns its id.
RowId createDataset(Store& store, Dataset dataset, bool replace, DatasetImportSummary& summary);

void setDatasetMeta(Store& store, RowId datasetId, const nlohmann::json& meta);

// Throws Error(Cancelled) when the job was cancelled, so the caller's transaction rolls back.
void throwIfCancelled(const JobContext& job);

// Sets the sample's image fields for a file that exists under `root`: Present with its SHA-1 when its header is a
// usable image, otherwise Unreadable (empty, corrupt, truncated, too large) and reported in the summary.
ImageProbe recordImage(Sample& sample, const std::filesystem::path& root, DatasetImportSummary& summary);

// Seconds since `start`, for summaries.
double secondsSince(std::chrono::steady_clock::time_point start);

// An absolute, normal form of a user-given path (the file need not exist).
std::filesystem::path absolutePath(const std::filesystem::path& path);

} // namespace mel::core::io
