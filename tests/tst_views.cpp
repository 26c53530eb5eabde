#include "boardpackdialog.h"
#include "chartexportdialog.h"
#include "exportlocation.h"
#include "chartpage.h"
#include "packdata.h"
#include "copyabletableview.h"
#include "figure.h"
#include "figureexport.h"
#include "paintedfigure.h"
#include "dashboardview.h"
#include "filterbar.h"
#include "importer.h"
#include "importhistoryview.h"
#include "importmodels.h"
#include "importplan.h"
#include "reader.h"
#include "mainwindow.h"
#include "measureview.h"
#include "navigatormodel.h"
#include "reporttable.h"
#include "reporttablemodel.h"
#include "seriesmodel.h"
#include "store.h"
#include "tableexport.h"
#include "tableexportdialog.h"

#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QGuiApplication>
#include <QImage>
#include <QLabel>
#include <QImageReader>
#include <QLabel>
#include <QPrintPreviewDialog>
#include <QPrintPreviewWidget>
#include <QPrinter>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QStatusBar>
#include <QTest>
#include <QDir>
#include <QFileInfo>
#include <QPlainTextEdit>
#include <QLineEdit>
#include <QTreeView>
#include <QTreeWidget>
#include <QXYSeries>

using namespace oversight;

namespace {

int pointCount(QChart *chart)
{
    int points = 0;
    for (QAbstractSeries *series : chart->series()) {
        if (auto *xy = qobject_cast<QXYSeries *>(series))
            points += static_cast<int>(xy->count());
        else
            points += 1; // bar series: one per set, enough to say "not empty"
    }
    return points;
}

// The share of pixels in the middle of an image that are not the background colour.
double inkShare(const QImage &image)
{
    const QRect area(image.width() / 4, image.height() / 4, image.width() / 2, image.height() / 2);
    const QRgb background = image.pixel(area.topLeft());
    int ink = 0;
    for (int y = area.top(); y < area.bottom(); y += 2)
        for (int x = area.left(); x < area.right(); x += 2)
            ink += image.pixel(x, y) != background ? 1 : 0;
    return double(ink) / ((area.width() / 2) * (area.height() / 2));
}

// A workforce return for Q2 2017/18 in the long layout (one figure a row), imported as an officer
// would: the store then holds report figures for Q1 and Q2 2017/18. Returns the batch, -1 on failure.
// The MPS is given by its ONS code: by name, a file of MPS rows only reads them as total rows of
// boroughs it does not list, and stores none.
qint64 importWorkforceQ2(Store &store, const QString &folder)
{
    const QString path = QDir(folder).filePath(QStringLiteral("workforce_Q2_2017-18.csv"));
    QFile csv(path);
    if (!csv.open(QIODevice::WriteOnly))
        return -1;
    csv.write("Measure,Area,Period,Value\n"
              "Police officers,E23000001,Q2 2017/18,30850\n"
              "Special constables,E23000001,Q2 2017/18,2910\n"
              "PCSOs,E23000001,Q2 2017/18,1480\n"
              "Police staff,E23000001,Q2 2017/18,9120\n");
    csv.close();
    QString error;
    std::unique_ptr<import::Reader> reader = import::readerFor(path, &error);
    if (!reader || !reader->open(path, &error)) {
        qWarning("%s", qPrintable(error));
        return -1;
    }
    const auto plan = import::detectPlan(*reader, QFileInfo(path).fileName(), &error);
    if (!plan) {
        qWarning("%s", qPrintable(error));
        return -1;
    }
    const import::ImportResult result = import::Importer(store).run(path, *reader, *plan, {});
    if (!result.committed) {
        for (const auto &issue : result.issues)
            qWarning("%s", qPrintable(issue.toString()));
        return -1;
    }
    return result.batchId;
}

QLabel *asAtLabel(const MainWindow &window)
{
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
        if (label->accessibleName() == QLatin1String("Data as at"))
            return label;
    }
    return nullptr;
}

QStringList quarterLabels(const FilterBar &filter)
{
    QStringList out;
    for (int i = 0; i < filter.quarterBox()->count(); ++i)
        out.append(filter.quarterBox()->itemText(i));
    return out;
}

} // namespace

class TestViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensOnDefaultStore();
    void dataAsAtFollowsTheView();
    void selectingMeasureChangesChart();
    void everyViewRendersWithData();
    void filterFollowsArea();
    void mapClickSelectsBoroughEverywhere();
    void boardPackDialogSavesCommentaryAndBuilds();
    void boardPackDialogOffersLastQuartersText();
    void copiesSelectionAsTsv();
    void exportsTables();
    void remembersLastView();
    void chartPageExportsCopiesAndPrints();
    void disagreementsAreNoted_data();
    void disagreementsAreNoted();
    void figuresWithGapsArePoints_data();
    void figuresWithGapsArePoints();
    void quarterSelectorListsHeldQuarters();
    void quarterSelectorWithoutQuarters();
    void switchingQuarterKeepsThePlace();
    void quarterListFollowsImportAndUndo();
    void timeChartsEndAtTheQuarter();
    void exportsProposeAFolderThatExists();
    void firstStartFillsTheScreen();

private:
    // A default store with a Q2 2017/18 workforce return imported (built once, for the tests that
    // need two quarters; m_store stays as the seed made it).
    Store &twoQuarterStore();
    std::unique_ptr<Store> m_twoQuarters;
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

