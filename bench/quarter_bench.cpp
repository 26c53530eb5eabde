// Quarter-switch benchmark: the time from choosing another quarter in the main window's toolbar to
// the view on screen showing it, painted. The default store is given a Q2 2017/18 workforce return
// (so the store holds two quarters), the window opens at 1440x900 offscreen, and for each view the
// quarter is switched between Q1 and Q2 2017/18 --runs times. Prints the median and the slowest switch
// in milliseconds per view, beside the same view's redraw when the range's end is moved by hand.
// Usage: quarter_bench [--runs N]
#include "benchsupport.h"
#include "filterbar.h"
#include "importer.h"
#include "importplan.h"
#include "mainwindow.h"
#include "period.h"
#include "reader.h"
#include "store.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace oversight;

using oversight::bench::median;

namespace {

// Watches for the next paint of any widget.
class PaintWatcher : public QObject {
public:
    bool painted = false;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return false;
    }
};

bool importWorkforceQ2(Store &store, const QString &folder)
{
    const QString path = QDir(folder).filePath(QStringLiteral("workforce_Q2_2017-18.csv"));
    QFile csv(path);
    if (!csv.open(QIODevice::WriteOnly))
        return false;
    csv.write("Measure,Area,Period,Value\n"
              "Police officers,E23000001,Q2 2017/18,30850\n"
              "Special constables,E23000001,Q2 2017/18,2910\n"
              "PCSOs,E23000001,Q2 2017/18,1480\n"
              "Police staff,E23000001,Q2 2017/18,9120\n");
    csv.close();
    QString error;
    auto reader = import::readerFor(path, &error);
    if (!reader || !reader->open(path, &error))
        return false;
    const auto plan = import::detectPlan(*reader, QFileInfo(path).fileName(), &error);
    return plan && import::Importer(store).run(path, *reader, *plan, {}).committed;
}

} // namespace

int main(int argc, char *argv[])
{
    oversight::bench::offscreenUnlessSet();
    QApplication app(argc, argv);
    int runs = 9;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::max(1, std::atoi(argv[i + 1]));
    }
    QTemporaryDir dir;
    QString error;
    auto store = Store::open(dir.filePath(QStringLiteral("bench.sqlite")), &error);
    if (!store || !importWorkforceQ2(*store, dir.path())) {
        std::fprintf(stderr, "quarter_bench: could not make a store with two quarters: %s\n", qPrintable(error));
        return 1;
    }
    MainWindow window(*store);
    window.resize(1440, 900);
    window.show();
    QApplication::processEvents();

    QTextStream out(stdout);
    out << "Switching quarter (Q1 <-> Q2 2017/18) to a painted view, " << runs << " runs each, ms:\n";
    const QStringList views = {QStringLiteral("table:workforce"), QStringLiteral("table:revenue"), QStringLiteral("table:milestones"),
                               QStringLiteral("chart:finance.revenue"), QStringLiteral("chart:milestones.board"),
                               QStringLiteral("chart:crime.tno"), QStringLiteral("chart:map.crime"), QStringLiteral("category:Burglary")};
    QList<double> all;
    for (const QString &view : views) {
        if (!window.showView(view)) {
            std::fprintf(stderr, "quarter_bench: no view %s\n", qPrintable(view));
            return 1;
        }
        QApplication::processEvents();
        QList<double> times;
        for (int i = 0; i < runs; ++i) {
            const Period quarter = Period::quarter(2017, window.filterBar()->quarter() == Period::quarter(2017, 1) ? 2 : 1);
            PaintWatcher watcher;
            app.installEventFilter(&watcher);
            QElapsedTimer timer;
            timer.start();
            window.filterBar()->setQuarter(quarter);
            while (!watcher.painted)
                QApplication::processEvents(QEventLoop::AllEvents, 5);
            times.append(static_cast<double>(timer.nsecsElapsed()) / 1e6);
            app.removeEventFilter(&watcher);
        }
        all += times;
        // The same change of the range's end made by hand (June <-> September 2017): what the view
        // itself costs to redraw for another end, apart from the quarter.
        QList<double> byHand;
        for (int i = 0; i < runs; ++i) {
            const QDate end = window.filterBar()->to().month() == 6 ? QDate(2017, 9, 1) : QDate(2017, 6, 1);
            PaintWatcher watcher;
            app.installEventFilter(&watcher);
            QElapsedTimer timer;
            timer.start();
            window.filterBar()->setRange(window.filterBar()->from(), end);
            while (!watcher.painted)
                QApplication::processEvents(QEventLoop::AllEvents, 5);
            byHand.append(static_cast<double>(timer.nsecsElapsed()) / 1e6);
            app.removeEventFilter(&watcher);
        }
        out << QStringLiteral("  %1 median %2, slowest %3 (moving the range's end by hand: median %4)\n")
                   .arg(view, -24)
                   .arg(median(times), 0, 'f', 1)
                   .arg(*std::max_element(times.begin(), times.end()), 0, 'f', 1)
                   .arg(median(byHand), 0, 'f', 1);
    }
    out << QStringLiteral("  all views                median %1\n").arg(median(all), 0, 'f', 1);
    return 0;
}
