// The board pack: page size, order of sections, key figures as text, vector charts (no images),
// embedded fonts, repeated table headers, commentary, section choice, cancel and errors; and the
// pack of a second quarter the store holds only part of.
#include "boardpack.h"

#include "importer.h"
#include "importplan.h"
#include "reader.h"

#include "catalog.h"
#include "packdata.h"
#include "reporttable.h"
#include "store.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace oversight;
using namespace oversight::charts;

class TestBoardPack : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fullPack();
    void keyFiguresAsText_data();
    void keyFiguresAsText();
    void statedPrecision_data();
    void statedPrecision();
    void noFalsePrecisionAnywhere();
    void sameFigureSameWayOnEveryPage();
    void tnoPageShowsBothSources();
    void nothingAfterTheQuarter();
    void disagreementsNotedWhereShown_data();
    void disagreementsNotedWhereShown();
    void summaryTilesPointToTheNote();
    void commentaryIsPrintedUnderItsSection();
    void chosenSectionsOnly();
    void refusals_data();
    void refusals();
    void quarterAsOfficersWriteIt();
    void cancelWritesNothing();
    void tableNotesPrinted_data();
    void tableNotesPrinted();
    void noteKeptWithLastRows();
    void secondQuarterPartlyHeld();
    void secondQuarterNamesWhatIsMissing_data();
    void secondQuarterNamesWhatIsMissing();
    void secondQuarterStopsAtItsEnd();
    void keyFiguresShowTheChange();
    void earlierQuarterCommentary();
    void layoutReadWithoutPdf();

private:
    QString tool(const QString &name);
    QString run(const QString &program, const QStringList &args);
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    QString m_pack;
    QString m_text;
    int m_pages = 0;
    // A store holding Q2 2017/18 only in part (the workforce return), and its Q2 pack's text.
    std::unique_ptr<Store> m_q2Store;
    QString m_q2Text;
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

// Each figure as the report states it, on the page that shows it: the text's rounded figure and its
// table's exact one, side by side where both are shown, never re-rounded or padded with a decimal.
void TestBoardPack::statedPrecision_data()
{
    QTest::addColumn<QString>("label");  // the row or tile that shows it (its first words: long ones wrap)
    QTest::addColumn<QString>("figure"); // as the report prints it
    QTest::addColumn<QString>("where");  // where the pack says it is stated
    QTest::newRow("budget, Executive Summary text") << "Revised net revenue budget" << "£2,504m" << "Executive Summary";
    QTest::newRow("budget, revenue table (summary tile)") << "Net revenue budget" << "£2,503.5m" << "Revenue table";
    QTest::newRow("user satisfaction, Executive Summary") << "User satisfaction (Executive" << "75%" << "Executive Summary";
    QTest::newRow("overall satisfaction, inequalities table") << "Overall satisfaction (victims)" << "75.3%"
                                                              << "Inequalities table";
    QTest::newRow("savings on track") << "Savings on track" << "£66m" << "Achievement against savings target";
    QTest::newRow("capital forecast") << "Capital expenditure forecast" << "£268m" << "Executive Summary";
    QTest::newRow("over-programming") << "Capital over-programming" << "£40m" << "Executive Summary";
    QTest::newRow("net savings required") << "Net savings required" << "£75m" << "Achievement against savings target";
    QTest::newRow("ASB nuisance") << "ASB calls classed as nuisance" << "86%" << "Anti-Social Behaviour";
    // The trailing space tells the figure's row from its "…: change on the year before" row.
    QTest::newRow("know how to contact") << "Know how to contact local police " << "32%" << "Public Perception";
}

void TestBoardPack::statedPrecision()
{
    QFETCH(QString, label);
    QFETCH(QString, figure);
    QFETCH(QString, where);
    // The label's line (pdftotext -layout keeps a table row or a tile on its lines) holds the figure
    // as a whole word: "£2,504m", not "£2,504.0m"; "75%", not "75.0%".
    const QRegularExpression exact(QStringLiteral("(^|\\s)%1($|\\s|;|,)").arg(QRegularExpression::escape(figure)));
    const QStringList pages = m_text.split(QLatin1Char('\f'));
    int found = 0;
    for (const QString &page : pages) {
        const QStringList lines = page.split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            if (!lines.at(i).contains(label))
                continue;
            // A tile prints its figure above its label; a table row on the label's line.
            const QString near = lines.mid(std::max(0, i - 3), 8).join(QLatin1Char('\n'));
            QVERIFY2(near.contains(exact), qPrintable(QStringLiteral("%1: %2 not near\n%3").arg(label, figure, near)));
            QVERIFY2(near.contains(where, Qt::CaseInsensitive), qPrintable(QStringLiteral("%1: '%2' not said\n%3").arg(label, where, near)));
            ++found;
        }
    }
    QVERIFY2(found > 0, qPrintable(label));
}

