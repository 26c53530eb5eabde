// Import benchmark: generates the MPS wide layout (MajorText,MinorText,WardName,WardCode,
// LookUp_BoroughName, then one column per month) at ward scale (~680k values) and, with --lsoa,
// at LSOA scale (~26M values); imports each with Oversight's engine into a fresh store and with
// the sqlite3 command-line shell (.import plus an SQL unpivot) in the same run, and prints
// values per second, peak memory and store bytes per value.
// Usage: import_bench [--lsoa] [--xlsx] [--keep DIR]
#include "importer.h"
#include "importplan.h"
#include "reader.h"
#include "store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>

#include <sqlite3.h>
#include <sys/resource.h>

#include <cstdio>


using namespace oversight;

namespace {

struct Scale {
    const char *name;
    int areas;      // wards or LSOAs
    int categories; // major/minor pairs
    int months;
};

long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

long currentRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

QStringList monthColumns(int months)
{
    QStringList out;
    int year = 2024;
    int month = 2;
    for (int i = 0; i < months; ++i) {
        out.append(QStringLiteral("%1%2").arg(year).arg(month, 2, 10, QLatin1Char('0')));
        if (++month == 13) {
            month = 1;
            ++year;
        }
    }
    return out;
}

const QStringList &boroughs()
{
    static const QStringList names = {
        QStringLiteral("Barking and Dagenham"), QStringLiteral("Barnet"), QStringLiteral("Bexley"), QStringLiteral("Brent"),
        QStringLiteral("Bromley"), QStringLiteral("Camden"), QStringLiteral("Croydon"), QStringLiteral("Ealing"),
        QStringLiteral("Enfield"), QStringLiteral("Greenwich"), QStringLiteral("Hackney"), QStringLiteral("Hammersmith and Fulham"),
        QStringLiteral("Haringey"), QStringLiteral("Harrow"), QStringLiteral("Havering"), QStringLiteral("Hillingdon"),
        QStringLiteral("Hounslow"), QStringLiteral("Islington"), QStringLiteral("Kensington and Chelsea"),
        QStringLiteral("Kingston upon Thames"), QStringLiteral("Lambeth"), QStringLiteral("Lewisham"), QStringLiteral("Merton"),
        QStringLiteral("Newham"), QStringLiteral("Redbridge"), QStringLiteral("Richmond upon Thames"), QStringLiteral("Southwark"),
        QStringLiteral("Sutton"), QStringLiteral("Tower Hamlets"), QStringLiteral("Waltham Forest"), QStringLiteral("Wandsworth"),
        QStringLiteral("Westminster"),
    };
    return names;
}

// Deterministic counts, mostly small as in the real files (many zeros).
int countFor(qint64 i)
{
    quint64 x = static_cast<quint64>(i) * 6364136223846793005ULL + 1442695040888963407ULL;
    x ^= x >> 33;
    const int r = static_cast<int>(x % 100);
    return r < 45 ? 0 : r < 80 ? static_cast<int>(x % 5) : static_cast<int>(x % 60);
}

qint64 writeCsv(const QString &path, const Scale &scale)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return -1;
    QByteArray out;
    out.reserve(1 << 20);
    out += "MajorText,MinorText,WardName,WardCode,LookUp_BoroughName";
    for (const QString &m : monthColumns(scale.months))
        out += ',' + m.toLatin1();
    out += "\r\n";
    qint64 values = 0;
    for (int a = 0; a < scale.areas; ++a) {
        const QByteArray borough = boroughs().at(a % boroughs().size()).toUtf8();
        const QByteArray code = QByteArray("E05") + QByteArray::number(100000 + a).rightJustified(6, '0');
        for (int c = 0; c < scale.categories; ++c) {
            out += "THEFT,CATEGORY " + QByteArray::number(c) + ",Ward " + QByteArray::number(a) + ',' + code + ',' + borough;
            for (int m = 0; m < scale.months; ++m) {
                out += ',';
                out += QByteArray::number(countFor(values++));
            }
            out += "\r\n";
            if (out.size() > (1 << 20)) {
                file.write(out);
                out.clear();
            }
        }
    }
    file.write(out);
    return values;
}

// QuaZip and libxlsxwriter cannot share a process (their minizip symbols collide), so the
// workbook is written by bench_xlsx_writer, a separate program.
bool writeXlsx(const QString &path, const Scale &scale)
{
    QProcess writer;
    writer.start(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("bench_xlsx_writer")),
                 {path, QString::number(scale.areas), QString::number(scale.categories), QString::number(scale.months)});
    return writer.waitForFinished(-1) && writer.exitCode() == 0;
}

struct Timing {
    double seconds = 0;
    qint64 values = 0;
    bool ok = false;
    QString message;
    qint64 storeBytes = 0;
};

std::unique_ptr<Store> openEmptyStore(const QString &path, QString *error)
{
    Store::Options options;
    options.content = Store::Content::Empty;
    return Store::open(path, options, error);
}

