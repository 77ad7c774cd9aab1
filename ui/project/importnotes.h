// What an import left for the user to read: each kind of skipped or doubtful record with its count and first
// examples. The status bar's one-line summary has room for counts only; these notes are shown in a dialog.
#pragma once

#include <string>
#include <vector>

#include <QString>

#include "mel/core/io/summary.h"

namespace mel::ui {

// One block per non-empty kind ("Images the records name that are not there: 3" and up to ten examples);
// "" when the import has nothing to report.
QString importNotes(const core::DatasetImportSummary& summary);
QString importNotes(const core::KbImportSummary& summary);
// After a link or a training: the images the learned linker could not decode and used as "no image" ("" = none).
QString undecodableImagesNote(const std::vector<std::string>& paths);

} // namespace mel::ui
