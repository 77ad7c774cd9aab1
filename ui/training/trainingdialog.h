// Model > Train / Retrain: the few options a user picks before training (defaults from the preferences).
#pragma once

#include <QDialog>
#include <QStringList>

#include "preferences/preferences.h"
#include "training/trainingjob.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace mel::ui {

class TrainingDialog : public QDialog
{
    Q_OBJECT

public:
    // `retrainFrom`: the active checkpoint's description line when retraining (its linker and model config are
    // kept), "" for a fresh training.
    TrainingDialog(const TrainingSettings& initial, const QStringList& datasets, const QString& retrainFrom,
                   QWidget* parent = nullptr);

    TrainingSettings settings() const;
    // The dialog's defaults: the preferences' training choices on top of `settings`.
    static TrainingSettings fromPreferences(const Preferences& prefs, TrainingSettings settings = {});
    // Writes the dialog's choices back as the next defaults.
    static void storeInPreferences(const TrainingSettings& settings, Preferences& prefs);

private:
    QLineEdit* scriptField(const QString& objectName);

    TrainingSettings m_initial;
    QComboBox* m_dataset;
    QComboBox* m_linker;
    QSpinBox* m_epochs;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_lr;
    QSpinBox* m_maxTrain;
    QLineEdit* m_textScript;
    QLineEdit* m_imageScript;
};

} // namespace mel::ui
