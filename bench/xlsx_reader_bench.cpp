// xlsx reader benchmark: the reader alone (inflate, parse, rows handed to a RowHandler that only
// counts them), no plan detection and no store. Generates the ward-scale MPS wide layout that
// import_bench --xlsx imports (680 wards x 42 categories x 24 months, with bench_xlsx_writer), or
// reads the given workbook, several times, and prints cells per second for each run and their
// median, and the process's peak memory. CPU time is printed beside wall time: on a machine
// shared with builds the wall time says more about the load than about the reader. With
// --shared-strings the generated workbook keeps its text in the shared-strings table, as Excel
// does, rather than inline.
// Usage: xlsx_reader_bench [--runs N] [--sheet I] [--keep DIR] [--shared-strings] [FILE.xlsx]
#include "xlsxreader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using oversight::import::Cell;
using oversight::import::XlsxReader;

namespace {

long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// QuaZip and libxlsxwriter cannot share a process (their minizip symbols collide), so the
// workbook is written by bench_xlsx_writer, as import_bench does.
bool writeWardScaleWorkbook(const QString &path, bool sharedStrings)
{
    QStringList arguments = {path, QStringLiteral("680"), QStringLiteral("42"), QStringLiteral("24")};
    if (sharedStrings)
        arguments.append(QStringLiteral("shared"));
    QProcess writer;
    writer.start(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("bench_xlsx_writer")), arguments);
    return writer.waitForFinished(-1) && writer.exitStatus() == QProcess::NormalExit && writer.exitCode() == 0;
}

struct Run {
    double seconds = 0;
    double cpuSeconds = 0;
    qint64 rows = 0;
    qint64 cells = 0;   // every cell handed over, empty ones between values included
    qint64 numbers = 0; // Kind::Number cells: the values import_bench counts
};

bool readOnce(const QString &path, int sheet, Run *run, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    const double cpuBefore = cpuSeconds();
    XlsxReader reader;
    if (!reader.open(path, error))
        return false;
    const bool ok = reader.readRows(sheet, [&](qint64, const QList<Cell> &cells) {
        ++run->rows;
        run->cells += cells.size();
        for (const Cell &cell : cells)
            run->numbers += cell.kind == Cell::Kind::Number;
        return true;
    }, error);
    run->seconds = double(timer.nsecsElapsed()) / 1e9;
    run->cpuSeconds = cpuSeconds() - cpuBefore;
    return ok;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int runs = 5;
    int sheet = 0;
    QString keep;
    QString file;
    bool sharedStrings = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--runs") && i + 1 < args.size())
            runs = qMax(1, args[++i].toInt());
        else if (args[i] == QLatin1String("--sheet") && i + 1 < args.size())
            sheet = args[++i].toInt();
        else if (args[i] == QLatin1String("--keep") && i + 1 < args.size())
            keep = args[++i];
        else if (args[i] == QLatin1String("--shared-strings"))
            sharedStrings = true;
        else if (!args[i].startsWith(QLatin1String("--")))
            file = args[i];
        else {
            std::fprintf(stderr, "usage: xlsx_reader_bench [--runs N] [--sheet I] [--keep DIR] [--shared-strings] [FILE.xlsx]\n");
            return 2;
        }
    }

    QTemporaryDir tmp;
    if (file.isEmpty()) {
        const QString dir = keep.isEmpty() ? tmp.path() : keep;
        QDir().mkpath(dir);
        file = QDir(dir).filePath(sharedStrings ? QStringLiteral("ward-scale-shared.xlsx") : QStringLiteral("ward-scale.xlsx"));
        if (!writeWardScaleWorkbook(file, sharedStrings)) {
            std::fprintf(stderr, "could not write %s with bench_xlsx_writer\n", qPrintable(file));
            return 1;
        }
    }
    std::printf("%s: %.1f MB on disk\n", qPrintable(QFileInfo(file).fileName()), double(QFileInfo(file).size()) / 1e6);
    const long rssBefore = peakRssKb();

    QList<double> seconds;
    QList<double> cpu;
    Run last;
    for (int i = 0; i < runs; ++i) {
        Run run;
        QString error;
        if (!readOnce(file, sheet, &run, &error)) {
            std::printf("  run %d FAILED: %s\n", i + 1, qPrintable(error));
            return 1;
        }
        std::printf("  run %d: %lld rows, %lld cells (%lld numbers) in %.3f s (%.3f s CPU) = %.2f M cells/s, %.2f M numbers/s\n",
                    i + 1, static_cast<long long>(run.rows), static_cast<long long>(run.cells),
                    static_cast<long long>(run.numbers), run.seconds, run.cpuSeconds, double(run.cells) / run.seconds / 1e6,
                    double(run.numbers) / run.seconds / 1e6);
        seconds.append(run.seconds);
        cpu.append(run.cpuSeconds);
        last = run;
    }
    std::sort(seconds.begin(), seconds.end());
    std::sort(cpu.begin(), cpu.end());
    const double median = seconds.at(seconds.size() / 2);
    const double medianCpu = cpu.at(cpu.size() / 2);
    std::printf("median of %d: %.3f s = %.2f M cells/s (%.2f M numbers/s); CPU %.3f s = %.2f M cells/s; "
                "peak RSS %.1f MB (%.1f MB before reading)\n",
                runs, median, double(last.cells) / median / 1e6, double(last.numbers) / median / 1e6, medianCpu,
                double(last.cells) / medianCpu / 1e6, double(peakRssKb()) / 1024.0, double(rssBefore) / 1024.0);
    return 0;
}
