#include "store.h"
#include "formatting.h"

#include "schema.h"
#include "seedloader.h"
#include "storecheck.h"

#include <QAtomicInt>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QSqlError>
#include <QStorageInfo>
#include <QSqlQuery>

namespace oversight {

namespace {

QAtomicInt connectionCounter;

QString nextConnectionName()
{
    return QStringLiteral("oversight-store-%1").arg(connectionCounter.fetchAndAddRelaxed(1));
}

bool isBusyError(const QString &text)
{
    return text.contains(QLatin1String("locked"), Qt::CaseInsensitive)
        || text.contains(QLatin1String("busy"), Qt::CaseInsensitive);
}

QString busyMessage(const QString &shown)
{
    return QStringLiteral("The store is busy: another Oversight process is writing to %1, or another program holds it "
                          "locked. Nothing was changed; try again in a moment.").arg(shown);
}

// SQLite's working files beside the store: the -shm index (32 KB) and the first -wal frames. With
// less free, SQLite creates them and then fails ("disk I/O error"), leaving them behind.
constexpr qint64 kWorkingSpace = 64 * 1024;

// "The disk holding /path is full (12 KB free)", or empty when it has room: what a failed write on a
// full disk is reported as, in place of SQLite's "disk I/O error".
QString diskFullMessage(const QString &shown, qint64 needed)
{
    QStorageInfo disk(QFileInfo(shown).absolutePath());
    if (!disk.isValid() || disk.bytesAvailable() < 0 || disk.bytesAvailable() >= needed)
        return {};
    return QStringLiteral("the disk holding %1 is full (%2 KB free)")
        .arg(shown, formatting::enGB().toString(disk.bytesAvailable() / 1024));
}

bool exec(QSqlQuery &query, const QString &sql, QString *error)
{
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

bool hasSqliteHeader(const QString &path, QString *error)
{
    const QString shown = QFileInfo(path).absoluteFilePath();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read the store %1: %2").arg(shown, file.errorString());
        return false;
    }
    const QByteArray header = file.read(16);
    if (header != QByteArray("SQLite format 3\0", 16)) {
        *error = QStringLiteral("%1 is not an Oversight store: it is not a SQLite database. "
                                "The file was left unchanged.").arg(shown);
        return false;
    }
    return true;
}

} // namespace

Store::Store(QString path, QString connectionName)
    : m_path(std::move(path)), m_connection(std::move(connectionName))
{
}

Store::~Store()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
    // Opened only after its check, and written only by SQLite's transactions since: the file as it
    // is now needs no quick_check on the next open, unless something else changes it. A check that
    // ran out of time left pages unread: the next open checks again.
    if (m_checkedWhole)
        storecheck::rememberSound(m_path);
}

std::unique_ptr<Store> Store::open(const QString &path, QString *error)
{
    return open(path, Options{}, error);
}