// No figure the report states without decimals is printed with one, on any page: built from the
// store's stated figures, so a figure added to the seed is checked too.
void TestBoardPack::noFalsePrecisionAnywhere()
{
    int checked = 0;
    for (const PackSection &section : packSections()) {
        if (section.theme.isEmpty())
            continue;
        for (const packdata::KeyFigure &k : packdata::keyFigures(*m_store, section.theme, *Period::parse(QStringLiteral("Q1 2017/18")))) {
            if (!k.decimals || *k.decimals >= catalog::defaultDecimals(k.unit))
                continue;
            const QString padded = catalog::formatValue(k.value, k.unit); // the unit's default decimals
            const QString stated = catalog::formatValue(k.value, k.unit, k.decimals);
            QVERIFY(padded != stated);
            // On the lines of the measure's own rows and tiles (the same digits may be another figure
            // elsewhere: the recorded-crime table's +12.0% is not the 12% of online reports).
            const QRegularExpression asWord(QStringLiteral("(^|\\s)%1($|\\s|;|,)"));
            const QString name = k.measure.left(30);
            const QStringList lines = m_text.split(QLatin1Char('\n'));
            bool statedSeen = false;
            for (int i = 0; i < lines.size(); ++i) {
                if (!lines.at(i).contains(name))
                    continue;
                const QString near = lines.mid(std::max(0, i - 3), 5).join(QLatin1Char('\n'));
                QVERIFY2(!near.contains(QRegularExpression(asWord.pattern().arg(QRegularExpression::escape(padded)))),
                         qPrintable(QStringLiteral("%1 printed as %2, stated %3:\n%4").arg(k.measure, padded, stated, near)));
                statedSeen = statedSeen || near.contains(QRegularExpression(asWord.pattern().arg(QRegularExpression::escape(stated))));
            }
            QVERIFY2(statedSeen, qPrintable(QStringLiteral("%1: %2 not printed").arg(k.measure, stated)));
            ++checked;
        }
    }
    QVERIFY2(checked >= 8, qPrintable(QString::number(checked))); // £2,504m, £66m, 75%, 86%, 32%, £268m, £40m, £75m…
    // The report's tables as printed, whole figures whole: the capital total "268" beside "27.0", the
    // reserves' "2%", the local priorities' "75%"; and the satisfaction table's MPS average in per cent.
    QVERIFY(m_text.contains(QRegularExpression(QStringLiteral("Total Capital Expenditure\\s+366\\.2\\s+27\\.0\\s+268\\s+-98\\.2\\n"))));
    QVERIFY(m_text.contains(QRegularExpression(QStringLiteral("General Fund Reserve % to Net Budget[^\\n]*\\s2%\\s+2%"))));
    QVERIFY(m_text.contains(QRegularExpression(QStringLiteral("Richmond upon Thames\\s+\\+75%\\s+\\+18%"))));
    QVERIFY(m_text.contains(QRegularExpression(QStringLiteral("MPS Average\\s+75\\.3%\\s+68\\.6%"))));
}

