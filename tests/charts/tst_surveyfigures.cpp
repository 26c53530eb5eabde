// The satisfaction-gap figures and the milestone status board: the significance rule, the figures
// against the store and the seed, what they count and draw, and what they say on an empty store.
//
// Set OVERSIGHT_FIGURE_PNG_DIR to a folder to also write every figure and variant there as PNG at
// 1000×700, 1123×794 (A4 landscape at 96 dpi) and 640×420, and the empty-store messages (to look at them).
#include "chartregistry.h"
#include "csv.h"
#include "figure.h"
#include "figurepainting.h"
#include "milestoneboard.h"
#include "milestonefigures.h"
#include "reporttable.h"
#include "reporttablemodel.h"
#include "store.h"
#include "surveyfigures.h"
#include "surveygaps.h"

#include <QDir>
#include <QFile>
#include <QFont>
#include <QFontInfo>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QRawFont>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace oversight;
using namespace oversight::charts;

namespace {

const QString kHeatmap = QStringLiteral("survey.gaps-heatmap");
const QString kBars = QStringLiteral("survey.gaps-bars");
const QString kBoard = QStringLiteral("milestones.board");

csv::Table seedTable(const QString &file)
{
    QFile f(QStringLiteral(OVERSIGHT_SOURCE_DIR "/resources/seed/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return csv::parseTable(QString::fromUtf8(f.readAll()));
}

// The body rectangle Figure::paint leaves under the heading and above the source line.
QRectF bodyRect(const Figure &figure, const QSizeF &size)
{
    const FigureText words = figure.text();
    const qreal top = frameTopHeight(words, size.width());
    return QRectF(0, top, size.width(), size.height() - top - frameBottomHeight(words, size.width()));
}

QImage render(Figure &figure, const QSize &size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    figure.paint(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
    painter.end();
    return image;
}

double inkShare(const QImage &image, const QRect &area, int *colours)
{
    qint64 ink = 0;
    QSet<QRgb> distinct;
    const QRect r = area.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x) {
            const QRgb px = image.pixel(x, y);
            if (px != qRgb(255, 255, 255))
                ++ink;
            if (distinct.size() < 1000)
                distinct.insert(px);
        }
    }
    *colours = static_cast<int>(distinct.size());
    return r.isEmpty() ? 0.0 : double(ink) / (double(r.width()) * r.height());
}

std::unique_ptr<Figure> makeFigure(const Store &store, const QString &id, const QString &variant = {})
{
    auto figure = createFigure(store, id);
    if (figure) {
        ChartRequest request;
        request.variant = variant;
        figure->setRequest(request);
    }
    return figure;
}

// "3.0" -> "+3.0", "-6.3" -> "−6.3": how the report's figure reads on the charts.
QString signedText(const QString &csvNumber)
{
    if (csvNumber.startsWith(QLatin1Char('-')))
        return QChar(0x2212) + csvNumber.mid(1);
    return csvNumber.toDouble() == 0.0 ? csvNumber : QLatin1Char('+') + csvNumber;
}

} // namespace

class TestSurveyFigures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void significance_data();
    void significance();
    void reportTableSharesRule();
    void heatmapMatchesReport_data();
    void heatmapMatchesReport();
    void heatmapMatchesSeed_data();
    void heatmapMatchesSeed();
    void heatmapMatchesStore();
    void heatmapPointCounts();
    void barsPointCounts_data();
    void barsPointCounts();
    void milestoneCounts_data();
    void milestoneCounts();
    void milestoneQuarters();
    void milestoneStatusBasis_data();
    void milestoneStatusBasis();
    void milestoneIconsAgree();
    void inferredStatusDrawnAsInferred_data();
    void inferredStatusDrawnAsInferred();
    void milestoneProvenanceCounted();
    void paints_data();
    void paints();
    void layoutsDoNotOverlap_data();
    void layoutsDoNotOverlap();
    void toolTips();
    void missingCellsAreNoData();
    void emptyStore_data();
    void emptyStore();
    void boroughFallsBackToForce();
    void glyphsInDejaVuSans();
    void catalogue();

private:
    int storedGapCount(const QString &measureKey = {}) const;
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Store> m_empty;
};

void TestSurveyFigures::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("default.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
    Store::Options empty;
    empty.content = Store::Content::Empty; // what `oversight init --empty` creates
    m_empty = Store::open(m_dir.filePath(QStringLiteral("empty.sqlite")), empty, &error);
    QVERIFY2(m_empty, qPrintable(error));
}

int TestSurveyFigures::storedGapCount(const QString &measureKey) const
{
    QSqlQuery q(m_store->database());
    // Every gap for a measure (or all six), for the MPS in the report's quarter.
    q.prepare(QStringLiteral("SELECT count(*) FROM observation o JOIN measure m ON m.id = o.measure_id "
                             "JOIN period p ON p.id = o.period_id JOIN area a ON a.id = o.area_id "
                             "WHERE m.key LIKE ? AND o.breakdown_id <> 0 "
                             "AND p.code = 'Q1 2017/18' AND a.code = 'E23000001'"));
    q.addBindValue(measureKey.isEmpty() ? QStringLiteral("pas.%.gap") : measureKey + QStringLiteral(".gap"));
    if (!q.exec() || !q.next())
        return -1;
    return q.value(0).toInt();
}

