#include "cliprocess.h"
#include "filedigest.h"
#include "smalldisk.h"
#include "store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// Damaged stores, made from a fresh one as they turn up in officers' folders, through the binary:
// each is refused for writing and reading with the reason and the way out, left byte for byte as it
// was, found by 'check', and 'check --repair' copies what can be read into a new store that opens.
class TestDamagedStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void soundStorePassesCheck();
    void damagedStoreIsRefused_data();
    void damagedStoreIsRefused();
    void quickCheckIsBoundedInTime();
    void fullDiskLeavesNothingBehind_data();
    void fullDiskLeavesNothingBehind();

private:
    using Result = CliResult;
    Result run(const QStringList &args);
    QString freshCopy(const QString &name);
    QTemporaryDir m_dir;
    QString m_base;
    QString m_workforce;
};

namespace {

// Runs sql on a plain SQLite connection (not through Oversight), as another program would.
bool execute(const QString &path, const QStringList &statements)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("outside"));
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString &sql : statements)
            ok = ok && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("outside"));
    return ok;
}

qint64 rowCount(const QString &path, const QString &table)
{
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("count"));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT count(*) FROM \"%1\"").arg(table)) && q.next())
                count = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("count"));
    return count;
}

} // namespace

TestDamagedStore::Result TestDamagedStore::run(const QStringList &args)
{
    return runOversight(m_dir.path(), args);
}

QString TestDamagedStore::freshCopy(const QString &name)
{
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    return QFile::copy(m_base, path) ? path : QString();
}

void TestDamagedStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The stores this process opens itself are remembered as sound in a cache inside the folder.
    qputenv("XDG_CACHE_HOME", m_dir.filePath(QStringLiteral("cache-in-process")).toUtf8());
    m_base = m_dir.filePath(QStringLiteral("base.sqlite"));
    const Result r = run({QStringLiteral("--db"), m_base, QStringLiteral("init")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // A quarter's workforce return: the write each damaged store must refuse.
    m_workforce = m_dir.filePath(QStringLiteral("workforce_Q2_2017-18.csv"));
    QFile csv(m_workforce);
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("Measure,Area,Period,Value\n"
              "Police officers,E23000001,Q2 2017/18,30850\n"
              "Police staff,E23000001,Q2 2017/18,9120\n");
}

void TestDamagedStore::soundStorePassesCheck()
{
    const QString path = freshCopy(QStringLiteral("sound.sqlite"));
    const QByteArray before = fileDigest(path);
    const Result r = run({QStringLiteral("--db"), path, QStringLiteral("check")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("no problems found")), qPrintable(r.out));
    QCOMPARE(fileDigest(path), before);
    // The cache of stores known sound names the officer's stores: readable by them alone.
    const QFileInfo cache(m_dir.filePath(QStringLiteral("cache/MOPAC/Oversight/sound-stores.ini")));
    QVERIFY2(cache.exists(), qPrintable(cache.filePath()));
    QCOMPARE(cache.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    const Result missing = run({QStringLiteral("--db"), m_dir.filePath(QStringLiteral("absent.sqlite")), QStringLiteral("check")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("no such store")), qPrintable(missing.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("absent.sqlite"))));
}

void TestDamagedStore::damagedStoreIsRefused_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("problem");      // what 'check' and the refusal say
    QTest::addColumn<bool>("repairComplete");  // every table of the store read whole
    // The other store's log rewrites page 1 (a larger import), numbered from a history this store does
    // not have: refused before SQLite reads it.
    QTest::newRow("another store's -wal beside it") << "foreign-wal" << "is another database's" << true;
    // Both made the same way, so nothing in the log tells them apart: SQLite's check of the pages
    // the log brings finds them wrong for this file.
    QTest::newRow("a twin store's -wal beside it") << "twin-wal" << "" << true;
    QTest::newRow("random bytes in a page at 50%") << "random-page" << "" << false;
    QTest::newRow("a dropped table") << "dropped-table" << "the table import_batch is missing" << false;
}

