// RunHistoryTable: reads model_run rows and their metrics JSON.
#include "training/runhistory.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mel::ui {

namespace {

QJsonObject parse(const std::string& json) { return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object(); }

QString statusName(const std::string& status)
{
    if (status == "trained")
        return RunHistoryTable::tr("trained");
    if (status == "training")
        return RunHistoryTable::tr("running");
    if (status == "cancelled")
        return RunHistoryTable::tr("cancelled");
    if (status == "failed")
        return RunHistoryTable::tr("failed");
    if (status == "interrupted")
        return RunHistoryTable::tr("interrupted");
    return QString::fromStdString(status);
}

} // namespace

RunHistoryTable::RunHistoryTable(QWidget* parent)
    : QTableWidget(0, ColumnCount, parent)
{
    setObjectName(QStringLiteral("runHistory"));
    setHorizontalHeaderLabels({tr("Run"), tr("Linker"), tr("Dataset"), tr("Status"), tr("Epochs"), tr("Dev Hits@1"),
                               tr("Dev MRR"), tr("Time"), tr("Checkpoint")});
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    verticalHeader()->hide();
    horizontalHeader()->setStretchLastSection(true);
    setToolTip(tr("Double-click a run to rank with its checkpoint"));
    connect(this, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QString file = checkpointAt(row);
        if (!file.isEmpty())
            Q_EMIT checkpointActivated(file);
    });
}

void RunHistoryTable::reload(core::Store* store)
{
    setRowCount(0);
    if (!store)
        return;
    const auto runs = store->runs();
    for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
        const QJsonObject config = parse(it->configJson);
        if (config.value(QStringLiteral("job")).toString() != QStringLiteral("train"))
            continue;
        const QJsonObject metrics = parse(it->metricsJson);
        const QJsonObject best = metrics.value(QStringLiteral("best_dev")).toObject();
        const int bestEpoch = metrics.value(QStringLiteral("best_epoch")).toInt();
        const int row = rowCount();
        insertRow(row);
        auto set = [&](int column, const QString& text) { setItem(row, column, new QTableWidgetItem(text)); };
        set(Run, QString::number(it->id));
        set(Linker, QString::fromStdString(it->linker).toUpper());
        set(Dataset, QString::fromStdString(it->datasetName));
        set(Status, statusName(it->status));
        set(Epochs, QStringLiteral("%1/%2")
                        .arg(metrics.value(QStringLiteral("epochs")).toArray().size())
                        .arg(config.value(QStringLiteral("epochs")).toInt()));
        const bool scored = bestEpoch > 0 && best.value(QStringLiteral("n")).toInt() > 0;
        set(BestHits1, scored ? QString::number(best.value(QStringLiteral("hits@1")).toDouble(), 'f', 3) : QString());
        set(BestMrr, scored ? QString::number(best.value(QStringLiteral("mrr")).toDouble(), 'f', 3) : QString());
        const double seconds = metrics.value(QStringLiteral("seconds")).toDouble();
        set(Time, seconds > 0 ? tr("%1 s").arg(seconds, 0, 'f', 1) : QString());
        const QString checkpoint = QString::fromStdString(it->checkpointPath);
        const bool written = bestEpoch > 0 && QFileInfo::exists(checkpoint);
        set(Checkpoint, written ? QFileInfo(checkpoint).fileName() : QString());
        item(row, Checkpoint)->setData(Qt::UserRole, written ? checkpoint : QString());
        item(row, Checkpoint)->setToolTip(checkpoint);
        const QString error = metrics.value(QStringLiteral("error")).toString();
        if (!error.isEmpty())
            item(row, Status)->setToolTip(error);
        else if (it->status == "interrupted")
            item(row, Status)->setToolTip(tr("The process that ran it ended before the run finished (killed or "
                                             "crashed)"));
    }
    resizeColumnsToContents();
}

QString RunHistoryTable::checkpointAt(int row) const
{
    const auto* cell = item(row, Checkpoint);
    return cell ? cell->data(Qt::UserRole).toString() : QString();
}

} // namespace mel::ui
