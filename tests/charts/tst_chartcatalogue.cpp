// Every chart and map in the catalogue renders on the default store, drawing exactly the figures
// its models hold; the Qt Charts figures' point counts are checked against the store's figures.
#include "chartfigure.h"
#include "chartregistry.h"
#include "figure.h"
#include "paintedfigure.h"

#include "annotations.h"
#include "store.h"

#include <QApplication>
#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QXYSeries>
#include <QImage>
#include <QPainter>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

#include <numeric>

using namespace oversight;
using namespace oversight::charts;

class TestChartCatalogue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void idsAreUniqueAndStable();
    void everyChartRenders_data();
    void everyChartRenders();
    void pointCountsEqualTheStore_data();
    void pointCountsEqualTheStore();
    void emptyStoreSaysWhatIsNeeded();
    void tnoFollowsThePeriod();
    void eventMarkersFollowAnnotations();
    void capitalByPortfolioKeepsEveryPortfolio();
    void niceRanges_data();
    void niceRanges();
    void screenViewMatchesExport();
    void disagreementsAreNoted_data();
    void disagreementsAreNoted();

private:
    QImage render(Figure &figure, QSize size = {1000, 650});
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

void TestChartCatalogue::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("charts.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
}

QImage TestChartCatalogue::render(Figure &figure, QSize size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    figure.paint(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

void TestChartCatalogue::idsAreUniqueAndStable()
{
    QStringList ids;
    for (const ChartInfo &c : chartCatalogue()) {
        QVERIFY2(!ids.contains(c.id), qPrintable(c.id));
        QVERIFY(!c.title.isEmpty());
        QVERIFY(!c.group.isEmpty());
        ids.append(c.id);
    }
    // The IDs the issue and the README name must exist.
    for (const char *id : {"crime.tno", "crime.high-harm", "hate.strands", "survey.perception", "workforce.strength",
                           "cj.victims", "finance.revenue", "finance.capital", "finance.reserves", "ct.arrests"})
        QVERIFY2(ids.contains(QLatin1String(id)), id);
    QVERIFY(!createFigure(*m_store, QStringLiteral("no.such.chart")));
}

void TestChartCatalogue::everyChartRenders_data()
{
    QTest::addColumn<QString>("id");
    for (const ChartInfo &c : chartCatalogue())
        QTest::newRow(qPrintable(c.id)) << c.id;
}

void TestChartCatalogue::everyChartRenders()
{
    QFETCH(QString, id);
    auto figure = createFigure(*m_store, id);
    QVERIFY(figure);
    QCOMPARE(figure->id(), id);
    figure->setRequest({});
    const FigureText text = figure->text();
    QVERIFY2(!text.title.isEmpty(), "a title");
    QVERIFY2(text.source.startsWith(QLatin1String("Source")), qPrintable(text.source));
    const QImage image = render(*figure);
    // The body (between heading and source line) is not blank: a chart, a map or the message
    // saying which data is needed.
    const int top = static_cast<int>(frameTopHeight(text, image.width()));
    const int bottom = image.height() - static_cast<int>(frameBottomHeight(text, image.width()));
    QVERIFY(bottom - top > 200);
    int inked = 0;
    for (int y = top; y < bottom; y += 2) {
        const QRgb *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); x += 2)
            inked += qGray(line[x]) < 200 ? 1 : 0;
    }
    QVERIFY2(inked > 300, qPrintable(QStringLiteral("%1: only %2 dark pixels in the body").arg(id).arg(inked)));
    // Drawn data or a message naming the data needed, never neither.
    const QList<int> counts = figure->pointCounts();
    if (figure->missingData().isEmpty()) {
        QVERIFY2(!counts.isEmpty(), qPrintable(id));
        QVERIFY2(std::accumulate(counts.begin(), counts.end(), 0) > 0, qPrintable(id));
        QVERIFY2(!text.asAt.isEmpty(), qPrintable(id + QStringLiteral(": data as at")));
    } else {
        QVERIFY2(figure->missingData().contains(QLatin1String("needs")) || figure->missingData().contains(QLatin1String("no ")),
                 qPrintable(figure->missingData()));
    }
    // Every variant renders too.
    for (const FigureVariant &v : figure->variants()) {
        ChartRequest request;
        request.variant = v.id;
        figure->setRequest(request);
        QVERIFY2(!render(*figure, {700, 450}).isNull(), qPrintable(v.id));
    }
}

