#pragma once

// Stores and imports as the engine-level tests make them: a copy of a store loaded once (loading the
// default data takes seconds; a copy, a fraction of one), and a file imported as detection plans it.

#include "importer.h"
#include "importplan.h"
#include "reader.h"
#include "store.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QString>

#include <memory>

// A consistent copy of from at path (VACUUM INTO: what a reader sees, -wal included), opened.
// Null, with *error, where it cannot be made.
inline std::unique_ptr<oversight::Store> copyOfStore(const oversight::Store &from, const QString &path, QString *error)
{
    QFile::remove(path);
    QSqlQuery q(from.database());
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    q.addBindValue(path);
    if (!q.exec()) {
        *error = QStringLiteral("cannot copy the store to %1").arg(path);
        return nullptr;
    }
    return oversight::Store::open(path, error);
}

// Imports path with the plan detection proposes and no choices; the test stops with the reason
// where the file cannot be read or planned.
inline oversight::import::ImportResult importDetected(oversight::Store &store, const QString &path,
                                                      const oversight::import::ImportOptions &options = {})
{
    using namespace oversight::import;
    QString error;
    std::unique_ptr<Reader> reader = readerFor(path, &error);
    if (!reader || !reader->open(path, &error))
        qFatal("%s", qPrintable(error));
    const auto plan = detectPlan(*reader, QFileInfo(path).fileName(), &error);
    if (!plan)
        qFatal("%s", qPrintable(error));
    return Importer(store).run(path, *reader, *plan, options);
}
