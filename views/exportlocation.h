#pragma once

#include <QString>

namespace oversight::exportlocation {

// The folder an export (a table, a chart, the board pack) is proposed in: the last folder an export
// went to while it still exists; else the user's Documents folder, made if it is missing (a fresh
// account has none); else the home folder. Never a folder the file could not be written to for
// being absent.
QString proposedFolder();

// Remembers the folder of a file just written, for the next export of any kind.
void remember(const QString &filePath);

} // namespace oversight::exportlocation
