#include "cliprocess.h"
#include "reporttable.h"
#include "smalldisk.h"

#include <QCryptographicHash>
#include <QDir>
#include <QHash>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <optional>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

// The oversight binary as officers and scripts run it: exit codes, messages and files.
class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void versionAndHelp();
    void usageErrors_data();
    void usageErrors();
    void exportCapitalReproducesReport();
    void exportTableFormats_data();
    void exportTableFormats();
    void listTables();
    void listDisagreements_data();
    void listDisagreements();
    void badStoreIsRefused();
    void initRefusesExisting();
    void initEmpty();
    void screenshotHasRequestedSize();
    void listCharts();
    void exportChart_data();
    void exportChart();
    void exportChartFormats_data();
    void exportChartFormats();
    void exportChartAndScreenshotForAQuarter();
    void importReportTableAsksForItsPeriod();
    void undoSaysWhatItTookOut();
    void failedWritesKeepTheOldFile_data();
    void failedWritesKeepTheOldFile();
    void exportPermissions_data();
    void exportPermissions();
    void listClassifications();
    void controlCharactersAreEscaped_data();
    void controlCharactersAreEscaped();
    void refusalsSayWhy_data();
    void refusalsSayWhy();
    void batchNamesTheLogin();

private:
    using Result = CliResult;
    Result run(const QStringList &args, const QHash<QString, QString> &environment = {});
    QTemporaryDir m_dir;
    QString m_db;
};

TestCli::Result TestCli::run(const QStringList &args, const QHash<QString, QString> &environment)
{
    return runOversight(m_dir.path(), args, environment);
}

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("cli.sqlite"));
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("init")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("Created")));
}

void TestCli::versionAndHelp()
{
    Result r = run({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("Oversight ")));
    r = run({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("export-table")));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
    QTest::newRow("list without what") << QStringList{QStringLiteral("list")};
    QTest::newRow("list something else") << QStringList{QStringLiteral("list"), QStringLiteral("budgets")};
    QTest::newRow("export-table without file") << QStringList{QStringLiteral("export-table"), QStringLiteral("capital")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--colour")};
    QTest::newRow("bad size") << QStringList{QStringLiteral("screenshot"), QStringLiteral("x.png"), QStringLiteral("--size"), QStringLiteral("big")};
    QTest::newRow("chart to csv") << QStringList{QStringLiteral("export-chart"), QStringLiteral("crime.tno"), QStringLiteral("x.csv")};
    QTest::newRow("chart bad period") << QStringList{QStringLiteral("export-chart"), QStringLiteral("crime.tno"), QStringLiteral("x.png"),
                                                     QStringLiteral("--from"), QStringLiteral("Smarch 2017")};
    QTest::newRow("chart from after to") << QStringList{QStringLiteral("export-chart"), QStringLiteral("crime.tno"), QStringLiteral("x.png"),
                                                        QStringLiteral("--from"), QStringLiteral("2018-01"), QStringLiteral("--to"),
                                                        QStringLiteral("2017-01")};
    QTest::newRow("chart unknown variant") << QStringList{QStringLiteral("export-chart"), QStringLiteral("finance.capital"),
                                                          QStringLiteral("x.png"), QStringLiteral("--variant"), QStringLiteral("colour")};
    const auto chart = [](const char *out, std::initializer_list<const char *> options) {
        QStringList args{QStringLiteral("export-chart"), QStringLiteral("crime.tno"), QString::fromLatin1(out)};
        for (const char *o : options)
            args.append(QString::fromLatin1(o));
        return args;
    };
    QTest::newRow("chart to jpg") << chart("x.jpg", {});
    QTest::newRow("chart without extension") << chart("x", {});
    QTest::newRow("chart dpi zero") << chart("x.png", {"--dpi", "0"});
    QTest::newRow("chart dpi too high") << chart("x.png", {"--dpi", "5000"});
    QTest::newRow("chart dpi not a number") << chart("x.png", {"--dpi", "high"});
    QTest::newRow("chart dpi with pdf") << chart("x.pdf", {"--dpi", "300"});
    QTest::newRow("chart dpi with svg") << chart("x.svg", {"--dpi", "300"});
    QTest::newRow("chart page A5") << chart("x.pdf", {"--page", "A5"});
    QTest::newRow("chart page with png") << chart("x.png", {"--page", "A4"});
    QTest::newRow("chart portrait with svg") << chart("x.svg", {"--portrait"});
    QTest::newRow("chart size with pdf") << chart("x.pdf", {"--size", "800x600"});
    QTest::newRow("chart png too large") << chart("x.png", {"--size", "10000x8000", "--dpi", "600"});
    QTest::newRow("dpi without export-chart") << QStringList{QStringLiteral("list"), QStringLiteral("tables"), QStringLiteral("--dpi"),
                                                             QStringLiteral("300")};
    QTest::newRow("export-table to text") << QStringList{QStringLiteral("export-table"), QStringLiteral("capital"), QStringLiteral("x.txt")};
    QTest::newRow("export-table to xls") << QStringList{QStringLiteral("export-table"), QStringLiteral("capital"), QStringLiteral("x.xls")};
    QTest::newRow("export-table without extension") << QStringList{QStringLiteral("export-table"), QStringLiteral("capital"), QStringLiteral("x")};
    QTest::newRow("bom with xlsx") << QStringList{QStringLiteral("export-table"), QStringLiteral("capital"), QStringLiteral("x.xlsx"),
                                                  QStringLiteral("--bom")};
    QTest::newRow("bom without export-table") << QStringList{QStringLiteral("list"), QStringLiteral("tables"), QStringLiteral("--bom")};
    QTest::newRow("period without import") << QStringList{QStringLiteral("list"), QStringLiteral("tables"), QStringLiteral("--period"),
                                                          QStringLiteral("Q2 2017/18")};
    QTest::newRow("import with a bad period") << QStringList{QStringLiteral("import"), QStringLiteral("x.csv"), QStringLiteral("--period"),
                                                             QStringLiteral("Smarch 2017")};
    QTest::newRow("private without export") << QStringList{QStringLiteral("list"), QStringLiteral("tables"), QStringLiteral("--private")};
    QTest::newRow("chart quarter not a quarter") << chart("x.png", {"--quarter", "autumn 2017"});
    QTest::newRow("chart quarter a month") << chart("x.png", {"--quarter", "2017-06"});
    QTest::newRow("chart from after the quarter") << chart("x.png", {"--from", "2018-01"});
    QTest::newRow("quarter without a command of a quarter") << QStringList{QStringLiteral("list"), QStringLiteral("tables"),
                                                                           QStringLiteral("--quarter"), QStringLiteral("Q1 2017/18")};
    QTest::newRow("area without export-chart") << QStringList{QStringLiteral("list"), QStringLiteral("tables"), QStringLiteral("--area"),
                                                              QStringLiteral("E09000033")};
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    const Result r = run(QStringList{QStringLiteral("--db"), m_db} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!r.err.isEmpty());
}

void TestCli::exportCapitalReproducesReport()
{
    const QString out = m_dir.filePath(QStringLiteral("capital.csv"));
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("export-table"), QStringLiteral("capital"), out});
    QCOMPARE(r.exitCode, 0);
    QFile produced(out);
    QFile expected(QStringLiteral(OVERSIGHT_SOURCE_DIR "/tests/expected/capital.csv"));
    QVERIFY(produced.open(QIODevice::ReadOnly) && expected.open(QIODevice::ReadOnly));
    QCOMPARE(produced.readAll(), expected.readAll());

    const Result unknown = run({QStringLiteral("--db"), m_db, QStringLiteral("export-table"), QStringLiteral("budget"), out});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.contains(QStringLiteral("unknown table 'budget'")));
}