Timing importWithOversight(const QString &file, const QString &storePath)
{
    Timing t;
    auto store = openEmptyStore(storePath, &t.message);
    if (!store)
        return t;
    QString error;
    QElapsedTimer timer;
    timer.start();
    auto reader = import::readerFor(file, &error);
    if (!reader || !reader->open(file, &error)) {
        t.message = error;
        return t;
    }
    const auto plan = import::detectPlan(*reader, QFileInfo(file).fileName(), &error);
    if (!plan) {
        t.message = error;
        return t;
    }
    const import::ImportResult result = import::Importer(*store).run(file, *reader, *plan, import::ImportOptions{});
    t.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    t.values = result.added;
    t.ok = result.committed;
    t.message = result.committed ? result.summary() : result.issues.value(0).toString();
    store.reset();
    t.storeBytes = QFileInfo(storePath).size() + QFileInfo(storePath + QStringLiteral("-wal")).size();
    return t;
}

Timing importWithSqliteShell(const QString &csv, const QString &dbPath, int months)
{
    Timing t;
    QStringList unpivot;
    const QStringList columns = monthColumns(months);
    for (const QString &m : columns)
        unpivot.append(QStringLiteral("SELECT MajorText, MinorText, WardCode, '%1', \"%1\" FROM raw").arg(m));
    const QString script = QStringLiteral(
        ".mode csv\n.import '%1' raw\n"
        "CREATE TABLE fact (major TEXT, minor TEXT, area TEXT, month TEXT, value INTEGER);\n"
        "BEGIN;\nINSERT INTO fact %2;\nCOMMIT;\nSELECT count(*) FROM fact;\n")
                               .arg(csv, unpivot.join(QStringLiteral(" UNION ALL ")));
    QElapsedTimer timer;
    timer.start();
    QProcess shell;
    shell.start(QStringLiteral("sqlite3"), {dbPath});
    if (!shell.waitForStarted()) {
        t.message = QStringLiteral("sqlite3 is not installed");
        return t;
    }
    shell.write(script.toUtf8());
    shell.closeWriteChannel();
    shell.waitForFinished(-1);
    t.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    t.values = QString::fromUtf8(shell.readAllStandardOutput()).trimmed().toLongLong();
    t.ok = shell.exitCode() == 0 && t.values > 0;
    t.message = QString::fromUtf8(shell.readAllStandardError()).trimmed();
    t.storeBytes = QFileInfo(dbPath).size();
    return t;
}

// The ceiling SQLite itself sets: the same number of rows, already in key order and already
// numbers, inserted into a new store's observation table as fast as the C API allows (4,096-row
// INSERT statements, one transaction), with no file to read. An import cannot beat this figure;
// it shows how much of an import's time is the store's.
Timing insertOnly(const QString &storePath, const Scale &scale)
{
    Timing t;
    auto store = openEmptyStore(storePath, &t.message);
    if (!store)
        return t;
    QSqlDatabase db = store->database();
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA foreign_keys = OFF"));
    q.exec(QStringLiteral("INSERT INTO import_batch (source, imported_at, imported_by) VALUES ('bench', '2026-01-01', 'bench')"));
    const qint64 batch = q.lastInsertId().toLongLong();
    sqlite3 *handle = *static_cast<sqlite3 *const *>(db.driver()->handle().constData());
    constexpr int rows = 4096;
    QByteArray sql = "INSERT INTO observation (measure_id, area_id, period_id, breakdown_id, value, batch_id) VALUES ";
    for (int i = 0; i < rows; ++i)
        sql += i == 0 ? "(?,?,?,?,?,?)" : ",(?,?,?,?,?,?)";
    sqlite3_stmt *insert = nullptr;
    if (sqlite3_prepare_v2(handle, sql.constData(), -1, &insert, nullptr) != SQLITE_OK) {
        t.message = QString::fromUtf8(sqlite3_errmsg(handle));
        return t;
    }
    QElapsedTimer timer;
    timer.start();
    q.exec(QStringLiteral("BEGIN"));
    qint64 n = 0;
    int inStatement = 0;
    // Ids above every stored one, as for an import of new series (foreign keys are off, as in an
    // import's transaction), so every insert is an append.
    for (int c = 0; c < scale.categories; ++c) {
        for (int a = 0; a < scale.areas; ++a) {
            for (int m = 0; m < scale.months; ++m, ++n) {
                const int at = 6 * inStatement;
                sqlite3_bind_int64(insert, at + 1, 1'000'000 + c);
                sqlite3_bind_int64(insert, at + 2, 1'000'000 + a);
                sqlite3_bind_int64(insert, at + 3, 1'000'000 + m);
                sqlite3_bind_int64(insert, at + 4, 0);
                sqlite3_bind_double(insert, at + 5, countFor(n));
                sqlite3_bind_int64(insert, at + 6, batch);
                if (++inStatement == rows) {
                    sqlite3_step(insert);
                    sqlite3_reset(insert);
                    inStatement = 0;
                }
            }
        }
    }
    t.ok = q.exec(QStringLiteral("COMMIT"));
    t.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    t.values = n - inStatement; // a last partial statement is left out rather than timed differently
    sqlite3_finalize(insert);
    q = QSqlQuery();
    db = QSqlDatabase();
    store.reset();
    t.storeBytes = QFileInfo(storePath).size() + QFileInfo(storePath + QStringLiteral("-wal")).size();
    return t;
}

