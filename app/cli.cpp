#include "cli.h"

#include "catalog.h"
#include "boardpack.h"
#include "chartregistry.h"
#include "classification.h"
#include "disagreements.h"
#include "figure.h"
#include "figureexport.h"
#include "filterbar.h"
#include "importchoices.h"
#include "importer.h"
#include "profiles.h"
#include "mainwindow.h"
#include "period.h"
#include "reporttable.h"
#include "safewrite.h"
#include "schema.h"
#include "store.h"
#include "storecheck.h"
#include "tableexport.h"
#include "textescape.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QImage>
#include <QImageWriter>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStringDecoder>
#include <QTextStream>
#include <QTimer>
#include <QWindow>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <tuple>
#include <vector>

namespace oversight {

namespace {

constexpr int exitOk = 0;
constexpr int exitError = 1;
constexpr int exitUsage = 2;

// Everything the command line prints goes through this device: file names, cells, category and
// measure names and the messages quoting them come from outside, and a terminal runs the control
// characters in them (ESC]0;…BEL retitles it, ESC[2J clears it). They are printed as \x1b-style
// escapes by the one terminal helper; newline and tab are Oversight's own line and column breaks
// (text that could hold them, like a cell, is escaped whole where the message is composed).
class TerminalDevice final : public QIODevice
{
public:
    explicit TerminalDevice(FILE *file)
        : m_file(file)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }

