// The training runs of a project (model runs whose config says {"job": "train"}), newest first, with metrics.
#pragma once

#include <QTableWidget>

#include "mel/core/store/store.h"

namespace mel::ui {

class RunHistoryTable : public QTableWidget
{
    Q_OBJECT

public:
    enum Column
    {
        Run,
        Linker,
        Dataset,
        Status,
        Epochs,
        BestHits1,
        BestMrr,
        Time,
        Checkpoint,
        ColumnCount
    };

    explicit RunHistoryTable(QWidget* parent = nullptr);
    // Re-reads the runs (short query on the GUI thread's connection); nullptr clears the table.
    void reload(core::Store* store);
    // The checkpoint of a row ("" when the run wrote none or the row does not exist).
    QString checkpointAt(int row) const;

Q_SIGNALS:
    // Double-click on a row with a checkpoint.
    void checkpointActivated(const QString& file);
};

} // namespace mel::ui