void report(const char *what, const Timing &t)
{
    if (!t.ok) {
        std::printf("  %-34s FAILED: %s\n", what, qPrintable(t.message));
        return;
    }
    std::printf("  %-34s %10lld values in %7.2f s = %6.2f M values/s; store %.1f bytes/value\n", what,
                static_cast<long long>(t.values), t.seconds, t.values / t.seconds / 1e6,
                t.values > 0 ? double(t.storeBytes) / double(t.values) : 0.0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool lsoa = args.contains(QStringLiteral("--lsoa"));
    const bool xlsx = args.contains(QStringLiteral("--xlsx"));
    QTemporaryDir tmp;
    const QString dir = args.indexOf(QStringLiteral("--keep")) > 0 ? args.value(args.indexOf(QStringLiteral("--keep")) + 1) : tmp.path();
    QDir().mkpath(dir);

    // --distinct-measures: a long file with a new measure on every row (12,500 to 100,000), each
    // imported into a fresh store; the time per doubling shows the import stays linear in names.
    if (args.contains(QStringLiteral("--distinct-measures"))) {
        double previous = 0.0;
        for (int rows = 12500; rows <= 100000; rows *= 2) {
            const QString csv = QDir(dir).filePath(QStringLiteral("measures-%1.csv").arg(rows));
            QFile file(csv);
            if (!file.open(QIODevice::WriteOnly))
                return 1;
            QByteArray out = "Borough,Measure,Period,Value\n";
            for (int i = 0; i < rows; ++i)
                out += "Barnet,m" + QByteArray::number(i) + ",Q1 2017/18," + QByteArray::number(i) + '\n';
            file.write(out);
            file.close();
            const Timing t = importWithOversight(csv, QDir(dir).filePath(QStringLiteral("measures-%1.sqlite").arg(rows)));
            if (!t.ok) {
                std::printf("%d distinct measures: %s\n", rows, qPrintable(t.message));
                return 1;
            }
            std::printf("%6d distinct measures: %.2f s%s\n", rows, t.seconds,
                        previous > 0 ? qPrintable(QStringLiteral(" (x%1 for twice the names)").arg(t.seconds / previous, 0, 'f', 2)) : "");
            previous = t.seconds;
        }
        return 0;
    }

    QList<Scale> scales = {{"ward scale", 680, 42, 24}};
    if (lsoa)
        scales.append({"LSOA scale", 4994, 217, 24});
    for (const Scale &scale : scales) {
        std::printf("%s: %d areas x %d categories x %d months\n", scale.name, scale.areas, scale.categories, scale.months);
        const QString csv = QDir(dir).filePath(QStringLiteral("%1.csv").arg(QString::fromLatin1(scale.name).replace(QLatin1Char(' '), QLatin1Char('-'))));
        const qint64 values = writeCsv(csv, scale);
        std::printf("  generated %s: %lld values, %.1f MB\n", qPrintable(QFileInfo(csv).fileName()), static_cast<long long>(values),
                    QFileInfo(csv).size() / 1e6);
        const long rssBefore = currentRssKb();
        const Timing ours = importWithOversight(csv, QDir(dir).filePath(QStringLiteral("oversight-%1.sqlite").arg(scale.months * scale.areas)));
        report("Oversight import (CSV)", ours);
        std::printf("  peak memory so far: %.0f MB (RSS before the import %.0f MB)\n", peakRssKb() / 1024.0, rssBefore / 1024.0);
        const Timing shell = importWithSqliteShell(csv, QDir(dir).filePath(QStringLiteral("sqlite3-%1.sqlite").arg(scale.areas)), scale.months);
        report("sqlite3 .import + SQL unpivot", shell);
        report("SQLite insert only (no file read)", insertOnly(QDir(dir).filePath(QStringLiteral("insert-only-%1.sqlite").arg(scale.areas)), scale));
        if (xlsx) {
            const QString book = QDir(dir).filePath(QStringLiteral("%1.xlsx").arg(scale.areas));
            if (!writeXlsx(book, scale)) {
                std::printf("  could not write the xlsx file\n");
                continue;
            }
            const Timing workbook = importWithOversight(book, QDir(dir).filePath(QStringLiteral("oversight-xlsx-%1.sqlite").arg(scale.areas)));
            report("Oversight import (xlsx)", workbook);
            std::printf("  peak memory so far: %.0f MB\n", peakRssKb() / 1024.0);
        }
        QFile::remove(csv);
    }
    return 0;
}
