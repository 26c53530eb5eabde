#include "schema.h"
#include "filedigest.h"
#include "store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using oversight::Store;

namespace {

int scalar(const Store &store, const QString &sql)
{
    QSqlQuery q(store.database());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

QString text(const Store &store, const QString &sql)
{
    QSqlQuery q(store.database());
    if (!q.exec(sql) || !q.next())
        return QStringLiteral("(no row)");
    return q.value(0).toString();
}

Store::Options emptyStore()
{
    Store::Options options;
    options.content = Store::Content::Empty;
    return options;
}

// Builds a store at an older schema version through the real migrations, as an older Oversight would.
void makeStoreAtVersion(const QString &path, int version)
{
    const QString name = QStringLiteral("old-%1").arg(version);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QString error;
        if (version > 0)
            QVERIFY2(Store::migrate(db, 0, version, &error), qPrintable(error));
        else {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA application_id = %1").arg(oversight::schema::applicationId)));
        }
        if (version >= 1) {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO import_batch (source, imported_at, imported_by) "
                                          "VALUES ('older Oversight', '2017-10-06T00:00:00Z', 'test')")));
            // Milestones as an older Oversight stored them: a status, and no record of where it came from.
            QVERIFY(q.exec(QStringLiteral("INSERT INTO period (id, code, kind, start_date, end_date, label) "
                                          "VALUES (1, 'Q1 2017/18', 'quarter', '2017-04-01', '2017-06-30', 'Q1 2017/18')")));
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO milestone (period_id, reported_in_period_id, ordinal, text, status, commentary, batch_id) "
                "VALUES (1, 1, 1, 'Older stated', 'delivered', 'Published in June.', 1), "
                "(1, 1, 2, 'Older not stated', 'not stated', NULL, 1)")));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

class TestStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsOwnerOnlyWalStore();
    void reopenIsIdempotent();
    void migratesFromEveryEarlierVersion_data();
    void migratesFromEveryEarlierVersion();
    void migrationSumsTheCrimeFiguresHeld();
    void refusesWithoutTouching_data();
    void refusesWithoutTouching();
    void busyStoreSaysSo();
    void failedWriteLeavesNothing();
    void flatViewHasDocumentedColumns();

private:
    QTemporaryDir m_dir;
};

void TestStore::createsOwnerOnlyWalStore()
{
    const QString path = m_dir.filePath(QStringLiteral("new.sqlite"));
    QString error;
    auto store = Store::open(path, emptyStore(), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->schemaVersion(), oversight::schema::latestVersion());
    QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                          | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(q.exec(QStringLiteral("PRAGMA application_id")) && q.next());
    QCOMPARE(q.value(0).toInt(), oversight::schema::applicationId);
    // Reference dimensions only: 33 local authorities, no facts.
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM area WHERE kind = 'borough'")), 33);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM observation")), 0);
    QVERIFY(scalar(*store, QStringLiteral("SELECT count(*) FROM measure")) > 100);
    // Foreign keys are enforced.
    QVERIFY(!q.exec(QStringLiteral("INSERT INTO observation (measure_id, area_id, period_id, value, batch_id) "
                                   "VALUES (999999, 1, 1, 1.0, 999999)")));
}

void TestStore::reopenIsIdempotent()
{
    const QString path = m_dir.filePath(QStringLiteral("reopen.sqlite"));
    QString error;
    int measures = 0;
    {
        auto store = Store::open(path, emptyStore(), &error);
        QVERIFY2(store, qPrintable(error));
        measures = scalar(*store, QStringLiteral("SELECT count(*) FROM measure"));
    }
    for (int i = 0; i < 2; ++i) {
        auto store = Store::open(path, emptyStore(), &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->schemaVersion(), oversight::schema::latestVersion());
        QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM measure")), measures);
        QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM import_batch")), 0);
    }
}

void TestStore::migratesFromEveryEarlierVersion_data()
{
    QTest::addColumn<int>("version");
    for (int v = 0; v < oversight::schema::latestVersion(); ++v)
        QTest::addRow("from version %d", v) << v;
}