void TestCli::exportTableFormats_data()
{
    QTest::addColumn<QString>("id");
    for (const QString &id : oversight::reporttables::ids())
        QTest::newRow(qPrintable(id)) << id;
}

// Every table: CSV byte for byte as tests/expected (with --bom, the BOM first), and a workbook.
void TestCli::exportTableFormats()
{
    QFETCH(QString, id);
    QFile expectedFile(QStringLiteral(OVERSIGHT_SOURCE_DIR "/tests/expected/%1.csv").arg(id));
    QVERIFY(expectedFile.open(QIODevice::ReadOnly));
    const QByteArray expected = expectedFile.readAll();
    const QString csvPath = m_dir.filePath(id + QStringLiteral(".csv"));
    for (const bool bom : {false, true}) {
        QStringList args{QStringLiteral("--db"), m_db, QStringLiteral("export-table"), id, csvPath};
        if (bom)
            args.append(QStringLiteral("--bom"));
        const Result r = run(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile produced(csvPath);
        QVERIFY(produced.open(QIODevice::ReadOnly));
        QCOMPARE(produced.readAll(), bom ? QByteArray("\xEF\xBB\xBF") + expected : expected);
    }
    const QString xlsxPath = m_dir.filePath(id + QStringLiteral(".XLSX"));
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("export-table"), id, xlsxPath});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile workbook(xlsxPath);
    QVERIFY(workbook.open(QIODevice::ReadOnly));
    const QByteArray bytes = workbook.readAll();
    QVERIFY(bytes.startsWith("PK\x03\x04")); // a zip; tst_tableexport reads workbooks back
    QVERIFY(bytes.contains("xl/worksheets/sheet1.xml"));
}

void TestCli::listTables()
{
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("list"), QStringLiteral("tables")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.count(QLatin1Char('\n')), 14);
    const Result batches = run({QStringLiteral("--db"), m_db, QStringLiteral("list"), QStringLiteral("batches")});
    QCOMPARE(batches.exitCode, 0);
    QCOMPARE(batches.out.count(QLatin1Char('\n')), 3); // header and two batches
}

void TestCli::listDisagreements_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("lines"); // each must be a line of the disagreement's block, as printed
    QTest::newRow("overtime") << "overtime-overspend-to-date"
                              << QStringList{
                                     "overtime-overspend-to-date: Police officer overtime overspend to the end of June 2017 (Q1 2017/18)",
                                     "  £9.3m\tFinance, Revenue supporting information, Police overtime (under the business group table): "
                                     "\"As at the end of June the Police Overtime budget was overspent by £9.3m\"",
                                     "  £9.4m\tFinance, Revenue supporting information, Police officer pay & overtime (summary line): "
                                     "\"police overtime year to date £9.4m overspend\"",
                                     "  Noted on: table revenue, table officer-overtime, measure finance.overtime.officer_overspend_ytd"};
    QTest::newRow("LCPF") << "lcpf-grand-total"
                          << QStringList{"  £16,777,585\tThe same table's 32 borough rows, Barking and Dagenham (£640,000) to "
                                         "Westminster (£895,961), added up",
                                         "  Noted on: table lcpf, measure lcpf.allocation_total"};
}

