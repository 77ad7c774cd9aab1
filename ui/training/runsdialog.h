// Model > Run history: every model run of the project (links and trainings) with its metrics, and deleting runs
// with their stored predictions.
#pragma once

#include <vector>

#include <QDialog>

#include "mel/core/store/store.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace mel::ui {

class ModelRunsDialog : public QDialog
{
    Q_OBJECT

  public:
    enum Column {
        Run,
        Job,
        Linker,
        Dataset,
        Split,
        Status,
        Started,
        Hits1,
        Mrr,
        RecallAtK,
        Mentions,
        Checkpoint,
        ColumnCount
    };

    explicit ModelRunsDialog(QWidget* parent = nullptr);
    // Re-reads the runs (a short query of their rows, not of their predictions); nullptr clears the table.
    void reload(core::Store* store);
    QTableWidget* table() const { return m_table; }
    QPushButton* deleteButton() const { return m_delete; }
    std::vector<core::RowId> selectedRuns() const;
    // While a job writes the project, deleting is not offered.
    void setDeleteAllowed(bool allowed);

  Q_SIGNALS:
    // "Delete selected runs" was pressed (the window asks for confirmation and runs the deletion as a job).
    void deleteRequested(const std::vector<core::RowId>& runs);

  private:
    void updateButtons();

    QTableWidget* m_table = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_delete = nullptr;
    bool m_deleteAllowed = true;
};

} // namespace mel::ui
