// Translator installation: QTranslator for melstudio_<lang>.qm (embedded) and qtbase_<lang>.qm (Qt's install).
#include "i18n/translations.h"

#include <memory>

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

// Resources of a static library are registered explicitly (at global scope, as Q_INIT_RESOURCE requires).
static void initMelUiResources() { Q_INIT_RESOURCE(melstudio); }

namespace mel::ui {

namespace {

std::unique_ptr<QTranslator>& appTranslator()
{
    static std::unique_ptr<QTranslator> translator;
    return translator;
}

std::unique_ptr<QTranslator>& qtTranslator()
{
    static std::unique_ptr<QTranslator> translator;
    return translator;
}

} // namespace

QLocale localeFor(const QString& language)
{
    return language.isEmpty() ? QLocale::system() : QLocale(language);
}

void removeTranslations()
{
    for (auto* slot : {&appTranslator(), &qtTranslator()})
        if (*slot) {
            QCoreApplication::removeTranslator(slot->get());
            slot->reset();
        }
}

QString installTranslations(const QString& language)
{
    removeTranslations();
    const QLocale locale = localeFor(language);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return QStringLiteral("en");
    auto app = std::make_unique<QTranslator>();
    // load(QLocale, ...) tries each of the locale's UI languages (e.g. de_AT, de) against melstudio_<name>.qm.
    if (!app->load(locale, QStringLiteral("melstudio"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        return QStringLiteral("en");
    const QString loaded = app->language();
    QCoreApplication::installTranslator(app.get());
    appTranslator() = std::move(app);
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        qtTranslator() = std::move(qt);
    }
    return loaded.isEmpty() ? locale.name() : loaded;
}

QIcon applicationIcon()
{
    static const bool registered = [] {
        initMelUiResources();
        return true;
    }();
    Q_UNUSED(registered);
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256, 512})
        icon.addFile(QStringLiteral(":/icons/melstudio-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace mel::ui
