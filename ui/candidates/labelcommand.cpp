// LabelCommand: Store::setLabel / clearLabel forward, Store::undoLastChange back.
#include "candidates/labelcommand.h"

#include "mel/core/util/error.h"

namespace mel::ui {

LabelCommand::LabelCommand(Project& project, std::vector<core::RowId> mentionIds, std::string value,
                           std::string annotator, const QString& text)
    : QUndoCommand(text)
    , m_project(project)
    , m_mentions(std::move(mentionIds))
    , m_value(std::move(value))
    , m_annotator(std::move(annotator))
{
}

void LabelCommand::redo()
{
    if (!m_project.isOpen())
        return;
    core::Store& store = m_project.store();
    std::vector<core::RowId> changed;
    try {
        core::Transaction tx(store.db());
        for (core::RowId id : m_mentions) {
            if (m_value.empty()) {
                if (!store.label(id))
                    continue;
                store.clearLabel(id, m_annotator);
            } else {
                store.setLabel(id, m_value, core::LabelSource::Human, m_annotator);
            }
            changed.push_back(id);
        }
        tx.commit();
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
        setObsolete(true);
        m_project.notifyEditFailed(m_error);
        return;
    }
    m_changed = std::move(changed);
    m_project.notifyLabelsChanged(m_changed);
}

void LabelCommand::undo()
{
    if (!m_project.isOpen())
        return;
    core::Store& store = m_project.store();
    try {
        core::Transaction tx(store.db());
        for (auto it = m_changed.rbegin(); it != m_changed.rend(); ++it)
            store.undoLastChange(*it, m_annotator);
        tx.commit();
    } catch (const std::exception& e) {
        // Nothing was undone (one transaction): the stack drops the command rather than step past a change the
        // project still holds, so a later action cannot discard it as if it had been undone.
        m_error = QString::fromStdString(e.what());
        setObsolete(true);
        m_project.notifyUndoFailed(m_error);
        return;
    }
    m_project.notifyLabelsChanged(m_changed);
}

} // namespace mel::ui