    qint64 writeData(const char *data, qint64 size) override
    {
        // Stateful: a character split between two writes is decoded whole.
        const QString decoded = m_decoder.decode(QByteArrayView(data, size));
        const QByteArray safe = text::terminalEscaped(decoded, text::Terminal::KeepLines).toUtf8();
        if (std::fwrite(safe.constData(), 1, static_cast<size_t>(safe.size()), m_file) != static_cast<size_t>(safe.size()))
            return -1;
        std::fflush(m_file);
        return size;
    }

private:
    FILE *m_file;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
};

QTextStream &out()
{
    static TerminalDevice device(stdout);
    static QTextStream stream(&device);
    return stream;
}

QTextStream &err()
{
    static TerminalDevice device(stderr);
    static QTextStream stream(&device);
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
        static const char *const withValue[] = {"--db", "--view", "--size", "--profile", "--save-profile", "--repair", "--area",
                                                "--from", "--to", "--variant", "--quarter", "--sections", "--dpi", "--page",
                                                "--period", "--sheet", "--header-row", "--layout", "--column", "--measure",
                                                "--two-digit-years", "--skip-row", "--confirm-unit"};
        if (std::any_of(std::begin(withValue), std::end(withValue), [arg](const char *o) { return std::strcmp(arg, o) == 0; })) {
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

// What 'list' lists: the help text, the usage messages and listCommand all read this.
const QStringList &listTargets()
{
    static const QStringList targets = {QStringLiteral("tables"), QStringLiteral("charts"), QStringLiteral("views"),
                                        QStringLiteral("measures"), QStringLiteral("batches"), QStringLiteral("disagreements"),
                                        QStringLiteral("classifications"), QStringLiteral("quarters")};
    return targets;
}

// Where the report states two values for one thing: each disagreement, every statement with its
// place and words, what Oversight does about it, and where the views note it.
void listDisagreements(const Store &store)
{
    for (const SourceDisagreement &d : disagreements::all(store)) {
        out() << d.key << ": " << d.subject;
        if (!d.periodLabel.isEmpty())
            out() << " (" << d.periodLabel << ')';
        out() << '\n';
        for (const SourceStatement &s : d.statements) {
            out() << "  " << s.printed << '\t' << s.place;
            if (!s.words.isEmpty())
                out() << ": \"" << s.words << '"';
            out() << '\n';
        }
        out() << "  " << d.description << '\n';
        QStringList noted;
        for (const QString &table : d.tableIds)
            noted.append(QStringLiteral("table ") + table);
        for (const QString &measure : d.measureKeys)
            noted.append(QStringLiteral("measure ") + measure);
        out() << "  Noted on: " << noted.join(QStringLiteral(", ")) << "\n\n";
    }
}

int listCommand(const Store &store, const QString &what)
{
    if (what == QLatin1String("tables")) {
        for (const QString &id : reporttables::ids())
            out() << id << '\t' << reporttables::title(id) << '\n';
    } else if (what == QLatin1String("charts")) {
        for (const charts::ChartInfo &c : charts::chartCatalogue())
            out() << c.id << '\t' << c.title << '\t' << c.group << '\n';
    } else if (what == QLatin1String("views")) {
        for (const QString &id : MainWindow::viewIds(store))
            out() << id << '\n';
    } else if (what == QLatin1String("measures")) {
        for (const MeasureInfo &m : catalog::measures(store, true))
            out() << m.key << '\t' << m.name << '\t' << m.unit << '\t' << m.observationCount << '\n';
    } else if (what == QLatin1String("batches")) {
        out() << "id\timported_at\timported_by\tvalues\tadded\treplaced\tunchanged\tprofile\tsource\tsha256\n";
        for (const import::BatchInfo &b : import::Importer::batches(store)) {
            out() << b.id << '\t' << b.importedAt << '\t' << b.importedBy << '\t' << b.rowCount << '\t' << b.added << '\t'
                  << b.replaced << '\t' << b.unchanged << '\t' << b.profile << '\t' << b.source << '\t' << b.sha256 << '\n';
        }
    } else if (what == QLatin1String("disagreements")) {
        listDisagreements(store);
    } else if (what == QLatin1String("quarters")) {
        // Each quarter held: the report tables it fills, how many figures they show, and the batches
        // that brought them (undo-import takes these ids).
        out() << "quarter\ttables\tfigures\tbatches\ttable_ids\n";
        for (const reporttables::QuarterHeld &q : reporttables::quarterSummaries(store)) {
            QStringList batches;
            for (qint64 b : q.batches)
                batches.append(QString::number(b));
            out() << q.quarter.label() << '\t' << q.tables.size() << '\t' << q.figures << '\t' << batches.join(QLatin1Char(','))
                  << '\t' << q.tables.join(QLatin1Char(',')) << '\n';
        }
    } else if (what == QLatin1String("classifications")) {
        // The MPS's crime classifications and the months the store holds each for: where a total
        // changes from one to the next.
        out() << "key\trank\tname\tlisted_categories\tmeasures\tfirst_month\tlast_month\tareas\n";
        for (const classification::Held &h : classification::held(store.database())) {
            out() << h.scheme.key << '\t' << h.scheme.rank << '\t' << h.scheme.name << '\t' << h.listedCategories << '\t'
                  << h.measures << '\t' << h.firstMonth.left(7) << '\t' << h.lastMonth.left(7) << '\t' << h.areas << '\n';
        }
    } else {
        return usage(QStringLiteral("list takes one of: %1").arg(listTargets().join(QStringLiteral(", "))));
    }
    out().flush();
    return exitOk;
}

// export-table ID OUT.csv|OUT.xlsx [--bom]: the format from the extension (models/export/tableexport.h).
int exportTable(const Store &store, const QString &id, const QString &outPath, bool bom, const QString &quarterText,
                files::Access access)
{
    const auto format = tableexport::formatForPath(outPath, bom);
    if (!format)
        return usage(QStringLiteral("export-table writes CSV or Excel: give an output file ending in .csv or .xlsx"));
    if (bom && *format != tableexport::FileFormat::CsvWithBom)
        return usage(QStringLiteral("--bom goes with a .csv output file"));
    QString error;
    const Store::ReadSnapshot snapshot(store); // the quarters held and the table from one state
    std::optional<ReportTable> table;
    if (quarterText.isEmpty()) {
        table = reporttables::build(store, id, &error);
    } else {
        const auto quarter = Period::parse(quarterText);
        if (!quarter || quarter->kind() != Period::Kind::Quarter)
            return usage(QStringLiteral("--quarter takes a quarter such as \"Q2 2017/18\", not '%1'").arg(quarterText));
        table = reporttables::build(store, id, *quarter, &error);
    }
    if (!table)
        return fail(QStringLiteral("cannot export %1: %2").arg(id, error));
    if (!tableexport::write(tableexport::fromReportTable(*table), outPath, *format, &error, access))
        return fail(error);
    return exitOk;
}

struct PreparedImport {
    QString path;
    std::unique_ptr<import::Reader> reader;
    QList<import::ImportPlan> plans; // one per sheet, imported as one batch
};

// Reader and plans for one file: a named profile (one plan per sheet it reads), else a saved
// profile matching the file's shape, else what detection proposes.
bool prepareImport(const QString &path, const QString &profileName, const import::ProfileStore &profiles,
                   PreparedImport *prepared, QString *error)
{
    prepared->path = path;
    const QString name = QFileInfo(path).fileName();
    if (!QFileInfo::exists(path)) {
        *error = QStringLiteral("%1: no such file").arg(path);
        return false;
    }
    prepared->reader = import::readerFor(path, error);
    if (!prepared->reader)
        return false;
    QString openError;
    if (!prepared->reader->open(path, &openError)) {
        *error = openError.contains(name) ? openError : QStringLiteral("%1: %2").arg(name, openError);
        return false;
    }
    QString planError;
    if (!profileName.isEmpty()) {
        const auto profile = profiles.loadSheets(profileName, &planError);
        if (!profile) {
            *error = QStringLiteral("%1: %2").arg(name, planError);
            return false;
        }
        for (const import::ImportPlan &sheet : *profile) {
            import::ImportPlan plan;
            if (!import::applyProfile(*prepared->reader, sheet, &plan, &planError, name)) {
                *error = QStringLiteral("%1: %2").arg(name, planError);
                return false;
            }
            prepared->plans.append(plan);
        }
        return true;
    }
    auto detected = import::detectPlan(*prepared->reader, name, &planError);
    if (!detected) {
        *error = planError.contains(name) ? planError : QStringLiteral("%1: %2").arg(name, planError);
        return false;
    }
    prepared->plans = {*detected};
    if (const auto saved = profiles.match(*detected)) {
        if (!import::applyProfile(*prepared->reader, *saved, &prepared->plans.first(), &planError, name)) {
            *error = QStringLiteral("%1: %2").arg(name, planError);
            return false;
        }
    }
    return true;
}

int importCommand(Store &store, const QStringList &files, const QString &profileName, const QString &saveProfile,
                  bool dryRun, import::ConflictPolicy policy, const import::PlanChoices &choices)
{
    // The choices that need no file (a layout's or role's name, a period) are refused before any is read.
    QString choiceError;
    if (!import::checkChoices(choices, &choiceError))
        return usage(choiceError);
    import::ProfileStore profiles;
    std::vector<PreparedImport> prepared;
    bool failed = false;
    for (const QString &path : files) {
        PreparedImport p;
        QString error;
        if (!prepareImport(path, profileName, profiles, &p, &error)) {
            out() << error << '\n';
            failed = true;
            continue;
        }
        // The officer's choices override detection's and a profile's, the wizard's way (importchoices.h);
        // --period makes a report table's quarter whatever its title, name or profile say.
        if (!import::applySheetChoices(*p.reader, store, QFileInfo(path).fileName(), p.plans, choices, &error))
            return usage(QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), error));
        prepared.push_back(std::move(p));
    }
    auto report = [&](const import::ImportResult &result) {
        for (const import::ImportIssue &issue : result.issues)
            out() << issue.toString() << '\n';
        if (result.errorCount > result.issues.size())
            out() << "… and " << (result.errorCount + result.warningCount - result.issues.size()) << " more\n";
        for (const import::ValueConflict &c : result.conflicts) {
            out() << result.fileName << ':' << c.sheet << '!' << import::cellReference(c.column, c.row)
                  << ": conflict: " << text::terminalEscaped(c.measureName) << ", " << text::terminalEscaped(c.areaName) << ", "
                  << text::terminalEscaped(c.periodLabel)
                  << (c.breakdown.isEmpty() ? QString() : QStringLiteral(", ") + text::terminalEscaped(c.breakdown)) << ": stored "
                  << QString::number(c.storedValue, 'g', 15) << " (batch " << c.storedBatch << "), file "
                  << QString::number(c.fileValue, 'g', 15) << '\n';
        }
        out() << result.summary() << '\n';
        if (!result.unconfirmedUnits.isEmpty())
            out() << "The figures warned of above do not look like their measure's unit. Check them; if they are right, import "
                     "again with --confirm-unit "
                  << text::terminalEscaped(result.unconfirmedUnits.join(QStringLiteral(" --confirm-unit "))) << ".\n";
    };
    const char *const nothingWritten = "Nothing was written. Resolve the errors above; for conflicts choose --replace or --keep.\n";
    import::ImportOptions options;
    options.policy = policy;
    import::Importer importer(store);
    // Every file is checked before any is written: one bad file writes nothing at all. A single
    // file needs no separate check: its import writes nothing when it finds an error or conflict.
    const bool checkFirst = dryRun || prepared.size() != 1 || failed;
    if (checkFirst) {
        options.dryRun = true;
        for (PreparedImport &p : prepared) {
            // The plan first, each sheet's in turn: every guess the importer makes is read before
            // anything is written.
            for (const import::ImportPlan &plan : std::as_const(p.plans)) {
                for (const QString &line : import::describePlan(plan))
                    out() << QFileInfo(p.path).fileName() << ": " << text::terminalEscaped(line) << '\n';
            }
            const import::ImportResult result = importer.run(p.path, *p.reader, p.plans, options);
            report(result);
            if (!result.ok)
                failed = true;
        }
    }
    if (failed) {
        out() << nothingWritten;
        out().flush();
        return exitError;
    }
    if (dryRun) {
        out() << "Dry run: nothing was written.\n";
        out().flush();
        return exitOk;
    }
    options.dryRun = false;
    for (PreparedImport &p : prepared) {
        const import::ImportResult result = importer.run(p.path, *p.reader, p.plans, options);
        if (!checkFirst)
            report(result);
        if (!result.committed) {
            if (checkFirst) {
                for (const import::ImportIssue &issue : result.issues)
                    out() << issue.toString() << '\n';
                out() << "Nothing more was written.\n";
            } else {
                out() << nothingWritten;
            }
            out().flush();
            return exitError;
        }
        out() << "Imported " << result.fileName;
        if (p.plans.size() > 1) {
            QStringList sheets;
            for (const import::ImportPlan &plan : std::as_const(p.plans))
                sheets.append(QStringLiteral("'%1'").arg(text::terminalEscaped(plan.sheetName)));
            out() << " (" << p.plans.size() << " sheets: " << sheets.join(QStringLiteral(", ")) << ')';
        }
        out() << " as batch " << result.batchId << ".\n";
        if (!saveProfile.isEmpty()) {
            QList<import::ImportPlan> plans = p.plans;
            for (import::ImportPlan &plan : plans)
                plan.profileName = saveProfile;
            QString error;
            bool created = false;
            if (!profiles.save(plans, &error, &created)) {
                err() << "oversight: " << error << Qt::endl;
            } else {
                out() << "Saved the import profile '" << saveProfile << "' in " << profiles.folder() << ".\n";
                // A profile this import made goes when the import is undone.
                if (created
                    && !import::Importer::recordSavedProfile(store, result.batchId, saveProfile, profiles.pathFor(saveProfile), &error))
                    err() << "oversight: " << error << Qt::endl;
            }
        }
    }
    out().flush();
    return exitOk;
}

int undoImport(Store &store, const QString &idText)
{
    bool ok = false;
    const qint64 id = idText.toLongLong(&ok);
    if (!ok || id <= 0)
        return usage(QStringLiteral("undo-import takes a batch number ('oversight list batches' lists them)"));
    QString error;
    import::UndoSummary summary;
    if (!import::Importer::undo(store, id, &error, &summary))
        return fail(error);
    out() << text::terminalEscaped(summary.message()) << '\n';
    out().flush();
    return exitOk;
}

// check [--repair NEW.sqlite]: the full check of an existing store, read-only; --repair copies what
// can be read into a new store (models/storecheck.h). Never creates or changes the store itself.
int checkCommand(const QString &storePath, const QString &repairPath)
{
    const QFileInfo info(storePath);
    const QString shown = info.absoluteFilePath();
    if (!info.exists())
        return fail(QStringLiteral("%1: no such store").arg(shown));
    if (!info.isFile())
        return fail(QStringLiteral("%1 is not a file.").arg(shown));
    const storecheck::Inspection check = storecheck::inspect(storePath, storecheck::Depth::Full, Store::Options{}.busyTimeoutMs);
    if (!check.error.isEmpty())
        return fail(QStringLiteral("cannot check %1: %2").arg(shown, check.error));
    if (check.problems.isEmpty() && check.applicationId != schema::applicationId && check.hasTables)
        return fail(QStringLiteral("%1 is a SQLite database but not an Oversight store").arg(shown));
    if (check.problems.isEmpty() && check.userVersion > schema::latestVersion())
        return fail(QStringLiteral("%1 was written by a newer Oversight (store version %2)").arg(shown).arg(check.userVersion));
    if (check.problems.isEmpty()) {
        out() << shown << ": no problems found (store version " << check.userVersion << ", integrity_check ok)\n";
    } else {
        out() << shown << " is damaged:\n";
        for (const QString &problem : check.problems)
            out() << "  " << problem << '\n';
    }
    out().flush();
    if (repairPath.isEmpty()) {
        if (check.problems.isEmpty())
            return exitOk;
        return fail(QStringLiteral("%1 is damaged; 'check --repair NEW.sqlite' copies what can be read into a new store").arg(shown));
    }
    QList<storecheck::TableRescue> rescued;
    QStringList notes;
    QString error;
    if (!storecheck::repair(storePath, repairPath, &rescued, &notes, &error))
        return fail(QStringLiteral("cannot repair %1: %2").arg(shown, error));
    for (const QString &note : notes)
        out() << note << '\n';
    QStringList incomplete;
    for (const storecheck::TableRescue &table : rescued) {
        out() << table.table << '\t' << table.rows << " rows";
        if (!table.problem.isEmpty()) {
            out() << ", then: " << table.problem;
            incomplete.append(table.table);
        }
        out() << '\n';
    }
    out() << "Wrote " << QFileInfo(repairPath).absoluteFilePath() << " (a new store); " << shown << " was left unchanged.\n";
    out().flush();
    if (!incomplete.isEmpty())
        return fail(QStringLiteral("the new store lacks what could not be read of %1").arg(incomplete.join(QStringLiteral(", "))));
    return exitOk;
}

bool parseSize(const QString &text, QSize *size)
{
    const QStringList parts = text.split(QLatin1Char('x'));
    bool okW = false;
    bool okH = false;
    const int width = parts.value(0).toInt(&okW);
    const int height = parts.value(1).toInt(&okH);
    if (parts.size() != 2 || !okW || !okH || width < 200 || height < 150 || width > 20000 || height > 20000)
        return false;
    *size = QSize(width, height);
    return true;
}

// The quarter a command shows: --quarter as officers write it ("Q2 2017/18", "Q2 17/18"), which the
// store must hold report figures for; without it, the latest quarter held (none when it holds none).
// Returns exitOk, or the exit code after saying what is wrong.
int quarterFor(const Store &store, const QString &text, std::optional<Period> *quarter)
{
    QString error;
    const QList<Period> held = reporttables::quartersHeld(store, &error);
    if (!error.isEmpty())
        return fail(QStringLiteral("cannot read the quarters held: %1").arg(error));
    if (text.trimmed().isEmpty()) {
        *quarter = held.isEmpty() ? std::nullopt : std::optional<Period>(held.last());
        return exitOk;
    }
    const auto asked = Period::parse(text.trimmed());
    if (!asked || asked->kind() != Period::Kind::Quarter)
        return usage(QStringLiteral("'%1' is not a quarter (write it as Q1 2017/18)").arg(text));
    if (!held.contains(*asked)) {
        QStringList labels;
        for (const Period &q : held)
            labels.append(q.label());
        return fail(labels.isEmpty() ? QStringLiteral("the store holds no quarter's report figures, so none for %1").arg(asked->label())
                                     : QStringLiteral("the store holds no report figures for %1; it holds %2")
                                           .arg(asked->label(), labels.join(QStringLiteral(", "))));
    }
    *quarter = asked;
    return exitOk;
}

struct ChartOptions {
    QString quarter;
    QString area;
    QString from;
    QString to;
    QString size;
    QString variant;
    QString style;
    QString dpi;  // PNG
    QString page; // PDF
    bool portrait = false;
};

// The file's format (by its extension) and how to write it, from the export-chart options.
// Empty when they make sense; otherwise the usage message.
QString chartExportOptions(const QString &outPath, const ChartOptions &options, charts::ExportOptions *out)
{
    const auto format = charts::exportFormatFor(outPath);
    if (!format)
        return QStringLiteral("export-chart writes PDF, SVG or PNG: give an output file ending in .pdf, .svg or .png");
    out->format = *format;
    const bool pdf = *format == charts::ExportFormat::Pdf;
    if (pdf && !options.size.isEmpty())
        return QStringLiteral("--size goes with PNG and SVG; a PDF fills its page (--page A4|A3, --portrait)");
    if (!pdf && (!options.page.isEmpty() || options.portrait))
        return QStringLiteral("--page and --portrait go with a PDF");
    if (*format != charts::ExportFormat::Png && !options.dpi.isEmpty())
        return QStringLiteral("--dpi goes with a PNG (an SVG or PDF is drawn in lines and text, at any resolution)");
    if (!options.size.isEmpty() && !parseSize(options.size, &out->size))
        return QStringLiteral("--size takes WIDTHxHEIGHT in pixels at 96 dpi, e.g. 1000x650");
    if (!options.dpi.isEmpty()) {
        bool ok = false;
        out->dpi = options.dpi.toInt(&ok);
        if (!ok || out->dpi < charts::kMinExportDpi || out->dpi > charts::kMaxExportDpi)
            return QStringLiteral("--dpi takes a number from %1 to %2, e.g. 300").arg(charts::kMinExportDpi).arg(charts::kMaxExportDpi);
    }
    if (!options.page.isEmpty()) {
        const QString page = options.page.toUpper();
        if (page != QLatin1String("A4") && page != QLatin1String("A3"))
            return QStringLiteral("--page takes A4 or A3");
        out->pageSize = page == QLatin1String("A3") ? QPageSize::A3 : QPageSize::A4;
    }
    out->orientation = options.portrait ? QPageLayout::Portrait : QPageLayout::Landscape;
    return charts::validateExportOptions(*out);
}

int exportChart(const Store &store, const QString &id, const QString &outPath, const ChartOptions &options, files::Access access)
{
    charts::ExportOptions exportOptions;
    if (const QString problem = chartExportOptions(outPath, options, &exportOptions); !problem.isEmpty())
        return usage(problem);
    exportOptions.access = access;
    // The quarter, the areas and the figure's data from one state of the store.
    const Store::ReadSnapshot snapshot(store);
    auto figure = charts::createFigure(store, id);
    if (!figure)
        return fail(QStringLiteral("no chart '%1'; 'oversight list charts' lists them").arg(id));
    charts::ChartRequest request;
    request.variant = options.variant;
    request.style = options.style;
    if (!options.area.isEmpty()) {
        const auto areas = catalog::areas(store);
        const bool known = std::any_of(areas.begin(), areas.end(), [&](const AreaInfo &a) { return a.code == options.area; });
        if (!known)
            return fail(QStringLiteral("no area '%1' in the store (give an ONS code such as E09000033)").arg(options.area));
        request.areaCode = options.area;
    }
    for (const auto &[text, target, isFrom] : {std::tuple{options.from, &request.from, true}, std::tuple{options.to, &request.to, false}}) {
        if (text.isEmpty())
            continue;
        const auto period = Period::parse(text);
        if (!period)
            return usage(QStringLiteral("'%1' is not a period (try 2017-06, June 2017, Q1 2017/18 or 2017/18)").arg(text));
        *target = isFrom ? period->start() : period->end();
    }
    // The figures drawn from the report's tables show the quarter; time charts and maps stop at its
    // last month unless --to says otherwise, as in the window.
    if (const int code = quarterFor(store, options.quarter, &request.quarter); code != exitOk)
        return code;
    if (request.quarter && !request.to.isValid()) {
        request.to = request.quarter->end();
        if (request.from.isValid() && request.from > request.to)
            return usage(QStringLiteral("--from is after %1, where the chart ends: give --to as well").arg(request.quarter->label()));
    }
    if (request.from.isValid() && request.to.isValid() && request.from > request.to)
        return usage(QStringLiteral("--from is after --to"));
    if (!request.variant.isEmpty()) {
        const auto variants = figure->variants();
        const bool known = std::any_of(variants.begin(), variants.end(), [&](const charts::FigureVariant &v) { return v.id == request.variant; });
        if (!known) {
            QStringList ids;
            for (const auto &v : variants)
                ids.append(v.id);
            return usage(ids.isEmpty() ? QStringLiteral("chart %1 has no variants").arg(id)
                                       : QStringLiteral("chart %1 has no variant '%2'; it has: %3").arg(id, request.variant, ids.join(QStringLiteral(", "))));
        }
    }
    figure->setRequest(request);
    QString error;
    if (!charts::exportFigure(*figure, outPath, exportOptions, &error)) {
        if (!error.isEmpty())
            error[0] = error.at(0).toLower(); // "oversight: cannot write …", as the other commands say it
        return fail(error);
    }
    if (const QString missing = figure->missingData(); !missing.isEmpty())
        err() << "oversight: " << id << ": " << missing << Qt::endl;
    return exitOk;
}

int exportPack(const Store &store, const QString &outPath, const QString &quarter, const QString &sectionList, files::Access access)
{
    if (!outPath.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        return usage(QStringLiteral("export-pack writes PDF: give an output file ending in .pdf"));
    charts::PackOptions options;
    options.quarter = quarter.trimmed();
    options.access = access;
    for (const QString &id : sectionList.split(QLatin1Char(','), Qt::SkipEmptyParts))
        options.sections.append(id.trimmed());
    charts::BoardPackWriter writer(store);
    QString error;
    if (!writer.write(outPath, options, {}, &error))
        return fail(QStringLiteral("cannot build the board pack: %1").arg(error));
    out() << "Wrote " << outPath << " (" << writer.pages().size() << " pages)\n";
    out().flush();
    return exitOk;
}

// Runs the event loop until the window is on screen (offscreen: at once; a window manager may take
// a moment, up to 5 s) and then for 50 ms more, so the queued layouts and paints are done before it is
// grabbed. The shipped binary does this itself, with no Qt Test.
bool waitUntilPainted(QWidget *window)
{
    QEventLoop loop;
    const QDeadlineTimer deadline(5000);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if ((window->windowHandle() && window->windowHandle()->isExposed()) || deadline.hasExpired())
            loop.quit();
    });
    poll.start(10);
    loop.exec();
    poll.stop();
    if (!window->windowHandle() || !window->windowHandle()->isExposed())
        return false;
    QTimer::singleShot(50, &loop, &QEventLoop::quit);
    loop.exec();
    return true;
}

