#include "storecheck.h"
#include "formatting.h"

#include "crimetotals.h"

#include "schema.h"
#include "store.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QMutex>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <sqlite3.h>

#include <chrono>
#include <map>
#include <optional>

namespace oversight::storecheck {

namespace {

QAtomicInt connectionCounter;

QString nextConnectionName(const char *purpose)
{
    return QStringLiteral("oversight-%1-%2").arg(QLatin1String(purpose)).arg(connectionCounter.fetchAndAddRelaxed(1));
}

// A connection that closes and unregisters itself, so every return path leaves nothing open.
class Connection {
public:
    Connection(const char *purpose, const QString &path, const QString &options)
        : m_name(nextConnectionName(purpose))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(options);
        m_open = db.open();
        if (!m_open)
            m_error = db.lastError().text();
    }
    ~Connection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    bool isOpen() const { return m_open; }
    QString openError() const { return m_error; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    bool m_open = false;
    QString m_error;
};

bool isBusy(const QString &sqlError)
{
    return sqlError.contains(QLatin1String("locked"), Qt::CaseInsensitive)
        || sqlError.contains(QLatin1String("busy"), Qt::CaseInsensitive);
}

quint32 bigEndian32(const uchar *p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

quint32 littleEndian32(const uchar *p)
{
    return (quint32(p[3]) << 24) | (quint32(p[2]) << 16) | (quint32(p[1]) << 8) | quint32(p[0]);
}

// SQLite's WAL checksum (the file format's section 4.1): a running pair of sums over 32-bit words,
// read big-endian when the header's magic number is odd, little-endian otherwise.
void walChecksum(bool bigEndianWords, const uchar *data, qsizetype size, quint32 *s0, quint32 *s1)
{
    for (qsizetype i = 0; i + 8 <= size; i += 8) {
        const quint32 x0 = bigEndianWords ? bigEndian32(data + i) : littleEndian32(data + i);
        const quint32 x1 = bigEndianWords ? bigEndian32(data + i + 4) : littleEndian32(data + i + 4);
        *s0 += x0 + *s1;
        *s1 += x1 + *s0;
    }
}

// What SQLite would replay from a -wal file: its page size and, for every committed frame of page 1,
// the database header's file change counter that frame holds.
struct WalContents {
    bool present = false;  // a -wal SQLite would read frames from
    quint32 pageSize = 0;
    QList<quint32> pageOneCounters;
    QByteArray salts;      // changes when a live writer restarts the log
};

// Validates frames as SQLite's recovery does: salts equal to the header's and the cumulative
// checksum right; only frames up to the last commit frame count.
WalContents readWal(const QString &walPath)
{
    WalContents wal;
    QFile file(walPath);
    if (!file.open(QIODevice::ReadOnly))
        return wal;
    const QByteArray header = file.read(32);
    if (header.size() < 32)
        return wal;
    const auto *h = reinterpret_cast<const uchar *>(header.constData());
    const quint32 magic = bigEndian32(h);
    if (magic != 0x377f0682 && magic != 0x377f0683)
        return wal;
    const bool bigEndianWords = (magic & 1) != 0;
    const quint32 pageSize = bigEndian32(h + 8);
    if (bigEndian32(h + 4) != 3007000 || pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return wal;
    quint32 s0 = 0;
    quint32 s1 = 0;
    walChecksum(bigEndianWords, h, 24, &s0, &s1);
    if (s0 != bigEndian32(h + 24) || s1 != bigEndian32(h + 28))
        return wal;
    wal.pageSize = pageSize;
    wal.salts = header.mid(16, 8);

    QList<quint32> pending; // page-1 counters of the transaction not yet committed
    QByteArray frame;
    for (;;) {
        frame = file.read(24 + pageSize);
        if (frame.size() < qsizetype(24 + pageSize))
            break;
        const auto *f = reinterpret_cast<const uchar *>(frame.constData());
        if (frame.mid(8, 8) != wal.salts)
            break;
        walChecksum(bigEndianWords, f, 8, &s0, &s1);
        walChecksum(bigEndianWords, f + 24, pageSize, &s0, &s1);
        if (s0 != bigEndian32(f + 16) || s1 != bigEndian32(f + 20))
            break;
        if (bigEndian32(f) == 1)
            pending.append(bigEndian32(f + 24 + 24));
        if (bigEndian32(f + 4) != 0) { // a commit frame
            wal.present = true;
            wal.pageOneCounters.append(pending);
            pending.clear();
        }
    }
    return wal;
}

// Whether the -wal beside path was written for this database. Nothing in a database records its
// log's salts, so the link is the file change counter SQLite stores in page 1 (bytes 24-27): a
// transaction that writes page 1 stores the counter it read plus one, so a store's own log holds
// page-1 images numbered on from the counter its file held when the log began, and the file holds
// that counter or one the log's frames gave it. A log numbered from elsewhere, or of another page
// size, is another database's. Empty when it fits (or there is no log to replay).
QString foreignWalProblem(const QString &path)
{
    QFile db(path);
    if (!db.open(QIODevice::ReadOnly))
        return {};
    const QByteArray header = db.read(100);
    if (header.size() < 100)
        return {};
    const auto *h = reinterpret_cast<const uchar *>(header.constData());
    const quint32 rawPageSize = (quint32(h[16]) << 8) | h[17];
    const quint32 pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    const quint32 counter = bigEndian32(h + 24);

    const QString walPath = path + QStringLiteral("-wal");
    const WalContents wal = readWal(walPath);
    if (!wal.present)
        return {};
    const QString walName = QFileInfo(walPath).fileName();
    if (wal.pageSize != pageSize)
        return QStringLiteral("its write-ahead log %1 is another database's: its pages are %2 bytes, the store's %3")
            .arg(walName).arg(wal.pageSize).arg(pageSize);
    if (wal.pageOneCounters.isEmpty())
        return {};
    const quint32 first = wal.pageOneCounters.first();
    const quint32 last = wal.pageOneCounters.last();
    if (counter + 1 >= first && counter <= last)
        return {};
    // A log another process is writing moves on (its salts change when it restarts); one copied
    // from elsewhere stays as it is. Read again before calling a live store's log foreign.
    QThread::msleep(50);
    const WalContents again = readWal(walPath);
    if (again.salts != wal.salts || again.pageOneCounters != wal.pageOneCounters)
        return {};
    return QStringLiteral("its write-ahead log %1 is another database's: it continues that database from "
                          "change %2, but this store's file is at change %3")
        .arg(walName).arg(first - 1).arg(counter);
}

// What a store of one schema version must hold: each table's columns, each index's columns, each
// view and trigger, keyed by name. Built by running the migrations into memory, so the schema is
// described once (schema.cpp); compared by structure, not SQL text, so a reformatted statement in a
// later Oversight does not make an older store look damaged.
using SchemaShape = std::map<QString, QString>;

SchemaShape shapeOf(QSqlDatabase db)
{
    SchemaShape shape;
    QSqlQuery objects(db);
    if (!objects.exec(QStringLiteral("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")))
        return shape;
    while (objects.next()) {
        const QString type = objects.value(0).toString();
        const QString name = objects.value(1).toString();
        QString description = type + QLatin1Char(' ') + objects.value(2).toString();
        QSqlQuery columns(db);
        if (type == QLatin1String("table")) {
            columns.prepare(QStringLiteral("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid"));
        } else if (type == QLatin1String("index")) {
            columns.prepare(QStringLiteral("SELECT name FROM pragma_index_info(?) ORDER BY seqno"));
        }
        if (type == QLatin1String("table") || type == QLatin1String("index")) {
            columns.addBindValue(name);
            if (columns.exec()) {
                while (columns.next()) {
                    QStringList parts;
                    for (int i = 0; i < columns.record().count(); ++i)
                        parts.append(columns.value(i).toString());
                    description += QLatin1String(" (") + parts.join(QLatin1Char(' ')) + QLatin1Char(')');
                }
            }
        }
        shape.emplace(name, description);
    }
    return shape;
}

std::optional<SchemaShape> expectedShape(int version)
{
    static QMutex mutex;
    static QHash<int, SchemaShape> cache;
    QMutexLocker lock(&mutex);
    if (const auto found = cache.constFind(version); found != cache.cend())
        return *found;
    Connection memory("schema", QStringLiteral(":memory:"), {});
    QString error;
    if (!memory.isOpen() || (version > 0 && !Store::migrate(memory.db(), 0, version, &error)))
        return std::nullopt;
    const SchemaShape shape = shapeOf(memory.db());
    cache.insert(version, shape);
    return shape;
}

QStringList schemaProblems(QSqlDatabase db, int version)
{
    const auto expected = expectedShape(version);
    if (!expected)
        return {QStringLiteral("Oversight could not build the schema of store version %1 to compare").arg(version)};
    const SchemaShape actual = shapeOf(db);
    QStringList problems;
    for (const auto &[name, description] : *expected) {
        const QString type = description.section(QLatin1Char(' '), 0, 0);
        const auto found = actual.find(name);
        if (found == actual.end())
            problems.append(QStringLiteral("its schema does not match its version (%1): the %2 %3 is missing").arg(version).arg(type, name));
        else if (found->second != description)
            problems.append(QStringLiteral("its schema does not match its version (%1): the %2 %3 is not as that version defines it")
                                .arg(version).arg(type, name));
    }
    return problems;
}

// The problems a check pragma reports ("ok" alone when there are none).
// Stops a statement on the connection once its deadline has passed: SQLite calls it every
// kProgressSteps virtual-machine steps and abandons the statement (SQLITE_INTERRUPT) when it returns
// non-zero. Qt has no progress handler, so it is installed on the driver's own sqlite3 handle.
class Deadline {
public:
    Deadline(QSqlDatabase db, int budgetMs)
    {
        if (budgetMs < 0)
            return;
        const QVariant handle = db.driver()->handle();
        if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
            return;
        m_handle = *static_cast<sqlite3 *const *>(handle.data());
        m_end = std::chrono::steady_clock::now() + std::chrono::milliseconds(budgetMs);
        sqlite3_progress_handler(m_handle, kProgressSteps, &Deadline::passed, this);
    }
    ~Deadline()
    {
        if (m_handle)
            sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
    }
    Deadline(const Deadline &) = delete;
    Deadline &operator=(const Deadline &) = delete;

    bool reached() const { return m_reached; }

private:
    // About a millisecond of quick_check's work: the check overruns its budget by no more than that.
    static constexpr int kProgressSteps = 10000;
    static int passed(void *self)
    {
        auto *deadline = static_cast<Deadline *>(self);
        if (std::chrono::steady_clock::now() >= deadline->m_end)
            deadline->m_reached = true;
        return deadline->m_reached ? 1 : 0;
    }

    sqlite3 *m_handle = nullptr;
    std::chrono::steady_clock::time_point m_end;
    bool m_reached = false;
};

// budgetMs bounds the pragma itself (negative: no bound); *stopped says it ran out of time, and
// *error is then empty. The queries that weed out SQLite's false reports run unbounded after it.
QStringList checkPragma(QSqlDatabase db, const QString &pragma, int budgetMs, bool *stopped, QString *error)
{
    QSqlQuery q(db);
    QStringList problems;
    {
        Deadline deadline(db, budgetMs);
        if (q.exec(pragma)) {
            while (q.next()) {
                // One result can hold several lines under a "*** in database main ***" heading.
                for (const QString &line : q.value(0).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                    if (line != QLatin1String("ok") && !line.startsWith(QLatin1String("***")))
                        problems.append(line);
                }
            }
        }
        *stopped = deadline.reached();
        if (q.lastError().isValid() && !*stopped)
            *error = q.lastError().text();
        q.finish();
    }
    // SQLite 3.40 (Debian 12's) reports "NULL value in T.C" for every row of a WITHOUT ROWID table
    // whose primary key lists its columns in another order than the table (classification_category),
    // although no row holds a NULL. Such a report stands only when the column does hold one.
    static const QRegularExpression nullValue(QStringLiteral("^NULL value in (\\w+)\\.(\\w+)$"));
    QHash<QString, bool> holdsNull;
    problems.removeIf([&](const QString &problem) {
        const auto m = nullValue.match(problem);
        if (!m.hasMatch())
            return false;
        const QString key = m.captured(1) + QLatin1Char('.') + m.captured(2);
        if (!holdsNull.contains(key)) {
            QSqlQuery nulls(db);
            holdsNull[key] = !nulls.exec(QStringLiteral("SELECT count(*) FROM \"%1\" WHERE \"%2\" IS NULL").arg(m.captured(1), m.captured(2)))
                || !nulls.next() || nulls.value(0).toLongLong() > 0;
        }
        return !holdsNull.value(key);
    });
    return problems;
}

// At most this many problems are listed: the first say where the damage is; a badly damaged store
// would otherwise list thousands.
constexpr int kMaxProblems = 20;
// SQLite stops after this many; enough to see past its false reports (checkPragma).
constexpr int kPragmaProblems = 10000;

// What identifies a file's contents without reading them: changed by any write to it through the
// file system (not by the disk failing under it: 'oversight check' reads every page).
QString fileIdentity(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return {};
    return QStringLiteral("%1:%2").arg(info.size()).arg(info.lastModified().toMSecsSinceEpoch());
}

QString soundCachePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("sound-stores.ini"));
}

bool unchangedSinceSound(const QString &path)
{
    if (QFileInfo::exists(path + QStringLiteral("-wal")))
        return false;
    const QString identity = fileIdentity(path);
    QSettings cache(soundCachePath(), QSettings::IniFormat);
    return !identity.isEmpty() && cache.value(QFileInfo(path).absoluteFilePath().toUtf8().toHex()).toString() == identity;
}

} // namespace

void rememberSound(const QString &path)
{
    // A -wal left means another process still has the store open: its checkpoint may change the
    // file after this, so nothing is remembered.
    if (QFileInfo::exists(path + QStringLiteral("-wal")))
        return;
    const QString identity = fileIdentity(path);
    if (identity.isEmpty())
        return;
    QDir().mkpath(QFileInfo(soundCachePath()).absolutePath());
    QSettings cache(soundCachePath(), QSettings::IniFormat);
    cache.setValue(QFileInfo(path).absoluteFilePath().toUtf8().toHex(), identity);
    // It names the officer's stores: theirs alone, like the stores themselves.
    cache.sync();
    QFile::setPermissions(soundCachePath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

Inspection inspect(const QString &path, Depth depth, int busyTimeoutMs, int checkBudgetMs)
{
    Inspection result;
    if (const QString walProblem = foreignWalProblem(path); !walProblem.isEmpty()) {
        result.foreignWal = true;
        result.problems.append(walProblem);
        return result;
    }
    // With no -wal beside it, the file is the whole store: read it as immutable, so SQLite creates no
    // -wal or -shm file beside a store it may refuse. A -wal there (a crash's, or a live writer's)
    // must be read with it.
    const bool walPresent = QFileInfo::exists(path + QStringLiteral("-wal"));
    const QString name = walPresent ? path
                                    : QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded)
                                          + QStringLiteral("?mode=ro&immutable=1");
    Connection reader("check", name,
                      QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1%2")
                          .arg(busyTimeoutMs)
                          .arg(walPresent ? QString() : QStringLiteral(";QSQLITE_OPEN_URI")));
    if (!reader.isOpen()) {
        result.error = reader.openError();
        return result;
    }
    QSqlDatabase db = reader.db();
    QSqlQuery q(db);
    // A failure here is either another process's lock (no verdict) or a page SQLite cannot read.
    auto readFailed = [&](const QSqlQuery &query) {
        const QString text = query.lastError().text();
        if (isBusy(text))
            result.error = text;
        else
            result.problems.append(text);
    };
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        readFailed(q);
        return result;
    }
    result.userVersion = q.value(0).toInt();
    if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next()) {
        readFailed(q);
        return result;
    }
    result.applicationId = q.value(0).toInt();
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next()) {
        readFailed(q);
        return result;
    }
    result.hasTables = q.value(0).toInt() > 0;
    // Another program's database or a newer Oversight's store: the caller refuses it by name.
    if ((result.applicationId != schema::applicationId && result.hasTables) || result.userVersion > schema::latestVersion())
        return result;

    result.problems.append(schemaProblems(db, result.userVersion));
    if (depth == Depth::Quick && result.problems.isEmpty() && unchangedSinceSound(path))
        return result;
    QString error;
    const QString pragma = depth == Depth::Full ? QStringLiteral("PRAGMA integrity_check(%1)") : QStringLiteral("PRAGMA quick_check(%1)");
    const auto started = std::chrono::steady_clock::now();
    bool stopped = false;
    const QStringList found = checkPragma(db, pragma.arg(kPragmaProblems), depth == Depth::Quick ? checkBudgetMs : -1, &stopped, &error);
    result.checkedMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    result.problems.append(found.mid(0, kMaxProblems));
    // What a stopped check had already found stands.
    result.checkStopped = stopped;
    if (!error.isEmpty()) {
        if (isBusy(error))
            result.error = error;
        else
            result.problems.append(error);
    }
    return result;
}

