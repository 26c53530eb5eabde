#pragma once

// A file's SHA-256, for tests that a refused or damaged store is left byte for byte as it was.
// Empty for a file that does not exist (or cannot be read).

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QString>

inline QByteArray fileDigest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result();
}
