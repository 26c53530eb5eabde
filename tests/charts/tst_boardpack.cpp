// The board pack: page size, order of sections, key figures as text, vector charts (no images),
// embedded fonts, repeated table headers, commentary, section choice, cancel and errors.
#include "boardpack.h"

#include "packdata.h"
#include "store.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace oversight;
using namespace oversight::charts;

class TestBoardPack : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fullPack();
    void keyFiguresAsText_data();
    void keyFiguresAsText();
    void disagreementsNotedWhereShown_data();
    void disagreementsNotedWhereShown();
    void summaryTilesPointToTheNote();
    void commentaryIsPrintedUnderItsSection();
    void chosenSectionsOnly();
    void refusals_data();
    void refusals();
    void quarterAsOfficersWriteIt();
    void cancelWritesNothing();

private:
    QString tool(const QString &name);
    QString run(const QString &program, const QStringList &args);
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    QString m_pack;
    QString m_text;
    int m_pages = 0;
};

QString TestBoardPack::tool(const QString &name)
{
    return QStandardPaths::findExecutable(name);
}

QString TestBoardPack::run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000))
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

void TestBoardPack::initTestCase()
{
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("pack.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
    if (tool(QStringLiteral("pdftotext")).isEmpty() || tool(QStringLiteral("pdfinfo")).isEmpty())
        QSKIP("poppler-utils (pdftotext, pdfinfo, pdfimages, pdffonts) are needed: scripts/lib.sh installs them");
    m_pack = m_dir.filePath(QStringLiteral("pack.pdf"));
    BoardPackWriter writer(*m_store);
    int calls = 0;
    QVERIFY2(writer.write(m_pack, {}, [&calls](int done, int total, const QString &) {
        ++calls;
        return done <= total;
    }, &error), qPrintable(error));
    QVERIFY(calls > 10);
    m_pages = static_cast<int>(writer.pages().size());
    m_text = run(tool(QStringLiteral("pdftotext")), {QStringLiteral("-layout"), m_pack, QStringLiteral("-")});
    QVERIFY(!m_text.isEmpty());
}

void TestBoardPack::fullPack()
{
    const QString info = run(tool(QStringLiteral("pdfinfo")), {m_pack});
    QVERIFY2(info.contains(QStringLiteral("Page size:       842 x 595 pts (A4)")), qPrintable(info));
    QVERIFY(info.contains(QStringLiteral("Pages:           %1\n").arg(m_pages)));
    QVERIFY(info.contains(QStringLiteral("Title:           Quarterly Performance Update Report Q1 2017/18")));
    QVERIFY(info.contains(QStringLiteral("Creator:         Oversight")));
    QVERIFY(m_pages > 20);
    // Sections in the report's order, each starting a page (its title follows a form feed).
    const QStringList pages = m_text.split(QLatin1Char('\f'));
    QCOMPARE(pages.size() - 1, m_pages); // pdftotext ends every page with a form feed
    int last = -1;
    for (const PackSection &s : packSections()) {
        int at = -1;
        for (int p = 3; p < pages.size(); ++p) {
            if (pages.at(p).contains(QRegularExpression(QStringLiteral("\\n\\s*%1\\s*\\n").arg(QRegularExpression::escape(s.title))))) {
                at = p;
                break;
            }
        }
        QVERIFY2(at > last, qPrintable(s.title));
        last = at;
    }
    // Page x of y on every page but the cover; "data as at" in the footers.
    for (int p = 2; p <= m_pages; ++p)
        QVERIFY2(pages.at(p - 1).contains(QStringLiteral("Page %1 of %2").arg(p).arg(m_pages)), qPrintable(QString::number(p)));
    QVERIFY(pages.at(1).contains(QStringLiteral("Data as at 30 June 2017")));
    // Contents lists the sections with the pages they start on.
    QVERIFY(pages.at(1).contains(QStringLiteral("Contents")));
    QVERIFY(pages.at(1).contains(QRegularExpression(QStringLiteral("A safer London\\s+4"))));
    // Long tables continue on the next page with their header repeated.
    QVERIFY(m_text.contains(QStringLiteral("Annex A: business plan milestones (continued)")));
    QVERIFY(m_text.count(QRegularExpression(QStringLiteral("Milestone\\s+Quarter\\s+Programme\\s+Status"))) >= 2);
    // Charts without data are left out and named, never drawn empty.
    QVERIFY(m_text.contains(QStringLiteral("Not included, for want of figures in the store")));
    QVERIFY(!m_text.contains(QStringLiteral("The store holds no figures")));
    // Words search as typed: no ligature glyphs ("ﬁ" for "fi") in the text.
    for (char16_t ligature : {u'\uFB00', u'\uFB01', u'\uFB02', u'\uFB03', u'\uFB04'})
        QVERIFY2(!m_text.contains(QChar(ligature)), "a ligature in the pack's text");
    QVERIFY(m_text.contains(QStringLiteral("Total notifiable offences")));
    // Vector only: no raster image anywhere; every font embedded.
    if (const QString images = tool(QStringLiteral("pdfimages")); !images.isEmpty()) {
        const QStringList lines = run(images, {QStringLiteral("-list"), m_pack}).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2); // the two header lines only
    }
    if (const QString fonts = tool(QStringLiteral("pdffonts")); !fonts.isEmpty()) {
        const QStringList lines = run(fonts, {m_pack}).split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(2);
        QVERIFY(!lines.isEmpty());
        for (const QString &line : lines)
            QVERIFY2(line.contains(QStringLiteral(" yes ")), qPrintable(line));
    }
}

