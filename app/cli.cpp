#include "cli.h"

#include "catalog.h"
#include "mainwindow.h"
#include "reporttable.h"
#include "store.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QTextStream>

#include <cstdio>
#include <cstring>
#include <memory>

namespace oversight {

namespace {

constexpr int exitOk = 0;
constexpr int exitError = 1;
constexpr int exitUsage = 2;

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const QString &message)
{
    err() << "oversight: " << message << Qt::endl;
    return exitError;
}

int usage(const QString &message)
{
    err() << "oversight: " << message << "\nRun 'oversight --help' for usage." << Qt::endl;
    return exitUsage;
}

// The command is the first argument that is not an option (or the value of --db/--view/--size).
QString findCommand(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--db") == 0 || std::strcmp(arg, "--view") == 0 || std::strcmp(arg, "--size") == 0) {
            ++i;
            continue;
        }
        if (arg[0] == '-')
            continue;
        return QString::fromLocal8Bit(arg);
    }
    return {};
}

QString defaultStorePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("oversight.sqlite"));
}

std::unique_ptr<Store> openStore(const QString &path, Store::Content content, QString *error)
{
    Store::Options options;
    options.content = content;
    return Store::open(path, options, error);
}

int listCommand(const Store &store, const QString &what)
{
    if (what == QLatin1String("tables")) {
        for (const QString &id : reporttables::ids())
            out() << id << '\t' << reporttables::title(id) << '\n';
    } else if (what == QLatin1String("views")) {
        for (const QString &id : MainWindow::viewIds(store))
            out() << id << '\n';
    } else if (what == QLatin1String("measures")) {
        for (const MeasureInfo &m : catalog::measures(store, true))
            out() << m.key << '\t' << m.name << '\t' << m.unit << '\t' << m.observationCount << '\n';
    } else if (what == QLatin1String("batches")) {
        QSqlQuery q(store.database());
        q.exec(QStringLiteral("SELECT id, imported_at, imported_by, row_count, source, sha256 FROM import_batch ORDER BY id"));
        out() << "id\timported_at\timported_by\trows\tsource\tsha256\n";
        while (q.next()) {
            out() << q.value(0).toString() << '\t' << q.value(1).toString() << '\t' << q.value(2).toString() << '\t'
                  << q.value(3).toString() << '\t' << q.value(4).toString() << '\t' << q.value(5).toString() << '\n';
        }
    } else {
        return usage(QStringLiteral("list takes one of: tables, views, measures, batches"));
    }
    out().flush();
    return exitOk;
}

