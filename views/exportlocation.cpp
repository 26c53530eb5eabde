#include "exportlocation.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace oversight::exportlocation {

namespace {

const QString kFolderKey = QStringLiteral("export/folder");

} // namespace

QString proposedFolder()
{
    const QString last = QSettings().value(kFolderKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (!documents.isEmpty() && (QFileInfo(documents).isDir() || QDir().mkpath(documents)))
        return documents;
    return QDir::homePath();
}

void remember(const QString &filePath)
{
    QSettings().setValue(kFolderKey, QFileInfo(filePath).absolutePath());
}

} // namespace oversight::exportlocation