void TestStore::migratesFromEveryEarlierVersion()
{
    QFETCH(int, version);
    const QString path = m_dir.filePath(QStringLiteral("old-%1.sqlite").arg(version));
    makeStoreAtVersion(path, version);
    QString error;
    auto store = Store::open(path, emptyStore(), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->schemaVersion(), oversight::schema::latestVersion());
    // What the older version held is still there, and the newer objects exist.
    if (version >= 1)
        QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM import_batch WHERE source = 'older Oversight'")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'observation_flat'")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'annotation'")), 1);
    // Version 6 records where a milestone status comes from; a store older than that has no record.
    const int statusProvenanceVersion = 6;
    if (version >= 1 && version < statusProvenanceVersion) {
        // A status stored before provenance was recorded is never taken as printed: it reads as
        // inferred (no words kept); "not stated" stays without a source.
        QCOMPARE(text(*store, QStringLiteral("SELECT status_from FROM milestone WHERE text = 'Older stated'")),
                 QStringLiteral("inferred"));
        QCOMPARE(text(*store, QStringLiteral("SELECT status_from FROM milestone WHERE text = 'Older not stated'")),
                 QString());
        QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM milestone WHERE status_from = 'printed'")), 0);
    }
    // Stated precision: the column every figure's decimals live in (NULL = the unit's default), and the
    // replaced value's copy of it that undo restores.
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM pragma_table_info('observation') WHERE name = 'decimals'")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM pragma_table_info('observation_replaced') WHERE name = 'old_decimals'")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM pragma_table_info('capital_line') WHERE name = 'decimals'")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM pragma_table_info('reserve_year') WHERE name = 'decimals'")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN "
                                           "('disagreement', 'disagreement_statement', 'disagreement_link')")), 3);
    // Batch ids are never reused: the sequence starts at the highest id the older store issued.
    QCOMPARE(scalar(*store, QStringLiteral("SELECT last_id FROM import_batch_sequence")), version >= 1 ? 1 : 0);
    // What each batch created, for undo: nothing recorded for an older store's rows, which stay for good.
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM import_created")), 0);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM import_profile_saved")), 0);
    if (version >= 1)
        QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM milestone")), 2);
}

// Version 11 sums the crime figures an older store holds (models/crimetotals.h): a category measure's
// borough and other areas' figures summed, its ward figure counted as held; a measure with no category
// not summed.
void TestStore::migrationSumsTheCrimeFiguresHeld()
{
    const int beforeCrimeTotals = 10;
    const QString path = m_dir.filePath(QStringLiteral("old-crime.sqlite"));
    makeStoreAtVersion(path, beforeCrimeTotals);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old-crime"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (const char *sql : {
                 "INSERT INTO theme (id, name, ordinal) VALUES (1, 'A safer London', 1)",
                 "INSERT INTO measure (id, key, name, theme_id, category, unit) VALUES "
                 "(1, 'import.burglary.home', 'Home', 1, 'Burglary', 'count'), (2, 'import.calls', 'Calls', 1, NULL, 'count')",
                 "INSERT INTO area (id, code, name, kind) VALUES (1, 'E09000033', 'Westminster', 'borough'), "
                 "(2, 'E09000007', 'Camden', 'borough'), (3, 'E05013800', 'Abbey Road', 'ward'), (4, 'X-NOLOCATION', 'No location', 'other')",
                 "INSERT INTO period (id, code, kind, start_date, end_date, label) "
                 "VALUES (2, '2017-05', 'month', '2017-05-01', '2017-05-31', 'May 2017')",
                 "INSERT INTO observation (measure_id, area_id, period_id, value, batch_id, decimals) VALUES "
                 "(1, 1, 2, 30, 1, NULL), (1, 2, 2, 12, 1, 0), (1, 3, 2, 5, 1, NULL), (1, 4, 2, 1, 1, NULL), (2, 1, 2, 99, 1, NULL)",
             })
            QVERIFY2(q.exec(QString::fromLatin1(sql)), sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old-crime"));
    QString error;
    auto store = Store::open(path, emptyStore(), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM crime_total")), 1);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT value FROM crime_total WHERE measure_id = 1 AND period_id = 2 AND superseded_by = 0")), 43);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT parts FROM crime_total WHERE measure_id = 1")), 3);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT held FROM crime_total WHERE measure_id = 1")), 4);
    QCOMPARE(scalar(*store, QStringLiteral("SELECT decimals_count FROM crime_total WHERE measure_id = 1")), 1);
}