void TestDamagedStore::damagedStoreIsRefused()
{
    QFETCH(QString, damage);
    QFETCH(QString, problem);
    QFETCH(bool, repairComplete);
    const QString path = freshCopy(damage + QStringLiteral(".sqlite"));
    QVERIFY(!path.isEmpty());
    const QString wal = path + QStringLiteral("-wal");
    // The store as it was before the damage: what a complete repair gives back.
    const QString reference = m_dir.filePath(damage + QStringLiteral("-undamaged.sqlite"));
    if (!damage.endsWith(QLatin1String("-wal")))
        QVERIFY(QFile::copy(path, reference));
    if (damage.endsWith(QLatin1String("-wal"))) {
        const bool twin = damage == QLatin1String("twin-wal");
        QString file = m_workforce;
        if (!twin) {
            // Five years of monthly figures for every borough: a store grows with them, so they
            // rewrite its page 1.
            file = m_dir.filePath(QStringLiteral("officers_by_borough.csv"));
            QFile csv(file);
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("Measure,Area,Period,Value\n");
            for (int borough = 1; borough <= 33; ++borough) {
                for (int month = 0; month < 60; ++month)
                    csv.write(QStringLiteral("Police officers,E090000%1,%2-%3,%4\n")
                                  .arg(borough, 2, 10, QLatin1Char('0'))
                                  .arg(2012 + month / 12)
                                  .arg(month % 12 + 1, 2, 10, QLatin1Char('0'))
                                  .arg(100 + borough + month)
                                  .toUtf8());
            }
            csv.close();
            // This store's own history: those figures imported and taken out again.
            const Result imported = run({QStringLiteral("--db"), path, QStringLiteral("import"), file});
            QVERIFY2(imported.exitCode == 0, qPrintable(imported.out + imported.err));
            QVERIFY(run({QStringLiteral("--db"), path, QStringLiteral("undo-import"), QStringLiteral("3")}).exitCode == 0);
        }
        QVERIFY(QFile::copy(path, reference));
        // Another store's log, caught while that store was in use (a second connection keeps the
        // writer from checkpointing it away when it exits), copied beside this one.
        const QString other = m_dir.filePath(damage + QStringLiteral("-other.sqlite"));
        QVERIFY(run({QStringLiteral("--db"), other, QStringLiteral("init"), QStringLiteral("--empty")}).exitCode == 0);
        {
            QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
            holder.setDatabaseName(other);
            QVERIFY(holder.open());
            QSqlQuery read(holder);
            QVERIFY(read.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) && read.next());
            const Result imported = run({QStringLiteral("--db"), other, QStringLiteral("import"), file});
            QVERIFY2(imported.exitCode == 0, qPrintable(imported.out + imported.err));
            QVERIFY(QFile::copy(other + QStringLiteral("-wal"), wal));
            holder.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    } else if (damage == QLatin1String("random-page")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 pageSize = 16384;
        const qint64 page = file.size() / pageSize / 2;
        QByteArray noise(pageSize, '\0');
        QRandomGenerator random(20240131); // the same damage every run
        for (char &byte : noise)
            byte = char(random.bounded(256));
        QVERIFY(file.seek(page * pageSize));
        QCOMPARE(file.write(noise), pageSize);
    } else {
        QVERIFY(execute(path, {QStringLiteral("DROP TABLE import_batch")}));
    }
    const QByteArray before = fileDigest(path);
    const QByteArray walBefore = fileDigest(wal); // empty when there is none

    // Refused for writing, and for reading (figures from a damaged store could be wrong), with the
    // reason, the file and the way out.
    for (const QStringList &command : {QStringList{QStringLiteral("import"), m_workforce},
                                       QStringList{QStringLiteral("list"), QStringLiteral("batches")}}) {
        const Result r = run(QStringList{QStringLiteral("--db"), path} + command);
        QVERIFY2(r.exitCode == 1, qPrintable(command.join(QLatin1Char(' ')) + QLatin1String(": ") + r.out + r.err));
        QVERIFY2(r.err.contains(QStringLiteral("is damaged")) && r.err.contains(damage + QStringLiteral(".sqlite"))
                     && r.err.contains(QStringLiteral("check --repair")) && r.err.contains(problem),
                 qPrintable(r.err));
        QVERIFY2(!r.out.contains(QStringLiteral("Imported")), qPrintable(r.out));
        QCOMPARE(fileDigest(path), before);
        QCOMPARE(fileDigest(wal), walBefore);
    }

    const Result check = run({QStringLiteral("--db"), path, QStringLiteral("check")});
    QVERIFY2(check.exitCode == 1, qPrintable(check.out + check.err));
    QVERIFY2(check.out.contains(QStringLiteral("is damaged:")) && check.out.contains(problem), qPrintable(check.out));
    QCOMPARE(fileDigest(path), before);

    // The repair writes a new store, never in place, and refuses to replace a file.
    const QString repaired = m_dir.filePath(damage + QStringLiteral("-repaired.sqlite"));
    const Result repair = run({QStringLiteral("--db"), path, QStringLiteral("check"), QStringLiteral("--repair"), repaired});
    QVERIFY2(repair.exitCode == (repairComplete ? 0 : 1), qPrintable(repair.out + repair.err));
    QVERIFY2(repair.out.contains(QStringLiteral("Wrote ")), qPrintable(repair.out + repair.err));
    QCOMPARE(fileDigest(path), before);
    QCOMPARE(fileDigest(wal), walBefore);
    const QByteArray repairedHash = fileDigest(repaired);
    const Result again = run({QStringLiteral("--db"), path, QStringLiteral("check"), QStringLiteral("--repair"), repaired});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("already exists")), qPrintable(again.err));
    QCOMPARE(fileDigest(repaired), repairedHash);

    // Every table the repair says it read whole holds what the sound store held.
    static const QRegularExpression line(QStringLiteral("^(\\w+)\\t(\\d+) rows(, then: .*)?$"), QRegularExpression::MultilineOption);
    int whole = 0;
    for (auto it = line.globalMatch(repair.out); it.hasNext();) {
        const auto m = it.next();
        QCOMPARE(rowCount(repaired, m.captured(1)), m.captured(2).toLongLong());
        if (m.captured(3).isEmpty()) {
            QCOMPARE(m.captured(2).toLongLong(), rowCount(reference, m.captured(1)));
            ++whole;
        }
    }
    QVERIFY2(whole > 10, qPrintable(repair.out));
    // The new store opens sound, and takes a write.
    const Result repairedCheck = run({QStringLiteral("--db"), repaired, QStringLiteral("check")});
    QVERIFY2(repairedCheck.exitCode == 0, qPrintable(repairedCheck.out + repairedCheck.err));
    const Result imported = run({QStringLiteral("--db"), repaired, QStringLiteral("import"), m_workforce});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.out + imported.err));
}