// 'list disagreements' prints where the report states two values for one thing, with places and words.
void TestCli::listDisagreements()
{
    QFETCH(QString, key);
    QFETCH(QStringList, lines);
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("list"), QStringLiteral("disagreements")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    // One block per disagreement, separated by a blank line; find this one's.
    const QStringList blocks = r.out.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts);
    QCOMPARE(blocks.size(), 4);
    const auto block = std::find_if(blocks.cbegin(), blocks.cend(), [&key](const QString &b) { return b.startsWith(key + QLatin1Char(':')); });
    QVERIFY2(block != blocks.cend(), qPrintable(r.out));
    const QStringList printed = block->split(QLatin1Char('\n'));
    for (const QString &line : lines)
        QVERIFY2(printed.contains(line), qPrintable(line + QStringLiteral("\n-- not in --\n") + *block));
    // The help names it, as the README does.
    const Result help = run({QStringLiteral("--help")});
    QVERIFY(help.out.contains(QStringLiteral("list tables|charts|views|measures|batches|disagreements|classifications")));
    QFile readme(QStringLiteral(OVERSIGHT_SOURCE_DIR "/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(readme.readAll()).contains(QStringLiteral("list tables|charts|views|measures|batches|disagreements|classifications")));
}

void TestCli::badStoreIsRefused()
{
    const QString path = m_dir.filePath(QStringLiteral("notes.sqlite"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("these are not the figures you are looking for\n");
    f.close();
    const Result r = run({QStringLiteral("--db"), path, QStringLiteral("list"), QStringLiteral("tables")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("notes.sqlite")) && r.err.contains(QStringLiteral("not a SQLite database")),
             qPrintable(r.err));
}

void TestCli::initRefusesExisting()
{
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("init")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(QStringLiteral("already exists")));
}

void TestCli::initEmpty()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.sqlite"));
    Result r = run({QStringLiteral("--db"), path, QStringLiteral("init"), QStringLiteral("--empty")});
    QCOMPARE(r.exitCode, 0);
    r = run({QStringLiteral("--db"), path, QStringLiteral("list"), QStringLiteral("batches")});
    QCOMPARE(r.out.count(QLatin1Char('\n')), 1); // header only: no figures
    r = run({QStringLiteral("--db"), path, QStringLiteral("export-table"), QStringLiteral("revenue"), m_dir.filePath(QStringLiteral("r.csv"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("no report figures for any quarter")), qPrintable(r.err));
}

void TestCli::screenshotHasRequestedSize()
{
    const QString png = m_dir.filePath(QStringLiteral("shot.png"));
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("screenshot"), png, QStringLiteral("--view"),
                          QStringLiteral("table:revenue"), QStringLiteral("--size"), QStringLiteral("1024x700")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1024, 700));
    const Result bad = run({QStringLiteral("--db"), m_db, QStringLiteral("screenshot"), png, QStringLiteral("--view"),
                            QStringLiteral("table:nothing")});
    QCOMPARE(bad.exitCode, 1);
}

void TestCli::listCharts()
{
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("list"), QStringLiteral("charts")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("crime.tno\tTotal notifiable offences\tA safer London\n")));
    QVERIFY(r.out.contains(QStringLiteral("\nfinance.reserves\t")));
    QVERIFY(r.out.contains(QStringLiteral("\nmap.")));
}

void TestCli::exportChart_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QSize>("size");
    QTest::newRow("default size") << QStringList{QStringLiteral("crime.tno")} << QSize(1000, 650);
    QTest::newRow("borough and period") << QStringList{QStringLiteral("crime.category"), QStringLiteral("--area"), QStringLiteral("E09000033"),
                                                       QStringLiteral("--from"), QStringLiteral("Q1 2017/18"), QStringLiteral("--to"),
                                                       QStringLiteral("2018/19"), QStringLiteral("--size"), QStringLiteral("800x500")}
                                      << QSize(800, 500);
    QTest::newRow("finance variant") << QStringList{QStringLiteral("finance.capital"), QStringLiteral("--variant"),
                                                    QStringLiteral("programme"), QStringLiteral("--size"), QStringLiteral("1123x794")}
                                     << QSize(1123, 794);
}

void TestCli::exportChart()
{
    QFETCH(QStringList, args);
    QFETCH(QSize, size);
    const QString png = m_dir.filePath(QStringLiteral("chart.png"));
    QFile::remove(png);
    QStringList all{QStringLiteral("--db"), m_db, QStringLiteral("export-chart"), args.first(), png};
    all += args.mid(1);
    const Result r = run(all);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QImage image(png);
    QCOMPARE(image.size(), size);
    const Result unknown = run({QStringLiteral("--db"), m_db, QStringLiteral("export-chart"), QStringLiteral("crime.nothing"), png});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.contains(QStringLiteral("list charts")));
}

