// AddMentionCommand: core::addMention forward, core::removeMention back.
#include "candidates/mentioncommand.h"

#include "mel/core/store/mentionedit.h"

namespace mel::ui {

AddMentionCommand::AddMentionCommand(Project& project, core::RowId sampleId, int begin, int end)
    : QUndoCommand(QObject::tr("Add a mention"))
    , m_project(project)
    , m_sample(sampleId)
    , m_begin(begin)
    , m_end(end)
{
}

void AddMentionCommand::redo()
{
    if (!m_project.isOpen())
        return;
    try {
        m_mention = core::addMention(m_project.store(), m_sample, m_begin, m_end, m_removed);
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
        setObsolete(true);
        m_project.notifyEditFailed(m_error);
        return;
    }
    m_project.notifyMentionsChanged(m_sample, m_mention);
}

void AddMentionCommand::undo()
{
    if (!m_project.isOpen() || !m_mention)
        return;
    try {
        core::removeMention(m_project.store(), m_mention);
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());  // the mention stays: the stack drops the command (as labels)
        setObsolete(true);
        m_project.notifyUndoFailed(m_error);
        return;
    }
    m_removed = m_mention;
    m_mention = 0;
    m_project.notifyMentionsChanged(m_sample, 0);
}

} // namespace mel::ui

namespace mel::ui {

SetBoxCommand::SetBoxCommand(Project& project, core::RowId sampleId, core::RowId mentionId,
                             std::optional<core::BoundingBox> box)
    : QUndoCommand(box ? QObject::tr("Draw the region of mention %1").arg(mentionId)
                       : QObject::tr("Remove the region of mention %1").arg(mentionId))
    , m_project(project)
    , m_sample(sampleId)
    , m_mention(mentionId)
    , m_box(box)
{
    if (m_project.isOpen())
        if (const auto m = m_project.store().mention(mentionId))
            m_previous = m->box;
}

void SetBoxCommand::apply(const std::optional<core::BoundingBox>& box)
{
    if (!m_project.isOpen())
        return;
    try {
        m_project.store().setMentionBox(m_mention, box);
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
        setObsolete(true);
        m_project.notifyEditFailed(m_error);
        return;
    }
    m_project.notifyMentionsChanged(m_sample, m_mention);
}

void SetBoxCommand::redo() { apply(m_box); }
void SetBoxCommand::undo() { apply(m_previous); }

} // namespace mel::ui