void TestViews::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MOPAC-test"));
    QCoreApplication::setApplicationName(QStringLiteral("Oversight-test"));
    QSettings().clear();
    QString error;
    m_store = Store::open(m_dir.filePath(QStringLiteral("views.sqlite")), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestViews::opensOnDefaultStore()
{
    MainWindow window(*m_store);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The first view is the report's recorded crime table, filled, built just after the first paint.
    QTRY_VERIFY(qobject_cast<DashboardView *>(window.currentView()));
    auto *dashboard = qobject_cast<DashboardView *>(window.currentView());
    QCOMPARE(dashboard->model()->rowCount(), 15);
    QCOMPARE(dashboard->model()->index(0, 3).data().toString(), QStringLiteral("790,473"));
}

// The status bar's "data as at" is that of what the view shows: the report's tables their quarter's
// end, the open data's trend its last month, a chart its own; never the newest figure in the store
// under a table of another quarter.
void TestViews::dataAsAtFollowsTheView()
{
    MainWindow window(*m_store);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QLabel *asAt = nullptr;
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
        if (label->accessibleName() == QLatin1String("Data as at"))
            asAt = label;
    }
    QVERIFY(asAt);
    QVERIFY(window.showView(QStringLiteral("table:revenue")));
    QCOMPARE(asAt->text(), QStringLiteral("Data as at 30 June 2017"));
    QVERIFY(window.showView(QStringLiteral("table:recorded-crime-12m")));
    QCOMPARE(asAt->text(), QStringLiteral("Data as at 30 June 2017"));
    // The open data runs to January 2024; the trend ends with the quarter's last month until the
    // officer widens the range.
    QVERIFY(window.showView(QStringLiteral("category:Burglary")));
    QCOMPARE(asAt->text(), QStringLiteral("Data as at 30 June 2017"));
    window.filterBar()->setRange(window.filterBar()->from(), QDate(2024, 1, 1));
    QCOMPARE(asAt->text(), QStringLiteral("Data as at 31 January 2024"));
    QVERIFY(window.showView(QStringLiteral("chart:milestones.board")));
    QCOMPARE(asAt->text(), QStringLiteral("Data as at 30 June 2017"));
}

void TestViews::selectingMeasureChangesChart()
{
    MainWindow window(*m_store);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QModelIndex burglary = window.navigator()->find(QStringLiteral("measure:mps.burglary.domestic_burglary"));
    QVERIFY(burglary.isValid());
    window.navigatorView()->setCurrentIndex(burglary);
    auto *view = qobject_cast<MeasureView *>(window.currentView());
    QVERIFY(view);
    QChart *chart = view->timeChartView()->chart();
    // Values, the quarter held (June 2017, Q1 2017/18's last month, marked), same month last year,
    // rolling 12 months.
    QCOMPARE(chart->series().size(), 4);
    QCOMPARE(chart->series().at(1)->name(), QStringLiteral("Quarter held (report)"));
    QCOMPARE(qobject_cast<QXYSeries *>(chart->series().at(1))->count(), 1);
    // April 2010 to June 2017, the quarter's last month: 87 months, 75 with the same month last year
    // and 76 rolling 12-month totals, and the one marked month.
    const int burglaryPoints = pointCount(chart);
    QCOMPARE(burglaryPoints, 87 + 75 + 76 + 1);

    const QModelIndex tno = window.navigator()->find(QStringLiteral("measure:crime.tno"));
    window.navigatorView()->setCurrentIndex(tno);
    auto *tnoView = qobject_cast<MeasureView *>(window.currentView());
    QVERIFY(tnoView && tnoView != view);
    QChart *tnoChart = tnoView->timeChartView()->chart();
    // Two stated figures stay two points: no line drawn between them, nothing padded; the 12 months
    // to June 2017 are the held quarter's, marked.
    QCOMPARE(tnoChart->series().size(), 2);
    QCOMPARE(pointCount(tnoChart), 2 + 1);
    QCOMPARE(tnoChart->series().first()->type(), QAbstractSeries::SeriesTypeScatter);
    // The report's figure and the open data's for the same 12 months, each labelled by its source,
    // with the difference and why; a measure with one source has no such panel.
    QVERIFY(tnoView->sourcesLabel());
    QVERIFY(tnoView->sourcesLabel()->isVisible());
    const QString sources = tnoView->sourcesLabel()->text();
    for (const QString &part : {QStringLiteral("MOPAC report"), QStringLiteral("790,473"), QStringLiteral("MPS open data"),
                                QStringLiteral("791,297"), QStringLiteral("+824"), QStringLiteral("Why they differ"),
                                QStringLiteral("12 months to June 2017")})
        QVERIFY2(sources.contains(part), qPrintable(part));
    QVERIFY(sources.indexOf(QStringLiteral("790,473")) < sources.indexOf(QStringLiteral("791,297")));
    QVERIFY(!view->sourcesLabel());
}