void TestSurveyFigures::significance_data()
{
    QTest::addColumn<double>("gap");
    QTest::addColumn<bool>("significant");
    QTest::addColumn<QString>("text");
    const QString minus(QChar(0x2212));
    // The report: "A positive or negative figure of above +/-5% is considered significant." Above:
    // exactly 5.0 either way is not significant; the next figure the report can print, 5.1, is.
    QTest::newRow("+4.9 is not") << 4.9 << false << "+4.9";
    QTest::newRow("+5.0 is not") << 5.0 << false << "+5.0";
    QTest::newRow("-5.0 is not") << -5.0 << false << minus + "5.0";
    QTest::newRow("+5.1 is") << 5.1 << true << "+5.1";
    QTest::newRow("-5.1 is") << -5.1 << true << minus + "5.1";
    QTest::newRow("-4.9 is not") << -4.9 << false << minus + "4.9";
    // A figure stored with two decimals is judged as it is written: -4.95 reads -5.0 and is not
    // significant like every -5.0; 5.05 reads +5.1 and is; 5.04 reads +5.0 and is not.
    QTest::newRow("-4.95 as stored is not") << -4.95 << false << minus + "5.0";
    QTest::newRow("+5.04 as stored is not") << 5.04 << false << "+5.0";
    QTest::newRow("+5.05 as stored is") << 5.05 << true << "+5.1";
    QTest::newRow("-5.0501 as stored is") << -5.0501 << true << minus + "5.1";
    QTest::newRow("+4.949 reads 4.9, is not") << 4.949 << false << "+4.9";
    QTest::newRow("0.0 has no sign") << 0.0 << false << "0.0";
    QTest::newRow("-0.04 reads 0.0") << -0.04 << false << "0.0";
    QTest::newRow("-11.1 (Black, fair treatment)") << -11.1 << true << minus + "11.1";
    QTest::newRow("+10.7 (65 years +, overall)") << 10.7 << true << "+10.7";
}

void TestSurveyFigures::significance()
{
    QFETCH(double, gap);
    QFETCH(bool, significant);
    QFETCH(QString, text);
    QCOMPARE(isSignificantGap(gap), significant);
    QCOMPARE(gapText(gap), text);
    // What the figure writes and how it marks it never disagree: |text| > 5.0 exactly when marked.
    const double written = std::abs(text.right(text.size() - (text.at(0).isDigit() ? 0 : 1)).toDouble());
    QCOMPARE(written > 5.0, significant);
    // The rule the tables, figures and notes read is the report's: 5.0 points, "above", from the MPS average.
    const SignificanceRule &rule = significanceRule(MeasureFamily::SatisfactionGaps);
    QCOMPARE(&gapSignificance(), &rule);
    QCOMPARE(rule.thresholdPoints, 5.0);
    QVERIFY(rule.strict);
    QCOMPARE(rule.isSignificant(gap), significant);
    // A table carrying the rule marks exactly the same cells.
    ReportTable table;
    table.columns = {{QStringLiteral("Group"), ValueFormat::Text, false}, {QStringLiteral("Gap"), ValueFormat::Points, true}};
    ReportRow row;
    row.cells = {QStringLiteral("A group"), gap};
    table.rows.append(row);
    table.significance = rule;
    ReportTableModel model;
    model.setTable(table);
    QCOMPARE(model.index(0, 1).data(static_cast<int>(ReportTableModel::Role::Significant)).toBool(), significant);
    QCOMPARE(model.index(0, 1).data(Qt::BackgroundRole).isValid(), significant);
}

void TestSurveyFigures::reportTableSharesRule()
{
    QString error;
    const auto table = reporttables::build(*m_store, QStringLiteral("satisfaction-gaps"), &error);
    QVERIFY2(table, qPrintable(error));
    ReportTableModel model;
    model.setTable(*table);
    auto heatmap = makeFigure(*m_store, kHeatmap);
    const auto &data = static_cast<SurveyGapsHeatmap *>(heatmap.get())->data();
    int checked = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (table->rows.at(r).kind == RowKind::Total)
            continue;
        for (int c = 2; c < model.columnCount(); ++c) {
            const QVariant v = model.index(r, c).data(static_cast<int>(ReportTableModel::Role::Value));
            if (!v.isValid())
                continue;
            QCOMPARE(model.index(r, c).data(static_cast<int>(ReportTableModel::Role::Significant)).toBool(),
                     isSignificantGap(v.toDouble()));
            // The heatmap shows the table's figure for the same group and measure.
            const auto &group = data.groups().at(r - 1);
            QCOMPARE(group.name, table->rows.at(r).cells.at(0).toString());
            QVERIFY(group.gaps.at(c - 2).has_value());
            QVERIFY(*group.gaps.at(c - 2) == v.toDouble());
            ++checked;
        }
    }
    QCOMPARE(checked, 108);
}

void TestSurveyFigures::heatmapMatchesReport_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("measure");
    QTest::addColumn<double>("gap");
    QTest::addColumn<bool>("significant");
    // Figures as printed in the Q1 2017/18 inequalities table.
    QTest::newRow("Black, Fair treatment") << "Black" << "pas.fair_treatment" << -11.1 << true;
    QTest::newRow("Mixed, Good job") << "Mixed" << "pas.good_job" << -13.5 << true;
    QTest::newRow("Other ethnicity, Fair treatment (exactly 5.0)") << "Other ethnicity" << "pas.fair_treatment" << 5.0 << false;
    QTest::newRow("Other ethnicity, Good job (4.9)") << "Other ethnicity" << "pas.good_job" << 4.9 << false;
    QTest::newRow("White Other, Informed local (-4.9)") << "White Other" << "pas.informed_local" << -4.9 << false;
    QTest::newRow("65 years +, Overall satisfaction") << "65 years +" << "pas.overall_satisfaction" << 10.7 << true;
    QTest::newRow("65 years +, Listen to concerns (exactly 5.0)") << "65 years +" << "pas.listen_concerns" << 5.0 << false;
    QTest::newRow("Black, Dealing issues (-5.5)") << "Black" << "pas.dealing_issues" << -5.5 << true;
    QTest::newRow("LGB, Informed local (0.0)") << "LGB" << "pas.informed_local" << 0.0 << false;
    QTest::newRow("LGB, Dealing issues") << "LGB" << "pas.dealing_issues" << -9.3 << true;
    QTest::newRow("Female, Informed local") << "Female" << "pas.informed_local" << -1.7 << false;
}

