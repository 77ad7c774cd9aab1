// What the exporters read: a dataset's samples with their mentions and current labels, in dataset order.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mel/core/store/store.h"

namespace mel::core::io {

struct ExportMention
{
    Mention mention;
    std::optional<Label> label;
    std::string labelName;  // KB name of the labelled QID, "" when the KB does not have it
};

struct ExportSample
{
    Sample sample;
    std::vector<ExportMention> mentions;
};

// Throws Error(Invalid) naming `output` when writing it would replace the project file itself or one of SQLite's
// files beside it (-wal, -shm, -journal): an export must never destroy the labels it exports.
void refuseProjectFile(Store& store, const std::filesystem::path& output);

// Every sample of the dataset (or of one split) with mentions and labels, read in one query. Loaded fully before
// any file is written so no read transaction stays open while exporting.
std::vector<ExportSample> loadExportSamples(Store& store, RowId datasetId, std::string_view split);

// The label value a mention has now ("" when none).
inline std::string currentValue(const ExportMention& m) { return m.label ? m.label->value : std::string(); }

// Shortest decimal form that reads back as the same double (box coordinates).
std::string formatNumber(double value);

} // namespace mel::core::io