QString checkStoppedNote(const QString &path, const Inspection &inspection)
{
    const QLocale &enGB = formatting::enGB();
    return QStringLiteral("The quick check of %1 (%2 MB) stopped after %3 s without finding damage in what it read; "
                          "'oversight --db %1 check' checks every page and index.")
        .arg(QFileInfo(path).absoluteFilePath(), enGB.toString(double(QFileInfo(path).size()) / (1024.0 * 1024.0), 'f', 0),
             enGB.toString(double(inspection.checkedMs) / 1000.0, 'f', 1));
}

QString damagedMessage(const QString &path, const Inspection &inspection)
{
    const QString shown = QFileInfo(path).absoluteFilePath();
    QString message = QStringLiteral("The store %1 is damaged: %2. Oversight will not write to it or read figures from it; "
                                     "the file was left unchanged.")
                          .arg(shown, inspection.problems.value(0));
    if (inspection.foreignWal)
        message += QStringLiteral(" If %1-wal was copied here from another store, move it out of the folder: the store then "
                                  "opens as it was last saved.").arg(shown);
    message += QStringLiteral(" 'oversight --db %1 check' lists every problem; 'oversight --db %1 check --repair NEW.sqlite' "
                              "copies what can still be read into a new store.").arg(shown);
    return message;
}