void TestChartCatalogue::pointCountsEqualTheStore_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("area");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QList<int>>("expected");
    // MPS open data: 166 months (April 2010 to January 2024); same month last year from April 2011
    // (154); rolling 12 months complete from March 2011 (155).
    QTest::newRow("TNO") << "crime.tno" << QString() << QString() << QList<int>{166, 154, 155};
    QTest::newRow("burglary, Westminster and London") << "crime.category" << "E09000033" << "Burglary" << QList<int>{166, 166};
    QTest::newRow("burglary, MPS only") << "crime.category" << QString() << "Burglary" << QList<int>{166};
    // The report's 12-month totals: 12 months to June 2016 and to June 2017 for each measure.
    QTest::newRow("high harm") << "crime.high-harm" << QString() << QString() << QList<int>{2, 2, 2, 2, 2};
    // Months the report states for racist and religious hate crime (July 2016, and two in 2017).
    QTest::newRow("hate strands") << "hate.strands" << QString() << QString() << QList<int>{3};
    QTest::newRow("gun crime") << "crime.gun" << QString() << QString() << QList<int>{2};
    QTest::newRow("perception") << "survey.perception" << QString() << QString() << QList<int>{1, 1, 1, 1, 1};
    QTest::newRow("workforce") << "workforce.strength" << QString() << QString() << QList<int>{1, 1, 1, 1};
    QTest::newRow("victims informed") << "cj.victims" << QString() << QString() << QList<int>{2, 2, 2};
    // Revenue: the 16 lines of the revenue table (subtotals and totals are not bars).
    QTest::newRow("revenue") << "finance.revenue" << QString() << QString() << QList<int>{16, 16};
    QTest::newRow("revenue variance") << "finance.revenue-variance" << QString() << QString() << QList<int>{16, 16};
    QTest::newRow("officer pay") << "finance.business-groups" << QString() << "officer-pay" << QList<int>{6, 6, 6};
    QTest::newRow("savings") << "finance.savings" << QString() << QString() << QList<int>{3, 3};
    QTest::newRow("capital portfolios") << "finance.capital" << QString() << "portfolio" << QList<int>{4, 4, 4};
    QTest::newRow("capital programmes") << "finance.capital" << QString() << "programme" << QList<int>{16, 16, 16};
    // Reserves: 7 years; closing balance by status (3 sets), opening markers, movement line.
    QTest::newRow("reserves") << "finance.reserves" << QString() << QString() << QList<int>{7, 7, 7, 7, 7};
    QTest::newRow("commissioning") << "finance.commissioning" << QString() << QString() << QList<int>{3, 3};
    QTest::newRow("CT arrests: no data") << "ct.arrests" << QString() << QString() << QList<int>{};
    QTest::newRow("capital trend: no data") << "finance.capital-trend" << QString() << QString() << QList<int>{};
}

void TestChartCatalogue::pointCountsEqualTheStore()
{
    QFETCH(QString, id);
    QFETCH(QString, area);
    QFETCH(QString, variant);
    QFETCH(QList<int>, expected);
    auto figure = createFigure(*m_store, id);
    QVERIFY(figure);
    ChartRequest request;
    request.areaCode = area;
    request.variant = variant;
    figure->setRequest(request);
    QCOMPARE(figure->pointCounts(), expected);
    QCOMPARE(figure->missingData().isEmpty(), !expected.isEmpty());
}

