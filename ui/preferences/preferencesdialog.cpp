// PreferencesDialog: a form over Preferences; nothing is written until the caller saves the result.
#include "preferences/preferencesdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace mel::ui {

PreferencesDialog::PreferencesDialog(const Preferences& current, const QList<QPair<QString, QString>>& linkers,
                                     bool gpuAvailable, QWidget* parent)
    : QDialog(parent)
    , m_initial(current)
    , m_annotator(new QLineEdit(current.annotator, this))
    , m_linker(new QComboBox(this))
    , m_device(new QComboBox(this))
    , m_candidates(new QSpinBox(this))
    , m_colormap(new QComboBox(this))
    , m_language(new QComboBox(this))
    , m_shortcutWarning(new QLabel(this))
{
    setObjectName("preferencesDialog");
    setWindowTitle(tr("Preferences"));

    for (const auto& [id, name] : linkers)
        m_linker->addItem(name, id);
    m_linker->setCurrentIndex(std::max(0, m_linker->findData(current.linker)));

    m_device->addItem(tr("Automatic (GPU when available)"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(gpuAvailable ? tr("GPU (CUDA)") : tr("GPU (CUDA, not available)"), QStringLiteral("cuda"));
    if (!gpuAvailable) {
        // The stored choice is kept, but a GPU cannot be newly picked where none is present.
        if (auto* model = qobject_cast<QStandardItemModel*>(m_device->model()))
            model->item(2)->setEnabled(current.device == QStringLiteral("cuda"));
    }
    m_device->setCurrentIndex(std::max(0, m_device->findData(current.device)));
    m_device->setToolTip(tr("Where learned linkers (GHMF / MIMIC) rank and train; the name baseline always uses the CPU"));

    m_candidates->setRange(Preferences::kMinCandidates, Preferences::kMaxCandidates);
    m_candidates->setValue(current.candidateCount);
    m_candidates->setToolTip(tr("Top-K candidates from the KB index: shown in the candidate panel (at most 30 cards) "
                                "and ranked by Link all"));

    for (Colormap map : kColormaps)
        m_colormap->addItem(colormapDisplayName(map), colormapId(map));
    m_colormap->setCurrentIndex(std::max(0, m_colormap->findData(colormapId(current.colormap))));

    for (const auto& choice : languageChoices())
        m_language->addItem(choice.name, choice.id);
    m_language->setCurrentIndex(std::max(0, m_language->findData(current.language)));

    auto* general = new QGroupBox(tr("General"), this);
    auto* form = new QFormLayout(general);
    form->addRow(tr("Annotator name:"), m_annotator);
    form->addRow(tr("Default linker:"), m_linker);
    form->addRow(tr("Device:"), m_device);
    form->addRow(tr("Candidate count:"), m_candidates);
    form->addRow(tr("Heatmap colours:"), m_colormap);
    form->addRow(tr("Language:"), m_language);
    auto* restart = new QLabel(tr("A new language is used after restarting MELStudio."), this);
    restart->setWordWrap(true);
    form->addRow(QString(), restart);

    auto* keys = new QGroupBox(tr("Keyboard shortcuts"), this);
    auto* keyForm = new QFormLayout(keys);
    keyForm->addRow(tr("Accept candidate 1–9:"), new QLabel(tr("1 – 9 (fixed)"), this));
    for (ShortcutAction action : kShortcutActions) {
        auto* edit = new QKeySequenceEdit(current.shortcut(action), this);
        edit->setObjectName(QStringLiteral("shortcut_") + shortcutActionId(action));
        m_shortcuts[action] = edit;
        keyForm->addRow(shortcutActionDisplayName(action) + QLatin1Char(':'), edit);
        connect(edit, &QKeySequenceEdit::keySequenceChanged, this, &PreferencesDialog::checkShortcuts);
    }
    m_shortcutWarning->setWordWrap(true);
    keyForm->addRow(m_shortcutWarning);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults,
                                         this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        for (ShortcutAction action : kShortcutActions)
            m_shortcuts[action]->setKeySequence(defaultShortcut(action));
    });
    buttons->button(QDialogButtonBox::RestoreDefaults)->setToolTip(tr("Restore the default shortcuts"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(general);
    layout->addWidget(keys);
    layout->addWidget(buttons);
    checkShortcuts();
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p = m_initial;
    const QString name = m_annotator->text().trimmed();
    if (!name.isEmpty())
        p.annotator = name;
    p.linker = m_linker->currentData().toString();
    p.device = m_device->currentData().toString();
    p.candidateCount = m_candidates->value();
    p.colormap = colormapFromId(m_colormap->currentData().toString());
    p.language = m_language->currentData().toString();
    for (ShortcutAction action : kShortcutActions)
        p.shortcuts[action] = m_shortcuts.value(action)->keySequence();
    return p;
}

bool PreferencesDialog::canAccept() const { return m_ok && m_ok->isEnabled(); }

void PreferencesDialog::checkShortcuts()
{
    // Two actions on one key would make Qt fire neither ("ambiguous shortcut"); say so before it happens.
    QStringList clashes;
    QMap<QString, QString> seen;
    for (ShortcutAction action : kShortcutActions) {
        const QKeySequence key = m_shortcuts.value(action)->keySequence();
        if (key.isEmpty())
            continue;
        const QString text = key.toString(QKeySequence::NativeText);
        // 1-9 accept candidates and M adds a mention: those keys are taken.
        const bool fixed = key.count() == 1 && text.size() == 1 &&
                           ((text.at(0) >= QLatin1Char('1') && text.at(0) <= QLatin1Char('9')) || text == QLatin1String("M"));
        if (fixed || seen.contains(text))
            clashes << text;
        seen[text] = shortcutActionDisplayName(action);
    }
    m_shortcutWarning->setText(clashes.isEmpty() ? QString()
                                                 : tr("These keys are used twice: %1").arg(clashes.join(QStringLiteral(", "))));
    if (m_ok)
        m_ok->setEnabled(clashes.isEmpty());
}

} // namespace mel::ui
