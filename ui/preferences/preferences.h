// The user's preferences (Edit > Preferences), stored with QSettings and applied by the main window.
#pragma once

#include <QKeySequence>
#include <QList>
#include <QMap>
#include <QString>

#include "explain/heatmap.h"

namespace mel::ui {

// Labelling actions whose keys can be changed (accepting candidates 1-9 stays on the number keys).
enum class ShortcutAction
{
    Nil,
    Ambiguous,
    NextMention,
    PreviousMention,
    NextSample,
    PreviousSample,
};
inline constexpr ShortcutAction kShortcutActions[] = {ShortcutAction::Nil,         ShortcutAction::Ambiguous,
                                                      ShortcutAction::NextMention, ShortcutAction::PreviousMention,
                                                      ShortcutAction::NextSample,  ShortcutAction::PreviousSample};
QString shortcutActionId(ShortcutAction action);           // settings key, e.g. "nil"
QString shortcutActionDisplayName(ShortcutAction action);  // translated
QKeySequence defaultShortcut(ShortcutAction action);

// Interface languages offered; "" follows the system locale.
struct LanguageChoice
{
    QString id;    // "", "en", "de", "zh_CN"
    QString name;  // in its own language (so anyone can find theirs), "System" translated
};
QList<LanguageChoice> languageChoices();

struct Preferences
{
    static constexpr int kMinCandidates = 1;
    static constexpr int kMaxCandidates = 500;

    QString annotator;                // written into every label's history
    QString linker = QStringLiteral("name");  // id of the linker activated on start
    QString device = QStringLiteral("auto");  // "auto" (GPU when available), "cpu" or "cuda": where learned linkers run
    int candidateCount = 100;         // top-K from the KB index: ranked in the candidate panel and by Link all
    Colormap colormap = Colormap::Jet;
    QString language;                 // "" = system; applied on restart
    QMap<ShortcutAction, QKeySequence> shortcuts;
    // Defaults of Model > Train (the training dialog saves the last choices here).
    QString trainingLinker = QStringLiteral("mimic");
    int trainingEpochs = 3;
    int trainingBatchSize = 32;
    double trainingLearningRate = 2e-3;

    QKeySequence shortcut(ShortcutAction action) const { return shortcuts.value(action, defaultShortcut(action)); }

    // Reads QSettings (missing keys give the defaults; the annotator defaults to $USER).
    static Preferences load();
    void save() const;
};

} // namespace mel::ui