std::unique_ptr<Store> Store::open(const QString &path, const Options &options, QString *error)
{
    const QFileInfo info(path);
    const QString shown = info.absoluteFilePath();
    const bool isNew = !info.exists();

    // A link whose target is gone: creating the store through it would put it somewhere else, and
    // QFile's refusal ("File exists") would not say why.
    if (isNew && info.isSymLink()) {
        *error = QStringLiteral("%1 is a symbolic link to %2, which does not exist. Oversight does not create a store "
                                "through a broken link: point the link at a store, or give another file.")
                     .arg(shown, info.symLinkTarget());
        return nullptr;
    }
    if (!isNew) {
        // A pipe or a device would block or feed SQLite something that is not a store.
        if (!info.isFile()) {
            *error = QStringLiteral("%1 is not a file (a folder, a pipe or a device). The store is one SQLite file.").arg(shown);
            return nullptr;
        }
        if (!hasSqliteHeader(path, error))
            return nullptr;
        // WAL needs to write the file and create -wal/-shm files beside it. The permission bits
        // count as well as access(): an administrator running Oversight must not write to a store
        // its owner marked read-only.
        const bool ownerWritable = info.permissions().testFlag(QFileDevice::WriteOwner);
        if (!info.isWritable() || !ownerWritable || !QFileInfo(info.absolutePath()).isWritable()) {
            *error = QStringLiteral("The store %1 is read-only: Oversight needs to write to the file "
                                    "and its folder. The file was left unchanged.").arg(shown);
            return nullptr;
        }
    } else {
        // Created empty with owner-only permissions before SQLite writes anything; SQLite gives
        // its -wal and -shm files the same permissions.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            *error = QStringLiteral("Cannot create the store %1: %2").arg(shown, file.errorString());
            return nullptr;
        }
        file.close();
        if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            *error = QStringLiteral("Cannot restrict the permissions of %1.").arg(shown);
            QFile::remove(path);
            return nullptr;
        }
    }

    storecheck::Inspection check;
    if (!isNew) {
        // Read-only first: a read-write connection would checkpoint a damaged or foreign -wal into
        // the file when it closes, even after a refusal.
        check = storecheck::inspect(path, storecheck::Depth::Quick, options.busyTimeoutMs, options.checkBudgetMs);
        QString refusal;
        if (!check.error.isEmpty())
            refusal = isBusyError(check.error) ? busyMessage(shown)
                                               : QStringLiteral("Cannot read the store %1: %2").arg(shown, check.error);
        else if (!check.problems.isEmpty())
            refusal = storecheck::damagedMessage(path, check);
        else if (check.applicationId != schema::applicationId && check.hasTables)
            refusal = QStringLiteral("%1 is a SQLite database but not an Oversight store. "
                                     "The file was left unchanged.").arg(shown);
        else if (check.userVersion > schema::latestVersion())
            refusal = QStringLiteral("%1 was written by a newer Oversight (store version %2; this "
                                     "Oversight reads up to version %3). Update Oversight to open it. "
                                     "The file was left unchanged.")
                          .arg(shown).arg(check.userVersion).arg(schema::latestVersion());
        if (!refusal.isEmpty()) {
            *error = refusal;
            return nullptr;
        }
    }

    // Refused before SQLite creates a file it could not finish.
    if (const QString full = diskFullMessage(shown, kWorkingSpace); !full.isEmpty()) {
        *error = QStringLiteral("Cannot open the store: %1; Oversight needs %2 KB free beside it for SQLite's working "
                                "files. Free some space and try again. %3")
                     .arg(full)
                     .arg(kWorkingSpace / 1024)
                     .arg(isNew ? QStringLiteral("No store was created.") : QStringLiteral("The store was left unchanged."));
        return nullptr;
    }
    std::unique_ptr<Store> store(new Store(path, nextConnectionName()));
    if (check.checkStopped) {
        store->m_checkedWhole = false;
        store->m_openNotes.append(storecheck::checkStoppedNote(path, check));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), store->m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs));
    if (!db.open()) {
        *error = QStringLiteral("Cannot open the store %1: %2").arg(shown, db.lastError().text());
        if (isNew)
            QFile::remove(path);
        return nullptr;
    }
    auto failNew = [&](const QString &message) -> std::unique_ptr<Store> {
        *error = message;
        if (isNew) {
            const QString p = path;
            store.reset();
            QFile::remove(p);
            QFile::remove(p + QStringLiteral("-wal"));
            QFile::remove(p + QStringLiteral("-shm"));
        }
        return nullptr;
    };
    QString configureError;
    if (!store->configure(options.busyTimeoutMs, &configureError))
        return failNew(configureError);

    const int version = store->schemaVersion();
    if (version < schema::latestVersion()) {
        QString migrateError;
        if (!migrate(db, version, schema::latestVersion(), &migrateError))
            return failNew(store->describeError(QStringLiteral("upgrade the store"), migrateError));
    }
    if (isNew) {
        QString seedError;
        SeedLoader loader(*store);
        const bool seeded = options.content == Content::Default ? loader.loadDefault(&seedError)
                                                                 : loader.loadReference(&seedError);
        if (!seeded)
            return failNew(QStringLiteral("Cannot create the default data in %1: %2").arg(shown, seedError));
    }
    return store;
}

