// The quarterly cycle, end to end: the Q1 2017/18 report's 14 tables exported, moved on to Q2 2017/18
// as an officer would (figures changed, period labels moved on, saved as e.g. capital_Q2_2017-18),
// imported with no flags, in CSV and in xlsx. Every Q2 table must then print the changed figures to
// the digit, every Q1 table stay as it was, both board packs build, and undoing the Q2 imports must
// give back the store as it was.

#include "cliprocess.h"
#include "period.h"
#include "reporttable.h"
#include "store.h"
#include "tableexport.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace oversight;

namespace {

const Period kQ1 = Period::quarter(2017, 1);
const Period kQ2 = Period::quarter(2017, 2);

// The labels that move on a quarter; "2017/18" stays where it is the financial year.
const QList<std::pair<QString, QString>> kMovedLabels = {
    {QStringLiteral("Q1 17/18"), QStringLiteral("Q2 17/18")},
    {QStringLiteral("Q1 16/17"), QStringLiteral("Q2 16/17")},
    {QStringLiteral("Q1 2017/18"), QStringLiteral("Q2 2017/18")},
    {QStringLiteral("Q1 2016/17"), QStringLiteral("Q2 2016/17")},
    {QStringLiteral("July 2016 - June 2017"), QStringLiteral("October 2016 - September 2017")},
    {QStringLiteral("July 2015 - June 2016"), QStringLiteral("October 2015 - September 2016")},
    {QStringLiteral("Current DWOs at June 17"), QStringLiteral("Current DWOs at September 17")},
    {QStringLiteral("12 months to June 2017"), QStringLiteral("12 months to September 2017")},
    {QStringLiteral("June 2017"), QStringLiteral("September 2017")},
};

QString moved(QString text)
{
    for (const auto &[from, to] : kMovedLabels)
        text.replace(from, to);
    return text;
}

bool isNumber(const QVariant &v)
{
    return v.isValid() && !v.isNull() && v.typeId() != QMetaType::QString;
}

// The Q2 return an officer makes from the Q1 table: labels moved on, every stated figure changed
// (a count by one, £m and percentages by a tenth), Oversight's derived columns worked out again,
// the milestones' commentary and one status restated. The LCPF table moves on a year instead.
ReportTable movedOn(ReportTable table)
{
    const bool lcpf = table.id == QLatin1String("lcpf");
    table.subtitle = lcpf ? table.subtitle.replace(QStringLiteral("2017/18"), QStringLiteral("2018/19")) : moved(table.subtitle);
    for (ReportColumn &c : table.columns)
        c.header = lcpf ? c.header.replace(QStringLiteral("17/18"), QStringLiteral("18/19")) : moved(c.header);
    for (int r = 0; r < table.rows.size(); ++r) {
        ReportRow &row = table.rows[r];
        for (int c = 0; c < row.cells.size(); ++c) {
            QVariant &v = row.cells[c];
            if (!isNumber(v)) {
                if (v.typeId() == QMetaType::QString && !lcpf && table.id != QLatin1String("milestones"))
                    v = moved(v.toString());
                continue;
            }
            // The DWO target is for December 2017 whichever quarter states it: one figure, unchanged.
            if (table.id == QLatin1String("dwo") && c == 1)
                continue;
            const ValueFormat f = reporttables::effectiveColumn(table, row, c).format;
            const double step = f == ValueFormat::Count || f == ValueFormat::Pounds ? 1.0 : 0.1;
            v = std::round((v.toDouble() + step) * 10.0) / 10.0;
        }
        if (table.id == QLatin1String("dwo"))
            row.cells[3] = row.cells.at(2).toDouble() - row.cells.at(1).toDouble();
        if (table.id == QLatin1String("recorded-crime-12m") && isNumber(row.cells.at(2)) && isNumber(row.cells.at(3))) {
            const double before = row.cells.at(2).toDouble();
            const double after = row.cells.at(3).toDouble();
            row.cells[4] = after - before;
            row.cells[5] = std::round((after - before) / before * 1000.0) / 10.0;
        }
        if (table.id == QLatin1String("milestones")) {
            row.cells[5] = QStringLiteral("Q2 2017/18 update: %1").arg(r + 1);
            if (r == 0) {
                row.cells[3] = QStringLiteral("on track");
                row.cells[4] = QStringLiteral("printed");
            }
        }
    }
    return table;
}

// A table as CSV without Oversight's "Change since" column: what the return states.
QString statedCsv(const ReportTable &table)
{
    return reporttables::toCsv(reporttables::withoutColumns(table, [](const ReportColumn &c) { return c.derived; }));
}

} // namespace

