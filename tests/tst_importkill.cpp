#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <iterator>

// An import killed at any moment (power cut, kill -9, the machine's OOM killer) must leave the
// store as it was: the batch is one SQLite transaction, so either all of it is there or none.
// The store is inspected with Qt's plain QSQLITE driver, not the app's Store class, so the
// check does not share the code under test.
class TestImportKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void killedImportLeavesNoTrace_data();
    void killedImportLeavesNoTrace();

private:
    struct StoreState {
        QString error;
        QString integrity;
        QMap<QString, qint64> counts; // rows per table
        qint64 batchRowCount = -1;    // import_batch.row_count when there is exactly one batch
    };
    static StoreState inspect(const QString &path);
    QProcessEnvironment environment() const;
    QString freshStore(const QString &name);

    QTemporaryDir m_dir;
    QString m_csv;
    QString m_template;
    StoreState m_empty;
    qint64 m_values = 0;
};

namespace {

// About a million values: checking and writing take seconds, so the timed kills land mid-import,
// and the batch's pages take long enough to reach the WAL that the WAL rows can kill the writer
// while it is writing them. Small enough that the whole test stays within a minute on two cores.
constexpr int dataRows = 40000;
constexpr int months = 24;
constexpr int categories = 40; // rows per ward

const char *const boroughs[] = {
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing",
    "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering",
    "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth",
    "Lewisham", "Merton", "Newham", "Redbridge", "Richmond upon Thames", "Southwark", "Sutton",
    "Tower Hamlets", "Waltham Forest", "Wandsworth", "Westminster"};

// Long enough for any import this test starts, even on a loaded build machine.
constexpr int processTimeoutMs = 180000;

} // namespace

QProcessEnvironment TestImportKill::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // A saved import profile in the user's real folders could change how the file is read.
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    return env;
}

TestImportKill::StoreState TestImportKill::inspect(const QString &path)
{
    StoreState state;
    const QString connection = QStringLiteral("inspect-") + path;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        if (!db.open()) {
            state.error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            // Opening recovers from the WAL a killed writer left behind; the check sees the result.
            if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
                state.error = q.lastError().text();
            QStringList lines;
            while (q.next())
                lines.append(q.value(0).toString());
            state.integrity = lines.join(QLatin1Char('\n'));
            QStringList tables;
            if (q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))) {
                while (q.next())
                    tables.append(q.value(0).toString());
            }
            for (const QString &table : std::as_const(tables)) {
                if (q.exec(QStringLiteral("SELECT count(*) FROM \"%1\"").arg(table)) && q.next())
                    state.counts.insert(table, q.value(0).toLongLong());
                else
                    state.error += q.lastError().text();
            }
            if (state.counts.value(QStringLiteral("import_batch")) == 1
                && q.exec(QStringLiteral("SELECT row_count FROM import_batch")) && q.next()) {
                state.batchRowCount = q.value(0).toLongLong();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return state;
}