void TestViews::everyViewRendersWithData()
{
    MainWindow window(*m_store);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QStringList ids = MainWindow::viewIds(*m_store);
    QVERIFY(ids.size() > 60);
    QStringList afterTheQuarter;
    for (const QString &id : ids) {
        QVERIFY2(window.showView(id), qPrintable(id));
        QWidget *view = window.currentView();
        if (auto *dashboard = qobject_cast<DashboardView *>(view)) {
            QVERIFY2(dashboard->model()->rowCount() > 0, qPrintable(id));
            continue;
        }
        if (auto *history = qobject_cast<ImportHistoryView *>(view)) {
            QCOMPARE(history->model()->rowCount(), 2); // the report's figures and the MPS open data
            continue;
        }
        auto *measure = qobject_cast<MeasureView *>(view);
        QVERIFY2(measure, qPrintable(id));
        if (measure->seriesModel()->rowCount() == 0) {
            afterTheQuarter.append(id);
            continue;
        }
        QVERIFY2(pointCount(measure->timeChartView()->chart()) > 0, qPrintable(id));
    }
    // The range ends with the quarter's last month: only the two targets the Q1 report states for
    // later months (body worn video for September 2017, dedicated ward officers for December 2017)
    // lie beyond it, and show once the range is widened.
    QCOMPARE(afterTheQuarter, (QStringList{QStringLiteral("measure:dwo.target"), QStringLiteral("measure:bwv.rollout_target_officers")}));
    window.filterBar()->setRange(QDate(2010, 4, 1), QDate(2024, 1, 1));
    for (const QString &id : afterTheQuarter) {
        QVERIFY(window.showView(id));
        QCOMPARE(qobject_cast<MeasureView *>(window.currentView())->seriesModel()->rowCount(), 1);
    }
    // A rendered chart has ink in its plot area.
    QVERIFY(window.showView(QStringLiteral("category:Burglary")));
    auto *measure = qobject_cast<MeasureView *>(window.currentView());
    QTest::qWait(20);
    const QImage image = measure->timeChartView()->grab().toImage();
    QVERIFY2(inkShare(image) > 0.01, qPrintable(QString::number(inkShare(image))));
}

void TestViews::filterFollowsArea()
{
    MainWindow window(*m_store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showView(QStringLiteral("measure:mps.theft.theft_from_person")));
    auto *view = qobject_cast<MeasureView *>(window.currentView());
    window.filterBar()->setAreaCode(QStringLiteral("E09000033"));
    QCOMPARE(view->seriesModel()->areaName(), QStringLiteral("Westminster"));
    const QString westminster = view->seriesModel()->index(0, SeriesModel::ValueColumn).data().toString();
    window.filterBar()->setAreaCode(QStringLiteral("E09000029"));
    QCOMPARE(view->seriesModel()->areaName(), QStringLiteral("Sutton"));
    QVERIFY(view->seriesModel()->index(0, SeriesModel::ValueColumn).data().toString() != westminster);
    window.filterBar()->setRange(QDate(2017, 4, 1), QDate(2017, 6, 1));
    QCOMPARE(view->seriesModel()->rowCount(), 3);
    QCOMPARE(view->seriesModel()->index(0, SeriesModel::PeriodColumn).data().toString(), QStringLiteral("April 2017"));
}

void TestViews::mapClickSelectsBoroughEverywhere()
{
    MainWindow window(*m_store);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.filterBar()->setAreaCode(QStringLiteral("E23000001"));
    QVERIFY(window.showView(QStringLiteral("chart:map.crime")));
    auto *page = qobject_cast<ChartPage *>(window.currentView());
    QVERIFY(page);
    QVERIFY(window.filterBar()->areaAndMonthsEnabled());
    QWidget *body = page->figureView()->bodyView();
    auto *map = qobject_cast<charts::PaintedFigure *>(page->figure());
    QVERIFY(map);
    // Find a point inside Westminster on the map as drawn, then click it like an officer would.
    QPoint inside;
    for (int y = 0; y < body->height() && inside.isNull(); y += 3) {
        for (int x = 0; x < body->width() && inside.isNull(); x += 3) {
            if (map->areaAt(QPointF(x, y), QRectF(body->rect())) == QLatin1String("E09000033"))
                inside = QPoint(x, y);
        }
    }
    QVERIFY2(!inside.isNull(), "Westminster is on the map");
    QVERIFY(map->toolTipAt(QPointF(inside), QRectF(body->rect())).contains(QLatin1String("Westminster")));
    QTest::mouseClick(body, Qt::LeftButton, {}, inside);
    QCOMPARE(window.filterBar()->areaCode(), QStringLiteral("E09000033"));
    // Every other view follows the filter bar: the crime chart now shows Westminster against London.
    QVERIFY(window.showView(QStringLiteral("chart:crime.category")));
    auto *chart = qobject_cast<ChartPage *>(window.currentView());
    QVERIFY(chart);
    QVERIFY2(chart->figure()->text().subtitle.startsWith(QLatin1String("Westminster")), qPrintable(chart->figure()->text().subtitle));
    QCOMPARE(chart->figure()->pointCounts().size(), 2);
    auto *chartView = qobject_cast<QChartView *>(chart->figureView()->bodyView());
    QVERIFY(chartView);
    QCOMPARE(chartView->chart()->series().first()->name(), QStringLiteral("Westminster"));
    // Finance charts show the quarter chosen, for the report's own areas: area and months are
    // disabled for them, the quarter is not.
    QVERIFY(window.showView(QStringLiteral("chart:finance.reserves")));
    QVERIFY(!window.filterBar()->areaAndMonthsEnabled());
    QVERIFY(window.filterBar()->quarterBox()->isEnabled());
}