// PDF, SVG and PNG by the output's extension; the PDF's page read back with pdfinfo when installed.
void TestCli::exportChartFormats_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QSize>("size"); // PDF: page in mm; SVG: declared pixels; PNG: pixels
    QTest::addColumn<int>("dpi");    // PNG
    QTest::newRow("pdf, A4 landscape") << QStringLiteral("tno.pdf") << QStringList{} << QSize(297, 210) << 0;
    QTest::newRow("pdf, A3 portrait") << QStringLiteral("tno.PDF") << QStringList{QStringLiteral("--page"), QStringLiteral("a3"), QStringLiteral("--portrait")}
                                      << QSize(297, 420) << 0;
    QTest::newRow("svg") << QStringLiteral("tno.svg") << QStringList{QStringLiteral("--size"), QStringLiteral("800x500")} << QSize(800, 500) << 0;
    QTest::newRow("png, 300 dpi") << QStringLiteral("tno.png") << QStringList{QStringLiteral("--dpi"), QStringLiteral("300")} << QSize(3125, 2031) << 300;
    QTest::newRow("png, 800x500 at 150 dpi") << QStringLiteral("tno-150.png")
                                             << QStringList{QStringLiteral("--size"), QStringLiteral("800x500"), QStringLiteral("--dpi"), QStringLiteral("150")}
                                             << QSize(1250, 781) << 150;
}

void TestCli::exportChartFormats()
{
    QFETCH(QString, file);
    QFETCH(QStringList, options);
    QFETCH(QSize, size);
    QFETCH(int, dpi);
    const QString path = m_dir.filePath(file);
    QFile::remove(path);
    const Result r = run(QStringList{QStringLiteral("--db"), m_db, QStringLiteral("export-chart"), QStringLiteral("crime.tno"), path} + options);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile out(path);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray head = out.read(400);
    const QString suffix = file.section(QLatin1Char('.'), -1).toLower();
    if (suffix == QLatin1String("pdf")) {
        QVERIFY(head.startsWith("%PDF-"));
        const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
        if (pdfinfo.isEmpty())
            QSKIP("pdfinfo is not installed (poppler-utils)");
        QProcess info;
        info.start(pdfinfo, {path});
        QVERIFY(info.waitForFinished(30000));
        const QString text = QString::fromUtf8(info.readAllStandardOutput());
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("Pages:\\s+1\\n"))), qPrintable(text));
        const auto m = QRegularExpression(QStringLiteral("Page size:\\s+([0-9.]+) x ([0-9.]+) pts")).match(text);
        QVERIFY2(m.hasMatch(), qPrintable(text));
        QVERIFY(std::abs(m.captured(1).toDouble() * 25.4 / 72 - size.width()) <= 1);
        QVERIFY(std::abs(m.captured(2).toDouble() * 25.4 / 72 - size.height()) <= 1);
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("Creator:\\s+Oversight"))), qPrintable(text));
    } else if (suffix == QLatin1String("svg")) {
        QVERIFY2(head.contains(QStringLiteral("<svg width=\"%1\" height=\"%2\"").arg(size.width()).arg(size.height()).toUtf8()), head.constData());
    } else {
        const QImage image(path);
        QCOMPARE(image.size(), size);
        QCOMPARE(image.dotsPerMeterX(), qRound(dpi / 0.0254));
    }
}

