#pragma once

#include <QString>
#include <QStringList>

namespace oversight::storecheck {

// Whether an existing store can be trusted, decided without writing to it: its -wal file is read
// as bytes before SQLite may replay it, the database is opened read-only (a read-only connection
// never checkpoints a -wal into the file), its schema is compared with the one its version's
// migrations build, and SQLite checks its pages.
enum class Depth {
    // On every open: the -wal and the schema; and PRAGMA quick_check (every page and record, not
    // the indexes' contents) unless the file is as an Oversight last left it sound (rememberSound).
    Quick,
    Full, // PRAGMA integrity_check, always: indexes against their tables as well ('oversight check')
};

struct Inspection {
    QString error;     // could not be read at all (busy, unreadable): no verdict
    int userVersion = 0;
    int applicationId = 0;
    bool hasTables = false;
    bool foreignWal = false;  // the -wal beside it is not this store's (problems says why)
    QStringList problems;     // empty: sound, or not known to be damaged when checkStopped
    // quick_check ran out of its time (checkBudgetMs) before reading every page: no damage was
    // found in what it read, and the store is not remembered as sound.
    bool checkStopped = false;
    qint64 checkedMs = 0; // how long the page check ran
};

// Reads path (an existing SQLite file) and its -wal. Never writes to either. busyTimeoutMs bounds
// the wait for a process holding the store locked; checkBudgetMs bounds Depth::Quick's page check
// (negative: no bound). Depth::Full is never bounded: it is what an officer asked for.
Inspection inspect(const QString &path, Depth depth, int busyTimeoutMs, int checkBudgetMs = -1);

// The note a store opened after its quick check ran out of time is shown with (status bar, stderr).
QString checkStoppedNote(const QString &path, const Inspection &inspection);

// quick_check reads every page: seconds for a store of 100 MB (bench/README.md). A store Oversight
// closed with no -wal left is remembered by its size and modification time (a per-user cache
// file), and opening it again skips quick_check while the file is unchanged; a change by another
// program (or a copy elsewhere) makes the next open check it whole.
void rememberSound(const QString &path);

// The message a damaged store is refused with: the first problem and the way out.
QString damagedMessage(const QString &path, const Inspection &inspection);

struct TableRescue {
    QString table;
    qint64 rows = 0;
    QString problem; // empty: every row copied
};

// Copies what can be read of the store at path into a new store at outPath, which must not exist:
// the schema of the damaged store's version built afresh by the migrations, then each table's rows
// as far as they can be read (a table stops at its first unreadable page). Reads a copy of the
// store (without a foreign -wal), so the damaged file is never opened for writing. The new store
// is moved to outPath only when complete. notes says what was left out as a whole (a -wal).
bool repair(const QString &path, const QString &outPath, QList<TableRescue> *rescued, QStringList *notes, QString *error);

} // namespace oversight::storecheck
