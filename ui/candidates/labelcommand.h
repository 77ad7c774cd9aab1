// An undoable label change of one or more mentions, written to the store (and committed) at once.
#pragma once

#include <string>
#include <vector>

#include <QUndoCommand>

#include "project/project.h"

namespace mel::ui {

// redo() sets `value` (a QID, NIL or AMBIGUOUS; "" clears the label) on every mention as a human label, in one
// transaction; undo() reverts exactly the changes it made with Store::undoLastChange, so the history keeps both
// the change and its reversal. A command whose write fails marks itself obsolete (QUndoStack then drops it) and
// keeps the error for the caller.
class LabelCommand : public QUndoCommand
{
public:
    LabelCommand(Project& project, std::vector<core::RowId> mentionIds, std::string value, std::string annotator,
                 const QString& text);
    void redo() override;
    void undo() override;
    const QString& error() const { return m_error; }

private:
    Project& m_project;
    std::vector<core::RowId> m_mentions;
    std::vector<core::RowId> m_changed;  // the mentions the last redo() changed (clearing an unlabeled one does not)
    std::string m_value;
    std::string m_annotator;
    QString m_error;
};

} // namespace mel::ui
