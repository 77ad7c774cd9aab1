// The sample browser: filter bar (dataset, split, label state, text) over a virtualised table.
#pragma once

#include <QTimer>
#include <QWidget>

#include "browser/sampletablemodel.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace mel::ui {

class BrowserWidget : public QWidget
{
    Q_OBJECT

public:
    explicit BrowserWidget(QWidget* parent = nullptr);

    // Attaches the store (nullptr detaches), refilling the dataset and split choices.
    void setStore(core::Store* store);
    SampleTableModel* model() { return m_model; }
    QTableView* view() { return m_view; }
    QComboBox* stateBox() { return m_state; }
    QComboBox* datasetBox() { return m_dataset; }
    QLineEdit* searchBox() { return m_search; }

    core::RowId currentSampleId() const;
    // The dataset chosen in the filter, "" for all.
    std::string currentDatasetName() const;
    // Selects a row (and emits sampleSelected); false when out of range.
    bool selectRow(int row);
    bool selectSample(core::RowId sampleId);
    // Moves the selection by `delta` rows; false at either end.
    bool step(int delta);
    // Shows the samples with a mention labelled `qid` ("show all samples linked to this entity").
    void showSamplesLinkedTo(const QString& qid);
    // Re-reads datasets/splits and the filtered list, keeping the selection when it is still there.
    void reload();

    // True while a filter runs in the background.
    bool isLoading() const { return m_model->isLoading(); }

Q_SIGNALS:
    void sampleSelected(core::RowId sampleId);
    // The filtered rows are in place (and the selection restored, or the first row selected).
    void loaded();

private:
    void onLoaded();
    // Refills the split choices, and the dataset choices too when `datasets`.
    void refillChoices(bool datasets);
    void applyFilter();

    core::Store* m_store = nullptr;
    SampleTableModel* m_model;
    QTableView* m_view;
    QComboBox* m_dataset;
    QComboBox* m_split;
    QComboBox* m_state;
    QLineEdit* m_search;
    QLabel* m_count;
    QString m_labelValue;
    core::RowId m_keepSample = 0;
    QTimer m_searchDelay;
    bool m_refilling = false;
};

} // namespace mel::ui