void TestViews::boardPackDialogSavesCommentaryAndBuilds()
{
    BoardPackDialog dialog(*m_store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // The quarters held, the latest chosen.
    QCOMPARE(dialog.quarterBox()->count(), 1);
    QCOMPARE(dialog.quarterBox()->currentText(), QStringLiteral("Q1 2017/18"));
    QTreeWidget *tree = dialog.sectionTree();
    QCOMPARE(tree->topLevelItemCount(), 9);
    // Write commentary for Finance, then move on: it is saved with the quarter.
    QTreeWidgetItem *finance = nullptr;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = tree->topLevelItem(i);
        if (item->text(0) == QLatin1String("Finance"))
            finance = item;
        else
            item->setCheckState(0, Qt::Unchecked);
    }
    QVERIFY(finance);
    tree->setCurrentItem(finance);
    dialog.commentaryEdit()->setPlainText(QStringLiteral("Overtime is forecast £27.0m over budget."));
    tree->setCurrentItem(tree->topLevelItem(0));
    QCOMPARE(packdata::commentary(*m_store, QStringLiteral("Q1 2017/18")).value(QStringLiteral("finance")),
             QStringLiteral("Overtime is forecast £27.0m over budget."));
    // Leave one chart out, then build.
    finance->child(0)->setCheckState(0, Qt::Unchecked);
    tree->setCurrentItem(finance);
    // OVERSIGHT_SCREENSHOT_DIR=… keeps a picture of the dialog to look at.
    if (const QString shots = qEnvironmentVariable("OVERSIGHT_SCREENSHOT_DIR"); !shots.isEmpty())
        dialog.grab().save(QDir(shots).filePath(QStringLiteral("board-pack-dialog.png")));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("finance pack.pdf"));
    dialog.fileField()->setText(path);
    QVERIFY(dialog.build());
    QVERIFY(QFileInfo(path).size() > 10000);
    QVERIFY(dialog.builtPages() > 5);
    QString error;
    QVERIFY(packdata::setCommentary(*m_store, QStringLiteral("Q1 2017/18"), QStringLiteral("finance"), QString(), &error));
}

// A section with no commentary for the quarter offers the latest earlier quarter's text to start
// from; taking it saves it as this quarter's, and the earlier quarter keeps its own.
void TestViews::boardPackDialogOffersLastQuartersText()
{
    QString error;
    QVERIFY2(packdata::setCommentary(*m_store, QStringLiteral("Q4 2016/17"), QStringLiteral("vawg"),
                                     QStringLiteral("Referrals rose over the year."), &error), qPrintable(error));
    BoardPackDialog dialog(*m_store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTreeWidget *tree = dialog.sectionTree();
    QTreeWidgetItem *vawg = nullptr;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        if (tree->topLevelItem(i)->text(0) == QLatin1String("Tackling violence against women and girls"))
            vawg = tree->topLevelItem(i);
    }
    QVERIFY(vawg);
    QVERIFY(!dialog.startFromEarlierButton()->isVisible()); // A safer London: no earlier text
    tree->setCurrentItem(vawg);
    QVERIFY(dialog.startFromEarlierButton()->isVisible());
    QCOMPARE(dialog.startFromEarlierButton()->text(), QStringLiteral("&Start from Q4 2016/17's text"));
    QVERIFY(dialog.commentaryEdit()->toPlainText().isEmpty());
    if (const QString shots = qEnvironmentVariable("OVERSIGHT_SCREENSHOT_DIR"); !shots.isEmpty())
        dialog.grab().save(QDir(shots).filePath(QStringLiteral("board-pack-dialog-earlier-text.png")));
    QTest::mouseClick(dialog.startFromEarlierButton(), Qt::LeftButton);
    QCOMPARE(dialog.commentaryEdit()->toPlainText(), QStringLiteral("Referrals rose over the year."));
    QVERIFY(!dialog.startFromEarlierButton()->isVisible());
    tree->setCurrentItem(tree->topLevelItem(0));
    QCOMPARE(packdata::commentary(*m_store, QStringLiteral("Q1 2017/18")).value(QStringLiteral("vawg")),
             QStringLiteral("Referrals rose over the year."));
    QCOMPARE(packdata::commentary(*m_store, QStringLiteral("Q4 2016/17")).value(QStringLiteral("vawg")),
             QStringLiteral("Referrals rose over the year."));
    QVERIFY(packdata::setCommentary(*m_store, QStringLiteral("Q1 2017/18"), QStringLiteral("vawg"), QString(), &error));
    QVERIFY(packdata::setCommentary(*m_store, QStringLiteral("Q4 2016/17"), QStringLiteral("vawg"), QString(), &error));
}

void TestViews::copiesSelectionAsTsv()
{
    MainWindow window(*m_store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showView(QStringLiteral("table:revenue")));
    auto *dashboard = qobject_cast<DashboardView *>(window.currentView());
    QVERIFY(dashboard);
    auto *table = dashboard->table();
    table->setFocus();
    table->selectionModel()->select(QItemSelection(dashboard->model()->index(0, 0), dashboard->model()->index(1, 2)),
                                    QItemSelectionModel::Select);
    QTest::keySequence(table, QKeySequence::Copy);
    const QString text = QGuiApplication::clipboard()->text();
    QCOMPARE(text, QStringLiteral("Q1 17/18\tBudget To Date (£m)\tActual to Date (£m)\n"
                                  "Police Officer Pay\t452.1\t445.0\n"
                                  "Police Staff Pay\t117.1\t107.3\n"));
}

