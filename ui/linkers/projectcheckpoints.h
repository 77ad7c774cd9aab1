// The checkpoints a project uses, remembered per project file in QSettings so they come back when it is reopened.
#pragma once

#include <QString>
#include <QStringList>

namespace mel::ui {

class ProjectCheckpoints
{
public:
    explicit ProjectCheckpoints(const QString& projectFile);

    QStringList files() const;  // oldest first
    void remember(const QString& checkpoint);
    void forget(const QString& checkpoint);
    // The linker id that was active when the project was last used ("" = none remembered).
    QString activeLinker() const;
    void setActiveLinker(const QString& id);

private:
    QString key(const char* name) const;
    QString m_group;
};

} // namespace mel::ui