void TestSurveyFigures::heatmapMatchesReport()
{
    QFETCH(QString, group);
    QFETCH(QString, measure);
    QFETCH(double, gap);
    QFETCH(bool, significant);
    auto heatmap = makeFigure(*m_store, kHeatmap);
    const auto &data = static_cast<SurveyGapsHeatmap *>(heatmap.get())->data();
    QCOMPARE(data.periodLabel(), QStringLiteral("Q1 2017/18"));
    const int m = data.measureIndex(measure);
    QVERIFY(m >= 0);
    for (const auto &g : data.groups()) {
        if (g.name != group)
            continue;
        QVERIFY(g.gaps.at(m).has_value());
        QVERIFY2(*g.gaps.at(m) == gap, qPrintable(QString::number(*g.gaps.at(m))));
        QCOMPARE(isSignificantGap(*g.gaps.at(m)), significant);
        return;
    }
    QFAIL("group not drawn");
}

void TestSurveyFigures::heatmapMatchesSeed_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("measure");
    QTest::addColumn<QString>("value");
    const csv::Table seed = seedTable(QStringLiteral("observations.csv"));
    QVERIFY(!seed.rows.isEmpty());
    for (const auto &row : seed.rows) {
        const QString key = row.value(QStringLiteral("measure_key"));
        if (!key.startsWith(QLatin1String("pas.")) || !key.endsWith(QLatin1String(".gap")))
            continue;
        const QString breakdown = row.value(QStringLiteral("breakdown"));
        const qsizetype colon = breakdown.indexOf(QStringLiteral(": "));
        QTest::newRow(qPrintable(breakdown + QStringLiteral(", ") + key))
            << breakdown.left(colon) << breakdown.mid(colon + 2) << key.chopped(4) << row.value(QStringLiteral("value"));
    }
}

void TestSurveyFigures::heatmapMatchesSeed()
{
    QFETCH(QString, category);
    QFETCH(QString, group);
    QFETCH(QString, measure);
    QFETCH(QString, value);
    auto heatmap = makeFigure(*m_store, kHeatmap);
    const auto &data = static_cast<SurveyGapsHeatmap *>(heatmap.get())->data();
    const int m = data.measureIndex(measure);
    QVERIFY(m >= 0);
    for (const auto &g : data.groups()) {
        if (g.category != category || g.name != group)
            continue;
        QVERIFY(g.gaps.at(m).has_value());
        QVERIFY2(*g.gaps.at(m) == value.toDouble(), qPrintable(QString::number(*g.gaps.at(m))));
        QCOMPARE(gapText(*g.gaps.at(m)), signedText(value));
        return;
    }
    QFAIL("group not drawn");
}

void TestSurveyFigures::heatmapMatchesStore()
{
    auto heatmap = makeFigure(*m_store, kHeatmap);
    const auto &data = static_cast<SurveyGapsHeatmap *>(heatmap.get())->data();
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT o.value FROM observation o JOIN measure m ON m.id = o.measure_id "
                             "JOIN breakdown b ON b.id = o.breakdown_id JOIN period p ON p.id = o.period_id "
                             "JOIN area a ON a.id = o.area_id "
                             "WHERE m.key = ? AND b.category = ? AND b.grp = ? AND p.code = ? AND a.code = ?"));
    int cells = 0;
    for (const auto &g : data.groups()) {
        for (int m = 0; m < data.measures().size(); ++m) {
            q.addBindValue(data.measures().at(m).key + QStringLiteral(".gap"));
            q.addBindValue(g.category);
            q.addBindValue(g.name);
            q.addBindValue(data.periodCode());
            q.addBindValue(data.areaCode());
            QVERIFY(q.exec());
            const bool stored = q.next();
            QCOMPARE(g.gaps.at(m).has_value(), stored);
            if (stored) {
                QVERIFY(*g.gaps.at(m) == q.value(0).toDouble());
                ++cells;
            }
        }
    }
    QCOMPARE(cells, storedGapCount());
}

void TestSurveyFigures::heatmapPointCounts()
{
    auto heatmap = makeFigure(*m_store, kHeatmap);
    QVERIFY(heatmap->missingData().isEmpty());
    const QList<int> counts = heatmap->pointCounts();
    QCOMPARE(counts.size(), 6);
    int total = 0;
    for (int c : counts)
        total += c;
    QCOMPARE(total, storedGapCount());
    QCOMPARE(total, 18 * 6); // every cell of the report's table
    const auto &data = static_cast<SurveyGapsHeatmap *>(heatmap.get())->data();
    for (int m = 0; m < data.measures().size(); ++m)
        QCOMPARE(counts.at(m), storedGapCount(data.measures().at(m).key));
    // Groups in the report's order, categories as the store names them.
    QCOMPARE(data.groups().size(), 18);
    QCOMPARE(data.groups().first().name, QStringLiteral("White British"));
    QCOMPARE(data.groups().last().name, QStringLiteral("Female"));
    QCOMPARE(heatmap->text().source, QStringLiteral("Source: Public Attitude Survey and User Satisfaction Survey"));
    QCOMPARE(heatmap->text().asAt, QStringLiteral("Data as at 30 June 2017"));
    QVERIFY(heatmap->text().subtitle.contains(QStringLiteral("Q1 2017/18")));
}

void TestSurveyFigures::barsPointCounts_data()
{
    QTest::addColumn<QString>("measure");
    QTest::addColumn<QString>("label");
    for (const SurveyMeasure &m : surveyMeasures())
        QTest::newRow(qPrintable(m.key)) << m.key << m.shortName;
}

void TestSurveyFigures::barsPointCounts()
{
    QFETCH(QString, measure);
    QFETCH(QString, label);
    auto bars = makeFigure(*m_store, kBars, measure);
    QVERIFY(bars->missingData().isEmpty());
    QCOMPARE(bars->pointCounts(), QList<int>{storedGapCount(measure)});
    bool offered = false;
    for (const FigureVariant &v : bars->variants())
        offered = offered || (v.id == measure && v.label == label);
    QVERIFY(offered);
    QCOMPARE(bars->variants().size(), 6);
}

void TestSurveyFigures::milestoneCounts_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("inSeed");
    const csv::Table seed = seedTable(QStringLiteral("milestones.csv"));
    QVERIFY(!seed.rows.isEmpty());
    for (const QString &status : milestoneStatuses()) {
        int n = 0;
        for (const auto &row : seed.rows)
            n += row.value(QStringLiteral("status")) == status ? 1 : 0;
        QTest::newRow(qPrintable(status)) << status << n;
    }
}