void TestStore::refusesWithoutTouching_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("newer version") << "newer" << "newer Oversight";
    QTest::newRow("not SQLite") << "text" << "not a SQLite database";
    QTest::newRow("foreign SQLite") << "foreign" << "not an Oversight store";
    QTest::newRow("read-only") << "readonly" << "read-only";
}

void TestStore::refusesWithoutTouching()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("bad-%1.sqlite").arg(kind));
    if (kind == QLatin1String("text")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Borough,Allocation\nBarnet,457406\n");
    } else if (kind == QLatin1String("foreign")) {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("CREATE TABLE budget (line TEXT, amount REAL)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    } else {
        {
            QString error;
            auto store = Store::open(path, emptyStore(), &error);
            QVERIFY2(store, qPrintable(error));
            if (kind == QLatin1String("newer"))
                QVERIFY(QSqlQuery(store->database()).exec(QStringLiteral("PRAGMA user_version = 99")));
            // Checkpoint so the file alone holds the store, as after a clean exit.
            QVERIFY(QSqlQuery(store->database()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        if (kind == QLatin1String("readonly"))
            QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadGroup));
    }
    const QByteArray before = fileDigest(path);
    QVERIFY(!before.isEmpty());
    QString error;
    auto store = Store::open(path, emptyStore(), &error);
    QVERIFY(!store);
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("bad-%1.sqlite").arg(kind)), qPrintable(error));
    QCOMPARE(fileDigest(path), before);
}

void TestStore::busyStoreSaysSo()
{
    const QString path = m_dir.filePath(QStringLiteral("busy.sqlite"));
    QString error;
    auto first = Store::open(path, emptyStore(), &error);
    QVERIFY2(first, qPrintable(error));
    Store::Options quick = emptyStore();
    quick.busyTimeoutMs = 200;
    auto second = Store::open(path, quick, &error);
    QVERIFY2(second, qPrintable(error));

    QSqlQuery holder(first->database());
    QVERIFY(holder.exec(QStringLiteral("BEGIN IMMEDIATE")));
    const bool wrote = second->write([&](QString *) { return true; }, &error);
    QVERIFY(!wrote);
    QVERIFY2(error.contains(QStringLiteral("store is busy")), qPrintable(error));
    QVERIFY(holder.exec(QStringLiteral("ROLLBACK")));
    // Once the other writer is done, the same write goes through.
    QVERIFY2(second->write([&](QString *) { return true; }, &error), qPrintable(error));
}

void TestStore::failedWriteLeavesNothing()
{
    const QString path = m_dir.filePath(QStringLiteral("rollback.sqlite"));
    QString error;
    auto store = Store::open(path, emptyStore(), &error);
    QVERIFY2(store, qPrintable(error));
    const bool ok = store->write(
        [&](QString *e) {
            QSqlQuery q(store->database());
            if (!q.exec(QStringLiteral("INSERT INTO import_batch (source, imported_at, imported_by) VALUES ('half', 'now', 'me')")))
                return false;
            *e = QStringLiteral("row 7 of the file was bad");
            return false;
        },
        &error);
    QVERIFY(!ok);
    QVERIFY(error.contains(QStringLiteral("row 7")));
    QCOMPARE(scalar(*store, QStringLiteral("SELECT count(*) FROM import_batch")), 0);
}

void TestStore::flatViewHasDocumentedColumns()
{
    const QString path = m_dir.filePath(QStringLiteral("flat.sqlite"));
    QString error;
    auto store = Store::open(path, emptyStore(), &error);
    QVERIFY2(store, qPrintable(error));
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT name FROM pragma_table_info('observation_flat') ORDER BY cid")));
    QStringList columns;
    while (q.next())
        columns.append(q.value(0).toString());
    QCOMPARE(columns, (QStringList{"measure_key", "measure_name", "theme", "unit", "area_code", "area_name", "period_kind",
                                   "period_start", "period_end", "period_label", "breakdown", "value", "batch_id", "decimals"}));
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
