// CSV export of a dataset's mentions and labels, safe to open in a spreadsheet.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "mel/core/io/summary.h"
#include "mel/core/store/store.h"

namespace mel::core {

// One CSV cell: a leading apostrophe when the text starts with = + - @ TAB or CR (so a spreadsheet shows it
// instead of evaluating a formula), then RFC 4180 quoting when it contains a comma, quote, CR or LF.
std::string csvCell(std::string_view text);

// Writes a header and one row per mention (a sample without mentions gets one row with empty mention columns):
// dataset, split, sample_id, text, image, mention, surface, begin, end, box_x, box_y, box_w, box_h, gold,
// gold_name, label, label_name, label_source, annotator, updated_at. CRLF line ends (RFC 4180), UTF-8 without
// a byte order mark, through a temporary file renamed into place.
ExportSummary exportCsv(Store& store, std::string_view datasetName, const std::filesystem::path& output,
                        std::string_view split = {});

} // namespace mel::core
