// Start-up benchmark: time to a painted main window on the default store against a bare Qt window
// (a QMainWindow with a label), both measured in the same run:
//  - process: launch a fresh process that paints the window and exits (what an officer waits for);
//  - in-process: construct and paint again in a warm process (what Oversight itself adds).
// Prints medians in milliseconds. Usage: startup_bench [--runs N] [--db FILE]  (offscreen by default)
#include "benchsupport.h"
#include "mainwindow.h"
#include "store.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QMainWindow>
#include <QPaintEvent>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using oversight::bench::median;

namespace {

// Watches for the first paint of any child of a window.
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

template <typename MakeWindow>
double timeToPaint(MakeWindow makeWindow)
{
    PaintWatcher watcher;
    qApp->installEventFilter(&watcher);
    QElapsedTimer timer;
    timer.start();
    auto window = makeWindow();
    window->resize(1440, 900);
    window->show();
    while (!watcher.painted)
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    qApp->removeEventFilter(&watcher);
    return ms;
}

// A child process: paint one window, then exit at once.
int runChild(const QString &kind, const QString &db)
{
    std::unique_ptr<oversight::Store> store;
    const double ms = timeToPaint([&]() -> std::unique_ptr<QMainWindow> {
        if (kind == QLatin1String("bare")) {
            auto window = std::make_unique<QMainWindow>();
            window->setCentralWidget(new QLabel(QStringLiteral("Hello"), window.get()));
            return window;
        }
        QString error;
        store = oversight::Store::open(db, &error);
        if (!store)
            std::exit(1);
        return std::make_unique<oversight::MainWindow>(*store);
    });
    Q_UNUSED(ms);
    std::fflush(stdout);
    std::_Exit(0);
}

} // namespace

int main(int argc, char *argv[])
{
    oversight::bench::offscreenUnlessSet();
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--child") == 0) {
            QApplication childApp(argc, argv);
            QCoreApplication::setApplicationName(QStringLiteral("Oversight-bench"));
            const QStringList childArgs = childApp.arguments();
            const qsizetype dbAt = childArgs.indexOf(QStringLiteral("--db"));
            return runChild(QString::fromLocal8Bit(argv[i + 1]), dbAt > 0 ? childArgs.value(dbAt + 1) : QString());
        }
    }
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Oversight-bench"));
    int runs = 7;
    QString db;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--runs") && i + 1 < args.size())
            runs = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--db") && i + 1 < args.size())
            db = args.at(++i);
    }
    QTemporaryDir dir;
    if (db.isEmpty()) {
        db = dir.filePath(QStringLiteral("bench.sqlite"));
        QElapsedTimer create;
        create.start();
        QString error;
        auto store = oversight::Store::open(db, &error);
        if (!store) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        std::printf("create default store: %.0f ms (once, on first start)\n", static_cast<double>(create.nsecsElapsed()) / 1e6);
    }

    // One warm-up of each so fonts and plugins are loaded for both alike.
    QList<double> bare;
    QList<double> oversightTimes;
    for (int i = 0; i <= runs; ++i) {
        const double b = timeToPaint([] {
            auto window = std::make_unique<QMainWindow>();
            window->setCentralWidget(new QLabel(QStringLiteral("Hello"), window.get()));
            return window;
        });
        std::unique_ptr<oversight::Store> store;
        const double o = timeToPaint([&] {
            QString error;
            store = oversight::Store::open(db, &error);
            return std::make_unique<oversight::MainWindow>(*store);
        });
        if (i > 0) {
            bare.append(b);
            oversightTimes.append(o);
        }
    }
    // Whole processes, launch to first paint and exit.
    QList<double> bareProcess;
    QList<double> oversightProcess;
    auto launch = [&](const QStringList &childArgs) {
        QElapsedTimer timer;
        timer.start();
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), childArgs);
        child.waitForFinished(60000);
        return static_cast<double>(timer.nsecsElapsed()) / 1e6;
    };
    for (int i = 0; i <= runs; ++i) {
        const double b = launch({QStringLiteral("--child"), QStringLiteral("bare")});
        const double o = launch({QStringLiteral("--child"), QStringLiteral("oversight"), QStringLiteral("--db"), db});
        if (i > 0) {
            bareProcess.append(b);
            oversightProcess.append(o);
        }
    }
    std::printf("process start to painted window, bare Qt:   %.1f ms (median of %d)\n", median(bareProcess), runs);
    std::printf("process start to painted window, Oversight: %.1f ms (median of %d)\n", median(oversightProcess), runs);
    std::printf("process ratio: %.2f (goal: at most 2.00)\n", median(oversightProcess) / median(bareProcess));

    const double bareMs = median(bare);
    const double oversightMs = median(oversightTimes);
    std::printf("in a warm process, bare Qt window to first paint:  %.1f ms\n", bareMs);
    std::printf("in a warm process, Oversight window to first paint: %.1f ms (store open, navigator, first table)\n", oversightMs);
    return 0;
}
