// Interface language: the app's translations (embedded .qm files under :/i18n) and Qt's own (qtbase_*.qm).
#pragma once

#include <QIcon>
#include <QLocale>
#include <QString>

namespace mel::ui {

// The locale for a language id from the preferences ("" = the system's, "en", "de", "zh_CN").
QLocale localeFor(const QString& language);

// Replaces the installed translators with those for `language`; returns the language whose translations were
// loaded ("de", "zh_CN", ...) or "en" when the interface stays in English (English or an unsupported locale).
// Call before creating windows: texts are translated when widgets are built.
QString installTranslations(const QString& language);
// Removes the translators installed by installTranslations (back to English).
void removeTranslations();

// The application icon (16 to 512 px, from the packaging icon set, via the resource system).
QIcon applicationIcon();

} // namespace mel::ui
