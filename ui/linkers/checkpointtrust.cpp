// FileTrust: QSettings list of trusted fingerprints; the warning dialog.
#include "linkers/checkpointtrust.h"

#include <algorithm>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

namespace mel::ui {

namespace {

const QString kTrustedKey = QStringLiteral("trustedModelFiles");

bool isInside(const QString& file, const QString& folder)
{
    const QString f = QFileInfo(file).canonicalFilePath();
    const QString d = QFileInfo(folder).canonicalFilePath();
    return !f.isEmpty() && !d.isEmpty() && f.startsWith(d + QLatin1Char('/'));
}

} // namespace

QString checkpointsFolder(const QString& projectFile)
{
    const QFileInfo info(projectFile);
    return info.absoluteDir().filePath(info.completeBaseName() + QStringLiteral(".checkpoints"));
}

QString FileTrust::fingerprint(const QString& file)
{
    const QFileInfo info(file);
    if (!info.exists())
        return {};
    return QStringLiteral("%1|%2|%3")
        .arg(info.absoluteFilePath())
        .arg(info.size())
        .arg(info.lastModified().toMSecsSinceEpoch());
}

bool FileTrust::isTrusted(const QString& file, const QString& projectFile)
{
    if (!projectFile.isEmpty() && isInside(file, checkpointsFolder(projectFile)))
        return true;
    const QString print = fingerprint(file);
    return !print.isEmpty() && QSettings().value(kTrustedKey).toStringList().contains(print);
}

void FileTrust::trust(const QString& file)
{
    const QString print = fingerprint(file);
    if (print.isEmpty())
        return;
    QSettings settings;
    QStringList trusted = settings.value(kTrustedKey).toStringList();
    // One entry per path: a newer version of the file replaces the old decision.
    const QString prefix = QFileInfo(file).absoluteFilePath() + QLatin1Char('|');
    trusted.erase(std::remove_if(trusted.begin(), trusted.end(), [&](const QString& t) { return t.startsWith(prefix); }),
                  trusted.end());
    trusted << print;
    settings.setValue(kTrustedKey, trusted);
}

bool confirmModelFile(QWidget* parent, const QString& file, const QString& projectFile)
{
    if (FileTrust::isTrusted(file, projectFile))
        return true;
    QMessageBox box(QMessageBox::Warning, QObject::tr("Untrusted model file"),
                    QObject::tr("%1 is not one of this project's own checkpoints.").arg(QFileInfo(file).fileName()),
                    QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("untrustedModelFile"));
    box.setInformativeText(QObject::tr("A checkpoint can contain TorchScript code; only load files from people "
                                       "you trust.\n\n%1")
                               .arg(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath())));
    auto* load = box.addButton(QObject::tr("Load anyway"), QMessageBox::AcceptRole);
    load->setObjectName(QStringLiteral("loadAnyway"));
    auto* cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.exec();
    if (box.clickedButton() != load)
        return false;
    FileTrust::trust(file);
    return true;
}

} // namespace mel::ui