QString TestImportKill::freshStore(const QString &name)
{
    const QString path = m_dir.filePath(name);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
    if (!QFile::copy(m_template, path))
        return {};
    // QFile::copy keeps the template's owner-only permissions; the copy must be writable.
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

void TestImportKill::initTestCase()
{
    QVERIFY(m_dir.isValid());

    // The MPS ward-level wide layout: one row per ward and crime category, one column per month.
    m_csv = m_dir.filePath(QStringLiteral("MPS Ward Level Crime (Wide).csv"));
    QFile csv(m_csv);
    QVERIFY(csv.open(QIODevice::WriteOnly));
    QByteArray text = "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName";
    for (int m = 0; m < months; ++m) {
        const int year = 2024 + (1 + m) / 12;
        const int month = (1 + m) % 12 + 1; // 202402 onwards
        text += ',' + QByteArray::number(year * 100 + month);
    }
    text += "\r\n";
    for (int row = 0; row < dataRows; ++row) {
        const int ward = row / categories;
        text += "THEFT,CATEGORY " + QByteArray::number(row % categories) + ",Ward " + QByteArray::number(ward) + ",E05"
                + QByteArray::number(ward).rightJustified(6, '0') + ',' + boroughs[ward % int(std::size(boroughs))];
        for (int m = 0; m < months; ++m)
            text += ',' + QByteArray::number((row * 7 + m) % 13);
        text += "\r\n";
    }
    QCOMPARE(csv.write(text), text.size());
    csv.close();
    m_values = qint64(dataRows) * months;

    m_template = m_dir.filePath(QStringLiteral("template.sqlite"));
    QProcess init;
    init.setProcessEnvironment(environment());
    init.start(QStringLiteral(OVERSIGHT_BINARY), {QStringLiteral("--db"), m_template, QStringLiteral("init"), QStringLiteral("--empty")});
    QVERIFY(init.waitForFinished(processTimeoutMs));
    QVERIFY2(init.exitStatus() == QProcess::NormalExit && init.exitCode() == 0, init.readAllStandardError().constData());
    // A cleanly closed store has no WAL left, so copying the main file copies the whole store.
    QVERIFY(!QFileInfo::exists(m_template + QStringLiteral("-wal")) || QFileInfo(m_template + QStringLiteral("-wal")).size() == 0);
    m_empty = inspect(m_template);
    QVERIFY2(m_empty.error.isEmpty(), qPrintable(m_empty.error));
    QCOMPARE(m_empty.integrity, QStringLiteral("ok"));
    QCOMPARE(m_empty.counts.value(QStringLiteral("import_batch")), 0);
    QCOMPARE(m_empty.counts.value(QStringLiteral("observation")), 0);
}

void TestImportKill::killedImportLeavesNoTrace_data()
{
    // delayMs > 0: kill after that long (the early ones land while the file is being checked).
    // walBytes > 0: kill as soon as the store's -wal file is larger, i.e. while the transaction's
    // pages are being written (spilled from the page cache, or at COMMIT). Neither: let it finish.
    QTest::addColumn<int>("delayMs");
    QTest::addColumn<qint64>("walBytes");
    QTest::newRow("killed after 50 ms") << 50 << qint64(0);
    QTest::newRow("killed after 200 ms") << 200 << qint64(0);
    QTest::newRow("killed after 500 ms") << 500 << qint64(0);
    QTest::newRow("killed after 1000 ms") << 1000 << qint64(0);
    QTest::newRow("killed when the WAL first grows") << 0 << qint64(1);
    QTest::newRow("killed when the WAL passes 8 MiB") << 0 << qint64(8 << 20);
    QTest::newRow("runs to completion") << 0 << qint64(0);
}

void TestImportKill::killedImportLeavesNoTrace()
{
    QFETCH(int, delayMs);
    QFETCH(qint64, walBytes);

    const QString store = freshStore(QStringLiteral("store.sqlite"));
    QVERIFY(!store.isEmpty());
    const QString wal = store + QStringLiteral("-wal");

    QProcess process;
    process.setProcessEnvironment(environment());
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral(OVERSIGHT_BINARY), {QStringLiteral("--db"), store, QStringLiteral("import"), m_csv});
    QVERIFY(process.waitForStarted());

    bool killSent = false;
    qint64 walAtKill = -1;
    if (delayMs > 0) {
        if (!process.waitForFinished(delayMs)) {
            process.kill(); // SIGKILL: no destructor, no rollback, no flush
            killSent = true;
        }
    } else if (walBytes > 0) {
        // Polling the file size is cheap and catches the writer within a few milliseconds.
        const QDeadlineTimer deadline(processTimeoutMs);
        while (!process.waitForFinished(2) && !deadline.hasExpired()) {
            const qint64 size = QFileInfo(wal).size();
            if (size > walBytes) {
                process.kill();
                killSent = true;
                walAtKill = size;
                break;
            }
        }
    }
    // waitForFinished() is false for a process that has already ended, so ask only if it has not.
    if (process.state() != QProcess::NotRunning)
        QVERIFY2(process.waitForFinished(processTimeoutMs), "the import neither finished nor died");
    const qint64 elapsed = clock.elapsed();
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();

    // A kill sent as the process was exiting on its own is a no-op: the exit status tells which.
    const bool killed = process.exitStatus() == QProcess::CrashExit;
    QVERIFY2(killed || process.exitCode() == 0, output.constData());
    QVERIFY2(!killed || killSent, "the import crashed by itself");

    const StoreState state = inspect(store);
    QVERIFY2(state.error.isEmpty(), qPrintable(state.error));
    QCOMPARE(state.integrity, QStringLiteral("ok"));

    const bool complete = state.counts.value(QStringLiteral("import_batch")) == 1;
    if (!killed || complete) {
        // Finished, or killed after COMMIT returned (the import then runs ANALYZE and prints its
        // summary): the batch is whole.
        QCOMPARE(state.counts.value(QStringLiteral("import_batch")), 1);
        QCOMPARE(state.counts.value(QStringLiteral("observation")), m_values);
        QCOMPARE(state.batchRowCount, m_values);
    } else {
        // No batch, no facts, and none of the wards, measures or periods the import had created:
        // every table is exactly as in the empty store.
        QCOMPARE(state.counts.value(QStringLiteral("import_batch")), 0);
        QCOMPARE(state.counts.value(QStringLiteral("observation")), 0);
        for (auto it = m_empty.counts.cbegin(); it != m_empty.counts.cend(); ++it)
            QVERIFY2(state.counts.value(it.key()) == it.value(),
                     qPrintable(QStringLiteral("table %1 has %2 rows, the empty store %3")
                                    .arg(it.key()).arg(state.counts.value(it.key())).arg(it.value())));
        QCOMPARE(state.counts.keys(), m_empty.counts.keys());
    }

    // The app itself opens the recovered store and agrees.
    QProcess list;
    list.setProcessEnvironment(environment());
    list.start(QStringLiteral(OVERSIGHT_BINARY), {QStringLiteral("--db"), store, QStringLiteral("list"), QStringLiteral("batches")});
    QVERIFY(list.waitForFinished(processTimeoutMs));
    QCOMPARE(list.exitStatus(), QProcess::NormalExit);
    QCOMPARE(list.exitCode(), 0);
    QCOMPARE(list.readAllStandardOutput().count('\n'), complete ? 2 : 1); // header, then the batch

    qInfo("%s after %lld ms%s: %s", killed ? "killed" : "finished", elapsed,
          walAtKill >= 0 ? qPrintable(QStringLiteral(" (WAL %1 bytes)").arg(walAtKill)) : "",
          complete ? "the whole batch is stored" : "nothing of the batch is stored");

    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(store + suffix);
}

QTEST_GUILESS_MAIN(TestImportKill)
#include "tst_importkill.moc"