// --quarter on export-chart and screenshot: the figures shown are the quarter's and a chart ends
// with its last month unless --to says otherwise; without it, the latest quarter held. A quarter the
// store holds no report for is refused by name.
void TestCli::exportChartAndScreenshotForAQuarter()
{
    const QString db = m_dir.filePath(QStringLiteral("quarters.sqlite"));
    QVERIFY(run({QStringLiteral("--db"), db, QStringLiteral("init")}).exitCode == 0);
    // A Q2 2017/18 workforce return, long layout, the MPS by its ONS code (tst_views says why): the
    // store then holds Q1 (the report) and Q2.
    const QString file = m_dir.filePath(QStringLiteral("workforce_Q2_2017-18.csv"));
    QFile csv(file);
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("Measure,Area,Period,Value\n"
              "Police officers,E23000001,Q2 2017/18,30850\n"
              "Special constables,E23000001,Q2 2017/18,2910\n"
              "PCSOs,E23000001,Q2 2017/18,1480\n"
              "Police staff,E23000001,Q2 2017/18,9120\n");
    csv.close();
    const Result imported = run({QStringLiteral("--db"), db, QStringLiteral("import"), file});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.out + imported.err));

    const auto asAt = [&](const QStringList &options) {
        const QString svg = m_dir.filePath(QStringLiteral("tno-quarter.svg"));
        QFile::remove(svg);
        const Result r = run(QStringList{QStringLiteral("--db"), db, QStringLiteral("export-chart"), QStringLiteral("crime.tno"), svg} + options);
        if (r.exitCode != 0)
            return QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err);
        QFile in(svg);
        if (!in.open(QIODevice::ReadOnly))
            return QStringLiteral("no file");
        const auto m = QRegularExpression(QStringLiteral("Data as at [0-9]+ [A-Za-z]+ [0-9]{4}")).match(QString::fromUtf8(in.readAll()));
        return m.hasMatch() ? m.captured() : QStringLiteral("no data as at");
    };
    QCOMPARE(asAt({}), QStringLiteral("Data as at 30 September 2017")); // the latest quarter held
    QCOMPARE(asAt({QStringLiteral("--quarter"), QStringLiteral("Q1 17/18")}), QStringLiteral("Data as at 30 June 2017"));
    QCOMPARE(asAt({QStringLiteral("--quarter"), QStringLiteral("Q1 2017/18"), QStringLiteral("--to"), QStringLiteral("2018-03")}),
             QStringLiteral("Data as at 31 March 2018"));

    const QString png = m_dir.filePath(QStringLiteral("x.png"));
    const Result notHeld = run({QStringLiteral("--db"), db, QStringLiteral("export-chart"), QStringLiteral("crime.tno"), png,
                                QStringLiteral("--quarter"), QStringLiteral("Q3 2017/18")});
    QCOMPARE(notHeld.exitCode, 1);
    QVERIFY2(notHeld.err.contains(QStringLiteral("no report figures for Q3 2017/18; it holds Q1 2017/18, Q2 2017/18")), qPrintable(notHeld.err));

    // The window opens on the quarter: the workforce table shows Q1's figures or Q2's.
    const auto shot = [&](const QStringList &options) {
        const QString path = m_dir.filePath(QStringLiteral("workforce-shot.png"));
        QFile::remove(path);
        const Result r = run(QStringList{QStringLiteral("--db"), db, QStringLiteral("screenshot"), path, QStringLiteral("--view"),
                                         QStringLiteral("table:workforce"), QStringLiteral("--size"), QStringLiteral("1000x600")} + options);
        return r.exitCode == 0 ? QImage(path) : QImage();
    };
    const QImage latest = shot({});
    const QImage q2 = shot({QStringLiteral("--quarter"), QStringLiteral("Q2 2017/18")});
    const QImage q1 = shot({QStringLiteral("--quarter"), QStringLiteral("Q1 2017/18")});
    QVERIFY(!latest.isNull() && !q1.isNull() && !q2.isNull());
    QCOMPARE(latest, q2);
    QVERIFY(q1 != q2);
    const Result shotNotHeld = run({QStringLiteral("--db"), db, QStringLiteral("screenshot"), png, QStringLiteral("--quarter"),
                                    QStringLiteral("Q4 2016/17")});
    QCOMPARE(shotNotHeld.exitCode, 1);
    QVERIFY2(shotNotHeld.err.contains(QStringLiteral("Q4 2016/17")), qPrintable(shotNotHeld.err));
}

// A report table whose file states no quarter: the import says to choose one, --period supplies it.
void TestCli::importReportTableAsksForItsPeriod()
{
    // Lines of the report's revenue table (Q1 2017/18, £m), labelled here as a Q2 return.
    const QString file = m_dir.filePath(QStringLiteral("revenue.csv"));
    QFile csv(file);
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("Line,Budget to date (\xc2\xa3m),Actual to date (\xc2\xa3m),Variance (\xc2\xa3m)\n"
              "Police Officer Pay,452.1,445.0,-7.1\n"
              "Police Staff Pay,117.1,107.3,-9.8\n"
              "PCSO Pay,13.8,14.0,0.2\n"
              "Total Pay,583.0,566.3,-16.7\n");
    csv.close();
    const Result unstated = run({QStringLiteral("--db"), m_db, QStringLiteral("import"), file, QStringLiteral("--dry-run")});
    QCOMPARE(unstated.exitCode, 1);
    QVERIFY2(unstated.out.contains(QStringLiteral("choose the period")) && unstated.out.contains(QStringLiteral("--period")),
             qPrintable(unstated.out));

    const Result imported = run({QStringLiteral("--db"), m_db, QStringLiteral("import"), file, QStringLiteral("--period"),
                                 QStringLiteral("Q2 2017/18")});
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.out.contains(QStringLiteral("6 added")) && imported.out.contains(QStringLiteral("1 total rows checked")),
             qPrintable(imported.out));
    static const QRegularExpression batch(QStringLiteral("as batch (\\d+)"));
    const QRegularExpressionMatch m = batch.match(imported.out);
    QVERIFY2(m.hasMatch(), qPrintable(imported.out));
    const Result undone = run({QStringLiteral("--db"), m_db, QStringLiteral("undo-import"), m.captured(1)});
    QCOMPARE(undone.exitCode, 0);
}