void TestSurveyFigures::milestoneCounts()
{
    QFETCH(QString, status);
    QFETCH(int, inSeed);
    auto board = makeFigure(*m_store, kBoard);
    QVERIFY(board->missingData().isEmpty());
    const auto &data = static_cast<MilestoneBoard *>(board.get())->data();
    QSqlQuery q(m_store->database());
    q.prepare(QStringLiteral("SELECT count(*) FROM milestone m JOIN period rp ON rp.id = m.reported_in_period_id "
                             "WHERE m.status = ? AND rp.code = ?"));
    q.addBindValue(status);
    q.addBindValue(data.quarter().code);
    QVERIFY(q.exec() && q.next());
    const int stored = q.value(0).toInt();
    QCOMPARE(stored, inSeed);
    QCOMPARE(data.count(status), stored);
    const qsizetype at = data.statuses().indexOf(status);
    if (stored > 0) {
        QVERIFY(at >= 0);
        QCOMPARE(board->pointCounts().at(at), stored);
    }
    // The sections' counts add up to the quarter's.
    int bySection = 0;
    for (const auto &section : data.sections())
        bySection += data.count(section, status);
    QCOMPARE(bySection, stored);
    QCOMPARE(data.quarter().label, QStringLiteral("Q1 2017/18"));
    QCOMPARE(board->text().asAt, QStringLiteral("Data as at 30 June 2017"));
}

void TestSurveyFigures::milestoneQuarters()
{
    // A store with a second quarter's report (fixture: Q1's milestones re-reported at Q2, the first
    // five now delivered): the board offers both, latest first, and shows the latest by default.
    QString error;
    auto store = Store::open(m_dir.filePath(QStringLiteral("two-quarters.sqlite")), &error);
    QVERIFY2(store, qPrintable(error));
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral(
        "INSERT INTO milestone (period_id, reported_in_period_id, ordinal, section, programme, text, status, commentary, batch_id) "
        "SELECT period_id, (SELECT id FROM period WHERE code = 'Q2 2017/18'), ordinal, section, programme, text, "
        "CASE WHEN ordinal <= 5 THEN 'delivered' ELSE status END, commentary, batch_id FROM milestone")));
    auto board = makeFigure(*store, kBoard);
    const QList<FigureVariant> variants = board->variants();
    QCOMPARE(variants.size(), 2);
    QCOMPARE(variants.at(0).id, QStringLiteral("Q2 2017/18"));
    QCOMPARE(variants.at(1).id, QStringLiteral("Q1 2017/18"));
    const auto &latest = static_cast<MilestoneBoard *>(board.get())->data();
    QCOMPARE(latest.quarter().code, QStringLiteral("Q2 2017/18"));
    QCOMPARE(board->text().asAt, QStringLiteral("Data as at 30 September 2017"));
    auto q1 = makeFigure(*store, kBoard, QStringLiteral("Q1 2017/18"));
    const auto &first = static_cast<MilestoneBoard *>(q1.get())->data();
    QCOMPARE(first.milestones().size(), latest.milestones().size());
    // Of the first five, two were delivered at Q1 (ordinals 2 and 4); all five at Q2.
    QCOMPARE(latest.count(QStringLiteral("delivered")), first.count(QStringLiteral("delivered")) + 3);
    QCOMPARE(board->pointCounts().at(0), latest.count(QStringLiteral("delivered")));
}

void TestSurveyFigures::milestoneStatusBasis_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("icon");
    QTest::addColumn<QString>("words");
    QTest::addColumn<QString>("commentary");
    QTest::addColumn<QString>("problem"); // a word the refusal names; empty when the basis holds
    const QString commentary = QStringLiteral("The strategy was published in June.");
    QTest::newRow("printed with its icon") << "delivered" << "printed" << "✓" << "" << commentary << "";
    QTest::newRow("printed without an icon") << "delivered" << "printed" << "" << "" << commentary << "icon";
    QTest::newRow("inferred from words in the commentary") << "delivered" << "inferred" << "" << "was published in June"
                                                           << commentary << "";
    QTest::newRow("inferred from words not in it") << "delivered" << "inferred" << "" << "was published in May"
                                                   << commentary << "not in the milestone's commentary";
    QTest::newRow("inferred without words") << "on track" << "inferred" << "" << "" << commentary << "words";
    QTest::newRow("a status with no source") << "some delays" << "" << "" << "" << commentary << "needs a source";
    QTest::newRow("not stated") << "not stated" << "" << "" << "" << commentary << "";
    QTest::newRow("not stated, icon kept") << "not stated" << "" << "📖" << "" << commentary << "";
    QTest::newRow("not stated cannot be inferred") << "not stated" << "inferred" << "" << "published" << commentary
                                                   << "not stated";
    QTest::newRow("unknown status") << "done" << "printed" << "✓" << "" << commentary << "not one of";
}

void TestSurveyFigures::milestoneStatusBasis()
{
    QFETCH(QString, status);
    QFETCH(QString, from);
    QFETCH(QString, icon);
    QFETCH(QString, words);
    QFETCH(QString, commentary);
    QFETCH(QString, problem);
    const QString found = milestoneStatusBasisProblem({status, from, icon, words, commentary});
    if (problem.isEmpty())
        QVERIFY2(found.isEmpty(), qPrintable(found));
    else
        QVERIFY2(found.contains(problem), qPrintable(found));
}

