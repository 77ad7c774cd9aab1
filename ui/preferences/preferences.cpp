// Preferences: QSettings keys and defaults.
#include "preferences/preferences.h"

#include <algorithm>

#include <QCoreApplication>
#include <QSettings>

namespace mel::ui {

QString shortcutActionId(ShortcutAction action)
{
    switch (action) {
    case ShortcutAction::Nil: return QStringLiteral("nil");
    case ShortcutAction::Ambiguous: return QStringLiteral("ambiguous");
    case ShortcutAction::NextMention: return QStringLiteral("nextMention");
    case ShortcutAction::PreviousMention: return QStringLiteral("previousMention");
    case ShortcutAction::NextSample: return QStringLiteral("nextSample");
    case ShortcutAction::PreviousSample: return QStringLiteral("previousSample");
    }
    return {};
}

QString shortcutActionDisplayName(ShortcutAction action)
{
    switch (action) {
    case ShortcutAction::Nil: return QCoreApplication::translate("mel::ui::Preferences", "NIL (not in the KB)");
    case ShortcutAction::Ambiguous: return QCoreApplication::translate("mel::ui::Preferences", "Ambiguous");
    case ShortcutAction::NextMention: return QCoreApplication::translate("mel::ui::Preferences", "Next mention");
    case ShortcutAction::PreviousMention:
        return QCoreApplication::translate("mel::ui::Preferences", "Previous mention");
    case ShortcutAction::NextSample: return QCoreApplication::translate("mel::ui::Preferences", "Next sample");
    case ShortcutAction::PreviousSample: return QCoreApplication::translate("mel::ui::Preferences", "Previous sample");
    }
    return {};
}

QKeySequence defaultShortcut(ShortcutAction action)
{
    switch (action) {
    case ShortcutAction::Nil: return QKeySequence(Qt::Key_N);
    case ShortcutAction::Ambiguous: return QKeySequence(Qt::Key_A);
    case ShortcutAction::NextMention: return QKeySequence(Qt::Key_J);
    case ShortcutAction::PreviousMention: return QKeySequence(Qt::Key_K);
    case ShortcutAction::NextSample: return QKeySequence(Qt::Key_PageDown);
    case ShortcutAction::PreviousSample: return QKeySequence(Qt::Key_PageUp);
    }
    return {};
}

QList<LanguageChoice> languageChoices()
{
    return {{QString(), QCoreApplication::translate("mel::ui::Preferences", "System")},
            {QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")},
            {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

Preferences Preferences::load()
{
    QSettings settings;
    Preferences p;
    p.annotator =
        settings.value(QStringLiteral("annotator"), qEnvironmentVariable("USER", QStringLiteral("annotator"))).toString();
    p.linker = settings.value(QStringLiteral("linker"), p.linker).toString();
    p.device = settings.value(QStringLiteral("device"), p.device).toString();
    p.candidateCount = std::clamp(settings.value(QStringLiteral("candidateCount"), p.candidateCount).toInt(),
                                  kMinCandidates, kMaxCandidates);
    p.colormap = colormapFromId(settings.value(QStringLiteral("colormap")).toString());
    p.language = settings.value(QStringLiteral("language")).toString();
    p.trainingLinker = settings.value(QStringLiteral("training/linker"), p.trainingLinker).toString();
    p.trainingEpochs = std::clamp(settings.value(QStringLiteral("training/epochs"), p.trainingEpochs).toInt(), 1, 1000);
    p.trainingBatchSize =
        std::clamp(settings.value(QStringLiteral("training/batchSize"), p.trainingBatchSize).toInt(), 1, 4096);
    p.trainingLearningRate =
        settings.value(QStringLiteral("training/learningRate"), p.trainingLearningRate).toDouble();
    for (ShortcutAction action : kShortcutActions) {
        const QString key = QStringLiteral("shortcuts/") + shortcutActionId(action);
        if (settings.contains(key))
            p.shortcuts[action] = QKeySequence(settings.value(key).toString(), QKeySequence::PortableText);
    }
    return p;
}

void Preferences::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("annotator"), annotator);
    settings.setValue(QStringLiteral("linker"), linker);
    settings.setValue(QStringLiteral("device"), device);
    settings.setValue(QStringLiteral("candidateCount"), candidateCount);
    settings.setValue(QStringLiteral("colormap"), colormapId(colormap));
    settings.setValue(QStringLiteral("language"), language);
    settings.setValue(QStringLiteral("training/linker"), trainingLinker);
    settings.setValue(QStringLiteral("training/epochs"), trainingEpochs);
    settings.setValue(QStringLiteral("training/batchSize"), trainingBatchSize);
    settings.setValue(QStringLiteral("training/learningRate"), trainingLearningRate);
    for (ShortcutAction action : kShortcutActions)
        settings.setValue(QStringLiteral("shortcuts/") + shortcutActionId(action),
                          shortcut(action).toString(QKeySequence::PortableText));
}

} // namespace mel::ui
