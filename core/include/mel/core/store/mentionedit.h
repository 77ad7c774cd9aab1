// Adding and removing mentions by hand (the GUI's "new mention from the selected text" and its undo).
#pragma once

#include "mel/core/store/store.h"

namespace mel::core {

// Adds a mention of the sample covering code points [begin, end) of its text, with that text as the surface and
// an ordinal in reading order (the mentions starting after it move up by one), and returns its id. Throws
// Error(NotFound) for an unknown sample and Error(Invalid) for an empty or out-of-range span, or one that exactly
// repeats an existing mention's span. `id`, when set, is the id the mention had before an undo removed it: a redo
// gives it back, so later steps of the undo history that name it still apply (a new mention never reuses an id).
RowId addMention(Store& store, RowId sampleId, int begin, int end, RowId id = 0);

// Removes a mention with its label and label history (used to undo addMention). Throws Error(NotFound).
void removeMention(Store& store, RowId mentionId);

} // namespace mel::core