int exportTable(const Store &store, const QString &id, const QString &outPath)
{
    if (!outPath.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        return usage(QStringLiteral("export-table writes CSV: give an output file ending in .csv"));
    QString error;
    const auto table = reporttables::build(store, id, &error);
    if (!table)
        return fail(QStringLiteral("cannot export %1: %2").arg(id, error));
    QSaveFile file(outPath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1: %2").arg(outPath, file.errorString()));
    file.write(reporttables::toCsv(*table).toUtf8());
    if (!file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(outPath, file.errorString()));
    return exitOk;
}

int screenshot(Store &store, const QString &outPath, const QString &viewId, const QString &sizeText)
{
    const QStringList parts = sizeText.split(QLatin1Char('x'));
    bool okW = false;
    bool okH = false;
    const int width = parts.value(0).toInt(&okW);
    const int height = parts.value(1).toInt(&okH);
    if (parts.size() != 2 || !okW || !okH || width < 200 || height < 150)
        return usage(QStringLiteral("--size takes WIDTHxHEIGHT, e.g. 1440x900"));
    MainWindow window(store);
    window.resize(width, height);
    if (!viewId.isEmpty() && !window.showView(viewId))
        return fail(QStringLiteral("no view '%1'; 'oversight list views' lists them").arg(viewId));
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return fail(QStringLiteral("the window could not be shown for the screenshot"));
    QApplication::processEvents();
    QTest::qWait(50);
    const QImage image = window.grab().toImage();
    if (!image.save(outPath))
        return fail(QStringLiteral("cannot write %1").arg(outPath));
    return exitOk;
}

} // namespace

int runCli(int argc, char *argv[])
{
    const QString command = findCommand(argc, argv);
    bool informational = false;
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"--help", "-h", "--help-all", "--version", "-v"})
            informational = informational || std::strcmp(argv[i], flag) == 0;
    }
    const bool gui = !informational && (command.isEmpty() || command == QLatin1String("screenshot"));
    if (gui && command.isEmpty() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        std::fputs("oversight: no display to open the window on. Run it in a desktop session, or use a "
                   "command such as 'oversight screenshot OUT.png' (see --help).\n", stderr);
        return exitError;
    }
    if (command == QLatin1String("screenshot") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    std::unique_ptr<QCoreApplication> app;
    if (gui)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("MOPAC"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("london.gov.uk"));
    QCoreApplication::setApplicationName(QStringLiteral("Oversight"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OVERSIGHT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Oversight: MOPAC performance and finance against the Police and Crime Plan.\n\n"
        "Commands:\n"
        "  (none)                          open the window\n"
        "  init [--empty]                  create the store (default data, or schema and reference dimensions)\n"
        "  list tables|views|measures|batches\n"
        "  export-table ID OUT.csv         write a report table as plain CSV\n"
        "  screenshot OUT.png [--view ID] [--size 1440x900]"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("The store file (created from the default data when missing)."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption emptyOption(QStringLiteral("empty"), QStringLiteral("With init: schema and reference dimensions only."));
    const QCommandLineOption viewOption(QStringLiteral("view"), QStringLiteral("With screenshot: the view to show."), QStringLiteral("ID"));
    const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("With screenshot: the window size."),
                                        QStringLiteral("WxH"), QStringLiteral("1440x900"));
    parser.addOptions({dbOption, emptyOption, viewOption, sizeOption});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("What to do (see above)."));

    if (!parser.parse(QCoreApplication::arguments()))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        return exitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out() << QCoreApplication::applicationName() << ' ' << QCoreApplication::applicationVersion() << '\n';
        out().flush();
        return exitOk;
    }

    const QStringList args = parser.positionalArguments();
    const QString storePath = parser.isSet(dbOption) ? parser.value(dbOption) : defaultStorePath();
    const QString name = args.value(0);
    auto expectArgs = [&](int count, const QString &form) -> bool {
        if (args.size() != count) {
            usage(QStringLiteral("usage: oversight [--db FILE] %1").arg(form));
            return false;
        }
        return true;
    };
    static const QStringList known = {QStringLiteral("init"), QStringLiteral("list"), QStringLiteral("export-table"),
                                      QStringLiteral("screenshot")};
    if (!name.isEmpty() && !known.contains(name))
        return usage(QStringLiteral("unknown command '%1'").arg(name));
    if (parser.isSet(emptyOption) && name != QLatin1String("init"))
        return usage(QStringLiteral("--empty goes with init"));

    QString error;
    if (name == QLatin1String("init")) {
        if (!expectArgs(1, QStringLiteral("init [--empty]")))
            return exitUsage;
        if (QFileInfo::exists(storePath))
            return fail(QStringLiteral("%1 already exists; init creates a new store").arg(storePath));
        auto store = openStore(storePath, parser.isSet(emptyOption) ? Store::Content::Empty : Store::Content::Default, &error);
        if (!store)
            return fail(error);
        out() << "Created " << QFileInfo(storePath).absoluteFilePath() << '\n';
        out().flush();
        return exitOk;
    }

    auto store = openStore(storePath, Store::Content::Default, &error);
    if (!store)
        return fail(error);

    if (name == QLatin1String("list")) {
        if (!expectArgs(2, QStringLiteral("list tables|views|measures|batches")))
            return exitUsage;
        return listCommand(*store, args.at(1));
    }
    if (name == QLatin1String("export-table")) {
        if (!expectArgs(3, QStringLiteral("export-table ID OUT.csv")))
            return exitUsage;
        return exportTable(*store, args.at(1), args.at(2));
    }
    if (name == QLatin1String("screenshot")) {
        if (!expectArgs(2, QStringLiteral("screenshot OUT.png [--view ID] [--size 1440x900]")))
            return exitUsage;
        return screenshot(*store, args.at(1), parser.value(viewOption), parser.value(sizeOption));
    }

    MainWindow window(*store);
    window.show();
    return QApplication::exec();
}

} // namespace oversight