void TestSurveyFigures::milestoneIconsAgree()
{
    // The seed as stored: every status has a basis, and one icon reads one way throughout (Tranche 1
    // Estate and the mobile devices rollout share theirs).
    const csv::Table seed = seedTable(QStringLiteral("milestones.csv"));
    QList<MilestoneStatusBasis> bases;
    QStringList labels;
    QHash<QString, QSet<QString>> statusesByIcon;
    for (const auto &row : seed.rows) {
        bases.append({row.value(QStringLiteral("status")), row.value(QStringLiteral("status_from")),
                      row.value(QStringLiteral("status_icon")), row.value(QStringLiteral("status_words")),
                      row.value(QStringLiteral("commentary"))});
        labels.append(row.value(QStringLiteral("milestone")));
        QVERIFY2(milestoneStatusBasisProblem(bases.last()).isEmpty(), qPrintable(milestoneStatusBasisProblem(bases.last())));
        if (!bases.last().icon.isEmpty())
            statusesByIcon[bases.last().icon].insert(bases.last().status);
    }
    QVERIFY(milestoneIconDisagreement(bases, labels).isEmpty());
    QVERIFY(statusesByIcon.size() >= 2);
    for (auto it = statusesByIcon.cbegin(); it != statusesByIcon.cend(); ++it)
        QCOMPARE(it.value().size(), 1);
    // The report's ✓ beside "The strategic case has been approved at PIB and by MOPAC so we have
    // delivered this milestone ahead of schedule" belongs to the Optimising Response strategic case.
    const qsizetype optimising = labels.indexOf(QStringLiteral("Finalise the strategic case for the Optimising Response programme"));
    QVERIFY(optimising >= 0);
    QCOMPARE(bases.at(optimising).status, QStringLiteral("delivered"));
    QCOMPARE(bases.at(optimising).from, QStringLiteral("printed"));
    QCOMPARE(bases.at(optimising).icon, QStringLiteral("✓"));
    QVERIFY(bases.at(optimising).commentary.startsWith(QStringLiteral("The strategic case has been approved at PIB")));

    // A milestone given the ✓ but another status is refused, naming it, the icon and both statuses.
    bases[1].icon = bases.at(optimising).icon;
    bases[1].status = QStringLiteral("on track");
    const QString disagreement = milestoneIconDisagreement(bases, labels);
    QVERIFY2(disagreement.contains(labels.at(1)) && disagreement.contains(QStringLiteral("✓"))
                 && disagreement.contains(QStringLiteral("'on track'")) && disagreement.contains(QStringLiteral("'delivered'")),
             qPrintable(disagreement));
}

void TestSurveyFigures::inferredStatusDrawnAsInferred_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("words");
    const csv::Table seed = seedTable(QStringLiteral("milestones.csv"));
    QVERIFY(!seed.rows.isEmpty());
    for (int i = 0; i < seed.rows.size(); ++i) {
        const auto &row = seed.rows.at(i);
        QTest::addRow("%s %s (%s)", qPrintable(row.value(QStringLiteral("ordinal"))),
                      qPrintable(row.value(QStringLiteral("status"))), qPrintable(row.value(QStringLiteral("status_from"))))
            << i << row.value(QStringLiteral("status")) << row.value(QStringLiteral("status_from"))
            << row.value(QStringLiteral("status_words"));
    }
}

void TestSurveyFigures::inferredStatusDrawnAsInferred()
{
    QFETCH(int, index);
    QFETCH(QString, status);
    QFETCH(QString, from);
    QFETCH(QString, words);
    auto figure = makeFigure(*m_store, kBoard);
    auto *board = static_cast<MilestoneBoard *>(figure.get());
    QCOMPARE(board->data().milestones().at(index).status, status);
    QCOMPARE(board->data().milestones().at(index).statusFrom, from);
    const QSize size(1600, 1000);
    const QImage image = render(*board, size);
    const QRectF body = bodyRect(*board, QSizeF(size));
    const auto l = board->layout(body);
    QCOMPARE(l.scale, 1.0); // so the sample below is a whole pixel inside the badge
    // Inside the badge, clear of its border and its symbol: the status colour when printed (or not
    // stated), white inside an outline when inferred.
    const QRectF badge = MilestoneBoard::badgeRect(l.chips.at(index));
    const QPointF sample = l.origin + QPointF(badge.left() + 5, badge.top() + 5) * l.scale;
    const QColor seen = image.pixelColor(sample.toPoint());
    const bool inferred = from == QLatin1String("inferred");
    const QColor expected = inferred ? QColor(Qt::white) : milestoneStatusColour(status);
    auto near = [](const QColor &a, const QColor &b) {
        return std::abs(a.red() - b.red()) <= 8 && std::abs(a.green() - b.green()) <= 8 && std::abs(a.blue() - b.blue()) <= 8;
    };
    QVERIFY2(near(seen, expected), qPrintable(QStringLiteral("badge of %1 is %2, expected %3")
                                                  .arg(index).arg(seen.name(), expected.name())));
    // The tooltip says how the status was reached, quoting the words an inferred one was read from.
    const QString tip = board->toolTipAt(l.origin + l.chips.at(index).center() * l.scale, body);
    if (inferred) {
        QVERIFY2(tip.contains(QStringLiteral("<i>inferred</i>")), qPrintable(tip));
        QVERIFY2(tip.contains(words.toHtmlEscaped()), qPrintable(tip));
    } else {
        QVERIFY2(!tip.contains(QStringLiteral("inferred")), qPrintable(tip));
        QCOMPARE(tip.contains(QStringLiteral("printed in the report")), from == QLatin1String("printed"));
    }
}