bool repair(const QString &path, const QString &outPath, QList<TableRescue> *rescued, QStringList *notes, QString *error)
{
    const QString shown = QFileInfo(path).absoluteFilePath();
    const QString outShown = QFileInfo(outPath).absoluteFilePath();
    if (QFileInfo::exists(outPath) || QFileInfo(outPath).isSymLink()) {
        *error = QStringLiteral("%1 already exists: --repair writes a new store and never replaces a file").arg(outShown);
        return false;
    }
    // Work on copies in the output's folder: SQLite never opens the damaged file, and the new store
    // appears at outPath only when it is complete.
    QTemporaryDir work(QFileInfo(outShown).absolutePath() + QStringLiteral("/.oversight-repair-XXXXXX"));
    if (!work.isValid()) {
        *error = QStringLiteral("cannot make a working folder beside %1: %2").arg(outShown, work.errorString());
        return false;
    }
    const QString source = work.filePath(QStringLiteral("damaged.sqlite"));
    if (!QFile::copy(path, source)) {
        *error = QStringLiteral("cannot copy %1 to repair it").arg(shown);
        return false;
    }
    // A foreign log is left out: the store is read as its own file last held it.
    if (foreignWalProblem(path).isEmpty() && QFileInfo::exists(path + QStringLiteral("-wal"))
        && !QFile::copy(path + QStringLiteral("-wal"), source + QStringLiteral("-wal"))) {
        *error = QStringLiteral("cannot copy %1-wal to repair it").arg(shown);
        return false;
    }
    // A log whose pages leave even the schema unreadable is not this store's own (or is beyond
    // use): the file is read as it was last saved, and the output says so.
    if (QFileInfo::exists(source + QStringLiteral("-wal"))) {
        bool schemaReadable = false;
        {
            Connection probe("repair-probe", source, QStringLiteral("QSQLITE_OPEN_READONLY"));
            QSqlQuery q(probe.db());
            schemaReadable = probe.isOpen() && q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) && q.next();
        }
        if (!schemaReadable) {
            QFile::remove(source + QStringLiteral("-wal"));
            QFile::remove(source + QStringLiteral("-shm"));
            notes->append(QStringLiteral("%1-wal was left out: with it not even the store's list of tables can be read, so the "
                                         "new store holds the file as it was last saved").arg(shown));
        }
    }
    const QString target = work.filePath(QStringLiteral("repaired.sqlite"));

    {
        Connection from("repair-source", source, QStringLiteral("QSQLITE_OPEN_READONLY"));
        Connection to("repair-target", target, {});
        if (!from.isOpen() || !to.isOpen()) {
            *error = QStringLiteral("cannot open %1 to repair it: %2").arg(shown, from.isOpen() ? to.openError() : from.openError());
            return false;
        }
        QSqlQuery read(from.db());
        int version = schema::latestVersion();
        if (read.exec(QStringLiteral("PRAGMA user_version")) && read.next() && read.value(0).toInt() <= version)
            version = read.value(0).toInt();

        QSqlDatabase db = to.db();
        QSqlQuery(db).exec(QStringLiteral("PRAGMA page_size = 16384"));
        QSqlQuery(db).exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        QString migrateError;
        if (version > 0 && !Store::migrate(db, 0, version, &migrateError)) {
            *error = QStringLiteral("cannot build the new store's schema: %1").arg(migrateError);
            return false;
        }
        // Triggers would act on the copied rows (the batch-id trigger refuses ids the sequence has
        // passed): taken off while copying, put back after.
        QStringList triggers;
        QStringList tables;
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'trigger') "
                              "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid"));
        while (q.next()) {
            if (q.value(0).toString() == QLatin1String("trigger"))
                triggers.append(q.value(2).toString());
            else
                tables.append(q.value(1).toString());
        }
        q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger'"));
        QStringList triggerNames;
        while (q.next())
            triggerNames.append(q.value(0).toString());
        q.finish();
        q.exec(QStringLiteral("BEGIN"));
        for (const QString &name : triggerNames)
            QSqlQuery(db).exec(QStringLiteral("DROP TRIGGER \"%1\"").arg(name));

        for (const QString &table : tables) {
            TableRescue rescue;
            rescue.table = table;
            QStringList sourceColumns;
            QSqlQuery info(from.db());
            bool read = info.prepare(QStringLiteral("SELECT name FROM pragma_table_info(?)"));
            if (read) {
                info.addBindValue(table);
                read = info.exec();
                while (read && info.next())
                    sourceColumns.append(info.value(0).toString());
            }
            if (sourceColumns.isEmpty()) {
                // Kept as the migrations made it (empty, or the reference rows they insert).
                rescue.problem = info.lastError().isValid() ? info.lastError().text()
                                                            : QStringLiteral("missing from the damaged store");
                rescued->append(rescue);
                continue;
            }
            QSqlQuery(db).exec(QStringLiteral("DELETE FROM \"%1\"").arg(table));
            QStringList columns;
            QSqlQuery targetInfo(db);
            targetInfo.prepare(QStringLiteral("SELECT name FROM pragma_table_info(?) ORDER BY cid"));
            targetInfo.addBindValue(table);
            targetInfo.exec();
            while (targetInfo.next()) {
                if (sourceColumns.contains(targetInfo.value(0).toString()))
                    columns.append(QLatin1Char('"') + targetInfo.value(0).toString() + QLatin1Char('"'));
            }
            const QString list = columns.join(QLatin1Char(','));
            // Row by row: a read that fails at a damaged page keeps the rows read before it.
            QSqlQuery rows(from.db());
            rows.setForwardOnly(true);
            QSqlQuery insert(db);
            QStringList marks;
            for (qsizetype i = 0; i < columns.size(); ++i)
                marks.append(QStringLiteral("?"));
            if (!insert.prepare(QStringLiteral("INSERT INTO \"%1\" (%2) VALUES (%3)").arg(table, list, marks.join(QLatin1Char(','))))) {
                rescue.problem = insert.lastError().text();
                rescued->append(rescue);
                continue;
            }
            if (!rows.exec(QStringLiteral("SELECT %1 FROM \"%2\"").arg(list, table))) {
                rescue.problem = rows.lastError().text();
                rescued->append(rescue);
                continue;
            }
            while (rows.next()) {
                for (int i = 0; i < columns.size(); ++i)
                    insert.bindValue(i, rows.value(i));
                if (!insert.exec()) {
                    rescue.problem = insert.lastError().text();
                    break;
                }
                ++rescue.rows;
            }
            if (rescue.problem.isEmpty() && rows.lastError().isValid())
                rescue.problem = rows.lastError().text();
            rescued->append(rescue);
        }
        // The crime totals are derived from the figures: summed again from the figures rescued, so the
        // new store never draws a total of figures it lost. Whole only where the figures are.
        if (tables.contains(QStringLiteral("crime_total"))) {
            bool figuresWhole = false;
            for (const TableRescue &r : std::as_const(*rescued))
                figuresWhole = figuresWhole || (r.table == QLatin1String("observation") && r.problem.isEmpty());
            QString sumError;
            const bool summed = crimetotals::refreshAll(db, &sumError);
            QSqlQuery count(db);
            for (TableRescue &r : *rescued) {
                if (r.table != QLatin1String("crime_total"))
                    continue;
                if (count.exec(QStringLiteral("SELECT count(*) FROM crime_total")) && count.next())
                    r.rows = count.value(0).toLongLong();
                if (!summed)
                    r.problem = sumError;
                else if (!figuresWhole)
                    r.problem = QStringLiteral("summed again from the figures rescued");
                else
                    r.problem.clear(); // every figure rescued: their sums are whole, whatever was read
            }
        }
        // The next batch id must pass every id the copied batches hold, whatever the copied (or
        // missing) sequence row says.
        if (tables.contains(QStringLiteral("import_batch_sequence")))
            QSqlQuery(db).exec(QStringLiteral("UPDATE import_batch_sequence SET last_id = max(last_id, "
                                              "(SELECT coalesce(max(id), 0) FROM import_batch))"));
        for (const QString &sql : triggers) {
            QSqlQuery trigger(db);
            if (!trigger.exec(sql)) {
                *error = QStringLiteral("cannot restore a trigger in the new store: %1").arg(trigger.lastError().text());
                return false;
            }
        }
        QSqlQuery commit(db);
        if (!commit.exec(QStringLiteral("COMMIT"))) {
            *error = QStringLiteral("cannot write the new store: %1").arg(commit.lastError().text());
            return false;
        }
        QString checkError;
        bool stopped = false;
        const QStringList problems =
            checkPragma(db, QStringLiteral("PRAGMA integrity_check(%1)").arg(kPragmaProblems), -1, &stopped, &checkError);
        if (!problems.isEmpty() || !checkError.isEmpty()) {
            *error = QStringLiteral("the new store fails its own check: %1").arg(problems.isEmpty() ? checkError : problems.first());
            return false;
        }
        q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    QFile::remove(target + QStringLiteral("-wal"));
    QFile::remove(target + QStringLiteral("-shm"));
    if (!QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner) || !QFile::rename(target, outPath)) {
        *error = QStringLiteral("cannot move the new store to %1").arg(outShown);
        return false;
    }
    return true;
}

} // namespace oversight::storecheck