void TestViews::exportsTables()
{
    MainWindow window(*m_store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showView(QStringLiteral("table:revenue")));
    auto *dashboard = qobject_cast<DashboardView *>(window.currentView());
    QVERIFY(dashboard);
    QVERIFY(dashboard->exportButton()->isVisible() && dashboard->exportButton()->isEnabled());
    QCOMPARE(dashboard->table()->contextMenuPolicy(), Qt::ActionsContextMenu);
    QVERIFY(dashboard->table()->actions().contains(dashboard->table()->exportAction()));
    QVERIFY(dashboard->table()->exportAction()->isVisible());
    // What the button exports is the report table the dashboard shows.
    QString error;
    const auto report = reporttables::build(*m_store, QStringLiteral("revenue"), &error);
    QVERIFY2(report, qPrintable(error));
    const tableexport::ExportTable data = dashboard->exportData();
    QCOMPARE(data.title, report->title);
    QCOMPARE(data.rows.size(), report->rows.size());
    QCOMPARE(data.rows.last().cells, report->rows.last().cells);
    QCOMPARE(tableexport::toCsv(data), report->rows.isEmpty() ? QByteArray() : reporttables::toCsv(*report).toUtf8());

    // The dialog: the filter chooses CSV for Excel, the extension is added, the file has a BOM.
    const QString base = m_dir.filePath(QStringLiteral("revenue for the board"));
    bool dialogSeen = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialogSeen = true;
        QCOMPARE(dialog->nameFilters(), exportNameFilters());
        dialog->selectNameFilter(exportNameFilters().at(1));
        emit dialog->filterSelected(exportNameFilters().at(1));
        dialog->selectFile(base);
        static_cast<QDialog *>(dialog)->accept();
    });
    dashboard->exportButton()->click();
    QVERIFY(dialogSeen);
    QFile written(base + QStringLiteral(".csv"));
    QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(written.fileName()));
    QCOMPARE(written.readAll(), QByteArray("\xEF\xBB\xBF") + reporttables::toCsv(*report).toUtf8());
    QVERIFY(exportTableTo(dashboard, data, m_dir.filePath(QStringLiteral("revenue.xlsx")), tableexport::FileFormat::Xlsx));

    // A measure: the over-time table with the columns it shows, and the borough table.
    QVERIFY(window.showView(QStringLiteral("measure:mps.theft.theft_from_person")));
    window.filterBar()->setAreaCode(QStringLiteral("E09000033"));
    auto *measure = qobject_cast<MeasureView *>(window.currentView());
    QVERIFY(measure);
    QVERIFY(measure->exportButton()->isVisible());
    const tableexport::ExportTable series = measure->seriesExportData();
    QVERIFY(!series.headers.contains(QStringLiteral("Chart position")));
    QCOMPARE(series.headers.first(), QStringLiteral("Period"));
    QCOMPARE(series.rows.size(), measure->seriesModel()->rowCount());
    QVERIFY(series.subtitle.startsWith(QStringLiteral("Westminster")));
    QVERIFY(series.rows.first().cells.at(1).toDouble() == measure->seriesModel()->points().first().value);
    const tableexport::ExportTable boroughs = measure->boroughExportData();
    QCOMPARE(boroughs.headers, (QStringList{QStringLiteral("Borough"), QStringLiteral("ONS code"), QStringLiteral("Offences")}));
    QCOMPARE(boroughs.rows.size(), measure->boroughModel()->rowCount());
    QVERIFY(exportTableTo(measure, series, m_dir.filePath(QStringLiteral("theft.xlsx")), tableexport::FileFormat::Xlsx));
}

void TestViews::remembersLastView()
{
    {
        MainWindow window(*m_store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.showView(QStringLiteral("table:capital")));
        window.close();
    }
    MainWindow again(*m_store);
    QCOMPARE(again.currentViewId(), QStringLiteral("table:capital"));
}

// Export…, Copy and Print… on a chart page: the dialog writes through the engine at the size on
// screen, the clipboard gets the figure at twice the detail, the print preview draws it.
void TestViews::chartPageExportsCopiesAndPrints()
{
    MainWindow window(*m_store);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.showView(QStringLiteral("chart:crime.tno")));
    auto *page = qobject_cast<ChartPage *>(window.currentView());
    QVERIFY(page);
    QStringList buttons;
    for (QPushButton *button : page->findChildren<QPushButton *>())
        buttons.append(button->text());
    for (const char *text : {"E&xport…", "&Copy", "&Print…"})
        QVERIFY2(buttons.contains(QString::fromUtf8(text)), qPrintable(buttons.join(QLatin1Char(' '))));
    const QSize onScreen = page->figureView()->size();
    QVERIFY(onScreen.width() >= 200 && onScreen.height() >= 150);

    page->copyChart();
    const QImage copied = QGuiApplication::clipboard()->image();
    QCOMPARE(copied.size(), onScreen * 2);
    QVERIFY(inkShare(copied) > 0.01);

    ChartExportDialog dialog(page->figure(), onScreen, &window);
    dialog.setFormat(charts::ExportFormat::Png);
    QCOMPARE(dialog.options().size, onScreen);
    QCOMPARE(dialog.options().dpi, 300);
    dialog.setPath(m_dir.filePath(QStringLiteral("tno")));
    QVERIFY(dialog.exportNow());
    QCOMPARE(dialog.path(), m_dir.filePath(QStringLiteral("tno.png"))); // the format's extension added
    QImageReader png(dialog.path());
    QCOMPARE(png.size(), charts::exportPixelSize(onScreen, 300));
    dialog.setFormat(charts::ExportFormat::Pdf);
    QCOMPARE(dialog.path(), m_dir.filePath(QStringLiteral("tno.pdf")));
    QCOMPARE(dialog.options().orientation, QPageLayout::Landscape);
    QVERIFY(dialog.exportNow());
    QFile pdf(dialog.path());
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
    // A file that cannot be written: a message naming it, and the dialog stays.
    dialog.setPath(m_dir.filePath(QStringLiteral("no/such/folder/tno.pdf")));
    QString message;
    QTimer::singleShot(0, &dialog, [&message] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            message = box->text();
            box->accept();
        }
    });
    QVERIFY(!dialog.exportNow());
    QVERIFY2(message.contains(QLatin1String("tno.pdf")), qPrintable(message));

    // Print…: the preview opens, landscape, and draws the page.
    bool previewed = false;
    QTimer::singleShot(0, &window, [&previewed] {
        if (auto *preview = qobject_cast<QPrintPreviewDialog *>(QApplication::activeModalWidget())) {
            const auto *widget = preview->findChild<QPrintPreviewWidget *>();
            previewed = preview->printer()->pageLayout().orientation() == QPageLayout::Landscape
                && preview->printer()->resolution() == charts::kFigureDpi && widget
                && widget->pageCount() == 1;
            preview->reject();
        }
    });
    page->printChart();
    QVERIFY(previewed);
}

