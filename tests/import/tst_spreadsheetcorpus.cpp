#include "odsreader.h"
#include "xlsxreader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTest>

using oversight::import::Cell;
using oversight::import::OdsReader;
using oversight::import::Reader;
using oversight::import::XlsxReader;

// Every workbook of the shared corpus (real files from many producers, and fuzzer crash cases on
// purpose) must be read in full or refused with a message naming it, within a time limit,
// without crashing.
class TestSpreadsheetCorpus : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void readsOrRefuses_data();
    void readsOrRefuses();
    void summary();

private:
    static constexpr qint64 perFileLimitMs = 10'000;

    QString m_corpus;
    int m_read = 0;
    int m_refused = 0;
    QStringList m_refusals;
    QStringList m_slow;
    QString m_slowest;
    qint64 m_slowestMs = -1;
};

static QString corpusDirectory()
{
    // The environment can point elsewhere (CI copies shared/ beside the clone).
    const QString shared = qEnvironmentVariableIsSet("OVERSIGHT_SHARED_DIR")
        ? qEnvironmentVariable("OVERSIGHT_SHARED_DIR")
        : QStringLiteral(OVERSIGHT_SHARED_DIR);
    return QDir(shared).filePath(QStringLiteral("corpus/spreadsheets"));
}

void TestSpreadsheetCorpus::initTestCase()
{
    m_corpus = corpusDirectory();
    if (!QFileInfo(m_corpus).isDir())
        QSKIP(qPrintable(QStringLiteral("no spreadsheet corpus at %1 (set OVERSIGHT_SHARED_DIR to the "
                                        "shared folder that holds corpus/spreadsheets)")
                             .arg(m_corpus)));
}

void TestSpreadsheetCorpus::readsOrRefuses_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(corpusDirectory());
    for (const QFileInfo &file : dir.entryInfoList(QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(file.fileName())) << file.absoluteFilePath();
}

void TestSpreadsheetCorpus::readsOrRefuses()
{
    QFETCH(QString, path);
    const QString name = QFileInfo(path).fileName();

    std::unique_ptr<Reader> reader;
    if (name.endsWith(QLatin1String(".ods"), Qt::CaseInsensitive))
        reader = std::make_unique<OdsReader>();
    else
        reader = std::make_unique<XlsxReader>();
    bool progressSane = true;
    reader->setProgress([&](qint64 done, qint64 total) {
        progressSane = progressSane && done >= 0 && (total < 0 || done <= total);
        return true;
    });

    QElapsedTimer timer;
    timer.start();
    QString error;
    bool ok = reader->open(path, &error);
    qint64 cells = 0;
    qint64 textBytes = 0;
    for (int sheet = 0; ok && sheet < reader->sheets().size(); ++sheet) {
        qint64 lastRow = 0;
        bool ascending = true;
        ok = reader->readRows(sheet, [&](qint64 row, const QList<Cell> &rowCells) {
            ascending = ascending && row > lastRow;
            lastRow = row;
            cells += rowCells.size();
            for (const Cell &cell : rowCells)
                textBytes += cell.text.size(); // touch what was handed over
            return true;
        }, &error);
        QVERIFY2(ascending, qPrintable(QStringLiteral("%1: rows out of order in sheet %2").arg(name).arg(sheet)));
    }
    const qint64 elapsed = timer.elapsed();
    if (elapsed > m_slowestMs) {
        m_slowestMs = elapsed;
        m_slowest = name;
    }
    if (elapsed > perFileLimitMs)
        m_slow << QStringLiteral("%1 (%2 ms)").arg(name).arg(elapsed);

    QVERIFY2(progressSane, qPrintable(QStringLiteral("%1: progress past its total").arg(name)));
    if (ok) {
        ++m_read;
    } else {
        ++m_refused;
        m_refusals << error;
        QVERIFY2(error.contains(name), qPrintable(QStringLiteral("the refusal does not name the file: %1").arg(error)));
    }
    QVERIFY2(elapsed <= perFileLimitMs, qPrintable(QStringLiteral("%1 took %2 ms").arg(name).arg(elapsed)));
    Q_UNUSED(textBytes);
}

void TestSpreadsheetCorpus::summary()
{
    for (const QString &refusal : std::as_const(m_refusals))
        qInfo("refused: %s", qPrintable(refusal.left(300)));
    qInfo("%d files read, %d refused; slowest %s in %lld ms", m_read, m_refused, qPrintable(m_slowest),
          m_slowestMs);
    QVERIFY2(m_slow.isEmpty(), qPrintable(QStringLiteral("over %1 ms: %2").arg(perFileLimitMs).arg(m_slow.join(QStringLiteral(", ")))));
}

QTEST_GUILESS_MAIN(TestSpreadsheetCorpus)
#include "tst_spreadsheetcorpus.moc"
