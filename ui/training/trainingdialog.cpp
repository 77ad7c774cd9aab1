// TrainingDialog: a form; the main window checks files and starts the job.
#include "training/trainingdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

namespace mel::ui {

TrainingDialog::TrainingDialog(const TrainingSettings& initial, const QStringList& datasets, const QString& retrainFrom,
                               QWidget* parent)
    : QDialog(parent)
    , m_initial(initial)
    , m_dataset(new QComboBox(this))
    , m_linker(new QComboBox(this))
    , m_epochs(new QSpinBox(this))
    , m_batch(new QSpinBox(this))
    , m_lr(new QDoubleSpinBox(this))
    , m_maxTrain(new QSpinBox(this))
    , m_textScript(nullptr)
    , m_imageScript(nullptr)
{
    setObjectName(QStringLiteral("trainingDialog"));
    setWindowTitle(retrainFrom.isEmpty() ? tr("Train a linker") : tr("Retrain the linker"));
    auto* form = new QFormLayout;
    if (!retrainFrom.isEmpty()) {
        auto* from = new QLabel(tr("Same linker and model configuration as %1, trained on the current labels "
                                   "(your corrections override the dataset's).")
                                    .arg(retrainFrom),
                                this);
        from->setWordWrap(true);
        form->addRow(from);
    }
    m_dataset->setObjectName(QStringLiteral("trainingDataset"));
    m_dataset->addItems(datasets);
    m_dataset->setCurrentIndex(std::max(0, static_cast<int>(datasets.indexOf(initial.dataset))));
    form->addRow(tr("Dataset (train split; dev selects the epoch):"), m_dataset);
    m_linker->setObjectName(QStringLiteral("trainingLinker"));
    m_linker->addItem(tr("MIMIC (text, image and cross-modal units)"), QStringLiteral("mimic"));
    m_linker->addItem(tr("GHMF (hierarchical co-attention, gated fusion)"), QStringLiteral("ghmf"));
    if (!retrainFrom.isEmpty() && m_linker->findData(initial.linker) < 0)  // a DWE or GEMEL checkpoint retrained
        m_linker->addItem(initial.linker.toUpper(), initial.linker);      // as itself, never as the first entry
    m_linker->setCurrentIndex(std::max(0, m_linker->findData(initial.linker)));
    m_linker->setEnabled(retrainFrom.isEmpty());
    form->addRow(tr("Linker:"), m_linker);
    m_epochs->setObjectName(QStringLiteral("trainingEpochs"));
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(initial.epochs);
    form->addRow(tr("Epochs (at most; early stopping on dev MRR):"), m_epochs);
    m_batch->setRange(1, 4096);
    m_batch->setValue(initial.batchSize);
    form->addRow(tr("Mentions per batch:"), m_batch);
    m_lr->setDecimals(5);
    m_lr->setRange(1e-5, 1.0);
    m_lr->setSingleStep(1e-4);
    m_lr->setValue(initial.learningRate);
    form->addRow(tr("Learning rate (AdamW):"), m_lr);
    m_maxTrain->setRange(0, 10'000'000);
    m_maxTrain->setSpecialValueText(tr("all"));
    m_maxTrain->setValue(initial.maxTrainExamples);
    form->addRow(tr("Training mentions (for a quick try):"), m_maxTrain);
    m_textScript = scriptField(QStringLiteral("textEncoderScript"));
    m_textScript->setText(initial.textEncoderScript);
    m_imageScript = scriptField(QStringLiteral("imageEncoderScript"));
    m_imageScript->setText(initial.imageEncoderScript);
    if (retrainFrom.isEmpty()) {
        form->addRow(tr("Text encoder (TorchScript, optional):"), m_textScript->parentWidget());
        form->addRow(tr("Image encoder (TorchScript, optional):"), m_imageScript->parentWidget());
    } else {
        m_textScript->parentWidget()->hide();
        m_imageScript->parentWidget()->hide();
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start training"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QLineEdit* TrainingDialog::scriptField(const QString& objectName)
{
    auto* row = new QWidget(this);
    auto* edit = new QLineEdit(row);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(tr("from scratch"));
    auto* browse = new QToolButton(row);
    browse->setText(tr("…"));
    connect(browse, &QToolButton::clicked, this, [this, edit] {
        const QString file = QFileDialog::getOpenFileName(this, tr("TorchScript encoder"), edit->text(),
                                                          tr("TorchScript files (*.pt *.ts);;All files (*)"));
        if (!file.isEmpty())
            edit->setText(file);
    });
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit);
    layout->addWidget(browse);
    return edit;
}

TrainingSettings TrainingDialog::settings() const
{
    TrainingSettings s = m_initial;
    s.dataset = m_dataset->currentText();
    s.linker = m_linker->currentData().toString();
    s.epochs = m_epochs->value();
    s.batchSize = m_batch->value();
    s.learningRate = m_lr->value();
    s.maxTrainExamples = m_maxTrain->value();
    s.textEncoderScript = m_textScript->text().trimmed();
    s.imageEncoderScript = m_imageScript->text().trimmed();
    return s;
}

TrainingSettings TrainingDialog::fromPreferences(const Preferences& prefs, TrainingSettings settings)
{
    settings.linker = prefs.trainingLinker;
    settings.epochs = prefs.trainingEpochs;
    settings.batchSize = prefs.trainingBatchSize;
    settings.learningRate = prefs.trainingLearningRate;
    return settings;
}

void TrainingDialog::storeInPreferences(const TrainingSettings& settings, Preferences& prefs)
{
    prefs.trainingLinker = settings.linker;
    prefs.trainingEpochs = settings.epochs;
    prefs.trainingBatchSize = settings.batchSize;
    prefs.trainingLearningRate = settings.learningRate;
}

} // namespace mel::ui
