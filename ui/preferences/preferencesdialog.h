// Edit > Preferences: annotator, default linker, device, candidate count, colormap, language and shortcuts.
#pragma once

#include <QDialog>
#include <QList>
#include <QMap>
#include <QPair>

#include "preferences/preferences.h"

class QComboBox;
class QKeySequenceEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace mel::ui {

class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    // `linkers`: (id, display name) in menu order; `gpuAvailable`: whether the GPU choice can be picked.
    PreferencesDialog(const Preferences& current, const QList<QPair<QString, QString>>& linkers, bool gpuAvailable,
                      QWidget* parent = nullptr);

    // The values in the dialog now.
    Preferences preferences() const;

    QLineEdit* annotatorEdit() { return m_annotator; }
    QComboBox* linkerBox() { return m_linker; }
    QComboBox* deviceBox() { return m_device; }
    QSpinBox* candidateCountBox() { return m_candidates; }
    QComboBox* colormapBox() { return m_colormap; }
    QComboBox* languageBox() { return m_language; }
    QKeySequenceEdit* shortcutEdit(ShortcutAction action) { return m_shortcuts.value(action); }
    // Whether OK can be pressed (not while two actions share a key, or one takes 1-9 or M).
    bool canAccept() const;

private:
    void checkShortcuts();

    Preferences m_initial;
    QLineEdit* m_annotator;
    QComboBox* m_linker;
    QComboBox* m_device;
    QSpinBox* m_candidates;
    QComboBox* m_colormap;
    QComboBox* m_language;
    QMap<ShortcutAction, QKeySequenceEdit*> m_shortcuts;
    QLabel* m_shortcutWarning;
    QPushButton* m_ok = nullptr;  // disabled while two actions share a key
};

} // namespace mel::ui