void TestViews::disagreementsAreNoted_data()
{
    QTest::addColumn<QString>("view");
    QTest::addColumn<QStringList>("noted"); // empty: the view notes no disagreement
    QTest::newRow("officer overtime table") << "table:officer-overtime" << QStringList{"£9.3m", "£9.4m", "Police overtime"};
    QTest::newRow("revenue table") << "table:revenue" << QStringList{"£9.3m", "£9.4m"};
    QTest::newRow("LCPF table") << "table:lcpf" << QStringList{"£16,777,584", "£16,777,585"};
    QTest::newRow("overtime measure") << "measure:finance.overtime.officer_overspend_ytd" << QStringList{"£9.3m", "£9.4m"};
    QTest::newRow("LCPF total measure") << "measure:lcpf.allocation_total" << QStringList{"£16,777,585"};
    QTest::newRow("victim satisfaction") << "measure:pas.overall_satisfaction" << QStringList{"FY 2013/14", "FY 2014/15"};
    QTest::newRow("feeling informed") << "measure:pas.informed_local" << QStringList{"+2%", "-2%"};
    QTest::newRow("officer pay table") << "table:officer-pay" << QStringList{};
    QTest::newRow("reserves measure") << "measure:finance.reserves.earmarked_stated" << QStringList{};
}

// Every view of a figure the report states twice says so where officers read it, under the table
// or the measure's tabs; the others do not.
void TestViews::disagreementsAreNoted()
{
    QFETCH(QString, view);
    QFETCH(QStringList, noted);
    MainWindow window(*m_store);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.showView(view), qPrintable(view));
    QWidget *current = window.currentView();
    QVERIFY(current);
    QString shown;
    for (const QLabel *label : current->findChildren<QLabel *>()) {
        if (label->isVisibleTo(current) && label->text().contains(QStringLiteral("Disagreement in the report")))
            shown += label->text();
    }
    if (noted.isEmpty()) {
        QVERIFY2(shown.isEmpty(), qPrintable(shown));
        return;
    }
    for (const QString &text : noted)
        QVERIFY2(shown.contains(text), qPrintable(text + QStringLiteral(" not in: ") + shown));
    if (auto *measure = qobject_cast<MeasureView *>(current)) {
        // The exported table carries the same note.
        QVERIFY(measure->seriesExportData().note.contains(noted.first()));
    }
}

void TestViews::figuresWithGapsArePoints_data()
{
    QTest::addColumn<QString>("view");
    QTest::addColumn<int>("type"); // QAbstractSeries::SeriesType of the values
    QTest::newRow("reserves text: 2014/15, 2016/17, 2020/21") << "measure:finance.reserves.earmarked_stated"
                                                             << int(QAbstractSeries::SeriesTypeScatter);
    QTest::newRow("Fleet plan: two years") << "measure:finance.capital.fleet_plan" << int(QAbstractSeries::SeriesTypeScatter);
    QTest::newRow("monthly open data") << "measure:mps.theft.theft_from_person" << int(QAbstractSeries::SeriesTypeLine);
}

// A measure's chart joins only figures that follow one another: stated figures years apart stay
// points, so no line suggests figures for the years between.
void TestViews::figuresWithGapsArePoints()
{
    QFETCH(QString, view);
    QFETCH(int, type);
    MainWindow window(*m_store);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.showView(view), qPrintable(view));
    auto *measure = qobject_cast<MeasureView *>(window.currentView());
    QVERIFY(measure);
    const auto series = measure->timeChartView()->chart()->series();
    QVERIFY(!series.isEmpty());
    QCOMPARE(int(series.first()->type()), type);
}

Store &TestViews::twoQuarterStore()
{
    if (!m_twoQuarters) {
        QString error;
        m_twoQuarters = Store::open(m_dir.filePath(QStringLiteral("two-quarters.sqlite")), &error);
        if (!m_twoQuarters)
            qFatal("%s", qPrintable(error));
        if (importWorkforceQ2(*m_twoQuarters, m_dir.path()) < 0)
            qFatal("the Q2 2017/18 workforce return did not import");
    }
    return *m_twoQuarters;
}