void TestSurveyFigures::milestoneProvenanceCounted()
{
    // The board's note and the report table's note give the seed's counts of printed and inferred
    // statuses; the table's "Status from" column and its italics follow each row.
    const csv::Table seed = seedTable(QStringLiteral("milestones.csv"));
    int printed = 0;
    int inferred = 0;
    int notStated = 0;
    for (const auto &row : seed.rows) {
        printed += row.value(QStringLiteral("status_from")) == QLatin1String("printed") ? 1 : 0;
        inferred += row.value(QStringLiteral("status_from")) == QLatin1String("inferred") ? 1 : 0;
        notStated += row.value(QStringLiteral("status")) == QLatin1String("not stated") ? 1 : 0;
    }
    QVERIFY(printed > 0 && inferred > 0);
    const int total = static_cast<int>(seed.rows.size());
    QCOMPARE(printed + inferred + notStated, total);

    auto figure = makeFigure(*m_store, kBoard);
    const auto &data = static_cast<MilestoneBoard *>(figure.get())->data();
    QCOMPARE(data.inferredCount(), inferred);
    QCOMPARE(data.printedCount(), printed);
    int byStatus = 0;
    for (const QString &status : data.statuses())
        byStatus += data.inferredCount(status);
    QCOMPARE(byStatus, inferred);
    QCOMPARE(data.inferredCount(QStringLiteral("not stated")), 0);
    const QString note = figure->text().note;
    QVERIFY2(note.contains(QStringLiteral("%1 of the %2 statuses are inferred").arg(inferred).arg(total)), qPrintable(note));

    QString error;
    const auto table = reporttables::build(*m_store, QStringLiteral("milestones"), &error);
    QVERIFY2(table, qPrintable(error));
    QVERIFY2(table->note.contains(QStringLiteral("%1 of the %2 statuses are printed").arg(printed).arg(total)), qPrintable(table->note));
    QVERIFY2(table->note.contains(QStringLiteral("%1 are inferred").arg(inferred)), qPrintable(table->note));
    int fromColumn = -1;
    for (int c = 0; c < table->columns.size(); ++c) {
        if (table->columns.at(c).header == QLatin1String("Status from"))
            fromColumn = c;
    }
    QVERIFY(fromColumn >= 0);
    QCOMPARE(table->columns.at(fromColumn).header, QStringLiteral("Status from"));
    ReportTableModel model;
    model.setTable(*table);
    for (int r = 0; r < seed.rows.size(); ++r) {
        const QString from = seed.rows.at(r).value(QStringLiteral("status_from"));
        QCOMPARE(model.index(r, fromColumn).data().toString(), from);
        QCOMPARE(model.index(r, 3).data(Qt::FontRole).value<QFont>().italic(), from == QLatin1String("inferred"));
        const QString detail = model.index(r, 0).data(Qt::ToolTipRole).toString();
        if (from == QLatin1String("inferred"))
            QVERIFY2(detail.contains(seed.rows.at(r).value(QStringLiteral("status_words"))), qPrintable(detail));
    }
}

void TestSurveyFigures::paints_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("variant");
    QTest::newRow("heatmap") << kHeatmap << QString();
    for (const SurveyMeasure &m : surveyMeasures())
        QTest::newRow(qPrintable(QStringLiteral("bars ") + m.key)) << kBars << m.key;
    QTest::newRow("milestone board") << kBoard << QString();
}

void TestSurveyFigures::paints()
{
    QFETCH(QString, id);
    QFETCH(QString, variant);
    auto figure = makeFigure(*m_store, id, variant);
    QVERIFY(figure);
    QVERIFY(figure->missingData().isEmpty());
    const QSize size(1100, 700);
    const QImage image = render(*figure, size);
    int colours = 0;
    const QRect body = bodyRect(*figure, QSizeF(size)).toAlignedRect();
    const double share = inkShare(image, body, &colours);
    QVERIFY2(share > 0.05, qPrintable(QString::number(share)));
    QVERIFY2(colours > 20, qPrintable(QString::number(colours)));

    const QString folder = qEnvironmentVariable("OVERSIGHT_FIGURE_PNG_DIR");
    if (!folder.isEmpty()) {
        QDir().mkpath(folder);
        const QString stem = QString(id + (variant.isEmpty() ? QString() : QLatin1Char('-') + variant)).replace(QLatin1Char('.'), QLatin1Char('_'));
        for (const QSize &out : {QSize(1000, 700), QSize(1123, 794), QSize(640, 420)}) {
            const QString path = QDir(folder).filePath(QStringLiteral("%1-%2x%3.png").arg(stem).arg(out.width()).arg(out.height()));
            QVERIFY(render(*figure, out).save(path));
        }
    }
}

void TestSurveyFigures::layoutsDoNotOverlap_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1000x700") << QSize(1000, 700);
    QTest::newRow("1123x794 (A4 landscape)") << QSize(1123, 794);
    QTest::newRow("1600x900") << QSize(1600, 900);
    QTest::newRow("small window 640x420") << QSize(640, 420);
}