bool Store::configure(int busyTimeoutMs, QString *error)
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    // journal_mode=WAL needs a moment of exclusive access; wait for other processes first.
    q.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(busyTimeoutMs));
    // 16 KB pages for a new store (an existing one keeps its size): the observation b-tree of
    // millions of small rows is a level shallower, and an import writes a quarter as many pages
    // to the WAL. It must be set before the first table and before WAL mode.
    q.exec(QStringLiteral("PRAGMA page_size = 16384"));
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL"))) {
        *error = describeError(QStringLiteral("open the store"), q.lastError().text());
        return false;
    }
    if (!exec(q, QStringLiteral("PRAGMA foreign_keys = ON"), error))
        return false;
    // A large import touches every index page of the observation table; with SQLite's default 2 MB
    // page cache, dirty pages spill to the WAL over and over. 64 MB is used only as pages are read.
    exec(q, QStringLiteral("PRAGMA cache_size = -65536"), error);
    return true;
}

QSqlDatabase Store::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

int Store::schemaVersion() const
{
    QSqlQuery q(database());
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

bool Store::migrate(QSqlDatabase db, int fromVersion, int toVersion, QString *error)
{
    QSqlQuery q(db);
    if (!exec(q, QStringLiteral("BEGIN IMMEDIATE"), error))
        return false;
    // Re-read inside the write lock: another process may have migrated meanwhile.
    int current = fromVersion;
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        current = q.value(0).toInt();
    for (int v = current; v < toVersion; ++v) {
        for (const QString &statement : schema::migrations().at(v)) {
            if (!q.exec(statement)) {
                if (error)
                    *error = QStringLiteral("migration to version %1: %2").arg(v + 1).arg(q.lastError().text());
                QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
                return false;
            }
        }
    }
    if (!exec(q, QStringLiteral("PRAGMA application_id = %1").arg(schema::applicationId), error)
        || !exec(q, QStringLiteral("PRAGMA user_version = %1").arg(toVersion), error)) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return exec(q, QStringLiteral("COMMIT"), error);
}

bool Store::write(const std::function<bool(QString *error)> &work, QString *error)
{
    QSqlDatabase db = database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        *error = describeError(QStringLiteral("write to the store"), q.lastError().text());
        return false;
    }
    QString workError;
    if (!work(&workError)) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        *error = describeError(QStringLiteral("write to the store"), workError);
        return false;
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const QString text = q.lastError().text();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        *error = describeError(QStringLiteral("write to the store"), text);
        return false;
    }
    return true;
}

Store::ReadSnapshot::ReadSnapshot(const Store &store)
    : m_store(store)
{
    if (m_store.m_snapshotDepth++ > 0)
        return;
    QSqlQuery q(m_store.database());
    // Inside a write's transaction BEGIN fails, and the write's own transaction is the snapshot.
    m_began = q.exec(QStringLiteral("BEGIN"));
    // BEGIN alone takes no snapshot: SQLite starts the read transaction at the first read.
    if (m_began && !(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) && q.next()))
        qWarning("oversight: could not read %s: %s", qPrintable(m_store.m_path), qPrintable(q.lastError().text()));
}

Store::ReadSnapshot::~ReadSnapshot()
{
    --m_store.m_snapshotDepth;
    if (!m_began)
        return;
    QSqlQuery q(m_store.database());
    if (!q.exec(QStringLiteral("COMMIT")))
        q.exec(QStringLiteral("ROLLBACK"));
}

QString Store::describeError(const QString &what, const QString &sqlError) const
{
    const QString shown = QFileInfo(m_path).absoluteFilePath();
    if (isBusyError(sqlError))
        return busyMessage(shown);
    // SQLite says "disk I/O error" or "database or disk is full" for ENOSPC: the officer needs to
    // know it is the disk. A megabyte is less than one import's -wal needs.
    if (sqlError.contains(QLatin1String("disk I/O error")) || sqlError.contains(QLatin1String("disk is full"))) {
        if (const QString full = diskFullMessage(shown, 1024 * 1024); !full.isEmpty())
            return QStringLiteral("Cannot %1: %2. Nothing was written; free some space and try again.").arg(what, full);
    }
    return QStringLiteral("Cannot %1 (%2): %3").arg(what, shown, sqlError);
}

} // namespace oversight
