// Timed bulk label change over a large project, for `melstudio-cli bench labels`: what "Apply to identical mentions"
// and its undo do to the store.
#pragma once

#include <filesystem>

namespace mel::core {

struct LabelBenchOptions
{
    int samples = 100000;   // one mention each, every one labelled by the dataset
    int identical = 10000;  // of them share one surface, spread evenly: the bulk action's targets
};

struct LabelBenchResult
{
    int mentions = 0;          // in the project
    int changed = 0;           // labels set and then undone
    double buildSeconds = 0;   // creating the project
    double readSeconds = 0;    // the identical mentions with their labels (labelsOfMentionsWithSurface)
    double setSeconds = 0;     // one transaction: a person's label on each (Store::setLabel, as the label command)
    double undoSeconds = 0;    // one transaction: Store::undoLastChange on each, last first (as the command's undo)
};

// Creates a project at `projectFile` (which must not exist yet) and times the three steps. Throws Error(Invalid)
// for counts out of range, and Error(Database) when the undo does not restore every label (the bench checks that
// it timed the real thing). The project is left in place for the caller to inspect or delete.
LabelBenchResult benchBulkLabels(const std::filesystem::path& projectFile, const LabelBenchOptions& options = {});

} // namespace mel::core