int screenshot(Store &store, const QString &outPath, const QString &viewId, const QString &sizeText, const QString &quarterText)
{
    QSize size;
    if (!parseSize(sizeText, &size))
        return usage(QStringLiteral("--size takes WIDTHxHEIGHT, e.g. 1440x900"));
    std::optional<Period> quarter;
    if (const int code = quarterFor(store, quarterText, &quarter); code != exitOk)
        return code;
    MainWindow window(store);
    window.resize(size);
    if (quarter)
        window.filterBar()->setQuarter(*quarter);
    if (!viewId.isEmpty() && !window.showView(viewId))
        return fail(QStringLiteral("no view '%1'; 'oversight list views' lists them").arg(viewId));
    window.show();
    if (!waitUntilPainted(&window))
        return fail(QStringLiteral("the window could not be shown for the screenshot"));
    const QImage image = window.grab().toImage();
    QString why;
    const bool written = files::writeAtomically(
        outPath, files::Access::Document,
        [&](QIODevice *file, QString *reason) {
            QImageWriter writer(file, QFileInfo(outPath).suffix().toLower().toLatin1());
            if (!writer.write(image)) {
                *reason = writer.errorString();
                return false;
            }
            return true;
        },
        &why);
    if (!written)
        return fail(QStringLiteral("cannot write %1: %2").arg(outPath, why));
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
    static const QStringList commands = {QStringLiteral("init"), QStringLiteral("list"), QStringLiteral("export-table"),
                                         QStringLiteral("export-chart"), QStringLiteral("export-pack"), QStringLiteral("screenshot"), QStringLiteral("import"), QStringLiteral("undo-import"),
                                         QStringLiteral("check")};
    // "oversight FILE.xlsx…" (Open with Oversight) opens the window with the import wizard.
    const bool openFiles = !command.isEmpty() && !commands.contains(command) && QFileInfo(command).isFile();
    const bool offscreenCommand = command == QLatin1String("screenshot") || command == QLatin1String("export-chart")
        || command == QLatin1String("export-pack");
    const bool gui = !informational && (command.isEmpty() || offscreenCommand || openFiles);
    if (gui && (command.isEmpty() || openFiles) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        std::fputs("oversight: no display to open the window on. Run it in a desktop session, or use a "
                   "command such as 'oversight screenshot OUT.png' (see --help).\n", stderr);
        return exitError;
    }
    if (offscreenCommand && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
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
    if (gui) {
        // The desktop entry (packaging/linux) names the window's application on Wayland and X11; the
        // icon is the SVG of packaging/icons, embedded by app/CMakeLists.txt.
        QGuiApplication::setDesktopFileName(QStringLiteral("uk.gov.london.mopac.Oversight"));
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/oversight.svg")));
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Oversight: MOPAC performance and finance against the Police and Crime Plan.\n\n"
        "Commands:\n"
        "  (none)                          open the window\n"
        "  init [--empty]                  create the store (default data, or schema and reference dimensions)\n"
        "  list %1\n"
        "                                  disagreements: where the report states two values for one thing\n"
        "  export-table ID OUT.csv|OUT.xlsx [--quarter \"Q2 2017/18\"] [--bom] [--private]\n"
        "                                  write a report table as plain CSV (--bom: UTF-8 BOM for Excel) or as an\n"
        "                                  Excel workbook\n"
        "  export-chart ID OUT.pdf|OUT.svg|OUT.png [--area CODE] [--from PERIOD --to PERIOD] [--variant V] [--tiles]\n"
        "                                  [--quarter \"Q1 2017/18\"] [--private]\n"
        "                                  draw a chart or map offscreen ('list charts' gives the IDs) for the quarter\n"
        "                                  (the latest held), ending with its last month unless --to says; the\n"
        "                                  extension picks the format. PDF: one page [--page A4|A3] [--portrait]\n"
        "                                  (A4 landscape). SVG, PNG: [--size WxH] pixels at 96 dpi (1000x650).\n"
        "                                  PNG: [--dpi N] draws that layout at N dpi (96): WxH x N/96 pixels\n"
        "  export-chart ID OUT.png [--area CODE] [--from PERIOD --to PERIOD] [--size WxH] [--variant V] [--tiles]\n"
        "                                  draw a chart or map offscreen ('list charts' gives the IDs)\n"
        "  export-pack OUT.pdf [--quarter \"Q1 2017/18\"] [--sections LIST] [--private]\n"
        "                                  the quarterly board pack (A4 landscape PDF); sections by ID, comma-separated\n"
        "  Exports are readable by all (0644) whatever the umask; --private makes them yours only (0600).\n"
        "  A failed write (a full disk) leaves the old file as it was and exits 1 with the reason.\n"
        "  screenshot OUT.png [--view ID] [--size 1440x900] [--quarter \"Q1 2017/18\"]\n"
        "  import FILE... [--profile NAME|FILE.json] [--dry-run] [--replace|--keep] [--save-profile NAME]\n"
        "                                  [--sheet NAME|N|all]... [--header-row N] [--layout %2]\n"
        "                                  [--column \"HEADER=ROLE\"]... [--measure KEY|NAME] [--area CODE|NAME]\n"
        "                                  [--period PERIOD] (a report table's quarter when the file does not say)\n"
        "                                  [--two-digit-years PIVOT] (FY99/00: 00-69 are 20yy, 70-99 19yy unless told)\n"
        "                                  the wizard's choices over what Oversight proposes (or a profile says);\n"
        "                                  --dry-run prints the plan with each choice and then the problems;\n"
        "                                  several --sheet (or --sheet all: every data sheet) import as one batch\n"
        "  undo-import BATCH_ID              remove one import and restore what it replaced\n"
        "  check [--repair NEW.sqlite]       check the store's every page, index and table (exit 1 when damaged);\n"
        "                                  --repair copies what can be read into a new store, never in place")
                                                    .arg(listTargets().join(QLatin1Char('|')), import::layoutChoiceNames().join(QLatin1Char('|'))));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("The store file (created from the default data when missing)."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption emptyOption(QStringLiteral("empty"), QStringLiteral("With init: schema and reference dimensions only."));
    const QCommandLineOption viewOption(QStringLiteral("view"), QStringLiteral("With screenshot: the view to show."), QStringLiteral("ID"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
                                        QStringLiteral("With screenshot: the window size. With export-chart to SVG or PNG: the "
                                                       "chart's size in pixels at 96 dpi (1000x650)."),
                                        QStringLiteral("WxH"), QStringLiteral("1440x900"));
    const QCommandLineOption profileOption(QStringLiteral("profile"), QStringLiteral("With import: the saved profile (name or .json file)."),
                                           QStringLiteral("NAME"));
    const QCommandLineOption saveProfileOption(QStringLiteral("save-profile"),
                                               QStringLiteral("With import: save the choices as a profile for next time."),
                                               QStringLiteral("NAME"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"), QStringLiteral("With import: check only; write nothing."));
    const QCommandLineOption replaceOption(QStringLiteral("replace"), QStringLiteral("With import: the file's values replace differing stored ones."));
    const QCommandLineOption keepOption(QStringLiteral("keep"), QStringLiteral("With import: differing stored values are kept."));
    const QCommandLineOption periodOption(QStringLiteral("period"),
                                          QStringLiteral("With import: the period of the file's figures where no column gives one "
                                                         "(a report table's quarter, e.g. \"Q2 2017/18\")."),
                                          QStringLiteral("PERIOD"));
    const QCommandLineOption areaOption(QStringLiteral("area"),
                                        QStringLiteral("With export-chart: the area's ONS code. With import: the whole file is this "
                                                       "area (ONS code or name)."),
                                        QStringLiteral("CODE"));
    const QCommandLineOption sheetOption(QStringLiteral("sheet"), QStringLiteral("With import: a sheet to read (name or 1-based number); repeated, several sheets "
                                                                         "in one batch; 'all', every data sheet."),
                                         QStringLiteral("NAME"));
    const QCommandLineOption headerRowOption(QStringLiteral("header-row"),
                                             QStringLiteral("With import: the row of column names (1-based); rows above are skipped."),
                                             QStringLiteral("N"));
    const QCommandLineOption layoutOption(QStringLiteral("layout"),
                                          QStringLiteral("With import: the layout (%1).").arg(import::layoutChoiceNames().join(QStringLiteral(", "))),
                                          QStringLiteral("LAYOUT"));
    const QCommandLineOption columnOption(QStringLiteral("column"),
                                          QStringLiteral("With import: what a column holds, \"HEADER=ROLE\" (repeatable; e.g. "
                                                         "\"Location=area\", \"Notes=ignore\")."),
                                          QStringLiteral("HEADER=ROLE"));
    const QCommandLineOption pivotOption(QStringLiteral("two-digit-years"),
                                         QStringLiteral("With import: the pivot for two-digit years (0-100): below it 20yy, "
                                                        "the rest 19yy; %1 by default (%2).")
                                             .arg(TwoDigitYears::kDefaultPivot)
                                             .arg(TwoDigitYears{}.describe()),
                                         QStringLiteral("PIVOT"));
    const QCommandLineOption skipRowOption(QStringLiteral("skip-row"),
                                           QStringLiteral("With import: leave out a row, \"N=REASON\" (repeatable; the reason is "
                                                          "kept in the batch's record)."),
                                           QStringLiteral("N=REASON"));
    const QCommandLineOption confirmUnitOption(QStringLiteral("confirm-unit"),
                                               QStringLiteral("With import: the figures going into this measure (key or name) are "
                                                              "checked and in its unit, though they do not look it (repeatable)."),
                                               QStringLiteral("MEASURE"));
    const QCommandLineOption measureOption(QStringLiteral("measure"),
                                           QStringLiteral("With import: every value's measure (key or name in 'list measures')."),
                                           QStringLiteral("MEASURE"));
    const QCommandLineOption fromOption(QStringLiteral("from"), QStringLiteral("With export-chart: the first period."), QStringLiteral("PERIOD"));
    const QCommandLineOption toOption(QStringLiteral("to"), QStringLiteral("With export-chart: the last period."), QStringLiteral("PERIOD"));
    const QCommandLineOption variantOption(QStringLiteral("variant"),
                                           QStringLiteral("With export-chart: the chart's own choice (a category, a priority…)."),
                                           QStringLiteral("V"));
    // Not "--style": QApplication takes that for its widget style before this parser sees it.
    const QCommandLineOption tilesOption(QStringLiteral("tiles"),
                                         QStringLiteral("With export-chart: a map as the London Squared tile map."));
    const QCommandLineOption quarterOption(QStringLiteral("quarter"),
                                           QStringLiteral("With export-table, export-pack, export-chart and screenshot: the quarter "
                                                          "(default: the latest held)."),
                                           QStringLiteral("QUARTER"));
    const QCommandLineOption sectionsOption(QStringLiteral("sections"),
                                            QStringLiteral("With export-pack: section IDs, comma-separated (safer-london, police-service, "
                                                           "criminal-justice, children, vawg, hate, finance, mopac-finances, milestones)."),
                                            QStringLiteral("LIST"));
    parser.addOptions({quarterOption, sectionsOption});
    const QCommandLineOption repairOption(QStringLiteral("repair"),
                                          QStringLiteral("With check: copy what can be read into this new store (never in place)."),
                                          QStringLiteral("NEW.sqlite"));
    parser.addOption(repairOption);
    const QCommandLineOption dpiOption(QStringLiteral("dpi"), QStringLiteral("With export-chart to PNG: pixels per inch (72-1200)."),
                                       QStringLiteral("N"));
    const QCommandLineOption pageOption(QStringLiteral("page"), QStringLiteral("With export-chart to PDF: A4 or A3."),
                                        QStringLiteral("SIZE"));
    const QCommandLineOption portraitOption(QStringLiteral("portrait"), QStringLiteral("With export-chart to PDF: a portrait page."));
    const QCommandLineOption bomOption(QStringLiteral("bom"), QStringLiteral("With export-table to .csv: start with a UTF-8 BOM (for Excel)."));
    const QCommandLineOption privateOption(QStringLiteral("private"),
                                           QStringLiteral("With export-table, export-chart and export-pack: readable and writable by you "
                                                          "only (0600), like the store; otherwise 0644."));
    parser.addOptions({dbOption, emptyOption, viewOption, sizeOption, profileOption, saveProfileOption, dryRunOption,
                       replaceOption, keepOption, periodOption, sheetOption, headerRowOption, layoutOption, columnOption, pivotOption, skipRowOption, confirmUnitOption,
                       measureOption, areaOption, fromOption, toOption, variantOption, tilesOption, dpiOption,
                       pageOption, portraitOption, bomOption, privateOption});
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
    const QStringList &known = commands;
    const bool importOptions = parser.isSet(profileOption) || parser.isSet(saveProfileOption) || parser.isSet(dryRunOption)
        || parser.isSet(replaceOption) || parser.isSet(keepOption) || parser.isSet(periodOption) || parser.isSet(sheetOption)
        || parser.isSet(headerRowOption) || parser.isSet(layoutOption) || parser.isSet(columnOption) || parser.isSet(measureOption)
        || parser.isSet(pivotOption) || parser.isSet(skipRowOption) || parser.isSet(confirmUnitOption);
    if (importOptions && name != QLatin1String("import"))
        return usage(QStringLiteral("--profile, --save-profile, --dry-run, --replace, --keep, --sheet, --header-row, --layout, --column, "
                                    "--measure, --period, --two-digit-years, --skip-row and --confirm-unit go with import"));
    if (parser.isSet(replaceOption) && parser.isSet(keepOption))
        return usage(QStringLiteral("choose one of --replace and --keep"));
    if (!name.isEmpty() && !known.contains(name) && !openFiles)
        return usage(QStringLiteral("unknown command '%1'").arg(name));
    const bool chartOptions = parser.isSet(fromOption) || parser.isSet(toOption) || parser.isSet(variantOption)
        || parser.isSet(tilesOption) || parser.isSet(dpiOption) || parser.isSet(pageOption) || parser.isSet(portraitOption);
    if (chartOptions && name != QLatin1String("export-chart"))
        return usage(QStringLiteral("--from, --to, --variant, --tiles, --dpi, --page and --portrait go with export-chart"));
    if (parser.isSet(areaOption) && name != QLatin1String("export-chart") && name != QLatin1String("import"))
        return usage(QStringLiteral("--area goes with export-chart (the chart's area) and import (the whole file's area)"));
    static const QStringList quarterCommands = {QStringLiteral("export-table"), QStringLiteral("export-pack"),
                                                QStringLiteral("export-chart"), QStringLiteral("screenshot")};
    if (parser.isSet(quarterOption) && !quarterCommands.contains(name))
        return usage(QStringLiteral("--quarter goes with %1").arg(quarterCommands.join(QStringLiteral(", "))));
    if (parser.isSet(sectionsOption) && name != QLatin1String("export-pack"))
        return usage(QStringLiteral("--sections goes with export-pack"));
    if (parser.isSet(repairOption) && name != QLatin1String("check"))
        return usage(QStringLiteral("--repair goes with check"));
    if (parser.isSet(emptyOption) && name != QLatin1String("init"))
        return usage(QStringLiteral("--empty goes with init"));
    if (parser.isSet(bomOption) && name != QLatin1String("export-table"))
        return usage(QStringLiteral("--bom goes with export-table"));
    if (parser.isSet(privateOption) && !name.startsWith(QLatin1String("export-")))
        return usage(QStringLiteral("--private goes with export-table, export-chart and export-pack"));
    const files::Access access = parser.isSet(privateOption) ? files::Access::Private : files::Access::Document;

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

    if (name == QLatin1String("check")) {
        if (!expectArgs(1, QStringLiteral("check [--repair NEW.sqlite]")))
            return exitUsage;
        return checkCommand(storePath, parser.value(repairOption));
    }

    auto store = openStore(storePath, Store::Content::Default, &error);
    if (!store)
        return fail(error);
    for (const QString &note : store->openNotes())
        err() << "oversight: " << note << Qt::endl;

    if (name == QLatin1String("list")) {
        if (!expectArgs(2, QStringLiteral("list %1").arg(listTargets().join(QLatin1Char('|')))))
            return exitUsage;
        return listCommand(*store, args.at(1));
    }
    if (name == QLatin1String("export-table")) {
        if (!expectArgs(3, QStringLiteral("export-table ID OUT.csv|OUT.xlsx [--quarter \"Q2 2017/18\"] [--bom] [--private]")))
            return exitUsage;
        return exportTable(*store, args.at(1), args.at(2), parser.isSet(bomOption), parser.value(quarterOption), access);
    }
    if (name == QLatin1String("export-chart")) {
        if (!expectArgs(3, QStringLiteral("export-chart ID OUT.pdf|OUT.svg|OUT.png [--quarter Q] [--area CODE] [--from PERIOD --to PERIOD] "
                                          "[--page A4|A3] [--portrait] [--size WxH] [--dpi N]")))
            return exitUsage;
        return exportChart(*store, args.at(1), args.at(2),
                           {parser.value(quarterOption), parser.value(areaOption), parser.value(fromOption), parser.value(toOption),
                            parser.isSet(sizeOption) ? parser.value(sizeOption) : QString(), parser.value(variantOption),
                            parser.isSet(tilesOption) ? QStringLiteral("tiles") : QString(), parser.value(dpiOption),
                            parser.value(pageOption), parser.isSet(portraitOption)},
                           access);
    }
    if (name == QLatin1String("export-pack")) {
        if (!expectArgs(2, QStringLiteral("export-pack OUT.pdf [--quarter \"Q1 2017/18\"] [--sections LIST] [--private]")))
            return exitUsage;
        return exportPack(*store, args.at(1), parser.value(quarterOption), parser.value(sectionsOption), access);
    }
    if (name == QLatin1String("import")) {
        if (args.size() < 2)
            return usage(QStringLiteral("usage: oversight [--db FILE] import FILE... [--profile NAME|FILE.json] [--dry-run] "
                                        "[--replace|--keep] [--save-profile NAME] [--sheet NAME|N|all]... [--header-row N] [--layout L] "
                                        "[--column \"HEADER=ROLE\"]... [--measure M] [--area A] [--period P] [--two-digit-years PIVOT] "
                                        "[--skip-row \"N=REASON\"]... [--confirm-unit MEASURE]..."));
        const auto policy = parser.isSet(replaceOption) ? import::ConflictPolicy::Replace
                            : parser.isSet(keepOption)  ? import::ConflictPolicy::Keep
                                                        : import::ConflictPolicy::Report;
        import::PlanChoices choices;
        choices.sheets = parser.values(sheetOption);
        if (parser.isSet(headerRowOption)) {
            bool ok = false;
            choices.headerRow = parser.value(headerRowOption).trimmed().toLongLong(&ok);
            if (!ok || choices.headerRow < 1)
                return usage(QStringLiteral("--header-row takes a row number from 1, as the spreadsheet numbers its rows, not '%1'")
                                 .arg(parser.value(headerRowOption)));
        }
        choices.layout = parser.value(layoutOption);
        for (const QString &column : parser.values(columnOption)) {
            // The role never holds '=', a header might: the last '=' parts them.
            const qsizetype at = column.lastIndexOf(QLatin1Char('='));
            if (at <= 0 || column.left(at).trimmed().isEmpty() || column.mid(at + 1).trimmed().isEmpty())
                return usage(QStringLiteral("--column takes \"HEADER=ROLE\", e.g. --column \"Location=area\", not '%1'").arg(column));
            choices.columns.append({column.left(at).trimmed(), column.mid(at + 1).trimmed()});
        }
        choices.measure = parser.value(measureOption);
        choices.area = parser.value(areaOption);
        choices.period = parser.value(periodOption);
        if (parser.isSet(pivotOption)) {
            // The range is checked with the other choices (import::checkChoices); here only that it is a number.
            bool ok = false;
            choices.twoDigitYearPivot = parser.value(pivotOption).trimmed().toInt(&ok);
            if (!ok || choices.twoDigitYearPivot < 0)
                return usage(QStringLiteral("--two-digit-years takes a pivot from 0 to 100 (e.g. 50: 00–49 are 2000–2049, "
                                            "50–99 are 1950–1999), not '%1'")
                                 .arg(parser.value(pivotOption)));
        }
        for (const QString &skip : parser.values(skipRowOption)) {
            const qsizetype at = skip.indexOf(QLatin1Char('='));
            bool ok = false;
            const qint64 row = at > 0 ? skip.left(at).trimmed().toLongLong(&ok) : 0;
            if (!ok || row < 1 || skip.mid(at + 1).trimmed().isEmpty())
                return usage(QStringLiteral("--skip-row takes a row number and the reason it is left out, \"N=REASON\" (e.g. "
                                            "--skip-row \"41=notes under the table\"), not '%1'")
                                 .arg(text::terminalEscaped(skip)));
            choices.skipRows.insert(row, skip.mid(at + 1).trimmed());
        }
        choices.confirmUnits = parser.values(confirmUnitOption);
        return importCommand(*store, args.mid(1), parser.value(profileOption), parser.value(saveProfileOption),
                             parser.isSet(dryRunOption), policy, choices);
    }
    if (name == QLatin1String("undo-import")) {
        if (!expectArgs(2, QStringLiteral("undo-import BATCH_ID")))
            return exitUsage;
        return undoImport(*store, args.at(1));
    }
    if (name == QLatin1String("screenshot")) {
        if (!expectArgs(2, QStringLiteral("screenshot OUT.png [--view ID] [--size 1440x900] [--quarter \"Q1 2017/18\"]")))
            return exitUsage;
        return screenshot(*store, args.at(1), parser.value(viewOption), parser.value(sizeOption), parser.value(quarterOption));
    }

    MainWindow window(*store);
    window.show();
    if (openFiles)
        QTimer::singleShot(0, &window, [&window, args] { window.importFiles(args); });
    return QApplication::exec();
}

} // namespace oversight