// The one budget stated twice, "£2,504m" in the text and 2,503.5 in the revenue table, is printed in
// exactly those two ways wherever it appears, and both appear.
void TestBoardPack::sameFigureSameWayOnEveryPage()
{
    const QStringList pages = m_text.split(QLatin1Char('\f'));
    QSet<QString> forms;
    QList<int> textPages, tablePages;
    const QRegularExpression budget(QStringLiteral("(?<![\\d,.])£?2,50[34](\\.\\d+)?m?"));
    for (int p = 0; p < pages.size(); ++p) {
        auto it = budget.globalMatch(pages.at(p));
        while (it.hasNext()) {
            const QString form = it.next().captured(0);
            forms.insert(form);
            (form.contains(QStringLiteral("2,504")) ? textPages : tablePages).append(p + 1);
        }
    }
    const QSet<QString> allowed{QStringLiteral("£2,504m"), QStringLiteral("£2,503.5m"), QStringLiteral("2,503.5")};
    QVERIFY2(allowed.contains(forms), qPrintable(QStringList(forms.begin(), forms.end()).join(QStringLiteral(", "))));
    QVERIFY(forms.contains(QStringLiteral("£2,504m")));
    QVERIFY(forms.contains(QStringLiteral("£2,503.5m")));
    QVERIFY(forms.contains(QStringLiteral("2,503.5"))); // the revenue table's own cell
    QVERIFY(tablePages.contains(3)); // the executive summary shows the table's statement
    QVERIFY(!textPages.isEmpty());
}

// The page of the open-data chart "Total notifiable offences" shows the report's figure and the open
// data's for the same 12 months, labelled, with the difference and the reason, and the chart names
// its source on its title line.
void TestBoardPack::tnoPageShowsBothSources()
{
    const QStringList pages = m_text.split(QLatin1Char('\f'));
    int found = 0;
    for (const QString &page : pages) {
        if (!page.contains(QStringLiteral("two sources")))
            continue;
        ++found;
        QVERIFY(page.contains(QStringLiteral("Total notifiable offences, 12 months to June 2017: two sources")));
        QVERIFY(page.contains(QRegularExpression(QStringLiteral("MOPAC report\\s.*Recorded crime 12 month average table.*\\s790,473\\n"))));
        QVERIFY(page.contains(QRegularExpression(QStringLiteral("MPS open data\\s.*\\s791,297\\n"))));
        QVERIFY(page.contains(QRegularExpression(QStringLiteral("Difference\\s+Open data minus report \\(calculated\\)\\s+\\+824\\n"))));
        QVERIFY(page.contains(QStringLiteral("Why they differ: The open data includes London Heathrow and London City Airports")));
        // The chart itself, its source on the title line, below the two figures.
        const QRegularExpression titleLine(QStringLiteral("Total notifiable offences\\s+Source: MPS open data"));
        QVERIFY(page.contains(titleLine));
        QVERIFY(page.indexOf(titleLine) > page.indexOf(QStringLiteral("791,297")));
    }
    QCOMPARE(found, 1);
}

// A quarter's pack shows what was known at its end: its charts and maps stop at the quarter's last
// month, and every "data as at" is the quarter's end, although the open data runs to January 2024.
void TestBoardPack::nothingAfterTheQuarter()
{
    QVERIFY(m_text.contains(QStringLiteral("Metropolitan Police Service, April 2010 to June 2017")));
    QVERIFY(m_text.contains(QStringLiteral("London boroughs, July 2016 to June 2017")));
    const QRegularExpression asAt(QStringLiteral("Data as at ([0-9]{1,2} [A-Z][a-z]+ [0-9]{4})"));
    int seen = 0;
    for (auto it = asAt.globalMatch(m_text); it.hasNext();) {
        const QString date = it.next().captured(1);
        QVERIFY2(date == QLatin1String("30 June 2017"), qPrintable(date));
        ++seen;
    }
    QVERIFY(seen > 40);
    for (const char *later : {"January 2024", "December 2023", "July 2017 to", "2023"})
        QVERIFY2(!m_text.contains(QLatin1String(later)), later);
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
    const auto latest = reporttables::latestQuarterHeld(*m_store);
    QVERIFY(latest);
    const QString quarter = latest->label();
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
    QTest::newRow("other quarter") << "Q2 2017/18" << QStringList{}
                                   << "the store holds no report for Q2 2017/18; the quarters it holds are: Q1 2017/18";
    QTest::newRow("unknown section") << QString() << QStringList{QStringLiteral("sport")} << "no section 'sport'";
    QTest::newRow("other quarter, short form") << "Q3 17/18" << QStringList{} << "no report for Q3 2017/18";
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

void TestBoardPack::tableNotesPrinted_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("words"); // what the note must say, beside the table's own note
    // The significance rule and the milestones' provenance are in the notes the pack prints.
    QTest::newRow("satisfaction-gaps") << "satisfaction-gaps" << "significant: more than 5 points from the MPS average";
    QTest::newRow("milestones") << "milestones" << "18 are inferred from the commentary's words";
    for (const QString &id : reporttables::ids()) {
        QString error;
        const auto table = reporttables::build(*m_store, id, &error);
        if (table && !table->note.isEmpty() && id != QLatin1String("satisfaction-gaps") && id != QLatin1String("milestones"))
            QTest::newRow(qPrintable(id)) << id << QString();
    }
}

