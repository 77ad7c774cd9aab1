// The open project as the GUI sees it: the GUI thread's Store connection and the shared in-memory KB index.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include <QObject>
#include <QString>

#include "mel/core/pipeline/kbcandidates.h"
#include "mel/core/store/store.h"

namespace mel::ui {

// Thread contract: store() belongs to the GUI thread (short reads and single label writes only); jobs open their
// own Store on the same file. kb() is immutable once built and may be shared with any thread.
class Project : public QObject
{
    Q_OBJECT

public:
    explicit Project(QObject* parent = nullptr);
    ~Project() override;

    // Opens (creating when missing) the project file. Throws core::Error with the file name on failure.
    void open(const std::filesystem::path& file);
    void close();
    bool isOpen() const { return m_store != nullptr; }
    core::Store& store() { return *m_store; }
    const std::filesystem::path& path() const { return m_path; }

    std::shared_ptr<const core::KbCandidates> kb() const { return m_kb; }
    void setKb(std::shared_ptr<const core::KbCandidates> kb);

    // Announce changes made elsewhere (jobs, label commands) so that views refresh.
    void notifyDataChanged() { Q_EMIT dataChanged(); }
    // A dataset import added samples and mentions (then dataChanged follows).
    void notifyMentionsImported() { Q_EMIT mentionsImported(); }
    void notifyLabelsChanged(const std::vector<core::RowId>& mentionIds) { Q_EMIT labelsChanged(mentionIds); }
    void notifyUndoFailed(const QString& error) { Q_EMIT undoFailed(error); }
    void notifyEditFailed(const QString& error) { Q_EMIT editFailed(error); }
    void notifyMentionsChanged(core::RowId sampleId, core::RowId focus) { Q_EMIT mentionsChanged(sampleId, focus); }

Q_SIGNALS:
    void opened(const QString& path);
    void closed();
    void kbChanged();
    // Datasets, samples or runs were added or replaced.
    void dataChanged();
    // An import added samples and mentions: SQLite may have given them the ids of mentions deleted before (an undone
    // "Add a mention"), so ids held elsewhere (the undo history) may now name other rows.
    void mentionsImported();
    void labelsChanged(const std::vector<core::RowId>& mentionIds);
    // A sample's mentions were added or removed; `focus` is the mention to select (0: keep the selection).
    void mentionsChanged(core::RowId sampleId, core::RowId focus);
    // An undo could not be written (a full disk, another process holding the file): the edit stays as it is.
    void undoFailed(const QString& error);
    // An edit (label, mention, region) could not be written; the project is as it was before it.
    void editFailed(const QString& error);

private:
    std::unique_ptr<core::Store> m_store;
    std::filesystem::path m_path;
    std::shared_ptr<const core::KbCandidates> m_kb;
};

} // namespace mel::ui