// Issue 12, item 8: undo-import takes out the measure the file created and the profile its import
// saved, and says so.
void TestCli::undoSaysWhatItTookOut()
{
    const QString file = m_dir.filePath(QStringLiteral("asb-cli.csv"));
    QFile csv(file);
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("Borough,Measure,Apr-17,May-17,Jun-17\nBarnet,ASB calls,1200,1250,1300\nCamden,ASB calls,2300,2350,2400\n");
    csv.close();
    const QString profile = m_dir.filePath(QStringLiteral("data/MOPAC/Oversight/profiles/asb-cli.json"));
    QVERIFY(!QFileInfo::exists(profile));
    const Result imported = run({QStringLiteral("--db"), m_db, QStringLiteral("import"), file, QStringLiteral("--save-profile"),
                                 QStringLiteral("asb-cli")});
    QCOMPARE(imported.exitCode, 0);
    static const QRegularExpression batch(QStringLiteral("as batch (\\d+)"));
    const QRegularExpressionMatch m = batch.match(imported.out);
    QVERIFY2(m.hasMatch(), qPrintable(imported.out));
    QVERIFY(QFileInfo::exists(profile));
    QVERIFY(run({QStringLiteral("--db"), m_db, QStringLiteral("list"), QStringLiteral("measures")}).out.contains(QStringLiteral("import.asb_calls")));

    const Result undone = run({QStringLiteral("--db"), m_db, QStringLiteral("undo-import"), m.captured(1)});
    QCOMPARE(undone.exitCode, 0);
    QCOMPARE(undone.out, QStringLiteral("Undid batch %1 (asb-cli.csv): 6 figures; 1 measure it created (ASB calls); its profile 'asb-cli'.\n")
                             .arg(m.captured(1)));
    QVERIFY(!QFileInfo::exists(profile));
    QVERIFY(!run({QStringLiteral("--db"), m_db, QStringLiteral("list"), QStringLiteral("measures")}).out.contains(QStringLiteral("import.asb_calls")));
}

namespace {

// Every export command, by the file it writes: OUT stands for the output path.
struct ExportCase {
    const char *name;
    QStringList args;
    QString fileName;
};
QList<ExportCase> exportCases()
{
    const QString out = QStringLiteral("OUT");
    return {
        {"table csv", {QStringLiteral("export-table"), QStringLiteral("revenue"), out}, QStringLiteral("rev.csv")},
        {"table xlsx", {QStringLiteral("export-table"), QStringLiteral("revenue"), out}, QStringLiteral("rev.xlsx")},
        {"chart pdf", {QStringLiteral("export-chart"), QStringLiteral("crime.tno"), out}, QStringLiteral("tno.pdf")},
        {"chart svg", {QStringLiteral("export-chart"), QStringLiteral("crime.tno"), out}, QStringLiteral("tno.svg")},
        {"chart png", {QStringLiteral("export-chart"), QStringLiteral("crime.tno"), out}, QStringLiteral("tno.png")},
        {"pack", {QStringLiteral("export-pack"), out, QStringLiteral("--sections"), QStringLiteral("finance")},
         QStringLiteral("pack.pdf")},
    };
}

QStringList withOutput(QStringList args, const QString &path)
{
    for (QString &arg : args) {
        if (arg == QLatin1String("OUT"))
            arg = path;
    }
    return args;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// Issue 14 item 1: a write that fails (a full disk) must say so with the OS's reason, exit 1, and
// leave last quarter's file byte for byte; no temporary file is left behind. Each export once on a
// real full disk (a 64 KiB tmpfs; skipped by name where mounting is not permitted) and once with
// the failure injected into the final flush of the one write helper (models/safewrite.h).
void TestCli::failedWritesKeepTheOldFile_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("fullDisk");
    for (const bool fullDisk : {true, false}) {
        for (const ExportCase &c : exportCases())
            QTest::addRow("%s, %s", c.name, fullDisk ? "full tmpfs" : "injected ENOSPC") << c.args << c.fileName << fullDisk;
    }
}

void TestCli::failedWritesKeepTheOldFile()
{
    QFETCH(QStringList, args);
    QFETCH(QString, fileName);
    QFETCH(bool, fullDisk);
    std::optional<SmallDisk> disk;
    QTemporaryDir folder;
    QString path;
    if (fullDisk) {
        disk.emplace();
        if (!disk->mounted())
            QSKIP(qPrintable(QStringLiteral("full tmpfs: %1").arg(disk->whyNot())));
        path = disk->filePath(fileName);
    } else {
        QVERIFY(folder.isValid());
        path = folder.filePath(fileName);
    }
    const QByteArray old = QByteArray("last quarter's good file, which a failed export must not touch\n").repeated(40);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(old), old.size());
    }
    QHash<QString, QString> environment;
    if (fullDisk)
        QVERIFY(disk->fill());
    else
        environment.insert(QStringLiteral("OVERSIGHT_TEST_WRITE_ERROR"), QStringLiteral("ENOSPC"));

    const Result r = run(QStringList{QStringLiteral("--db"), m_db} + withOutput(args, path), environment);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(path) && r.err.contains(QStringLiteral("No space left on device")), qPrintable(r.err));
    QVERIFY2(!r.out.contains(QStringLiteral("Wrote")), qPrintable(r.out));
    QCOMPARE(readAll(path), old);
    QStringList left = QDir(QFileInfo(path).absolutePath()).entryList(QDir::Files | QDir::Hidden);
    left.removeAll(QStringLiteral("filler"));
    QCOMPARE(left, QStringList{fileName});
}

// Issue 14 item 11: exports are documents, 0644 whatever the umask (never world-writable under
// umask 000, and not the mode of the file they replace), and 0600 with --private, like the store.
void TestCli::exportPermissions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<int>("mode");
    for (const bool isPrivate : {false, true}) {
        for (const ExportCase &c : exportCases()) {
            QTest::addRow("%s, %s", c.name, isPrivate ? "--private" : "umask 000")
                << (isPrivate ? c.args + QStringList{QStringLiteral("--private")} : c.args) << c.fileName
                << (isPrivate ? 0600 : 0644);
        }
    }
}