// A store's quick check reads every page: seconds for hundreds of MB. It stops at its budget and the
// store opens with a note saying so; a store whose check stopped is checked again on the next open,
// never remembered as sound.
void TestDamagedStore::quickCheckIsBoundedInTime()
{
    const QString path = freshCopy(QStringLiteral("bounded.sqlite"));
    QVERIFY(!path.isEmpty());
    auto openWith = [&](int budgetMs, QStringList *notes) {
        oversight::Store::Options options;
        options.checkBudgetMs = budgetMs;
        QString error;
        auto store = oversight::Store::open(path, options, &error);
        if (!store)
            return error;
        *notes = store->openNotes();
        return QString(); // closing the store here remembers it as sound, when its check was whole
    };
    QStringList notes;
    // No time at all: the check stops at SQLite's first progress call, and the store still opens.
    QCOMPARE(openWith(0, &notes), QString());
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes.first().contains(QStringLiteral("stopped after")) && notes.first().contains(QStringLiteral("bounded.sqlite"))
                 && notes.first().contains(QStringLiteral("check")),
             qPrintable(notes.first()));
    // Not remembered: the next open checks again, and stops again.
    QCOMPARE(openWith(0, &notes), QString());
    QCOMPARE(notes.size(), 1);
    // Unbounded, the check runs whole and says nothing; the store is then remembered, and the next
    // open skips the check, so even no time at all is enough.
    QCOMPARE(openWith(-1, &notes), QString());
    QCOMPARE(notes, QStringList());
    QCOMPARE(openWith(0, &notes), QString());
    QCOMPARE(notes, QStringList());
}

// A store on a disk with almost no room: opening it must not leave SQLite's -wal and -shm behind, and
// an import that runs out of room says it is the disk and writes nothing.
void TestDamagedStore::fullDiskLeavesNothingBehind_data()
{
    QTest::addColumn<int>("freeKb");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("said");
    QTest::newRow("0 KB free, list") << 0 << "list" << "needs 64 KB free";
    QTest::newRow("16 KB free, list") << 16 << "list" << "needs 64 KB free";
    QTest::newRow("16 KB free, import") << 16 << "import" << "needs 64 KB free";
    QTest::newRow("80 KB free, import") << 80 << "import" << "is full";
}

void TestDamagedStore::fullDiskLeavesNothingBehind()
{
    QFETCH(int, freeKb);
    QFETCH(QString, command);
    QFETCH(QString, said);
    SmallDisk disk("2m");
    if (!disk.mounted())
        QSKIP(qPrintable(QStringLiteral("full tmpfs: %1").arg(disk.whyNot())));
    // An empty store (about 1 MB) fits the 2 MB disk; a default one would not.
    const QString empty = m_dir.filePath(QStringLiteral("empty.sqlite"));
    if (!QFile::exists(empty))
        QVERIFY(run({QStringLiteral("--db"), empty, QStringLiteral("init"), QStringLiteral("--empty")}).exitCode == 0);
    const QString path = disk.filePath(QStringLiteral("store.sqlite"));
    QVERIFY(QFile::copy(empty, path));
    QVERIFY(disk.leaveFree(qint64(freeKb) * 1024));
    const QByteArray before = fileDigest(path);

    const QStringList args = command == QLatin1String("list") ? QStringList{QStringLiteral("list"), QStringLiteral("batches")}
                                                              : QStringList{QStringLiteral("import"), m_workforce};
    const Result r = run(QStringList{QStringLiteral("--db"), path} + args);
    QVERIFY2(r.exitCode == 1, qPrintable(r.out + r.err));
    // An import lists its errors with the file's other findings, on standard output.
    const QString told = r.out + r.err;
    QVERIFY2(told.contains(said) && told.contains(QStringLiteral("store.sqlite")), qPrintable(told));
    QVERIFY2(!r.out.contains(QStringLiteral("Imported")), qPrintable(r.out));
    QCOMPARE(fileDigest(path), before);
    QVERIFY2(!QFile::exists(path + QStringLiteral("-shm")), "an -shm file was left behind");
    QVERIFY2(!QFile::exists(path + QStringLiteral("-wal")), "a -wal file was left behind");
}

QTEST_GUILESS_MAIN(TestDamagedStore)
#include "tst_damagedstore.moc"
