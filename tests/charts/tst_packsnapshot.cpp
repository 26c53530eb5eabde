#include "boardpack.h"
#include "store.h"

#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace oversight;
using namespace oversight::charts;

// A board pack is one state of the store: another process that changes the store while the pack is
// being built (here, at the moment the finance section starts) changes nothing in it.
class TestPackSnapshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void packIsOneStateOfTheStore();
};

namespace {

QString pdfText(const QString &pdf)
{
    QProcess p;
    p.start(QStandardPaths::findExecutable(QStringLiteral("pdftotext")), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    if (!p.waitForFinished(60000))
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

void TestPackSnapshot::packIsOneStateOfTheStore()
{
    // The pack's text is the evidence: without pdftotext this test cannot tell, so it fails.
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty(),
             "pdftotext (poppler-utils) is needed: scripts/lib.sh installs it");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("pack.sqlite"));
    QString error;
    auto store = Store::open(db, &error);
    QVERIFY2(store, qPrintable(error));
    // The report's own batch: the revenue table, the executive summary's finance tiles and more.
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT DISTINCT batch_id FROM revenue_line")) && q.next());
    const QString reportBatch = q.value(0).toString();
    q.finish();

    const QString before = dir.filePath(QStringLiteral("before.pdf"));
    QVERIFY2(BoardPackWriter(*store).write(before, {}, {}, &error), qPrintable(error));
    const QString expected = pdfText(before);
    QVERIFY(expected.contains(QStringLiteral("2,503.5")));

    // The same pack again, while another Oversight process undoes the report's batch as the finance
    // section begins: its undo commits (WAL readers do not block a writer) half-way through the pack.
    const QString during = dir.filePath(QStringLiteral("during.pdf"));
    int undoExit = -1;
    QString undoOutput;
    const bool built = BoardPackWriter(*store).write(
        during, {},
        [&](int, int, const QString &what) {
            if (what == QLatin1String("Finance") && undoExit == -1) {
                QProcess undo;
                undo.start(QStringLiteral(OVERSIGHT_BINARY), {QStringLiteral("--db"), db, QStringLiteral("undo-import"), reportBatch});
                undo.waitForFinished(120000);
                undoExit = undo.exitCode();
                undoOutput = QString::fromUtf8(undo.readAllStandardOutput() + undo.readAllStandardError());
            }
            return true;
        },
        &error);
    QVERIFY2(built, qPrintable(error));
    QVERIFY2(undoExit == 0, qPrintable(undoOutput));
    QCOMPARE(pdfText(during), expected);

    // The undo did change the store: a pack built now is another pack.
    const QString after = dir.filePath(QStringLiteral("after.pdf"));
    if (BoardPackWriter(*store).write(after, {}, {}, &error))
        QVERIFY(pdfText(after) != expected);
    else
        QVERIFY2(error.contains(QStringLiteral("no quarterly report")), qPrintable(error));
}

QTEST_MAIN(TestPackSnapshot)
#include "tst_packsnapshot.moc"