void TestSurveyFigures::layoutsDoNotOverlap()
{
    QFETCH(QSize, size);
    // Bars: each value label sits inside the plot, clear of the group names, and clear of its bar.
    for (const SurveyMeasure &m : surveyMeasures()) {
        auto figure = makeFigure(*m_store, kBars, m.key);
        auto *bars = static_cast<SurveyGapsBars *>(figure.get());
        const QRectF body = bodyRect(*bars, QSizeF(size));
        const auto l = bars->layout(body);
        const QRectF inBody(QPointF(0, 0), body.size() / l.scale);
        QVERIFY(inBody.adjusted(-0.5, -0.5, 0.5, 0.5).contains(l.legend));
        for (int g = 0; g < bars->data().groups().size(); ++g) {
            const QRectF label = bars->valueLabelRect(l, g);
            const QRectF bar = bars->barRect(l, g);
            if (!bars->data().groups().at(g).gaps.at(bars->measure()))
                continue; // drawn as "no data" across the row
            const QString where = QStringLiteral("%1, group %2: label %3,%4 %5×%6 in plot %7,%8 %9×%10")
                                      .arg(m.key).arg(g).arg(label.x()).arg(label.y()).arg(label.width()).arg(label.height())
                                      .arg(l.plot.x()).arg(l.plot.y()).arg(l.plot.width()).arg(l.plot.height());
            QVERIFY2(l.plot.adjusted(-0.01, -0.01, 0.01, 0.01).contains(label), qPrintable(where));
            QVERIFY(!label.intersects(l.groupColumn));
            QVERIFY(!label.intersects(l.categoryColumn));
            QVERIFY(!label.intersects(bar));
            QVERIFY(bar.left() >= l.plot.left() && bar.right() <= l.plot.right());
        }
    }
    // Heatmap: every cell inside the body, the legend below the grid.
    {
        auto figure = makeFigure(*m_store, kHeatmap);
        auto *heatmap = static_cast<SurveyGapsHeatmap *>(figure.get());
        const QRectF body = bodyRect(*heatmap, QSizeF(size));
        const auto l = heatmap->layout(body);
        const QRectF inBody(QPointF(0, 0), body.size() / l.scale);
        for (int r = 0; r < l.rows.size(); ++r) {
            for (int c = 0; c < l.columns.size(); ++c) {
                QVERIFY(inBody.contains(l.cell(r, c)));
                QVERIFY(l.cell(r, c).bottom() <= l.legend.top());
            }
        }
        QVERIFY(inBody.adjusted(-0.5, -0.5, 0.5, 0.5).contains(l.legend));
    }
    // Board: chips inside their area, none over another, every row above the totals and legend.
    {
        auto figure = makeFigure(*m_store, kBoard);
        auto *board = static_cast<MilestoneBoard *>(figure.get());
        const QRectF body = bodyRect(*board, QSizeF(size));
        const auto l = board->layout(body);
        const QRectF inBody(QPointF(0, 0), body.size() / l.scale);
        QVERIFY2(l.neededHeight * l.scale <= body.height() + 0.5, qPrintable(QString::number(l.neededHeight)));
        QCOMPARE(l.chips.size(), board->data().milestones().size());
        for (int i = 0; i < l.chips.size(); ++i) {
            const QRectF chip = l.chips.at(i);
            QVERIFY(inBody.contains(chip));
            QVERIFY(chip.left() >= l.chipArea.left() - 0.01 && chip.right() <= l.chipArea.right() + 0.01);
            QVERIFY(chip.bottom() <= l.totalsRow.top());
            for (int j = i + 1; j < l.chips.size(); ++j)
                QVERIFY2(!chip.intersects(l.chips.at(j)), qPrintable(QStringLiteral("chips %1 and %2").arg(i).arg(j)));
        }
        QVERIFY(l.totalsRow.bottom() <= l.legend.top());
        QVERIFY(inBody.adjusted(-0.5, -0.5, 0.5, 0.5).contains(l.legend));
    }
}

void TestSurveyFigures::toolTips()
{
    const QSizeF size(1100, 700);
    {
        auto figure = makeFigure(*m_store, kHeatmap);
        auto *heatmap = static_cast<SurveyGapsHeatmap *>(figure.get());
        const QRectF body = bodyRect(*heatmap, size);
        const auto l = heatmap->layout(body);
        int black = -1;
        for (int r = 0; r < heatmap->data().groups().size(); ++r)
            black = heatmap->data().groups().at(r).name == QLatin1String("Black") ? r : black;
        const int fair = heatmap->data().measureIndex(QStringLiteral("pas.fair_treatment"));
        const QPointF centre = l.origin + l.cell(black, fair).center() * l.scale;
        const QString tip = heatmap->toolTipAt(centre, body);
        QVERIFY2(tip.contains(QStringLiteral("Black")), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("Police treat everyone fairly")));
        QVERIFY(tip.contains(QChar(0x2212) + QStringLiteral("11.1 pts")));
        QVERIFY(tip.contains(QStringLiteral("Significant")));
        QVERIFY(tip.contains(QStringLiteral("78.3%")));
    }
    {
        auto figure = makeFigure(*m_store, kBoard);
        auto *board = static_cast<MilestoneBoard *>(figure.get());
        const QRectF body = bodyRect(*board, size);
        const auto l = board->layout(body);
        for (int i = 0; i < board->data().milestones().size(); ++i) {
            const QString tip = board->toolTipAt(l.origin + l.chips.at(i).center() * l.scale, body);
            QVERIFY(tip.contains(board->data().milestones().at(i).text.toHtmlEscaped()));
        }
    }
}

void TestSurveyFigures::missingCellsAreNoData()
{
    // A store where one of the report's figures is missing and an import added a group with a
    // single figure (test fixture values, not the report's).
    QString error;
    auto store = Store::open(m_dir.filePath(QStringLiteral("gaps-missing.sqlite")), &error);
    QVERIFY2(store, qPrintable(error));
    QSqlQuery q(store->database());
    QVERIFY(q.exec(QStringLiteral(
        "DELETE FROM observation WHERE measure_id = (SELECT id FROM measure WHERE key = 'pas.fair_treatment.gap') "
        "AND breakdown_id = (SELECT id FROM breakdown WHERE category = 'Ethnicity' AND grp = 'Black')")));
    QCOMPARE(q.numRowsAffected(), 1);
    QVERIFY(q.exec(QStringLiteral("INSERT INTO breakdown (category, grp, ordinal) VALUES ('Age', 'Fixture group', 99)")));
    QVERIFY(q.exec(QStringLiteral(
        "INSERT INTO observation (measure_id, area_id, period_id, breakdown_id, value, batch_id) "
        "SELECT (SELECT id FROM measure WHERE key = 'pas.good_job.gap'), (SELECT id FROM area WHERE code = 'E23000001'), "
        "(SELECT id FROM period WHERE code = 'Q1 2017/18'), (SELECT id FROM breakdown WHERE grp = 'Fixture group'), "
        "-4.95, (SELECT max(id) FROM import_batch)")));

    auto heatmap = makeFigure(*store, kHeatmap);
    const auto &data = static_cast<SurveyGapsHeatmap *>(heatmap.get())->data();
    int total = 0;
    for (int n : heatmap->pointCounts())
        total += n;
    QCOMPARE(total, 18 * 6 - 1 + 1);
    QCOMPARE(data.groups().size(), 19);
    const int fair = data.measureIndex(QStringLiteral("pas.fair_treatment"));
    const int good = data.measureIndex(QStringLiteral("pas.good_job"));
    for (int g = 0; g < data.groups().size(); ++g) {
        const auto &group = data.groups().at(g);
        if (group.name == QLatin1String("Black")) {
            QVERIFY(!group.gaps.at(fair).has_value()); // missing, never zero
        } else if (group.name == QLatin1String("Fixture group")) {
            // After the last of its category, before the next category.
            QCOMPARE(data.groups().at(g - 1).name, QStringLiteral("65 years +"));
            QCOMPARE(data.groups().at(g + 1).category, QStringLiteral("Disability"));
            QVERIFY(*group.gaps.at(good) == -4.95);
            // Written -5.0, so not significant under the report's "above +/-5%".
            QVERIFY(!isSignificantGap(*group.gaps.at(good)));
            QCOMPARE(std::count_if(group.gaps.cbegin(), group.gaps.cend(), [](const auto &v) { return v.has_value(); }), 1);
        }
    }
    auto bars = makeFigure(*store, kBars, QStringLiteral("pas.fair_treatment"));
    QCOMPARE(bars->pointCounts(), QList<int>{17});
    auto *barsFigure = static_cast<SurveyGapsBars *>(bars.get());
    const QRectF body = bodyRect(*bars, QSizeF(1100, 700));
    const auto l = barsFigure->layout(body);
    int black = -1;
    for (int g = 0; g < barsFigure->data().groups().size(); ++g)
        black = barsFigure->data().groups().at(g).name == QLatin1String("Black") ? g : black;
    QVERIFY(barsFigure->valueLabelRect(l, black).isNull());
    QVERIFY(barsFigure->toolTipAt(l.origin + l.rows.at(black).center() * l.scale, body).contains(QStringLiteral("No figure")));

    const QString folder = qEnvironmentVariable("OVERSIGHT_FIGURE_PNG_DIR");
    for (Figure *figure : {heatmap.get(), bars.get()}) {
        const QImage image = render(*figure, QSize(1000, 700));
        int colours = 0;
        QVERIFY(inkShare(image, bodyRect(*figure, QSizeF(1000, 700)).toAlignedRect(), &colours) > 0.05);
        if (!folder.isEmpty())
            QVERIFY(image.save(QDir(folder).filePath(figure->id().replace(QLatin1Char('.'), QLatin1Char('_'))
                                                     + QStringLiteral("-missing-1000x700.png"))));
    }
}

