// Times building the board pack for a quarter (the target: under 2 s on the 2-core
// machine). Prints each run and the median; the store is created (or reused) first and is not part
// of the timing.
//   pack_bench [--runs N] [--db FILE] [--out FILE.pdf] [--quarter "Q2 2017/18"]   (default: the latest held)
#include "benchsupport.h"
#include "boardpack.h"
#include "store.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

int main(int argc, char *argv[])
{
    oversight::bench::offscreenUnlessSet();
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Runs (default 5)."), QStringLiteral("N"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("db"), QStringLiteral("Store (default: a new one)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("Where to write the pack."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("quarter"), QStringLiteral("The quarter (default: the latest held)."), QStringLiteral("QUARTER")});
    parser.process(app);
    QTemporaryDir dir;
    const QString db = parser.isSet(QStringLiteral("db")) ? parser.value(QStringLiteral("db")) : dir.filePath(QStringLiteral("bench.sqlite"));
    const QString out = parser.isSet(QStringLiteral("out")) ? parser.value(QStringLiteral("out")) : dir.filePath(QStringLiteral("pack.pdf"));
    QString error;
    auto store = oversight::Store::open(db, &error);
    if (!store) {
        std::fprintf(stderr, "pack_bench: %s\n", qPrintable(error));
        return 1;
    }
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    oversight::charts::PackOptions options;
    options.quarter = parser.value(QStringLiteral("quarter"));
    QList<double> times;
    int pages = 0;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        oversight::charts::BoardPackWriter writer(*store);
        // --steps prints the time each step took (what the progress callback names).
        const bool steps = qEnvironmentVariableIsSet("PACK_BENCH_STEPS");
        qint64 lastNs = 0;
        auto progress = [&](int, int, const QString &what) {
            if (steps) {
                const qint64 now = timer.nsecsElapsed();
                std::printf("  %6.0f ms  %s\n", (now - lastNs) / 1e6, qPrintable(what));
                lastNs = now;
            }
            return true;
        };
        if (!writer.write(out, options, progress, &error)) {
            std::fprintf(stderr, "pack_bench: %s\n", qPrintable(error));
            return 1;
        }
        times.append(timer.nsecsElapsed() / 1e6);
        pages = static_cast<int>(writer.pages().size());
        std::printf("run %d: %.0f ms (%d pages, %lld bytes)\n", i + 1, times.last(), pages, QFileInfo(out).size());
    }
    std::sort(times.begin(), times.end());
    std::printf("median: %.0f ms for %d pages%s%s (target < 2000 ms)\n", times.at(times.size() / 2), pages,
                options.quarter.isEmpty() ? "" : ", ", qPrintable(options.quarter));
    return 0;
}
