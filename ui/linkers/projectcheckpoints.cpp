// ProjectCheckpoints: one QSettings group per project, named by a hash of its absolute path.
#include "linkers/projectcheckpoints.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QSettings>

namespace mel::ui {

ProjectCheckpoints::ProjectCheckpoints(const QString& projectFile)
    : m_group(QStringLiteral("projects/") +
              QString::fromLatin1(QCryptographicHash::hash(QFileInfo(projectFile).absoluteFilePath().toUtf8(),
                                                           QCryptographicHash::Sha1)
                                      .toHex()))
{
}

QString ProjectCheckpoints::key(const char* name) const { return m_group + QLatin1Char('/') + QLatin1String(name); }

QStringList ProjectCheckpoints::files() const { return QSettings().value(key("checkpoints")).toStringList(); }

void ProjectCheckpoints::remember(const QString& checkpoint)
{
    QStringList list = files();
    const QString path = QFileInfo(checkpoint).absoluteFilePath();
    if (list.contains(path))
        return;
    list << path;
    QSettings().setValue(key("checkpoints"), list);
}

void ProjectCheckpoints::forget(const QString& checkpoint)
{
    QStringList list = files();
    list.removeAll(QFileInfo(checkpoint).absoluteFilePath());
    QSettings().setValue(key("checkpoints"), list);
}

QString ProjectCheckpoints::activeLinker() const { return QSettings().value(key("activeLinker")).toString(); }

void ProjectCheckpoints::setActiveLinker(const QString& id) { QSettings().setValue(key("activeLinker"), id); }

} // namespace mel::ui