void TestSurveyFigures::emptyStore_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("names");
    QTest::newRow("heatmap") << kHeatmap << "Public Attitude Survey";
    QTest::newRow("bars") << kBars << "Public Attitude Survey";
    QTest::newRow("milestone board") << kBoard << "Annex A";
}

void TestSurveyFigures::emptyStore()
{
    QFETCH(QString, id);
    QFETCH(QString, names);
    auto figure = makeFigure(*m_empty, id);
    QVERIFY(figure);
    const QString missing = figure->missingData();
    QVERIFY2(missing.contains(names), qPrintable(missing));
    QVERIFY(missing.contains(QStringLiteral("Import")));
    int drawn = 0;
    for (int n : figure->pointCounts())
        drawn += n;
    QCOMPARE(drawn, 0);
    QVERIFY(figure->text().asAt.isEmpty());
    const QImage image = render(*figure, QSize(800, 500)); // the message box, no figure
    int colours = 0;
    QVERIFY(inkShare(image, bodyRect(*figure, QSizeF(800, 500)).toAlignedRect(), &colours) > 0.05);
    const QString folder = qEnvironmentVariable("OVERSIGHT_FIGURE_PNG_DIR");
    if (!folder.isEmpty())
        QVERIFY(image.save(QDir(folder).filePath(id + QStringLiteral("-empty-store.png"))));
}

void TestSurveyFigures::boroughFallsBackToForce()
{
    auto figure = createFigure(*m_store, kHeatmap);
    ChartRequest request;
    request.areaCode = QStringLiteral("E09000033"); // Westminster: the report gives no borough gaps
    figure->setRequest(request);
    QVERIFY(figure->missingData().isEmpty());
    QVERIFY2(figure->text().note.contains(QStringLiteral("Westminster")), qPrintable(figure->text().note));
    QCOMPARE(static_cast<SurveyGapsHeatmap *>(figure.get())->data().areaCode(), QStringLiteral("E23000001"));
    // A period before any survey figure: nothing to draw, and it says so.
    request.areaCode.clear();
    request.to = QDate(2015, 3, 31);
    figure->setRequest(request);
    QVERIFY(!figure->missingData().isEmpty());
}

void TestSurveyFigures::glyphsInDejaVuSans()
{
    const QFont font = scaledFont(9.0);
    QCOMPARE(QFontInfo(font).family(), QStringLiteral("DejaVu Sans"));
    const QRawFont raw = QRawFont::fromFont(font);
    QVERIFY(raw.isValid());
    QString glyphs;
    for (const QString &status : milestoneStatuses())
        glyphs += milestoneStatusGlyph(status);
    glyphs += QStringLiteral("−±≤≥…·“”");
    for (const QChar c : glyphs)
        QVERIFY2(raw.supportsCharacter(c), qPrintable(QStringLiteral("U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0'))));
    // Symbols differ, so statuses read without colour.
    QSet<QString> distinct;
    for (const QString &status : milestoneStatuses())
        distinct.insert(milestoneStatusGlyph(status));
    QCOMPARE(distinct.size(), milestoneStatuses().size());
}

void TestSurveyFigures::catalogue()
{
    QStringList ids;
    for (const ChartInfo &info : chartCatalogue())
        ids.append(info.id);
    for (const QString &id : {kHeatmap, kBars, kBoard}) {
        QVERIFY2(ids.contains(id), qPrintable(id));
        auto figure = createFigure(*m_store, id);
        QVERIFY(figure);
        QCOMPARE(figure->id(), id);
    }
    QVERIFY(!createSurveyFigure(*m_store, kBoard));
    QVERIFY(!createMilestoneFigure(*m_store, kHeatmap));
    QVERIFY(!createSurveyFigure(*m_store, QStringLiteral("crime.tno")));
    auto board = makeFigure(*m_store, kBoard);
    QCOMPARE(board->variants().size(), 1);
    QCOMPARE(board->variants().first().id, QStringLiteral("Q1 2017/18"));
}

QTEST_MAIN(TestSurveyFigures)
#include "tst_surveyfigures.moc"
