// Undoable mention edits: a new mention from the selected text, a mention's region on the image.
#pragma once

#include <optional>

#include <QUndoCommand>

#include "project/project.h"

namespace mel::ui {

// redo() adds the mention (core::addMention), undo() removes it again with whatever labels it got meanwhile.
// A redo after an undo gives the mention back its first id, so the later steps that name it (labels, regions) redo
// on it. A failed add (bad or duplicate span) marks the command obsolete and keeps the error.
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
    core::RowId m_removed = 0;  // the id undo removed
    QString m_error;
};

} // namespace mel::ui

namespace mel::ui {

// Sets (or with an empty box, removes) a mention's image region; undo restores the previous one.
class SetBoxCommand : public QUndoCommand
{
public:
    SetBoxCommand(Project& project, core::RowId sampleId, core::RowId mentionId, std::optional<core::BoundingBox> box);
    void redo() override;
    void undo() override;
    const QString& error() const { return m_error; }

private:
    void apply(const std::optional<core::BoundingBox>& box);

    Project& m_project;
    core::RowId m_sample, m_mention;
    std::optional<core::BoundingBox> m_box, m_previous;
    QString m_error;
};

} // namespace mel::ui