class TestQuarterCycle : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void packs();
    void undoGivesBackTheStore();

private:
    using Result = CliResult;
    Result run(const QStringList &args);
    QString storeFor(const QString &format) const { return m_dir.filePath(format + QStringLiteral(".sqlite")); }

    QTemporaryDir m_dir;
    QHash<QString, QString> m_q1Csv;          // table id -> its Q1 CSV before any import
    QHash<QString, ReportTable> m_q2Returns;  // table id -> the Q2 return made from it
};

TestQuarterCycle::Result TestQuarterCycle::run(const QStringList &args)
{
    return runOversight(m_dir.path(), args);
}

void TestQuarterCycle::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (const QString &format : {QStringLiteral("csv"), QStringLiteral("xlsx")}) {
        const Result r = run({QStringLiteral("--db"), storeFor(format), QStringLiteral("init")});
        QCOMPARE(r.exitCode, 0);
    }
    QString error;
    auto store = Store::open(storeFor(QStringLiteral("csv")), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(reporttables::quartersHeld(*store), QList<Period>{kQ1});
    for (const QString &id : reporttables::ids()) {
        const auto q1 = reporttables::build(*store, id, kQ1, &error);
        QVERIFY2(q1, qPrintable(id + QStringLiteral(": ") + error));
        m_q1Csv.insert(id, reporttables::toCsv(*q1));
        m_q2Returns.insert(id, movedOn(*q1));
    }
}

void TestQuarterCycle::roundTrip_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("csv") << QStringLiteral("csv");
    QTest::newRow("xlsx") << QStringLiteral("xlsx");
}

void TestQuarterCycle::roundTrip()
{
    QFETCH(QString, format);
    const QString dbPath = storeFor(format);
    const auto fileFormat = *tableexport::formatForPath(QStringLiteral("x.") + format);
    // Every table written as export-table writes it, named as an officer names next quarter's file.
    for (const QString &id : reporttables::ids()) {
        const QString name = id == QLatin1String("lcpf") ? QStringLiteral("lcpf_2018-19.%1").arg(format)
                                                          : QStringLiteral("%1_Q2_2017-18.%2").arg(id, format);
        const QString path = m_dir.filePath(name);
        QString error;
        QVERIFY2(tableexport::write(tableexport::fromReportTable(m_q2Returns.value(id)), path, fileFormat, &error), qPrintable(error));
        const Result r = run({QStringLiteral("--db"), dbPath, QStringLiteral("import"), path});
        QVERIFY2(r.exitCode == 0, qPrintable(name + QStringLiteral(":\n") + r.out + r.err));
        QVERIFY2(!r.out.contains(QStringLiteral(": error:")) && !r.err.contains(QStringLiteral(": error:")), qPrintable(r.out + r.err));
    }

    QString error;
    auto store = Store::open(dbPath, &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(reporttables::quartersHeld(*store), (QList<Period>{kQ1, kQ2}));
    for (const QString &id : reporttables::ids()) {
        // The LCPF allocations are the financial year's: the 2018/19 table for any quarter of 2018/19.
        const Period shown = id == QLatin1String("lcpf") ? Period::quarter(2018, 1) : kQ2;
        const auto q2 = reporttables::build(*store, id, shown, &error);
        QVERIFY2(q2, qPrintable(id + QStringLiteral(": ") + error));
        QCOMPARE(statedCsv(*q2), reporttables::toCsv(m_q2Returns.value(id)));
        const auto q1 = reporttables::build(*store, id, kQ1, &error);
        QVERIFY2(q1, qPrintable(id + QStringLiteral(": ") + error));
        QCOMPARE(reporttables::toCsv(*q1), m_q1Csv.value(id));
    }
    // Q2 2017/18 still shows the 2017/18 allocations.
    const auto lcpfQ2 = reporttables::build(*store, QStringLiteral("lcpf"), kQ2, &error);
    QVERIFY2(lcpfQ2, qPrintable(error));
    QCOMPARE(reporttables::toCsv(*lcpfQ2), m_q1Csv.value(QStringLiteral("lcpf")));

    // The change since Q1 beside the forecast: Police Officer Pay's full-year forecast moved by +0.1.
    const auto revenue = reporttables::build(*store, QStringLiteral("revenue"), kQ2, &error);
    QVERIFY2(revenue, qPrintable(error));
    // Beside the full-year forecast (column 5) it compares.
    QCOMPARE(revenue->columns.at(6).header, QStringLiteral("Change since Q1 17/18"));
    QVERIFY(revenue->columns.at(6).derived);
    QCOMPARE(revenue->rows.first().cells.at(6).toDouble(), 0.1);
    const auto q1Revenue = reporttables::build(*store, QStringLiteral("revenue"), kQ1, &error);
    for (const ReportColumn &c : q1Revenue->columns)
        QVERIFY(!c.derived); // Q4 2016/17 is not held, and its forecast is another year's

    // A Q2 export, moved on to Q3, comes back in with Oversight's change column left out.
    const QString q3 = m_dir.filePath(QStringLiteral("revenue_Q3_2017-18.") + format);
    ReportTable q3Return = *revenue;
    q3Return.columns[0].header = QStringLiteral("Q3 17/18");
    q3Return.subtitle.replace(QStringLiteral("Q2 2017/18"), QStringLiteral("Q3 2017/18"));
    QVERIFY2(tableexport::write(tableexport::fromReportTable(q3Return), q3, fileFormat, &error), qPrintable(error));
    Result q3Import = run({QStringLiteral("--db"), dbPath, QStringLiteral("import"), q3});
    QVERIFY2(q3Import.exitCode == 0, qPrintable(q3Import.out + q3Import.err));
    const auto q3Revenue = reporttables::build(*store, QStringLiteral("revenue"), Period::quarter(2017, 3), &error);
    QVERIFY2(q3Revenue, qPrintable(error));
    QCOMPARE(statedCsv(*q3Revenue), statedCsv(*revenue).replace(QStringLiteral("Q2 17/18"), QStringLiteral("Q3 17/18")));
    QCOMPARE(q3Revenue->columns.at(6).header, QStringLiteral("Change since Q2 17/18"));
    QCOMPARE(q3Revenue->rows.first().cells.at(6).toDouble(), 0.0);
    q3Import = run({QStringLiteral("--db"), dbPath, QStringLiteral("list"), QStringLiteral("batches")});
    const qint64 q3Batch = q3Import.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).last().section(QLatin1Char('\t'), 0, 0).toLongLong();
    q3Import = run({QStringLiteral("--db"), dbPath, QStringLiteral("undo-import"), QString::number(q3Batch)});
    QVERIFY2(q3Import.exitCode == 0, qPrintable(q3Import.out + q3Import.err));

    // The same file again is refused as the batch it already is: nothing is doubled.
    const QString again = m_dir.filePath(QStringLiteral("revenue_Q2_2017-18.") + format);
    const Result r = run({QStringLiteral("--db"), dbPath, QStringLiteral("import"), again});
    QVERIFY2(r.out.contains(QStringLiteral("0 added")) || r.err.contains(QStringLiteral("already imported")), qPrintable(r.out + r.err));
}

