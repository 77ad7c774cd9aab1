// An undoable "new mention from the selected text".
#pragma once

#include <QUndoCommand>

#include "project/project.h"

namespace mel::ui {

// redo() adds the mention (core::addMention), undo() removes it again with whatever labels it got meanwhile.
// A failed add (bad or duplicate span) marks the command obsolete and keeps the error.
class AddMentionCommand : public QUndoCommand
{
public:
    AddMentionCommand(Project& project, core::RowId sampleId, int begin, int end);
    void redo() override;
    void undo() override;
    core::RowId mentionId() const { return m_mention; }
    const QString& error() const { return m_error; }

private:
    Project& m_project;
    core::RowId m_sample;
    int m_begin, m_end;
    core::RowId m_mention = 0;
    QString m_error;
};

} // namespace mel::ui