// The toolbar's quarter lists the quarters the store holds report figures for, as officers write
// them, oldest first, and opens on the latest; it is named for screen readers and reached by Alt+Q.
void TestViews::quarterSelectorListsHeldQuarters()
{
    {
        MainWindow window(*m_store);
        FilterBar *filter = window.filterBar();
        QCOMPARE(quarterLabels(*filter), QStringList{QStringLiteral("Q1 2017/18")});
        QVERIFY(filter->quarterBox()->isEnabled());
        QCOMPARE(filter->quarter(), Period::quarter(2017, 1));
        QCOMPARE(filter->quarterBox()->accessibleName(), QStringLiteral("Quarter"));
        auto *label = qobject_cast<QLabel *>(filter->findChildren<QLabel *>().value(0));
        QVERIFY(label);
        QCOMPARE(label->text(), QStringLiteral("&Quarter:"));
        QCOMPARE(label->buddy(), filter->quarterBox());
        QVERIFY(filter->quarterBox()->focusPolicy() & Qt::TabFocus);
    }
    MainWindow window(twoQuarterStore());
    QCOMPARE(reporttables::quartersHeld(twoQuarterStore()), (QList<Period>{Period::quarter(2017, 1), Period::quarter(2017, 2)}));
    QCOMPARE(quarterLabels(*window.filterBar()), (QStringList{QStringLiteral("Q1 2017/18"), QStringLiteral("Q2 2017/18")}));
    QCOMPARE(window.filterBar()->quarter(), Period::quarter(2017, 2));
    QVERIFY(!window.filterBar()->setQuarter(Period::quarter(2017, 3))); // not held: the choice stays
    QCOMPARE(window.filterBar()->quarter(), Period::quarter(2017, 2));
}

// A store with no quarter's report (schema and reference data only) offers none, and says why.
void TestViews::quarterSelectorWithoutQuarters()
{
    Store::Options options;
    options.content = Store::Content::Empty;
    QString error;
    auto empty = Store::open(m_dir.filePath(QStringLiteral("no-quarters.sqlite")), options, &error);
    QVERIFY2(empty, qPrintable(error));
    MainWindow window(*empty);
    QComboBox *quarter = window.filterBar()->quarterBox();
    QCOMPARE(quarter->count(), 0);
    QVERIFY(!quarter->isEnabled());
    QVERIFY2(quarter->toolTip().contains(QStringLiteral("holds no quarter's report figures")), qPrintable(quarter->toolTip()));
    QVERIFY(!window.filterBar()->quarter());
}

// Switching quarter rebuilds the table on screen for that quarter and keeps the officer's place:
// the same table and row, the same chart with its own choice, the same area; "data as at" is that
// of the quarter shown.
void TestViews::switchingQuarterKeepsThePlace()
{
    MainWindow window(twoQuarterStore());
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    FilterBar *filter = window.filterBar();
    filter->setAreaCode(QStringLiteral("E09000033"));
    QVERIFY(window.showView(QStringLiteral("table:workforce")));
    auto *table = qobject_cast<DashboardView *>(window.currentView());
    QVERIFY(table);
    QCOMPARE(table->model()->index(0, 1).data().toString(), QStringLiteral("30,850"));
    QCOMPARE(asAtLabel(window)->text(), QStringLiteral("Data as at 30 September 2017"));
    table->table()->setCurrentIndex(table->model()->index(2, 1)); // PCSOs
    QVERIFY(filter->quarterBox()->isEnabled());
    QVERIFY(!filter->areaAndMonthsEnabled()); // a report table shows the quarter, for its own areas

    QVERIFY(filter->setQuarter(Period::quarter(2017, 1)));
    QCOMPARE(window.currentView(), table);
    QCOMPARE(window.currentViewId(), QStringLiteral("table:workforce"));
    QCOMPARE(table->model()->index(0, 1).data().toString(), QStringLiteral("30,719")); // the report's Q1 figure
    QCOMPARE(table->table()->currentIndex().row(), 2);
    QCOMPARE(table->table()->currentIndex().data().toString(), table->model()->index(2, 1).data().toString());
    QCOMPARE(table->model()->index(2, 0).data().toString(), QStringLiteral("PCSOs"));
    QCOMPARE(asAtLabel(window)->text(), QStringLiteral("Data as at 30 June 2017"));
    QCOMPARE(filter->areaCode(), QStringLiteral("E09000033"));

    // A table the store holds only for Q1 says so for Q2, and comes back for Q1.
    QVERIFY(window.showView(QStringLiteral("table:revenue")));
    auto *revenue = qobject_cast<DashboardView *>(window.currentView());
    QVERIFY(revenue->model()->rowCount() > 0);
    QVERIFY(filter->setQuarter(Period::quarter(2017, 2)));
    QCOMPARE(revenue->model()->rowCount(), 0);
    QCOMPARE(asAtLabel(window)->text(), QStringLiteral("Data as at —"));
    QVERIFY(filter->setQuarter(Period::quarter(2017, 1)));
    QVERIFY(revenue->model()->rowCount() > 0);

    // A chart keeps its own choice and the area; it ends with the quarter's last month.
    QVERIFY(window.showView(QStringLiteral("chart:crime.category")));
    auto *page = qobject_cast<ChartPage *>(window.currentView());
    QVERIFY(page);
    auto *variant = page->findChild<QComboBox *>();
    QVERIFY(variant);
    QVERIFY(variant->count() > 3);
    variant->setCurrentIndex(3);
    const QString category = variant->currentData().toString();
    QCOMPARE(page->figure()->text().asAt, QStringLiteral("Data as at 30 June 2017"));
    QVERIFY(filter->setQuarter(Period::quarter(2017, 2)));
    QCOMPARE(window.currentView(), page);
    QCOMPARE(variant->currentData().toString(), category);
    QVERIFY2(page->figure()->text().subtitle.startsWith(QLatin1String("Westminster")), qPrintable(page->figure()->text().subtitle));
    QCOMPARE(page->figure()->text().asAt, QStringLiteral("Data as at 30 September 2017"));
    QCOMPARE(asAtLabel(window)->text(), QStringLiteral("Data as at 30 September 2017"));
}