void TestBoardPack::tableNotesPrinted()
{
    QFETCH(QString, table);
    QFETCH(QString, words);
    QString error;
    const auto built = reporttables::build(*m_store, table, &error);
    QVERIFY2(built, qPrintable(error));
    QVERIFY(!built->note.isEmpty());
    // Compared with whitespace folded: the PDF's lines break where the page does.
    const QString text = m_text.simplified();
    QVERIFY2(text.contains(built->note.simplified()), qPrintable(built->note));
    if (!words.isEmpty())
        QVERIFY2(built->note.contains(words), qPrintable(built->note));
}

void TestBoardPack::noteKeptWithLastRows()
{
    // Fixture milestones (not the report's) lengthen the milestones table until its last page is as
    // full as it gets: just before one more row would start another page. There the note (how many
    // statuses are inferred) has the least room, and it must still be printed, under the last rows.
    QString error;
    auto store = Store::open(m_dir.filePath(QStringLiteral("long-annex.sqlite")), &error);
    QVERIFY2(store, qPrintable(error));
    QSqlQuery q(store->database());
    int round = 0;
    auto build = [&](int extra, QString *text) -> int {
        if (!q.exec(QStringLiteral("DELETE FROM milestone WHERE ordinal >= 1000")))
            return -1;
        for (int i = 0; i < extra; ++i) {
            if (!q.exec(QStringLiteral(
                    "INSERT INTO milestone (period_id, reported_in_period_id, ordinal, section, text, status, batch_id) "
                    "SELECT period_id, reported_in_period_id, 1000 + %1, section, 'Fixture milestone %1', 'not stated', "
                    "batch_id FROM milestone WHERE ordinal = 30").arg(i)))
                return -1;
        }
        BoardPackWriter writer(*store);
        PackOptions options;
        options.sections = {QStringLiteral("milestones")};
        const QString pdf = m_dir.filePath(QStringLiteral("long-annex-%1.pdf").arg(++round));
        if (!writer.write(pdf, options, {}, &error))
            return -1;
        if (text)
            *text = run(tool(QStringLiteral("pdftotext")), {pdf, QStringLiteral("-")}).simplified();
        return static_cast<int>(writer.pages().size());
    };
    // For the pack's first pages counts, the most extra rows that still fit in that many pages (a
    // binary search: pages only grow with rows). Where the fit is tightest differs with the rows
    // before, so the first two such points are checked.
    const int base = build(0, nullptr);
    QVERIFY2(base > 0, qPrintable(error));
    int fits = 0;
    for (int pages = base; pages < base + 2; ++pages) {
        int spills = std::max(1, fits * 2);
        while (build(spills, nullptr) <= pages)
            spills *= 2;
        while (spills - fits > 1) {
            const int mid = (fits + spills) / 2;
            (build(mid, nullptr) <= pages ? fits : spills) = mid;
        }
        // The fullest last pages: the note is printed in each, after the table's last row.
        for (int extra = std::max(0, fits - 2); extra <= fits; ++extra) {
            QString text;
            QVERIFY(build(extra, &text) <= pages);
            const auto table = reporttables::build(*store, QStringLiteral("milestones"), &error);
            QVERIFY2(table, qPrintable(error));
            QCOMPARE(table->rows.size(), 30 + extra);
            const QString note = table->note.simplified();
            const QString last = QStringLiteral("Fixture milestone %1").arg(extra - 1);
            QVERIFY2(text.contains(note), qPrintable(QStringLiteral("%1 extra rows: no note").arg(extra)));
            QVERIFY(extra == 0 || (text.contains(last) && text.indexOf(last) < text.indexOf(note)));
        }
    }
}