void TestChartCatalogue::emptyStoreSaysWhatIsNeeded()
{
    QTemporaryDir dir;
    Store::Options options;
    options.content = Store::Content::Empty;
    QString error;
    auto empty = Store::open(dir.filePath(QStringLiteral("empty.sqlite")), options, &error);
    QVERIFY2(empty, qPrintable(error));
    for (const ChartInfo &c : chartCatalogue()) {
        auto figure = createFigure(*empty, c.id);
        figure->setRequest({});
        QVERIFY2(!figure->missingData().isEmpty(), qPrintable(c.id));
        const QList<int> counts = figure->pointCounts();
        QVERIFY2(std::accumulate(counts.begin(), counts.end(), 0) == 0, qPrintable(c.id));
        QVERIFY(!render(*figure, {600, 400}).isNull());
    }
}

void TestChartCatalogue::tnoFollowsThePeriod()
{
    auto figure = createFigure(*m_store, QStringLiteral("crime.tno"));
    ChartRequest request;
    request.from = QDate(2017, 4, 1);
    request.to = QDate(2018, 3, 31);
    figure->setRequest(request);
    QCOMPARE(figure->pointCounts(), (QList<int>{12, 12, 12}));
    QCOMPARE(figure->text().subtitle, QStringLiteral("Metropolitan Police Service, April 2017 to March 2018"));
    QCOMPARE(figure->text().asAt, QStringLiteral("Data as at 31 March 2018"));
    // The chart's values are the store's: the April 2017 total of every MPS category.
    QSqlQuery q(m_store->database());
    QVERIFY(q.exec(QStringLiteral("SELECT SUM(value) FROM observation_flat WHERE measure_key LIKE 'mps.%' "
                                  "AND period_kind = 'month' AND period_start = '2017-04-01'")));
    QVERIFY(q.next());
    auto *chartFigure = dynamic_cast<ChartFigure *>(figure.get());
    QVERIFY(chartFigure);
    std::unique_ptr<QChart> chart(chartFigure->buildChart({800, 500}));
    auto *values = qobject_cast<QXYSeries *>(chart->series().first());
    QVERIFY(values);
    QCOMPARE(values->at(0).y(), q.value(0).toDouble());
    QCOMPARE(values->property("labels").toStringList().first(), QStringLiteral("April 2017"));
}

void TestChartCatalogue::eventMarkersFollowAnnotations()
{
    auto figure = createFigure(*m_store, QStringLiteral("crime.tno"));
    auto *chartFigure = dynamic_cast<ChartFigure *>(figure.get());
    auto markers = [&] {
        figure->setRequest({});
        std::unique_ptr<QChart> chart(chartFigure->buildChart({800, 500}));
        QStringList names;
        for (QAbstractSeries *s : chart->series()) {
            if (s->property("decoration").toBool())
                names.append(s->name());
        }
        return names;
    };
    QVERIFY(markers().contains(QStringLiteral("EU referendum")));
    // Hidden events are not drawn; new ones are.
    auto all = annotations::list(*m_store, true);
    auto referendum = std::find_if(all.begin(), all.end(), [](const Annotation &a) { return a.label == QLatin1String("EU referendum"); });
    QVERIFY(referendum != all.end());
    Annotation hidden = *referendum;
    hidden.hidden = true;
    QString error;
    QVERIFY2(annotations::update(*m_store, hidden, &error), qPrintable(error));
    QVERIFY(!markers().contains(QStringLiteral("EU referendum")));
    Annotation added{0, QDate(2020, 3, 23), QStringLiteral("First lockdown"), QStringLiteral("COVID-19 stay-at-home order"), false};
    const qint64 id = annotations::add(*m_store, added, &error);
    QVERIFY2(id > 0, qPrintable(error));
    QVERIFY(markers().contains(QStringLiteral("First lockdown")));
    // Markers are decorations, not data.
    QCOMPARE(figure->pointCounts(), (QList<int>{166, 154, 155}));
    hidden.hidden = false;
    QVERIFY(annotations::update(*m_store, hidden, &error));
    QVERIFY(annotations::remove(*m_store, id, &error));
}

