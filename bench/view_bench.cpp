// View query benchmark: for every chart, category and measure view the navigator lists (what
// `oversight list views` and `screenshot --view` know), the time to read its figures from the store
// with the main window's default filter (its area, months and quarter): a chart's setRequest (its
// models' queries, no drawing), and for a category or measure view its series model and, for a
// category, its borough bars (what MeasureView::setFilter reads). Prints the median and slowest of
// --runs readings per view in milliseconds, slowest first, and the total of the medians.
// Usage: view_bench [--store FILE] [--runs N] [--only PREFIX] [--statements]
//   --store FILE  an existing store (opened as it is); default: a new default store in a temporary folder
//   --only PREFIX only the views whose id starts with PREFIX ("chart:map.", "category:")
//   --statements  also each view's slowest SQL statements of its last reading, as SQLite's profile
//                 trace times them: from the first step until Qt resets the statement, so a
//                 statement's time includes the caller's reading of its rows
#include "benchsupport.h"
#include "chartregistry.h"
#include "figure.h"
#include "filterbar.h"
#include "mainwindow.h"
#include "navigatormodel.h"
#include "seriesmodel.h"
#include "store.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSqlDriver>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace oversight;

using oversight::bench::median;

namespace {

struct Timing {
    QString id;
    double median = 0.0;
    double slowest = 0.0;
};

// The statements SQLite runs on the store's connection while installed, with their times.
struct Profile {
    QList<QPair<double, QString>> statements; // ms, SQL with its values
    static int traced(unsigned, void *context, void *statement, void *nanoseconds)
    {
        char *sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt *>(statement));
        static_cast<Profile *>(context)->statements.append(
            {static_cast<double>(*static_cast<sqlite3_int64 *>(nanoseconds)) / 1e6, QString::fromUtf8(sql).simplified()});
        sqlite3_free(sql);
        return 0;
    }
};

} // namespace

int main(int argc, char *argv[])
{
    oversight::bench::offscreenUnlessSet();
    QApplication app(argc, argv);
    int runs = 5;
    QString storePath;
    QString only;
    bool statements = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--statements") == 0)
            statements = true;
    }
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::max(1, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--store") == 0)
            storePath = QString::fromLocal8Bit(argv[i + 1]);
        else if (std::strcmp(argv[i], "--only") == 0)
            only = QString::fromLocal8Bit(argv[i + 1]);
    }
    QTemporaryDir tmp;
    if (storePath.isEmpty())
        storePath = QDir(tmp.path()).filePath(QStringLiteral("default.sqlite"));
    QString error;
    auto store = Store::open(storePath, &error);
    if (!store) {
        std::fprintf(stderr, "view_bench: %s\n", qPrintable(error));
        return 1;
    }

    // The filter a window opens with: every view is read for it, as on first showing.
    QString areaCode;
    QDate from, to;
    std::optional<Period> quarter;
    {
        MainWindow window(*store);
        areaCode = window.filterBar()->areaCode();
        from = window.filterBar()->from();
        to = window.filterBar()->to();
        quarter = window.filterBar()->quarter();
    }
    charts::ChartRequest request;
    request.areaCode = areaCode;
    request.from = from;
    request.to = to;
    request.quarter = quarter;

    // The navigator the window builds: its views and, under "Charts and maps", the chart catalogue.
    QList<NavigatorModel::ChartEntry> chartEntries;
    for (const charts::ChartInfo &c : charts::chartCatalogue())
        chartEntries.append({c.id, c.title, c.group});
    NavigatorModel navigator(*store, chartEntries);
    QList<QModelIndex> stack;
    for (int r = 0; r < navigator.rowCount(); ++r)
        stack.append(navigator.index(r, 0));
    QList<Timing> timings;
    sqlite3 *handle = *static_cast<sqlite3 *const *>(store->database().driver()->handle().constData());
    QStringList slowest;
    while (!stack.isEmpty()) {
        const QModelIndex index = stack.takeFirst();
        for (int r = 0; r < navigator.rowCount(index); ++r)
            stack.append(navigator.index(r, 0, index));
        const QString id = NavigatorModel::viewId(index);
        const bool chart = id.startsWith(QLatin1String("chart:"));
        const bool category = id.startsWith(QLatin1String("category:"));
        if ((!chart && !category && !id.startsWith(QLatin1String("measure:"))) || !id.startsWith(only))
            continue;
        const QStringList keys = index.data(static_cast<int>(NavigatorModel::Role::MeasureKeys)).toStringList();
        QList<double> ms;
        Profile profile;
        for (int run = 0; run < runs; ++run) {
            if (statements && run == runs - 1)
                sqlite3_trace_v2(handle, SQLITE_TRACE_PROFILE, &Profile::traced, &profile);
            QElapsedTimer timer;
            if (chart) {
                auto figure = charts::createFigure(*store, id.mid(6));
                if (!figure)
                    break;
                timer.start();
                figure->setRequest(request);
            } else {
                SeriesModel series(*store);
                BoroughValuesModel boroughs(*store);
                timer.start();
                series.setSeries(keys, areaCode, from, to);
                if (category)
                    boroughs.setValues(keys, from, to);
            }
            ms.append(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        }
        sqlite3_trace_v2(handle, 0, nullptr, nullptr);
        if (statements) {
            std::sort(profile.statements.begin(), profile.statements.end(),
                      [](const auto &a, const auto &b) { return a.first > b.first; });
            slowest.append(id);
            for (qsizetype i = 0; i < std::min<qsizetype>(5, profile.statements.size()); ++i)
                slowest.append(QStringLiteral("  %1 ms  %2").arg(profile.statements.at(i).first, 0, 'f', 1)
                                   .arg(profile.statements.at(i).second.left(300)));
        }
        if (!ms.isEmpty())
            timings.append({id, median(ms), *std::max_element(ms.cbegin(), ms.cend())});
    }
    std::sort(timings.begin(), timings.end(), [](const Timing &a, const Timing &b) { return a.median > b.median; });
    std::printf("store: %s\nfilter: area %s, %s to %s; %d runs per view\n", qPrintable(storePath), qPrintable(areaCode),
                qPrintable(from.toString(Qt::ISODate)), qPrintable(to.toString(Qt::ISODate)), runs);
    std::printf("%-48s %12s %12s\n", "view", "median ms", "slowest ms");
    double total = 0.0;
    for (const Timing &t : std::as_const(timings)) {
        std::printf("%-48s %12.1f %12.1f\n", qPrintable(t.id), t.median, t.slowest);
        total += t.median;
    }
    std::printf("%-48s %12.1f\n", "total of medians", total);
    for (const QString &line : std::as_const(slowest))
        std::printf("%s\n", qPrintable(line));
    return 0;
}