// The workforce return for Q2 2017/18, imported as officers send it: the store then holds Q2 in part.
void TestBoardPack::secondQuarterPartlyHeld()
{
    QString error;
    m_q2Store = Store::open(m_dir.filePath(QStringLiteral("q2.sqlite")), &error);
    QVERIFY2(m_q2Store, qPrintable(error));
    const QString csv = m_dir.filePath(QStringLiteral("workforce_Q2_2017-18.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Measure,Area,Period,Value\n"
               "Police officers,E23000001,Q2 2017/18,30950\n"
               "Special constables,E23000001,Q2 2017/18,2941\n"
               "PCSOs,E23000001,Q2 2017/18,1495\n"
               "Police staff,E23000001,Q2 2017/18,9862\n");
    file.close();
    auto reader = import::readerFor(csv, &error);
    QVERIFY2(reader && reader->open(csv, &error), qPrintable(error));
    const auto plan = import::detectPlan(*reader, QFileInfo(csv).fileName(), &error);
    QVERIFY2(plan, qPrintable(error));
    const import::ImportResult result = import::Importer(*m_q2Store).run(csv, *reader, *plan, {});
    QVERIFY2(result.committed, qPrintable(result.summary() + result.issues.value(0).toString()));
    QCOMPARE(result.added, 4);
    QVERIFY2(result.newMeasures.isEmpty(), qPrintable(result.newMeasures.join(QStringLiteral(", "))));

    QStringList held;
    for (const Period &q : reporttables::quartersHeld(*m_q2Store))
        held.append(q.label());
    QCOMPARE(held, (QStringList{QStringLiteral("Q1 2017/18"), QStringLiteral("Q2 2017/18")}));

    // Without --quarter, the latest held; the Q1 pack of the same store still builds.
    const QString pack = m_dir.filePath(QStringLiteral("q2.pdf"));
    BoardPackWriter writer(*m_q2Store);
    QVERIFY2(writer.write(pack, {}, {}, &error), qPrintable(error));
    m_q2Text = run(tool(QStringLiteral("pdftotext")), {QStringLiteral("-layout"), pack, QStringLiteral("-")});
    QVERIFY(!m_q2Text.isEmpty());
    const QString info = run(tool(QStringLiteral("pdfinfo")), {pack});
    QVERIFY2(info.contains(QStringLiteral("Title:           Quarterly Performance Update Report Q2 2017/18")), qPrintable(info));
    QVERIFY(m_q2Text.contains(QStringLiteral("Q2 2017/18 (July to September 2017)")));
    // Its own figures: the workforce table for Q2, as imported.
    // With the change since Q1 beside it (30,719 at Q1).
    QVERIFY(m_q2Text.contains(QRegularExpression(QStringLiteral("Officers\\s+30,950\\s+\\+231\\n"))));
    QVERIFY(!m_q2Text.contains(QStringLiteral("The Met workforce as at the end of Q1 2017/18")));

    BoardPackWriter q1(*m_q2Store);
    PackOptions options;
    options.quarter = QStringLiteral("Q1 2017/18");
    options.sections = {QStringLiteral("police-service")};
    const QString q1Pack = m_dir.filePath(QStringLiteral("q2-store-q1.pdf"));
    QVERIFY2(q1.write(q1Pack, options, {}, &error), qPrintable(error));
    const QString q1Text = run(tool(QStringLiteral("pdftotext")), {QStringLiteral("-layout"), q1Pack, QStringLiteral("-")});
    QVERIFY(q1Text.contains(QRegularExpression(QStringLiteral("Officers\\s+30,719\\n"))));
    QVERIFY(!q1Text.contains(QStringLiteral("30,950")));
    QVERIFY(!q1Text.contains(QStringLiteral("Report · Q2 2017/18")));
}

void TestBoardPack::secondQuarterNamesWhatIsMissing_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("table");
    // The quarter's tables the store holds only for Q1 (the workforce's is imported; the local
    // priorities and the LCPF are the financial year's, which Q2 shares).
    const QHash<QString, QString> sectionOf{
        {QStringLiteral("satisfaction-gaps"), QStringLiteral("A better police service")},
        {QStringLiteral("dwo"), QStringLiteral("A better police service")},
        {QStringLiteral("revenue"), QStringLiteral("Finance")},
        {QStringLiteral("officer-pay"), QStringLiteral("Finance")},
        {QStringLiteral("savings"), QStringLiteral("Finance")},
        {QStringLiteral("capital"), QStringLiteral("Finance")},
        {QStringLiteral("reserves"), QStringLiteral("Finance")},
        {QStringLiteral("milestones"), QStringLiteral("Annex A: business plan milestones")},
    };
    for (auto it = sectionOf.cbegin(); it != sectionOf.cend(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.value() << it.key();
}

// A section whose tables the store does not hold for the quarter still appears, and its page names
// each missing table and says to import it.
void TestBoardPack::secondQuarterNamesWhatIsMissing()
{
    QFETCH(QString, section);
    QFETCH(QString, table);
    if (!m_q2Store)
        QSKIP("needs secondQuarterPartlyHeld");
    QString error;
    QVERIFY(!reporttables::build(*m_q2Store, table, *Period::parse(QStringLiteral("Q2 2017/18")), &error));
    const QString notice = QStringLiteral("No \u201c%1\u201d return is held for Q2 2017/18: import it to fill this page")
                               .arg(reporttables::title(table));
    bool found = false;
    for (const QString &page : m_q2Text.split(QLatin1Char('\f'))) {
        // Header: the section's name; the notice may wrap across lines.
        if (page.simplified().contains(notice) && page.left(200).contains(section))
            found = true;
    }
    QVERIFY2(found, qPrintable(notice));
    // The executive summary says which of its tiles' tables are not held.
    if (table == QLatin1String("revenue") || table == QLatin1String("capital") || table == QLatin1String("savings")) {
        const QString summary = m_q2Text.split(QLatin1Char('\f')).value(2).simplified();
        QVERIFY2(summary.contains(QStringLiteral("Not held for Q2 2017/18, so not summarised here:")), qPrintable(summary));
        QVERIFY(summary.contains(reporttables::title(table)));
    }
}

// The Q2 pack holds nothing after September 2017: its charts and maps stop there, and every "data
// as at" is at most the quarter's end.
void TestBoardPack::secondQuarterStopsAtItsEnd()
{
    if (!m_q2Store)
        QSKIP("needs secondQuarterPartlyHeld");
    QVERIFY(m_q2Text.contains(QStringLiteral("Metropolitan Police Service, April 2010 to September 2017")));
    QVERIFY(m_q2Text.contains(QStringLiteral("London boroughs, October 2016 to September 2017")));
    // Headers and footers: the quarter, and the data as at of the figures shown.
    const QStringList pages = m_q2Text.split(QLatin1Char('\f'));
    for (int p = 1; p < pages.size() - 1; ++p) {
        QVERIFY2(pages.at(p).contains(QStringLiteral("MOPAC Quarterly Performance Update Report \u00b7 Q2 2017/18")), qPrintable(QString::number(p + 1)));
        QVERIFY2(pages.at(p).contains(QStringLiteral("Data as at 30 September 2017")), qPrintable(QString::number(p + 1)));
    }
    // Every month named, in any form the pack writes one ("September 2017", "30 June 2017"), is by
    // the quarter's end; the cover's "Pack built" date is today's, not data.
    static const QStringList months{QStringLiteral("January"), QStringLiteral("February"), QStringLiteral("March"),
                                    QStringLiteral("April"), QStringLiteral("May"), QStringLiteral("June"),
                                    QStringLiteral("July"), QStringLiteral("August"), QStringLiteral("September"),
                                    QStringLiteral("October"), QStringLiteral("November"), QStringLiteral("December")};
    const QRegularExpression named(QStringLiteral("\\b(%1) ((19|20)\\d\\d)\\b").arg(months.join(QLatin1Char('|'))));
    int checked = 0;
    for (const QString &line : m_q2Text.split(QLatin1Char('\n'))) {
        if (line.contains(QStringLiteral("Pack built")))
            continue;
        for (auto it = named.globalMatch(line); it.hasNext();) {
            const auto m = it.next();
            const QDate month(m.captured(2).toInt(), static_cast<int>(months.indexOf(m.captured(1))) + 1, 1);
            QVERIFY2(month <= QDate(2017, 9, 1), qPrintable(line));
            ++checked;
        }
    }
    QVERIFY(checked > 40);
    for (const char *later : {"2023", "2024", "Q3 2017/18", "Q4 2017/18"})
        QVERIFY2(!m_q2Text.contains(QLatin1String(later)), later);
}

// Where the previous quarter is held, a key figure shows the change beside it, in its unit; the
// Q1 figures, with no earlier quarter held, show the change on the year before where it is held.
void TestBoardPack::keyFiguresShowTheChange()
{
    if (!m_q2Store)
        QSKIP("needs secondQuarterPartlyHeld");
    const auto q2 = *Period::parse(QStringLiteral("Q2 2017/18"));
    bool officers = false;
    for (const packdata::KeyFigure &k : packdata::keyFigures(*m_q2Store, QStringLiteral("A better police service"), q2)) {
        QVERIFY2(!(q2.end() < k.asAt), qPrintable(k.measure));
        if (k.measure != QLatin1String("Police officers"))
            continue;
        officers = true;
        QCOMPARE(k.period, QStringLiteral("Q2 2017/18"));
        QCOMPARE(k.value, 30950.0);
        QCOMPARE(packdata::changeText(k), QStringLiteral("+231"));
        QCOMPARE(packdata::previousText(k), QStringLiteral("30,719"));
        QCOMPARE(k.previousPeriod, QStringLiteral("Q1 2017/18"));
    }
    QVERIFY(officers);
    // In the pack: on the officers' row of the key figures (what it is compared with beneath), and
    // in the executive summary's tile.
    QVERIFY(m_q2Text.contains(QRegularExpression(QStringLiteral("Police officers\\s+Q2 2017/18\\s+30,950\\s+\\+231 on 30,719\\s.*\\n\\s+\\(Q1 2017/18\\)"))));
    // (The tile's words wrap beside the next tile's: their two lines are looked for each.)
    const QString summary = m_q2Text.split(QLatin1Char('\f')).value(2);
    QVERIFY2(summary.contains(QRegularExpression(QStringLiteral("Q2 2017/18; \\+231 on 30,719 \\(Q1\\s[^;]{0,300}2017/18\\), calculated"))),
             qPrintable(summary));
    // A percentage's change is in points.
    packdata::KeyFigure share;
    share.unit = QStringLiteral("percent");
    share.value = 75.3;
    share.decimals = 1;
    share.previousPeriod = QStringLiteral("Q1 2017/18");
    share.previousValue = 74.1;
    QCOMPARE(packdata::changeText(share), QStringLiteral("+1.2 pts"));
    QCOMPARE(packdata::previousText(share), QStringLiteral("74.1%"));
    share.value = 73.0;
    QCOMPARE(packdata::changeText(share), QStringLiteral("-1.1 pts"));
    // The Q1 pack: total notifiable offences against the 12 months to June 2016.
    QVERIFY(m_text.contains(QRegularExpression(QStringLiteral("Total notifiable offences\\s+12 months to June 2017\\s+790,473\\s+\\+41,813 on 748,660\\s.*\\n\\s+\\(12 months to June 2016\\)"))));
    // A year's figure the Q1 return stated is shown in the Q2 pack as that: stated at Q1.
    QVERIFY(m_q2Text.contains(QStringLiteral("2017/18, stated at Q1 2017/18")));
    QVERIFY(!m_text.contains(QStringLiteral("stated at Q1 2017/18")));
}

// The commentary is the quarter's own; an earlier quarter's is offered as a start, never copied.
void TestBoardPack::earlierQuarterCommentary()
{
    if (!m_q2Store)
        QSKIP("needs secondQuarterPartlyHeld");
    QString error;
    const auto q2 = *Period::parse(QStringLiteral("Q2 2017/18"));
    QVERIFY(!packdata::earlierCommentary(*m_q2Store, q2, QStringLiteral("finance")));
    QVERIFY2(packdata::setCommentary(*m_q2Store, QStringLiteral("Q4 2016/17"), QStringLiteral("finance"), QStringLiteral("Year end."), &error),
             qPrintable(error));
    QVERIFY2(packdata::setCommentary(*m_q2Store, QStringLiteral("Q1 2017/18"), QStringLiteral("finance"), QStringLiteral("Q1 text."), &error),
             qPrintable(error));
    QVERIFY(packdata::setCommentary(*m_q2Store, QStringLiteral("Q3 2017/18"), QStringLiteral("finance"), QStringLiteral("Later."), &error));
    const auto earlier = packdata::earlierCommentary(*m_q2Store, q2, QStringLiteral("finance"));
    QVERIFY(earlier);
    QCOMPARE(earlier->quarter, QStringLiteral("Q1 2017/18"));
    QCOMPARE(earlier->text, QStringLiteral("Q1 text."));
    QVERIFY(!packdata::earlierCommentary(*m_q2Store, q2, QStringLiteral("vawg")));
    QVERIFY(packdata::commentary(*m_q2Store, q2.label()).isEmpty());
    // The Q2 pack prints Q2's commentary only.
    const QString pack = m_dir.filePath(QStringLiteral("q2-finance.pdf"));
    BoardPackWriter writer(*m_q2Store);
    PackOptions options;
    options.quarter = QStringLiteral("Q2 17/18");
    options.sections = {QStringLiteral("finance")};
    QVERIFY2(writer.write(pack, options, {}, &error), qPrintable(error));
    const QString text = run(tool(QStringLiteral("pdftotext")), {pack, QStringLiteral("-")});
    QVERIFY(!text.contains(QStringLiteral("Q1 text.")));
    // The savings chart, left out for want of Q2's savings table, is named with the quarter's year.
    QVERIFY2(text.simplified().contains(QStringLiteral("Savings 2017/18 by confidence of delivery")), qPrintable(text));
}

// The layout, read as blocks without painting a PDF: the same pages write() prints; every block
// inside the printable area and below the one before it; a table split over pages carries on where
// it stopped, with its header repeated and never fewer than three rows left for the next page; each
// section's title once, in the report's order.
void TestBoardPack::layoutReadWithoutPdf()
{
    BoardPackWriter writer(*m_store);
    QString error;
    QVERIFY2(writer.layOut({}, {}, &error), qPrintable(error));
    const QList<PackPageInfo> pages = writer.pages();
    QCOMPARE(pages.size(), m_pages);
    const QRectF area = packContentArea();
    QStringList sectionTitles;
    int splits = 0;
    std::optional<PackBlock> openTable; // a table that continues on the next page
    for (int i = 3; i < pages.size(); ++i) {
        const QList<PackBlock> &blocks = pages.at(i).blocks;
        QVERIFY2(!blocks.isEmpty(), qPrintable(QStringLiteral("page %1 is empty").arg(i + 1)));
        qreal bottom = area.top();
        for (int b = 0; b < blocks.size(); ++b) {
            const PackBlock &block = blocks.at(b);
            const QString where = QStringLiteral("page %1, %2").arg(i + 1).arg(block.title.left(60));
            const bool tallRow = block.kind == PackBlock::Kind::Table && block.lastRow - block.firstRow == 1;
            QVERIFY2(block.rect.top() >= bottom - 0.01, qPrintable(where + QStringLiteral(": overlaps the block above")));
            QVERIFY2(block.rect.left() >= area.left() && block.rect.right() <= area.right() + 0.01,
                     qPrintable(where + QStringLiteral(": outside the margins")));
            QVERIFY2(tallRow || block.rect.bottom() <= area.bottom() + 0.01, qPrintable(where + QStringLiteral(": below the footer")));
            bottom = block.rect.bottom();
            if (block.kind == PackBlock::Kind::SectionTitle)
                sectionTitles.append(block.title);
            if (block.kind != PackBlock::Kind::Table)
                continue;
            QVERIFY2(block.firstRow < block.lastRow && block.lastRow <= block.rowCount, qPrintable(where));
            if (openTable) {
                // The continuation opens the next page, from the row where the table stopped.
                QVERIFY2(b == 0 && block.title == openTable->title && block.firstRow == openTable->lastRow, qPrintable(where));
                openTable.reset();
            } else {
                QCOMPARE(block.firstRow, 0);
            }
            if (block.lastRow < block.rowCount) {
                ++splits;
                // No widows: three rows at least go over, unless this part is as short.
                QVERIFY2(block.rowCount - block.lastRow >= 3 || block.lastRow - block.firstRow <= 3, qPrintable(where));
                openTable = block;
            }
        }
    }
    QVERIFY2(!openTable, "a table stops without its continuation");
    QVERIFY2(splits > 0, "no table of the default pack splits: the split checks above checked nothing");
    QStringList expected;
    for (const PackSection &section : packSections())
        expected.append(section.title);
    QCOMPARE(sectionTitles, expected);
}

QTEST_MAIN(TestBoardPack)
#include "tst_boardpack.moc"