void TestQuarterCycle::packs()
{
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is needed: scripts/lib.sh installs it");
    const QString dbPath = storeFor(QStringLiteral("csv"));
    QHash<QString, QString> texts;
    for (const Period &quarter : {kQ1, kQ2}) {
        const QString pdf = m_dir.filePath(QStringLiteral("pack_%1.pdf").arg(quarter.code().replace(QLatin1Char('/'), QLatin1Char('-'))));
        QElapsedTimer timer;
        timer.start();
        const Result r = run({QStringLiteral("--db"), dbPath, QStringLiteral("export-pack"), pdf, QStringLiteral("--quarter"), quarter.label()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        qInfo("pack for %s: %lld ms (process included)", qPrintable(quarter.label()), timer.elapsed());
        QProcess text;
        text.start(pdftotext, {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(60000));
        texts.insert(quarter.code(), QString::fromUtf8(text.readAllStandardOutput()));
    }
    const QString q2 = texts.value(kQ2.code());
    QVERIFY(q2.contains(QStringLiteral("Q2 2017/18")));
    // A changed figure: the officer pay forecast restated at Q2 (1,781.6 at Q1).
    QVERIFY2(q2.contains(QStringLiteral("1,781.7")), "the Q2 pack prints Q2's revenue forecast");
    QVERIFY(texts.value(kQ1.code()).contains(QStringLiteral("1,781.6")));
    // No month after September 2017 in Q2's pack, none after June 2017 in Q1's.
    static const QRegularExpression month(QStringLiteral("\\b(January|February|March|April|May|June|July|August|September|October|"
                                                         "November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ -](\\d{4}|\\d{2})\\b"));
    static const QStringList names = {QStringLiteral("jan"), QStringLiteral("feb"), QStringLiteral("mar"), QStringLiteral("apr"),
                                      QStringLiteral("may"), QStringLiteral("jun"), QStringLiteral("jul"), QStringLiteral("aug"),
                                      QStringLiteral("sep"), QStringLiteral("oct"), QStringLiteral("nov"), QStringLiteral("dec")};
    for (const Period &quarter : {kQ1, kQ2}) {
        // Every "data as at" is the quarter's end or earlier.
        static const QRegularExpression asAt(QStringLiteral("Data as at (\\d{1,2} [A-Z][a-z]+ \\d{4})"));
        auto dates = asAt.globalMatch(texts.value(quarter.code()));
        int asAtCount = 0;
        while (dates.hasNext()) {
            const QDate d = QLocale(QLocale::English, QLocale::UnitedKingdom).toDate(dates.next().captured(1), QStringLiteral("d MMMM yyyy"));
            QVERIFY(d.isValid());
            QVERIFY2(d <= quarter.end(), qPrintable(QStringLiteral("%1 pack: data as at %2").arg(quarter.label(), d.toString(Qt::ISODate))));
            ++asAtCount;
        }
        QVERIFY(asAtCount > 10);
        // No month after the quarter is named anywhere a figure is: the milestones' annex quotes the
        // plan's own words ("from August to April 2018"), targets are set for later months (the DWOs
        // by December 2017, body-worn video by September 2017), a time axis around one quarter's points
        // is padded to its next tick, and the pack's own date is today's.
        const QStringList pages = texts.value(quarter.code()).split(QLatin1Char('\f'));
        for (int p = 0; p < pages.size(); ++p) {
            if (pages.at(p).contains(QLatin1String("Annex A")))
                continue;
            for (const QString &line : pages.at(p).split(QLatin1Char('\n'))) {
                static const QRegularExpression axis(QStringLiteral("^(\\s*[A-Z][a-z]{2} \\d{4})+\\s*$"));
                if (line.contains(QLatin1String("arget")) || line.contains(QLatin1String("roll-out"))
                    || line.contains(QLatin1String("DWOs")) || line.contains(QLatin1String("Pack built")) || axis.match(line).hasMatch())
                    continue;
                auto it = month.globalMatch(line);
                while (it.hasNext()) {
                    const auto m = it.next();
                    int year = m.captured(2).toInt();
                    // The DWO table's header "Dec 17 Target DWOs" wraps onto lines of its own.
                    if (year < 100 && pages.at(p).contains(QLatin1String("Dedicated ward officers")))
                        continue;
                    if (year < 100)
                        year += 2000;
                    const QDate first(year, int(names.indexOf(m.captured(1).left(3).toLower())) + 1, 1);
                    QVERIFY2(first <= quarter.end(), qPrintable(QStringLiteral("%1 pack, page %2: %3")
                                                                    .arg(quarter.label()).arg(p + 1).arg(line.simplified())));
                }
            }
        }
    }
}

void TestQuarterCycle::undoGivesBackTheStore()
{
    const QString dbPath = storeFor(QStringLiteral("xlsx"));
    Result r = run({QStringLiteral("--db"), dbPath, QStringLiteral("list"), QStringLiteral("quarters")});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3); // header, Q1, Q2
    QVERIFY(lines.at(2).startsWith(QStringLiteral("Q2 2017/18\t14\t")));
    // Every import after the two the default store is made of (the report, the crime data), newest first.
    r = run({QStringLiteral("--db"), dbPath, QStringLiteral("list"), QStringLiteral("batches")});
    QList<qint64> batches;
    for (const QString &line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(1)) {
        const qint64 id = line.section(QLatin1Char('\t'), 0, 0).toLongLong();
        if (id > 2)
            batches.prepend(id);
    }
    QCOMPARE(batches.size(), 14);
    for (qint64 b : batches) {
        r = run({QStringLiteral("--db"), dbPath, QStringLiteral("undo-import"), QString::number(b)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    }
    QString error;
    auto store = Store::open(dbPath, &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(reporttables::quartersHeld(*store), QList<Period>{kQ1});
    for (const QString &id : reporttables::ids()) {
        const auto q1 = reporttables::build(*store, id, kQ1, &error);
        QVERIFY2(q1, qPrintable(error));
        QCOMPARE(reporttables::toCsv(*q1), m_q1Csv.value(id));
        QVERIFY(!reporttables::build(*store, id, kQ2, &error) || id == QLatin1String("lcpf"));
    }
    QVERIFY(!reporttables::build(*store, QStringLiteral("lcpf"), Period::quarter(2018, 1), &error));
}

QTEST_GUILESS_MAIN(TestQuarterCycle)
#include "tst_quartercycle.moc"