void TestBoardPack::keyFiguresAsText_data()
{
    QTest::addColumn<QString>("figure");
    QTest::newRow("TNO") << "790,473";
    QTest::newRow("net revenue budget") << "2,503.5";
    QTest::newRow("capital programme") << "366.2";
    QTest::newRow("LCPF printed total") << "16,777,584";
    QTest::newRow("officers") << "30,719";
    QTest::newRow("overall satisfaction") << "75.3%";
    QTest::newRow("Barking and Dagenham LCPF") << "640,000";
    QTest::newRow("forecast underspend") << "-32.2";
    // The report's two values for the overtime overspend to date, under the finance tables that show it.
    QTest::newRow("overtime disagreement, text") << "£9.3m";
    QTest::newRow("overtime disagreement, summary") << "£9.4m";
    QTest::newRow("LCPF boroughs' sum") << "16,777,585";
}

void TestBoardPack::keyFiguresAsText()
{
    QFETCH(QString, figure);
    QVERIFY2(m_text.contains(figure), qPrintable(figure));
}

void TestBoardPack::disagreementsNotedWhereShown_data()
{
    QTest::addColumn<QString>("subject");
    QTest::addColumn<int>("times");
    // Under the finance key figures, the revenue table and the police overtime table.
    QTest::newRow("overtime overspend to date") << "Disagreement in the report: Police officer overtime" << 3;
    // Under the MOPAC finances key figures (the printed Grand Total is one) and the LCPF table.
    QTest::newRow("LCPF total") << "Disagreement in the report: London Crime Prevention Fund" << 2;
    // Under the police service key figures and the victim satisfaction chart.
    QTest::newRow("victim satisfaction") << "Disagreement in the report: Victim (user) satisfaction" << 2;

}

// Wherever the pack shows a figure the report states two values for, the note under it says so:
// once per table, key figures list or chart, never dropped for want of room.
void TestBoardPack::disagreementsNotedWhereShown()
{
    QFETCH(QString, subject);
    QFETCH(int, times);
    QCOMPARE(int(m_text.count(subject)), times);
}

// The executive summary's tiles of such figures (victim satisfaction, the LCPF total) say that
// there is a note and where; the other six do not.
void TestBoardPack::summaryTilesPointToTheNote()
{
    const QStringList pages = m_text.split(QLatin1Char('\f'));
    QVERIFY(pages.size() > 3);
    QVERIFY2(pages.at(2).contains(QStringLiteral("Executive summary")), qPrintable(pages.at(2)));
    QCOMPARE(int(pages.at(2).count(QStringLiteral("disagrees"))), 2);
}

