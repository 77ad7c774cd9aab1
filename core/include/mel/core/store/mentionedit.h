// Adding and removing mentions by hand (the GUI's "new mention from the selected text" and its undo).
#pragma once

#include "mel/core/store/store.h"

namespace mel::core {

// Adds a mention of the sample covering code points [begin, end) of its text, with that text as the surface and
// an ordinal in reading order (the mentions starting after it move up by one), and returns its id. Throws
// Error(NotFound) for an unknown sample and Error(Invalid) for an empty or out-of-range span, or one that exactly
// repeats an existing mention's span.
RowId addMention(Store& store, RowId sampleId, int begin, int end);

// Removes a mention with its label and label history (used to undo addMention). Throws Error(NotFound).
void removeMention(Store& store, RowId mentionId);

} // namespace mel::core
