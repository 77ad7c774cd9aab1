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
        m_mention = core::addMention(m_project.store(), m_sample, m_begin, m_end);
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
        setObsolete(true);
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
        m_error = QString::fromStdString(e.what());
        return;
    }
    m_mention = 0;
    m_project.notifyMentionsChanged(m_sample, 0);
}

} // namespace mel::ui