void TestChartCatalogue::capitalByPortfolioKeepsEveryPortfolio()
{
    // NCTPHQ has one programme and no total row: the portfolio view must still show its £62.0m.
    auto figure = createFigure(*m_store, QStringLiteral("finance.capital"));
    figure->setRequest({});
    auto *chartFigure = dynamic_cast<ChartFigure *>(figure.get());
    std::unique_ptr<QChart> chart(chartFigure->buildChart({800, 500}));
    auto *bars = qobject_cast<QAbstractBarSeries *>(chart->series().first());
    QVERIFY(bars);
    const QStringList labels = bars->property("labels").toStringList();
    // Bars run top to bottom in the table's order, so the lists are reversed.
    QCOMPARE(labels, (QStringList{QStringLiteral("Fleet"), QStringLiteral("Digital Policing"), QStringLiteral("NCTPHQ"),
                                  QStringLiteral("Property Services")}));
    QBarSet *budget = bars->barSets().first();
    QCOMPARE(budget->at(2), 62.0);
    QCOMPARE(budget->at(3), 147.9);
    double total = 0;
    for (int i = 0; i < budget->count(); ++i)
        total += budget->at(i);
    // The portfolios add up to the report's Total Capital Expenditure budget, £366.2m.
    QCOMPARE(qRound(total * 10), 3662);
}

void TestChartCatalogue::niceRanges_data()
{
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<int>("ticks");
    QTest::newRow("capital programmes") << -29.5 << 164.1 << -50.0 << 200.0 << 6;
    QTest::newRow("positive only") << 0.0 << 82.1 << 0.0 << 100.0 << 6;
    QTest::newRow("negative only") << -121.5 << 0.0 << -125.0 << 0.0 << 6;
    QTest::newRow("exact bound") << 0.0 << 100.0 << 0.0 << 100.0 << 6;
}

void TestChartCatalogue::niceRanges()
{
    QFETCH(double, lo);
    QFETCH(double, hi);
    QValueAxis axis;
    setNiceRange(&axis, lo, hi);
    QTEST(axis.min(), "min");
    QTEST(axis.max(), "max");
    QTEST(axis.tickCount(), "ticks");
}

void TestChartCatalogue::screenViewMatchesExport()
{
    // The on-screen figure is the same drawing: its view holds a chart with the same series.
    auto figure = createFigure(*m_store, QStringLiteral("finance.reserves"));
    figure->setRequest({});
    FigureView view(figure.get());
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *chartView = qobject_cast<QChartView *>(view.bodyView());
    QVERIFY(chartView);
    QCOMPARE(chartView->chart()->series().size(), 3);
    const QImage grabbed = view.grab().toImage();
    QVERIFY(!grabbed.isNull());
    QVERIFY(view.bodyView()->geometry().top() >= static_cast<int>(frameTopHeight(figure->text(), view.width())) - 1);
}

void TestChartCatalogue::disagreementsAreNoted_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("noted"); // empty: the figure notes no disagreement
    QTest::newRow("victim satisfaction") << "survey.satisfaction" << QStringList{"FY 2013/14", "FY 2014/15"};
    QTest::newRow("public perception") << "survey.perception" << QStringList{"+2%", "-2%"};
    QTest::newRow("total notifiable offences") << "crime.tno" << QStringList{};
}

// A figure drawing a measure the report states two values for says so in its note (screen, export
// and board pack print the note).
void TestChartCatalogue::disagreementsAreNoted()
{
    QFETCH(QString, id);
    QFETCH(QStringList, noted);
    auto figure = createFigure(*m_store, id);
    QVERIFY(figure);
    figure->setRequest(ChartRequest{});
    const QString note = figure->text().note;
    QCOMPARE(note.count(QStringLiteral("Disagreement in the report")), noted.isEmpty() ? 0 : 1);
    for (const QString &text : noted)
        QVERIFY2(note.contains(text), qPrintable(text + QStringLiteral(" not in: ") + note));
}

QTEST_MAIN(TestChartCatalogue)
#include "tst_chartcatalogue.moc"