void TestBoardPack::commentaryIsPrintedUnderItsSection()
{
    QString error;
    const QString quarter = packdata::reportQuarter(*m_store);
    QCOMPARE(quarter, QStringLiteral("Q1 2017/18"));
    QVERIFY2(packdata::setCommentary(*m_store, quarter, QStringLiteral("finance"),
                                     QStringLiteral("Officer pay is under budget because recruitment is slower than planned."), &error),
             qPrintable(error));
    QCOMPARE(packdata::commentary(*m_store, quarter).value(QStringLiteral("finance")),
             QStringLiteral("Officer pay is under budget because recruitment is slower than planned."));
    const QString path = m_dir.filePath(QStringLiteral("finance.pdf"));
    BoardPackWriter writer(*m_store);
    PackOptions options;
    options.sections = {QStringLiteral("finance")};
    QVERIFY2(writer.write(path, options, {}, &error), qPrintable(error));
    const QString text = run(tool(QStringLiteral("pdftotext")), {path, QStringLiteral("-")});
    const int heading = text.indexOf(QStringLiteral("\nFinance\n"));
    const int paragraph = text.indexOf(QStringLiteral("Officer pay is under budget"));
    QVERIFY(heading > 0);
    QVERIFY(paragraph > heading);
    // Empty text removes it.
    QVERIFY(packdata::setCommentary(*m_store, quarter, QStringLiteral("finance"), QStringLiteral("  "), &error));
    QVERIFY(!packdata::commentary(*m_store, quarter).contains(QStringLiteral("finance")));
}

void TestBoardPack::chosenSectionsOnly()
{
    const QString path = m_dir.filePath(QStringLiteral("two.pdf"));
    BoardPackWriter writer(*m_store);
    PackOptions options;
    options.sections = {QStringLiteral("mopac-finances"), QStringLiteral("milestones")};
    options.excludedCharts = {QStringLiteral("map.lcpf")};
    QString error;
    QVERIFY2(writer.write(path, options, {}, &error), qPrintable(error));
    const QString text = run(tool(QStringLiteral("pdftotext")), {path, QStringLiteral("-")});
    QVERIFY(text.contains(QStringLiteral("MOPAC finances")));
    QVERIFY(text.contains(QStringLiteral("Annex A: business plan milestones")));
    QVERIFY(!text.contains(QStringLiteral("\nA safer London\n")));
    QVERIFY(!text.contains(QStringLiteral("London Crime Prevention Fund allocation by borough")));
    QVERIFY(writer.pages().size() < m_pages);
    for (const PackPageInfo &page : writer.pages().mid(3))
        QVERIFY2(page.section == QLatin1String("MOPAC finances") || page.section == QLatin1String("Annex A: business plan milestones"),
                 qPrintable(page.section));
}

void TestBoardPack::refusals_data()
{
    QTest::addColumn<QString>("quarter");
    QTest::addColumn<QStringList>("sections");
    QTest::addColumn<QString>("message");
    QTest::newRow("other quarter") << "Q2 2017/18" << QStringList{} << "the store holds the report for Q1 2017/18, not Q2 2017/18";
    QTest::newRow("unknown section") << QString() << QStringList{QStringLiteral("sport")} << "no section 'sport'";
    QTest::newRow("other quarter, short form") << "Q3 17/18" << QStringList{} << "not Q3 2017/18";
    QTest::newRow("not a quarter") << "2017/18" << QStringList{} << "'2017/18' is not a quarter";
}

void TestBoardPack::refusals()
{
    QFETCH(QString, quarter);
    QFETCH(QStringList, sections);
    QFETCH(QString, message);
    const QString path = m_dir.filePath(QStringLiteral("refused.pdf"));
    BoardPackWriter writer(*m_store);
    PackOptions options;
    options.quarter = quarter;
    options.sections = sections;
    QString error;
    QVERIFY(!writer.write(path, options, {}, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestBoardPack::quarterAsOfficersWriteIt()
{
    // "Q1 17/18" is the report's own way of writing Q1 2017/18.
    const QString path = m_dir.filePath(QStringLiteral("short.pdf"));
    BoardPackWriter writer(*m_store);
    PackOptions options;
    options.quarter = QStringLiteral("Q1 17/18");
    options.sections = {QStringLiteral("vawg")};
    QString error;
    QVERIFY2(writer.write(path, options, {}, &error), qPrintable(error));
    QVERIFY(QFile::exists(path));
}

void TestBoardPack::cancelWritesNothing()
{
    const QString path = m_dir.filePath(QStringLiteral("cancelled.pdf"));
    for (int stopAt : {1, 5, 40}) {
        BoardPackWriter writer(*m_store);
        QString error;
        QVERIFY(!writer.write(path, {}, [stopAt](int done, int, const QString &) { return done < stopAt; }, &error));
        QCOMPARE(error, QStringLiteral("cancelled"));
        QVERIFY2(!QFile::exists(path), qPrintable(QString::number(stopAt)));
    }
}

QTEST_MAIN(TestBoardPack)
#include "tst_boardpack.moc"