void TestCli::exportPermissions()
{
    QFETCH(QStringList, args);
    QFETCH(QString, fileName);
    QFETCH(int, mode);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    // A new file, and one replacing a world-writable file: both take the mode asked for.
    for (const bool replacing : {false, true}) {
        const QString path = folder.filePath((replacing ? QStringLiteral("old-") : QString()) + fileName);
        if (replacing) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("old");
            file.close();
            QVERIFY(::chmod(QFile::encodeName(path).constData(), 0666) == 0);
        }
        const mode_t previous = ::umask(0);
        const Result r = run(QStringList{QStringLiteral("--db"), m_db} + withOutput(args, path));
        ::umask(previous);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        struct stat info{};
        QVERIFY(::stat(QFile::encodeName(path).constData(), &info) == 0);
        QCOMPARE(QString::number(info.st_mode & 07777, 8), QString::number(mode, 8));
    }
}

// 'list classifications': the MPS's crime classifications and the months the default store holds
// each for (the open data is CRIS-era, April 2010 - January 2024).
void TestCli::listClassifications()
{
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("list"), QStringLiteral("classifications")});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines.at(0).startsWith(QStringLiteral("key\trank\tname")));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("mps-cris\t2\t")), qPrintable(lines.at(2)));
    QVERIFY2(lines.at(2).endsWith(QStringLiteral("\t56\t56\t2010-04\t2024-01\t33")), qPrintable(lines.at(2)));
    QVERIFY2(lines.at(3).startsWith(QStringLiteral("mps-2024\t3\t")) && lines.at(3).endsWith(QStringLiteral("\t35\t0\t\t\t0")),
             qPrintable(lines.at(3)));
}

// Text from a file (a cell, a category) and file names reach the officer's terminal in messages; a
// terminal runs the control characters in them (ESC]0;…BEL retitles it, ESC[2J clears it), so every
// message prints them as \x1b-style escapes, on stdout and stderr alike.
void TestCli::controlCharactersAreEscaped_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("cell");
    QTest::addColumn<bool>("exists");
    QTest::addColumn<QString>("expected");
    const QByteArray attack("\x1b]0;PWNED\x07\x1b[2J");
    QTest::newRow("cell with OSC, BEL and CSI")
        << QStringLiteral("returns.csv") << attack << true << QStringLiteral("(cell holds '\\x1b]0;PWNED\\x07\\x1b[2J')");
    QTest::newRow("cell with C1 CSI and a newline")
        << QStringLiteral("returns-c1.csv") << QByteArray("1\xc2\x9b" "2J\r\x1b[1A") << true << QStringLiteral("(cell holds '1\\x9b2J\\x0d\\x1b[1A')");
    QTest::newRow("file name with OSC, BEL and CSI")
        << QStringLiteral("\x1b]0;PWNED\x07\x1b[2J.csv") << QByteArray("abc") << true
        << QStringLiteral("\\x1b]0;PWNED\\x07\\x1b[2J.csv:");
    QTest::newRow("missing file named with ESC")
        << QStringLiteral("\x1b[2Jgone.csv") << QByteArray() << false << QStringLiteral("\\x1b[2Jgone.csv");
}

void TestCli::controlCharactersAreEscaped()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, cell);
    QFETCH(bool, exists);
    QFETCH(QString, expected);
    const QString file = m_dir.filePath(fileName);
    if (exists) {
        QFile csv(file);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("MajorText,MinorText,LookUp_BoroughName,202402\nBurglary,Domestic Burglary,Westminster,\"" + cell + "\"\n");
    }
    const Result r = run({QStringLiteral("--db"), m_db, QStringLiteral("import"), file, QStringLiteral("--dry-run")});
    QCOMPARE(r.exitCode, 1);
    const QString printed = r.out + r.err;
    QVERIFY2(printed.contains(expected), qPrintable(printed));
    // Nothing a terminal would run: no C0 control but newline and tab, no DEL, no C1 control.
    for (const QChar c : printed) {
        const char16_t u = c.unicode();
        const bool control = (u < 0x20 && u != u'\n' && u != u'\t') || (u >= 0x7f && u <= 0x9f);
        QVERIFY2(!control, qPrintable(QStringLiteral("raw U+%1 in: %2").arg(int(u), 4, 16, QLatin1Char('0')).arg(printed.toHtmlEscaped())));
    }
}

// Stores and profiles Oversight cannot use are refused with the reason, promptly: a pipe or a device
// is never read (it could block for ever), a broken link is named as one, a profile that is not one
// says what it is instead, and a store another process holds says it is busy, whatever kind of lock
// it holds (not "database is locked"). One row per case.
void TestCli::refusalsSayWhy_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("expected");
    QTest::newRow("a broken symbolic link as --db") << "dangling-db" << "is a symbolic link to";
    QTest::newRow("a pipe as --db") << "fifo-db" << "is not a file (a folder, a pipe or a device)";
    QTest::newRow("a device as --db") << "device-db" << "is not a file (a folder, a pipe or a device)";
    QTest::newRow("a pipe as --profile") << "fifo-profile" << "is not a file (a pipe, a device or a folder)";
    QTest::newRow("a JSON array as --profile") << "array-profile" << "is a JSON array, not an import profile";
    QTest::newRow("a profile over 4 MB") << "huge-profile" << "an import profile is a small JSON file (at most 4 MB)";
    QTest::newRow("a profile cut short") << "broken-profile" << "is not valid JSON: unterminated string at character 55";
    QTest::newRow("a store locked exclusively") << "exclusive-lock" << "The store is busy";
}

