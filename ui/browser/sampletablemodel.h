// A virtualised table of samples: holds only the filtered id list and fetches rows a page at a time.
#pragma once

#include <list>
#include <memory>
#include <unordered_map>
#include <vector>

#include <QAbstractTableModel>
#include <QThreadPool>

#include "mel/core/store/browse.h"

namespace mel::ui {

// With 10^5 samples the model holds 10^5 ids (800 kB); texts and label counts are read per page of kPageSize rows
// when the view asks for them (about a millisecond), and at most kMaxPages pages stay cached. Running a filter
// over 10^5 samples takes 0.1-0.3 s, so it runs on a background thread with its own connection: the table keeps
// showing the previous rows until the new id list arrives (loaded()).
class SampleTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        DatasetColumn,
        IdColumn,
        SplitColumn,
        StateColumn,
        ImageColumn,
        TextColumn,
        ColumnCount
    };
    static constexpr int kPageSize = 128;
    static constexpr int kMaxPages = 32;
    static constexpr int SampleIdRole = Qt::UserRole + 1;

    explicit SampleTableModel(QObject* parent = nullptr);
    ~SampleTableModel() override;

    // Attaches a store (nullptr detaches) and re-runs the filter. Pages are read through `store` on the GUI
    // thread; filters through a second connection to the same file.
    void setStore(core::Store* store);
    void setFilter(const core::SampleFilter& filter);
    const core::SampleFilter& filter() const { return m_filter; }
    // Re-runs the current filter (after an import or a label change that may move samples in or out).
    void reload();
    // True from a filter change until its ids arrived.
    bool isLoading() const { return m_loading; }
    // Forgets the cached rows so label counts are re-read (only visible rows are fetched again).
    void refreshRows();

    core::RowId sampleIdAt(int row) const;
    int rowOfSample(core::RowId sampleId) const;  // -1 when filtered out
    int pagesFetched() const { return m_pagesFetched; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    // The id list of the latest filter is in place (after modelReset).
    void loaded();
    void loadFailed(const QString& error);

private:
    struct FilterConnection;
    const core::SampleRow* rowAt(int row) const;
    void setIds(std::vector<core::RowId> ids);

    core::Store* m_store = nullptr;
    core::SampleFilter m_filter;
    QThreadPool m_pool;                           // one thread: filters run in order
    std::shared_ptr<FilterConnection> m_connection;  // used on m_pool's thread only
    quint64 m_serial = 0;
    bool m_loading = false;
    std::vector<core::RowId> m_ids;
    mutable std::unordered_map<core::RowId, int> m_rowOf;  // built on first use
    mutable std::unordered_map<int, std::vector<core::SampleRow>> m_pages;
    mutable std::list<int> m_pageOrder;  // most recently used first
    mutable int m_pagesFetched = 0;
};

// "2 linked · 1 NIL · 1 unlabeled"
QString labelStateSummary(const core::SampleRow& row);

} // namespace mel::ui
