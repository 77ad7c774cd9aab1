// A virtualised table of samples: holds only the filtered id list and fetches rows a page at a time.
#pragma once

#include <list>
#include <unordered_map>
#include <vector>

#include <QAbstractTableModel>

#include "mel/core/store/browse.h"

namespace mel::ui {

// With 10^5 samples the model holds 10^5 ids (800 kB); texts and label counts are read per page of kPageSize rows
// when the view asks for them, and at most kMaxPages pages stay cached.
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

    // Attaches a store (nullptr detaches) and re-runs the filter.
    void setStore(core::Store* store);
    void setFilter(const core::SampleFilter& filter);
    const core::SampleFilter& filter() const { return m_filter; }
    // Re-runs the current filter (after an import or a label change that may move samples in or out).
    void reload();
    // Forgets the cached rows so label counts are re-read (only visible rows are fetched again).
    void refreshRows();

    core::RowId sampleIdAt(int row) const;
    int rowOfSample(core::RowId sampleId) const;  // -1 when filtered out
    int pagesFetched() const { return m_pagesFetched; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const core::SampleRow* rowAt(int row) const;

    core::Store* m_store = nullptr;
    core::SampleFilter m_filter;
    std::vector<core::RowId> m_ids;
    mutable std::unordered_map<core::RowId, int> m_rowOf;  // built on first use
    mutable std::unordered_map<int, std::vector<core::SampleRow>> m_pages;
    mutable std::list<int> m_pageOrder;  // most recently used first
    mutable int m_pagesFetched = 0;
};

// "2 linked · 1 NIL · 1 unlabeled"
QString labelStateSummary(const core::SampleRow& row);

} // namespace mel::ui