// After an import or undo the list is read again; the chosen quarter stays while it is held.
void TestViews::quarterListFollowsImportAndUndo()
{
    QString error;
    auto store = Store::open(m_dir.filePath(QStringLiteral("import-undo.sqlite")), &error);
    QVERIFY2(store, qPrintable(error));
    MainWindow window(*store);
    QCOMPARE(quarterLabels(*window.filterBar()), QStringList{QStringLiteral("Q1 2017/18")});
    QTemporaryDir folder;
    const qint64 batch = importWorkforceQ2(*store, folder.path());
    QVERIFY(batch > 0);
    window.reloadData();
    QCOMPARE(quarterLabels(*window.filterBar()), (QStringList{QStringLiteral("Q1 2017/18"), QStringLiteral("Q2 2017/18")}));
    QCOMPARE(window.filterBar()->quarter(), Period::quarter(2017, 1)); // kept: still held
    QVERIFY(window.filterBar()->setQuarter(Period::quarter(2017, 2)));
    QVERIFY(import::Importer::undo(*store, batch, &error));
    window.reloadData();
    QCOMPARE(quarterLabels(*window.filterBar()), QStringList{QStringLiteral("Q1 2017/18")});
    QCOMPARE(window.filterBar()->quarter(), Period::quarter(2017, 1)); // Q2 is gone: the latest held
    QCOMPARE(window.filterBar()->to(), QDate(2017, 6, 30));
}

// Time charts end with the quarter's last month though the open data runs to January 2024; a range
// the officer widens stays wide until a quarter is chosen again.
void TestViews::timeChartsEndAtTheQuarter()
{
    MainWindow window(twoQuarterStore());
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    FilterBar *filter = window.filterBar();
    QCOMPARE(filter->to(), QDate(2017, 9, 30));
    QVERIFY(window.showView(QStringLiteral("category:Burglary")));
    auto *measure = qobject_cast<MeasureView *>(window.currentView());
    QVERIFY(measure);
    QCOMPARE(measure->seriesModel()->points().last().period, Period::month(2017, 9));
    filter->setRange(filter->from(), QDate(2024, 1, 1));
    QCOMPARE(measure->seriesModel()->points().last().period, Period::month(2024, 1));
    QCOMPARE(asAtLabel(window)->text(), QStringLiteral("Data as at 31 January 2024"));
    QVERIFY(window.showView(QStringLiteral("table:workforce")));
    QVERIFY(window.showView(QStringLiteral("category:Burglary")));
    QCOMPARE(filter->to(), QDate(2024, 1, 31)); // widened: kept across views
    // The quarter shown chosen again in its list brings the range back to it.
    Q_EMIT filter->quarterBox()->activated(filter->quarterBox()->currentIndex());
    QCOMPARE(filter->to(), QDate(2017, 9, 30));
    QCOMPARE(measure->seriesModel()->points().last().period, Period::month(2017, 9));
    filter->setRange(filter->from(), QDate(2024, 1, 1));
    QVERIFY(filter->setQuarter(Period::quarter(2017, 1)));
    QCOMPARE(filter->to(), QDate(2017, 6, 30));
    QCOMPARE(measure->seriesModel()->points().last().period, Period::month(2017, 6));
    QCOMPARE(asAtLabel(window)->text(), QStringLiteral("Data as at 30 June 2017"));
}

// A fresh account has no Documents folder: the export dialogs propose one that exists (made then),
// and after an export, the folder it went to while that still exists.
void TestViews::exportsProposeAFolderThatExists()
{
    const QByteArray home = qgetenv("HOME");
    QTemporaryDir freshHome;
    QVERIFY(freshHome.isValid());
    qputenv("HOME", QFile::encodeName(freshHome.path()));
    QSettings().remove(QStringLiteral("export/folder"));
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QVERIFY2(documents.startsWith(freshHome.path()) && !QFileInfo::exists(documents), qPrintable(documents));

    MainWindow window(*m_store);
    QVERIFY(window.showView(QStringLiteral("chart:crime.tno")));
    auto *page = qobject_cast<ChartPage *>(window.currentView());
    QVERIFY(page);
    ChartExportDialog dialog(page->figure(), QSize(800, 500), &window);
    QCOMPARE(QFileInfo(dialog.path()).absolutePath(), documents);
    QVERIFY(QFileInfo(documents).isDir());
    QVERIFY(dialog.exportNow());
    QVERIFY(QFileInfo::exists(dialog.path()));

    // The next export starts where this one went; once that folder is gone, from Documents again.
    const QString elsewhere = freshHome.filePath(QStringLiteral("board papers"));
    QVERIFY(QDir().mkpath(elsewhere));
    dialog.setPath(QDir(elsewhere).filePath(QStringLiteral("tno.pdf")));
    QVERIFY(dialog.exportNow());
    QCOMPARE(exportlocation::proposedFolder(), elsewhere);
    QVERIFY(QDir(elsewhere).removeRecursively());
    QCOMPARE(exportlocation::proposedFolder(), documents);
    qputenv("HOME", home);
}

// With no saved geometry (a fresh account) the window opens large enough to work in: 1280×800 or
// the whole available screen where that is smaller, inside the screen.
void TestViews::firstStartFillsTheScreen()
{
    QSettings().remove(QStringLiteral("window/geometry"));
    MainWindow window(*m_store);
    const QRect available = window.screen()->availableGeometry();
    QVERIFY2(window.width() >= std::min(1280, available.width()) && window.height() >= std::min(800, available.height()),
             qPrintable(QStringLiteral("%1×%2 on %3×%4").arg(window.width()).arg(window.height()).arg(available.width()).arg(available.height())));
    QVERIFY(window.width() <= available.width() && window.height() <= available.height());
}

QTEST_MAIN(TestViews)
#include "tst_views.moc"