void TestCli::refusalsSayWhy()
{
    QFETCH(QString, setup);
    QFETCH(QString, expected);
    const QString dir = m_dir.filePath(setup);
    QVERIFY(QDir().mkpath(dir));
    QString db = m_db;
    QStringList command{QStringLiteral("list"), QStringLiteral("batches")};
    const QString csv = QDir(dir).filePath(QStringLiteral("workforce.csv"));
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Measure,Area,Period,Value\nPolice officers,E23000001,Q2 2017/18,30850\n");
    }
    const QString profile = QDir(dir).filePath(QStringLiteral("profile.json"));
    const auto importWith = [&] {
        command = {QStringLiteral("import"), csv, QStringLiteral("--profile"), profile, QStringLiteral("--dry-run")};
    };
    QSqlDatabase holder;
    if (setup == QLatin1String("dangling-db")) {
        db = QDir(dir).filePath(QStringLiteral("store.sqlite"));
        QVERIFY(QFile::link(QDir(dir).filePath(QStringLiteral("moved-away.sqlite")), db));
    } else if (setup == QLatin1String("fifo-db")) {
        db = QDir(dir).filePath(QStringLiteral("store.sqlite"));
        QCOMPARE(::mkfifo(QFile::encodeName(db).constData(), 0600), 0);
    } else if (setup == QLatin1String("device-db")) {
        db = QStringLiteral("/dev/zero");
    } else if (setup == QLatin1String("fifo-profile")) {
        QCOMPARE(::mkfifo(QFile::encodeName(profile).constData(), 0600), 0);
        importWith();
    } else if (setup.endsWith(QLatin1String("-profile"))) {
        QFile file(profile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        if (setup == QLatin1String("array-profile"))
            file.write("[{\"format\": \"oversight-import-profile\"}]");
        else if (setup == QLatin1String("broken-profile"))
            file.write("{\"format\": \"oversight-import-profile\", \"layout\": \"long\"");
        else
            file.write("{\"notes\": [\"" + QByteArray(5 * 1024 * 1024, 'x') + "\"]}");
        importWith();
    } else {
        // Another program holding the store in SQLite's exclusive locking mode: no other process may
        // even read it until that program lets go.
        db = QDir(dir).filePath(QStringLiteral("store.sqlite"));
        QVERIFY(QFile::copy(m_db, db));
        holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
        holder.setDatabaseName(db);
        QVERIFY(holder.open());
        QSqlQuery q(holder);
        QVERIFY(q.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")));
        QVERIFY(q.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QVERIFY(q.exec(QStringLiteral("UPDATE annotation SET hidden = hidden")));
        QVERIFY(q.exec(QStringLiteral("COMMIT")));
    }
    const Result r = run(QStringList{QStringLiteral("--db"), db} + command);
    if (holder.isValid()) {
        holder.close();
        holder = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    }
    QVERIFY2(r.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2%3").arg(r.exitCode).arg(r.out, r.err)));
    QVERIFY2((r.out + r.err).contains(expected), qPrintable(r.out + r.err));
    QVERIFY2(!(r.out + r.err).contains(QStringLiteral("no error occurred"), Qt::CaseInsensitive), qPrintable(r.out + r.err));
    if (setup == QLatin1String("dangling-db"))
        QVERIFY(!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("moved-away.sqlite"))));
}

// Who imported a batch is the account's login name from the system, also in a session that has no
// $USER (a cron job, a service): never "unknown" when the system knows the account.
void TestCli::batchNamesTheLogin()
{
    const passwd *account = getpwuid(geteuid());
    QVERIFY(account && account->pw_name);
    const QString login = QString::fromLocal8Bit(account->pw_name);
    const QString db = m_dir.filePath(QStringLiteral("login.sqlite"));
    QVERIFY(run({QStringLiteral("--db"), db, QStringLiteral("init"), QStringLiteral("--empty")}).exitCode == 0);
    const QString csv = m_dir.filePath(QStringLiteral("officers_login.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Measure,Area,Period,Value\nPolice officers,E23000001,Q2 2017/18,30850\n");
    file.close();
    const QHash<QString, QString> noUser{{QStringLiteral("USER"), QString()}, {QStringLiteral("USERNAME"), QString()},
                                         {QStringLiteral("LOGNAME"), QString()}};
    const Result imported = run({QStringLiteral("--db"), db, QStringLiteral("import"), csv}, noUser);
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.out + imported.err));
    const Result batches = run({QStringLiteral("--db"), db, QStringLiteral("list"), QStringLiteral("batches")});
    const QStringList lines = batches.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 2, qPrintable(batches.out));
    QCOMPARE(lines.last().section(QLatin1Char('\t'), 2, 2), login);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
