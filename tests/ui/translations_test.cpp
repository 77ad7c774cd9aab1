// Translations: every .ts entry is finished and non-empty with the same placeholders, and the main window comes up
// translated in each offered language (menus from melstudio_*.qm, standard buttons from Qt's qtbase_*.qm).
#include <gtest/gtest.h>

#include <QFile>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QXmlStreamReader>

#include "i18n/translations.h"
#include "mainwindow.h"
#include "preferences/preferences.h"
#include "uitest.h"

using namespace mel;

namespace {

QSet<QString> placeholders(const QString& text)
{
    QSet<QString> out;
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(0));
    return out;
}

// Returns one line per problem in the .ts file.
QStringList problemsIn(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot open ") + path};
    QStringList problems;
    QXmlStreamReader xml(&file);
    QString source;
    int messages = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
            ++messages;
        } else if (xml.name() == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            if (!type.isEmpty())
                problems << QStringLiteral("%1 translation: %2").arg(type, source);
            // Plural entries hold <numerusform> children; others hold the text directly.
            QStringList forms;
            QString direct;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters())
                    direct += xml.text();
                else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                    forms << xml.readElementText();
                else if (xml.isEndElement() && xml.name() == QLatin1String("translation"))
                    break;
            }
            if (forms.isEmpty())
                forms << direct;
            for (const QString& form : forms) {
                if (form.trimmed().isEmpty())
                    problems << QStringLiteral("empty translation: ") + source;
                else if (placeholders(form) != placeholders(source))
                    problems << QStringLiteral("placeholders differ: %1 -> %2").arg(source, form);
            }
        }
    }
    if (xml.hasError())
        problems << QStringLiteral("XML error: ") + xml.errorString();
    if (messages < 100)
        problems << QStringLiteral("only %1 messages: is the file complete?").arg(messages);
    return problems;
}

QString fileMenuTitle()
{
    ui::MainWindow window;
    window.setInteractive(false);
    return window.menuBar()->actions().value(0) ? window.menuBar()->actions().value(0)->text() : QString();
}

} // namespace

TEST(Translations, EveryEntryIsFinishedInEachTsFile)
{
    for (const char* name : {"melstudio_de.ts", "melstudio_zh_CN.ts"}) {
        const QStringList problems = problemsIn(QStringLiteral(MEL_SOURCE_DIR "/translations/") + name);
        EXPECT_TRUE(problems.isEmpty()) << name << ":\n" << problems.join('\n').toStdString();
    }
}

TEST(Translations, MainWindowStartsInEachLanguage)
{
    test::app();
    struct Case
    {
        QString language, loaded, file, cancel;
    };
    const Case cases[] = {
        {"de", "de", "&Datei", "Abbrechen"},
        {"zh_CN", "zh_CN", QStringLiteral("文件(&F)"), QStringLiteral("取消")},
        {"en", "en", "&File", "Cancel"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.language.toStdString());
        EXPECT_TRUE(ui::installTranslations(c.language).startsWith(c.loaded));
        EXPECT_EQ(fileMenuTitle(), c.file);
        // Qt's own strings (standard dialog buttons) come from qtbase_<lang>.qm.
        EXPECT_EQ(QCoreApplication::translate("QPlatformTheme", "Cancel"), c.cancel);
    }
    ui::removeTranslations();
    EXPECT_EQ(fileMenuTitle(), "&File");
}

TEST(Translations, EveryOfferedLanguageHasTranslations)
{
    test::app();
    for (const auto& choice : ui::languageChoices()) {
        if (choice.id.isEmpty() || choice.id == "en")
            continue;
        EXPECT_TRUE(ui::installTranslations(choice.id).startsWith(choice.id)) << choice.id.toStdString();
    }
    ui::removeTranslations();
}

TEST(ApplicationIcon, ComesFromTheResourceSystemInEverySize)
{
    test::app();
    const QIcon icon = ui::applicationIcon();
    ASSERT_FALSE(icon.isNull());
    EXPECT_GE(icon.availableSizes().size(), 8);
    EXPECT_EQ(icon.pixmap(QSize(64, 64)).size(), QSize(64, 64));
}
