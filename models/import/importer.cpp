#include "importer.h"
#include "formatting.h"

#include "classification.h"
#include "crimetotals.h"
#include "textescape.h"

#include "areamatcher.h"
#include "catalog.h"
#include "factwriter.h"
#include "importproblems.h"
#include "profiles.h"
#include "reporttablelayout.h"
#include "reporttableimport.h"
#include "reportspec.h"
#include "returnlayout.h"
#include "store.h"
#include "valueparser.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QBitArray>
#include <QHash>
#include <QLocale>
#include <QMap>
#include <QSet>
#include <QSqlError>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QRegularExpression>

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

#include <sqlite3.h>

namespace oversight::import {

QString ImportIssue::location() const
{
    QString where = file;
    if (!sheet.isEmpty())
        where += QLatin1Char(':') + sheet;
    if (row > 0) {
        where += column >= 0 ? QStringLiteral("!%1").arg(cellReference(column, row))
                             : QStringLiteral(" row %1").arg(row);
    }
    return where;
}

QString ImportIssue::toString() const
{
    QString text = QStringLiteral("%1: %2: %3")
                       .arg(location(),
                            severity == Severity::Error     ? QStringLiteral("error")
                            : severity == Severity::Warning ? QStringLiteral("warning")
                                                            : QStringLiteral("note"),
                            message);
    if (!cellText.isEmpty())
        // The cell is shown whole on one line, its control characters (a newline that would forge
        // a message line, ESC and BEL that would drive the officer's terminal) as \x1b-style escapes.
        text += QStringLiteral(" (cell holds '%1')").arg(oversight::text::terminalEscaped(cellText.left(80)));
    return text;
}

QString ImportResult::summary() const
{
    const QLocale &enGB = formatting::enGB();
    return QStringLiteral("%1: %2 rows read, %3 values: %4 added, %5 replaced, %6 unchanged, %7 kept, %8 conflicts, "
                          "%9 skipped (no figure), %10 total rows checked; %11 errors, %12 warnings")
        .arg(fileName, enGB.toString(rowsRead), enGB.toString(valuesRead), enGB.toString(added), enGB.toString(replaced),
             enGB.toString(unchanged), enGB.toString(kept), enGB.toString(conflictCount), enGB.toString(skipped))
        .arg(enGB.toString(totalRows), enGB.toString(errorCount), enGB.toString(warningCount));
}

namespace {

using catalog::slug;

// Who imported a batch, as Import history shows it: the account's login name from the system, which a
// session with $USER unset (a service, a cron job, sudo -i) still has.
QString importingUser()
{
    if (const passwd *account = getpwuid(geteuid()); account && account->pw_name && *account->pw_name)
        return QString::fromLocal8Bit(account->pw_name);
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? QStringLiteral("unknown") : user;
}

// A new measure's notes: which file brought it (passed on, with the measure, when that import is undone).
QString createdByNote(const QString &fileName)
{
    return QStringLiteral("Created by importing %1.").arg(fileName);
}

// The dimensions an import adds to, and their column in import_created.
struct Dimension {
    QLatin1String table;
    QLatin1String column;
};
constexpr Dimension createdDimensions[] = {{QLatin1String("measure"), QLatin1String("measure_id")},
                                           {QLatin1String("area"), QLatin1String("area_id")},
                                           {QLatin1String("breakdown"), QLatin1String("breakdown_id")}};

// The highest id of each dimension before an import: a row the import adds gets an id above it (an
// INTEGER PRIMARY KEY is one above the highest held, as a PostgreSQL sequence's next value is), so
// what it created is known afterwards whichever part of it (records, report tables, the catalogue's
// breakdowns) made the row.
struct DimensionHighs {
    qint64 ids[std::size(createdDimensions)] = {};
};

DimensionHighs dimensionHighs(QSqlDatabase db)
{
    DimensionHighs highs;
    QSqlQuery q(db);
    for (std::size_t d = 0; d < std::size(createdDimensions); ++d) {
        if (q.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM %1").arg(createdDimensions[d].table)) && q.next())
            highs.ids[d] = q.value(0).toLongLong();
    }
    return highs;
}

bool recordCreations(QSqlDatabase db, qint64 batchId, const DimensionHighs &highs, QString *error)
{
    QSqlQuery q(db);
    for (std::size_t d = 0; d < std::size(createdDimensions); ++d) {
        q.prepare(QStringLiteral("INSERT INTO import_created (batch_id, %1) SELECT ?, id FROM %2 WHERE id > ?")
                      .arg(createdDimensions[d].column, createdDimensions[d].table));
        q.addBindValue(batchId);
        q.addBindValue(highs.ids[d]);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

// "VIOLENCE AGAINST THE PERSON" reads better as "Violence Against the Person"; mixed case stays.
QString displayName(const QString &text)
{
    const QString simplified = text.simplified();
    if (simplified != simplified.toUpper())
        return simplified;
    static const QStringList smallWords = {
        QStringLiteral("a"), QStringLiteral("an"), QStringLiteral("and"), QStringLiteral("by"), QStringLiteral("for"),
        QStringLiteral("from"), QStringLiteral("in"), QStringLiteral("of"), QStringLiteral("on"), QStringLiteral("or"),
        QStringLiteral("the"), QStringLiteral("to"), QStringLiteral("with"),
    };
    // Acronyms of policing data stay as they are written.
    static const QStringList acronyms = {
        QStringLiteral("nfib"), QStringLiteral("mps"), QStringLiteral("asb"), QStringLiteral("bcu"), QStringLiteral("vcop"),
        QStringLiteral("pcso"), QStringLiteral("dwo"), QStringLiteral("hbv"), QStringLiteral("fgm"), QStringLiteral("lgb"),
        QStringLiteral("bame"), QStringLiteral("snt"), QStringLiteral("uk"), QStringLiteral("ct"), QStringLiteral("vawg"),
    };
    QStringList words = simplified.toLower().split(QLatin1Char(' '));
    for (qsizetype i = 0; i < words.size(); ++i) {
        if (acronyms.contains(words.at(i))) {
            words[i] = words[i].toUpper();
            continue;
        }
        if (i > 0 && smallWords.contains(words.at(i)))
            continue;
        if (!words[i].isEmpty())
            words[i][0] = words[i][0].toUpper();
    }
    return words.join(QLatin1Char(' '));
}

// The identity of a stored figure: exact, so no two figures can be mistaken for one another.
struct FactKey {
    qint64 measure;
    qint64 area;
    qint64 period;
    qint64 breakdown;
    bool operator==(const FactKey &) const = default;
};

size_t qHash(const FactKey &key, size_t seed = 0)
{
    return qHashMulti(seed, key.measure, key.area, key.period, key.breakdown);
}

// Binds values to a prepared query's placeholders in order.
void bindAll(QSqlQuery &q, std::initializer_list<QVariant> values)
{
    int i = 0;
    for (const QVariant &v : values)
        q.bindValue(i++, v);
}

struct TotalRowValue {
    qint64 measure;
    qint64 period;
    qint64 breakdown;
    double value;
    qint64 row;
    int column;
    QString label;
    std::optional<Period> periodValue;
};

// What the sheets of a several-sheet import read so far gave, by figure: a later sheet's figure of
// the same key is the same figure said twice (stored once) or a contradiction (an error naming both
// cells). A single sheet needs none of it.
struct AcrossSheets {
    struct Given {
        double value;
        qint32 sheet; // index into sheetNames
        qint32 row;
        qint32 column;
    };
    QStringList sheetNames;
    QHash<FactKey, Given> given;
};

class Run {
public:
    Run(Store &store, const QString &path, const ImportPlan &plan, const ImportOptions &options, ImportResult &result)
        : m_store(store), m_db(store.database()), m_plan(plan), m_options(options), m_result(result),
          m_fileName(QFileInfo(path).fileName()), m_matcher(store)
    {
        for (auto it = plan.areaMappings.cbegin(); it != plan.areaMappings.cend(); ++it)
            m_matcher.addMapping(it.key(), it.value());
    }

    bool prepare(QString *error);
    bool handleRow(qint64 rowNumber, const QList<Cell> &cells);
    // Total rows are checked against their parts before the writer finishes: a total with no parts
    // in the file (the force's or London's row alone) is that area's own figure and is stored as it.
    void settleTotals();
    void finish();
    // The values are written by a FactWriter thread from the batch's creation until the file has
    // been read; meanwhile this thread uses the connection only through useDatabase().
    bool startWriting(QString *error);
    void finishWriting();
    void abortWriting();
    bool fatal() const { return !m_fatal.isEmpty(); }
    // Records layout: the counts, queued once the whole file has been read.
    void flushRecords();
    QString fatalMessage() const { return m_fatal; }

    qint64 batchId = -1;
    // A several-sheet import: this sheet's figures are checked against the earlier sheets' in
    // across, and added to it where a later sheet will read (last: none will).
    void readAfter(AcrossSheets *across, int sheet, bool last)
    {
        m_across = across;
        m_sheet = sheet;
        m_lastSheet = last;
    }
    // The crime classifications the file's categories were read in (models/classification.h).
    QList<qint64> classifications() const { return m_batchClassifications.values(); }
    // Which classification the file's categories were read in, and how: the plan's note.
    QString classificationNote() const;
    // Adds the (classification, area, period) of the file's values to classification_presence:
    // what the file brings is known from its rows, so the observations need no scan.
    bool recordPresence(QString *error);
    // Every measure the file gave a value for: whose crime totals the import sums again.
    const QSet<qint64> &writtenMeasures() const { return m_writtenMeasures; }
    // The span of the batch's periods, recorded with it for "data as at" and the month filter.
    QDate firstMonth;
    QDate lastMonth;
    QDate lastPeriodEnd;

private:
    void issue(ImportIssue::Severity severity, qint64 row, int column, const QString &cellText, const QString &message);
    qint64 areaFor(qint64 row, const QList<Cell> &cells, bool *isTotal, QString *totalLabel);
    qint64 measureFor(qint64 row, const QList<Cell> &cells);
    qint64 findMeasure(const QString &group, const QString &name) const;
    bool prepareReportTable(QString *error);
    qint64 reportMeasureFor(qint64 row, const QList<Cell> &cells, const ReportTableRows::Row &reportRow);
    qint64 periodId(const Period &period);
    qint64 breakdownFor(qint64 row, const QList<Cell> &cells);
    qint64 breakdownId(const QString &category, const QString &group, QString *error);
    qint64 createMeasure(const QString &key, const QString &name, const QString &category, qint64 classification = 0,
                         const QString &unit = QString());
    // The measure a column header or a records file names: the catalogue's by name or synonym, else
    // a new one in the unit the header states.
    qint64 namedMeasure(const QString &category, const QString &name, const QString &unitHeader);
    // Says in the plan which measure a header or file named: matched in the catalogue or created.
    void noteMeasure(const QString &text, qint64 id, bool created);
    // The period a row's period cell gives; the first two-digit year read as other than this
    // century is said once, with its cell.
    std::optional<Period> rowPeriod(qint64 row, int column, const Cell &cell);
    bool handleRecord(qint64 rowNumber, const QList<Cell> &cells);
    qint64 smallAreaFor(qint64 row, const QList<Cell> &cells, qint64 parent);
    qint64 classificationFor(const QString &group, const QString &name);
    qint64 classifiedMeasure(qint64 classification, const QString &group, const QString &name);
    qint64 createArea(const QString &code, const QString &name, const QString &kind, qint64 parent);
    // summed: the value is a part of the table's totals (a region or force row is not).
    void noteValue(qint64 row, int column, qint64 measure, const Period &periodValue, qint64 period, qint64 breakdown,
                   double value, bool summed = true);
    void queueFact(qint64 measure, qint64 area, qint64 period, qint64 breakdown, double value, qint64 row, int column)
    {
        constexpr qint64 most = std::numeric_limits<qint32>::max();
        if (Q_UNLIKELY(measure > most || area > most || period > most || breakdown > most || row > most)) {
            if (m_fatal.isEmpty())
                m_fatal = QStringLiteral("the store's ids have grown beyond 2,147,483,647, which the import engine "
                                         "does not handle; nothing was written");
            return;
        }
        if (m_across && !firstGivenHere(FactKey{measure, area, period, breakdown}, value, row, column))
            return;
        m_writer->add({value, qint32(measure), qint32(area), qint32(period), qint32(breakdown), qint32(row), qint32(column)});
        // A file's values come in runs of one measure: one look-up per run, not per value.
        if (measure != m_lastWrittenMeasure) {
            m_writtenMeasures.insert(measure);
            m_lastWrittenMeasure = measure;
        }
    }
    // False where an earlier sheet gave the figure: the same value is not written twice, and
    // another value is an error naming both cells.
    bool firstGivenHere(const FactKey &key, double value, qint64 row, int column);
    // How the figures earlier sheets gave were read again: said once per sheet (finish()).
    void noteGivenEarlier();
    bool exec(QSqlQuery &q, const QString &what);
    // The plan's column for a role, looked up once rather than for every row.
    int columnOf(ColumnRole role) const
    {
        const auto at = std::size_t(role);
        return at < m_roleColumns.size() ? m_roleColumns[at] : -1;
    }
    void notePeriod(const Period &period);
    void warnOutsideQuarter(qint64 row, int column, const Period &period);
    // Held around the reading thread's own use of the connection while the writer runs.
    std::unique_lock<std::mutex> useDatabase();

    Store &m_store;
    QSqlDatabase m_db;
    const ImportPlan &m_plan;
    const ImportOptions &m_options;
    ImportResult &m_result;
    QString m_fileName;
    AreaMatcher m_matcher;
    QString m_fatal;
    QSet<qint64> m_writtenMeasures;
    qint64 m_lastWrittenMeasure = -1;

    QHash<QString, qint64> m_measureByKey;
    QHash<QString, qint64> m_measureByText; // "major\nminor" or "\nname", lower case
    // A name alone (lower case, any category) -> the first measure of that name: a file without a
    // category column matches by it in one lookup, not a pass over every measure per new name.
    QHash<QString, qint64> m_measureByName;
    std::optional<QSqlQuery> m_insertMeasure;
    void noteMeasureText(const QString &category, const QString &name, qint64 id)
    {
        m_measureByText.insert(category + QLatin1Char('\n') + name, id);
        if (!m_measureByName.contains(name))
            m_measureByName.insert(name, id);
    }
    QHash<QString, QString> m_categorySpelling; // lower case -> as stored
    QHash<qint64, QString> m_unitById;
    // The figures each measure takes, for the unit check (unitMismatch). Node-based, so the last
    // measure's entry can be held across rows without a look-up per value.
    std::unordered_map<qint64, ValueShape> m_shapes;
    qint64 m_shapeMeasure = -1;
    ValueShape *m_shape = nullptr;
    void noteShape(qint64 measure, double value, qint64 row, int column)
    {
        if (measure != m_shapeMeasure) {
            m_shapeMeasure = measure;
            m_shape = &m_shapes[measure];
        }
        m_shape->add(value, row, column);
    }
    QString measureName(qint64 id) const
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT name FROM measure WHERE id = ?"));
        q.addBindValue(id);
        return q.exec() && q.next() ? q.value(0).toString() : QString();
    }
    // Row labels read as measures that name boroughs (a table of boroughs read as a report table);
    // three are no coincidence (a category may share one borough's name, never three).
    static constexpr qsizetype minBoroughLabels = 3;
    QStringList m_boroughLabels;
    int m_boroughLabelColumn = -1;
    qint64 m_boroughLabelRow = 0; // the first, which the message names
    QHash<qint64, QString> m_measureKeyById;
    QHash<QString, qint64> m_measureByCellText; // measureFor's answers, by the cells' text as written
    // MPS categories belong to a classification; a file's (major, minor) pair is matched within its
    // own, never to a category of another that happens to share its words.
    std::unique_ptr<classification::Vocabulary> m_vocabulary;
    QHash<qint64, int> m_classificationPairs; // pairs of this file that only one classification has
    QSet<qint64> m_batchClassifications;
    QHash<qint64, qint64> m_measureClassification; // classified measures of this file
    // The periods each (classification, area) has values for: wide rows set a column's bit, other
    // layouts add the period itself.
    QHash<QPair<qint64, qint64>, QBitArray> m_presenceColumns;
    QSet<FactKey> m_presence; // (classification, area, period, 0)
    QHash<qint64, int> m_pairsRead;     // the file's pairs, by the classification they were read in
    QHash<qint64, int> m_pairsInferred; // of those, pairs no list has or several lists have
    QHash<QString, qint64> m_periods;
    QHash<QString, qint64> m_areas;
    QSet<qint64> m_wholeAreas; // areas of kind force or region: not parts of a table's totals
    QHash<QString, qint64> m_breakdowns;
    qint64 m_themeId = -1;
    std::optional<Period> m_fixedPeriod;
    std::optional<Period> m_expectedQuarter;

    QSet<FactKey> m_seenKeys;
    // Wide rows without a breakdown, by measure and area in one word: half the memory of a FactKey
    // (a million rows at LSOA level).
    QSet<quint64> m_seenRows;
    bool m_formulaWarned = false;
    bool m_twoDigitYearNoted = false;
    QString m_forceCode; // the store's one force area, for a force's rows with nothing to total
    // MPS neighbourhoods created as areas of their boroughs: said once, with a few for example.
    qint64 m_neighbourhoodsCreated = 0;
    QStringList m_neighbourhoodExamples;
    QList<qint64> m_columnPeriodIds; // wide layout: the period id of each column, -1 where none
    QHash<FactKey, double> m_partSums; // (measure, area 0, period, breakdown) -> sum of the rows
    // The wide layout's sums of the rows, by (measure, breakdown) then column: found once a row.
    QHash<QPair<qint64, qint64>, QList<double>> m_wideSums;
    QList<bool> m_columnHasValues;      // wide layout: the period span is read from these at the end
    QList<bool> m_columnOutsideQuarter; // wide layout: the column's period is outside the expected quarter
    std::vector<int> m_roleColumns;
    QList<TotalRowValue> m_totals;
    // Report tables: the rows' reader and checker, and the value columns with their period and
    // breakdown.
    std::unique_ptr<ReportTableRows> m_reportTable;
    struct ReportValue {
        int column;
        Period period;
        qint64 periodId;
        qint64 breakdown;
    };
    QList<ReportValue> m_reportValues;
    QHash<qint64, QString> m_reportSections; // the section each row's measure was first seen in

    // Columns whose headers name their measure (columnMeasures): the measure of each column, -1
    // elsewhere; empty when the file has none.
    QList<qint64> m_columnMeasureIds;
    // Records layout: the measure counted where no column names one, and the counts so far with the
    // first row and cell that brought each.
    qint64 m_recordMeasureId = -1;
    struct RecordCount {
        double value = 0.0;
        qint64 row = 0;
        int column = -1;
        std::optional<Period> period;
    };
    QHash<FactKey, RecordCount> m_records;
    QList<int> m_breakdownColumns;
    qint64 m_noLocationArea = -1;
    // Rows of forces and regions outside London (a national table): left out, counted and named.
    static constexpr qint64 outsideArea = -2;
    qint64 m_outsideRows = 0;
    QStringList m_outsideNames;
    qint64 m_recordsWithoutLocation = 0;

    AcrossSheets *m_across = nullptr;
    qint32 m_sheet = 0;
    bool m_lastSheet = true;
    QMap<qint32, qint64> m_sameAsEarlier; // by earlier sheet: figures this one gives with the same value

    // Values go through SQLite's C API: binding QVariants costs more than the insert itself.
    sqlite3 *m_sqlite = nullptr;
    std::unique_ptr<FactWriter> m_writer;
};

bool Run::exec(QSqlQuery &q, const QString &what)
{
    if (q.exec())
        return true;
    if (m_fatal.isEmpty())
        m_fatal = m_store.describeError(what, q.lastError().text());
    return false;
}

void Run::issue(ImportIssue::Severity severity, qint64 row, int column, const QString &cellText, const QString &message)
{
    if (severity == ImportIssue::Severity::Error)
        ++m_result.errorCount;
    else
        ++m_result.warningCount;
    if (m_result.issues.size() < m_options.maxListedIssues)
        m_result.issues.append({severity, m_fileName, m_plan.sheetName, row, column, cellText, message});
}

bool Run::prepare(QString *error)
{
    for (qsizetype i = 0; i < m_plan.roles.size(); ++i) {
        const auto role = std::size_t(m_plan.roles.at(i));
        if (role >= m_roleColumns.size())
            m_roleColumns.resize(role + 1, -1);
        if (m_roleColumns[role] < 0)
            m_roleColumns[role] = int(i);
    }
    // A header written as a month that is none ("202313") would leave its column out unseen.
    for (const int c : impossiblePeriodColumns(m_plan))
        issue(ImportIssue::Severity::Error, m_plan.headerRow, c, m_plan.headers.at(c),
              QStringLiteral("a column headed like a month (yyyymm) but no month exists by that name; "
                             "its values would be left out (correct the header, or give the column another role)"));
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("SELECT id, key, lower(coalesce(category, '')), lower(name), category, unit FROM measure ORDER BY id"));
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        m_unitById.insert(id, q.value(5).toString());
        if (!q.value(4).isNull())
            m_categorySpelling.insert(q.value(2).toString(), q.value(4).toString());
        m_measureByKey.insert(q.value(1).toString(), id);
        m_measureKeyById.insert(id, q.value(1).toString());
        noteMeasureText(q.value(2).toString(), q.value(3).toString(), id);
    }
    if (columnOf(ColumnRole::MeasureGroup) >= 0)
        m_vocabulary = std::make_unique<classification::Vocabulary>(m_db);
    // A row may reach a classified measure by any route (a profile's mapping, a key, its words):
    // whichever, the months it brings are recorded in that measure's classification.
    q.exec(QStringLiteral("SELECT id, classification_id FROM measure WHERE classification_id IS NOT NULL"));
    while (q.next())
        m_measureClassification.insert(q.value(0).toLongLong(), q.value(1).toLongLong());
    q.exec(QStringLiteral("SELECT id, code, kind FROM area"));
    int forces = 0;
    while (q.next()) {
        const QString kind = q.value(2).toString();
        m_areas.insert(q.value(1).toString().toUpper(), q.value(0).toLongLong());
        if (kind == QLatin1String("force") || kind == QLatin1String("region"))
            m_wholeAreas.insert(q.value(0).toLongLong());
        if (kind == QLatin1String("force") && ++forces == 1)
            m_forceCode = q.value(1).toString().toUpper();
        else if (kind == QLatin1String("force"))
            m_forceCode.clear(); // more than one force: a total's words cannot say which
    }
    q.exec(QStringLiteral("SELECT id, code FROM period"));
    while (q.next())
        m_periods.insert(q.value(1).toString(), q.value(0).toLongLong());
    q.exec(QStringLiteral("SELECT id, category || ': ' || grp FROM breakdown"));
    while (q.next())
        m_breakdowns.insert(q.value(1).toString(), q.value(0).toLongLong());
    q.prepare(QStringLiteral("SELECT id FROM theme WHERE name = ?"));
    q.addBindValue(m_plan.newMeasureTheme);
    if (q.exec() && q.next())
        m_themeId = q.value(0).toLongLong();
    if (m_themeId < 0) {
        *error = QStringLiteral("unknown theme '%1' for new measures").arg(m_plan.newMeasureTheme);
        return false;
    }
    if (!m_plan.fixedPeriodCode.isEmpty()) {
        m_fixedPeriod = Period::parse(m_plan.fixedPeriodCode);
        if (!m_fixedPeriod) {
            *error = QStringLiteral("'%1' is not a period").arg(m_plan.fixedPeriodCode);
            return false;
        }
    }
    if (!m_plan.expectedQuarter.isEmpty()) {
        m_expectedQuarter = Period::parse(m_plan.expectedQuarter);
        if (!m_expectedQuarter) {
            *error = QStringLiteral("'%1' is not a quarter").arg(m_plan.expectedQuarter);
            return false;
        }
    }
    // The measures the officer created in the wizard, written in this transaction with the batch.
    for (const NewMeasure &created : m_plan.newMeasures) {
        if (m_measureByKey.contains(created.key()))
            continue;
        QSqlQuery theme(m_db);
        theme.prepare(QStringLiteral("SELECT id FROM theme WHERE name = ?"));
        theme.addBindValue(created.theme);
        if (!theme.exec() || !theme.next()) {
            *error = QStringLiteral("unknown theme '%1' for the new measure '%2'").arg(created.theme, created.name);
            return false;
        }
        const qint64 planTheme = m_themeId;
        m_themeId = theme.value(0).toLongLong();
        const qint64 id = createMeasure(created.key(), created.name.simplified(), QString(), 0, created.unit);
        m_themeId = planTheme;
        if (id < 0) {
            *error = m_fatal;
            return false;
        }
        m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, 0, -1, QString(),
                                QStringLiteral("a new measure '%1' (%2, unit %3, theme %4), created by the officer with this import")
                                    .arg(created.name.simplified(), created.key(), created.unit, created.theme)});
    }
    if (!m_plan.fixedMeasureKey.isEmpty() && !m_measureByKey.contains(m_plan.fixedMeasureKey)) {
        *error = QStringLiteral("unknown measure '%1'").arg(m_plan.fixedMeasureKey);
        return false;
    }
    if (!m_plan.fixedAreaCode.isEmpty() && !m_areas.contains(m_plan.fixedAreaCode.toUpper())) {
        *error = QStringLiteral("unknown area code '%1'").arg(m_plan.fixedAreaCode);
        return false;
    }
    // A profile's (or the wizard's) mapping to a measure or area the store does not hold would be
    // passed over, and its rows read some other way: refused, naming the mapping.
    for (auto it = m_plan.measureMappings.cbegin(); it != m_plan.measureMappings.cend(); ++it) {
        if (!m_measureByKey.contains(it.value())) {
            *error = QStringLiteral("the plan maps '%1' to the measure '%2', which the store does not hold "
                                    "('list measures' lists them; correct or remove the mapping in the profile)")
                         .arg(it.key(), it.value());
            return false;
        }
    }
    for (auto it = m_plan.areaMappings.cbegin(); it != m_plan.areaMappings.cend(); ++it) {
        if (!m_areas.contains(it.value().toUpper())) {
            *error = QStringLiteral("the plan maps '%1' to the area code '%2', which the store does not hold "
                                    "(an ONS code such as E09000033; correct or remove the mapping in the profile)")
                         .arg(it.key(), it.value());
            return false;
        }
    }
    // One of the report's own tables knows its areas, measures and periods (reporttableimport.h).
    if (m_plan.layout == Layout::OversightTable)
        return true;
    if (columnOf(ColumnRole::Area) < 0 && columnOf(ColumnRole::AreaCode) < 0 && columnOf(ColumnRole::WardCode) < 0
        && columnOf(ColumnRole::SmallAreaCode) < 0 && m_plan.fixedAreaCode.isEmpty()) {
        *error = QStringLiteral("no area column and no area chosen for the whole file");
        return false;
    }
    // A measure column, where the officer chose one, names the measures; otherwise the columns do.
    const bool columnsNameMeasures = columnOf(ColumnRole::Measure) < 0 || m_plan.layout == Layout::Records;
    for (qsizetype c = 0; columnsNameMeasures && c < m_plan.columnMeasures.size() && c < m_plan.roles.size(); ++c) {
        const QString name = m_plan.columnMeasures.at(c).simplified();
        if (name.isEmpty() || m_plan.roles.at(c) != ColumnRole::Value) {
            m_columnMeasureIds.append(-1);
            continue;
        }
        const qsizetype created = m_result.newMeasures.size();
        const qint64 id = namedMeasure(m_plan.columnMeasureCategory, name, m_plan.headers.value(c));
        if (id < 0) {
            *error = m_fatal;
            return false;
        }
        // Which measure each column went to is said once per measure, matched or created.
        if (!m_columnMeasureIds.contains(id))
            noteMeasure(name, id, m_result.newMeasures.size() > created);
        m_columnMeasureIds.append(id);
    }
    if (std::none_of(m_columnMeasureIds.cbegin(), m_columnMeasureIds.cend(), [](qint64 id) { return id >= 0; }))
        m_columnMeasureIds.clear();
    if (m_plan.layout == Layout::Records && columnOf(ColumnRole::Measure) < 0 && !m_plan.recordMeasure.isEmpty()) {
        const int countColumn = columnOf(ColumnRole::Value);
        const qsizetype created = m_result.newMeasures.size();
        m_recordMeasureId = namedMeasure(QString(), m_plan.recordMeasure, countColumn >= 0 ? m_plan.headers.value(countColumn) : QString());
        if (m_recordMeasureId < 0) {
            *error = m_fatal;
            return false;
        }
        noteMeasure(m_plan.recordMeasure, m_recordMeasureId, m_result.newMeasures.size() > created);
    }
    if (columnOf(ColumnRole::Measure) < 0 && m_plan.fixedMeasureKey.isEmpty() && m_columnMeasureIds.isEmpty() && m_recordMeasureId < 0) {
        *error = QStringLiteral("no measure column and no measure chosen for the whole file");
        return false;
    }
    if (m_plan.layout == Layout::Records) {
        if (columnOf(ColumnRole::Period) < 0) {
            *error = QStringLiteral("records are counted by month: the file needs a period column");
            return false;
        }
        for (int c = 0; c < m_plan.roles.size(); ++c) {
            if (m_plan.roles.at(c) == ColumnRole::Breakdown)
                m_breakdownColumns.append(c);
        }
    } else if (m_plan.layout == Layout::Long) {
        if (columnOf(ColumnRole::Value) < 0) {
            *error = QStringLiteral("no value column");
            return false;
        }
        if (columnOf(ColumnRole::Period) < 0 && !m_fixedPeriod) {
            *error = QStringLiteral("no period column and no period chosen for the whole file");
            return false;
        }
    } else if (m_plan.layout == Layout::Wide) {
        bool anyPeriod = false;
        for (const auto &p : m_plan.columnPeriods)
            anyPeriod = anyPeriod || p.has_value();
        if (!anyPeriod) {
            *error = QStringLiteral("the wide layout needs period columns (e.g. 201706 or Jun-17)");
            return false;
        }
    }

    // Periods of a wide file's columns are resolved once, not once per value.
    for (const auto &period : m_plan.columnPeriods) {
        const qint64 id = period ? periodId(*period) : -1;
        if (period && id < 0) {
            *error = m_fatal;
            return false;
        }
        m_columnPeriodIds.append(id);
        m_columnHasValues.append(false);
        m_columnOutsideQuarter.append(period && m_expectedQuarter
                                      && (period->start() < m_expectedQuarter->start()
                                          || period->end() > m_expectedQuarter->end()));
    }
    if (m_plan.layout == Layout::ReportTable && !prepareReportTable(error))
        return false;
    const QVariant handle = m_db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        *error = QStringLiteral("the import engine needs a SQLite store");
        return false;
    }
    m_sqlite = *static_cast<sqlite3 *const *>(handle.constData());
    return true;
}

qint64 Run::createMeasure(const QString &key, const QString &name, const QString &category, qint64 classification,
                          const QString &unit)
{
    const auto lock = useDatabase();
    // Prepared once: a file of many new names would otherwise parse the statement once a name.
    if (!m_insertMeasure) {
        m_insertMeasure.emplace(m_db);
        m_insertMeasure->prepare(QStringLiteral("INSERT INTO measure (key, name, theme_id, category, unit, higher_is_better, "
                                                "source, notes, classification_id) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)"));
    }
    QSqlQuery &q = *m_insertMeasure;
    q.bindValue(0, key);
    q.bindValue(1, name);
    q.bindValue(2, m_themeId);
    q.bindValue(3, category.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(category));
    q.bindValue(4, unit.isEmpty() ? m_plan.newMeasureUnit : unit);
    q.bindValue(5, m_plan.newMeasureSource.isEmpty() ? m_fileName : m_plan.newMeasureSource);
    q.bindValue(6, createdByNote(m_fileName));
    q.bindValue(7, classification > 0 ? QVariant(classification) : QVariant(QMetaType(QMetaType::LongLong)));
    if (!exec(q, QStringLiteral("create measure %1").arg(key)))
        return -1;
    const qint64 id = q.lastInsertId().toLongLong();
    m_measureByKey.insert(key, id);
    m_measureKeyById.insert(id, key);
    m_unitById.insert(id, unit.isEmpty() ? m_plan.newMeasureUnit : unit);
    noteMeasureText(category.toLower(), name.toLower(), id);
    if (!category.isEmpty() && !m_categorySpelling.contains(category.toLower()))
        m_categorySpelling.insert(category.toLower(), category);
    m_result.newMeasures.append(key);
    return id;
}

void Run::noteMeasure(const QString &text, qint64 id, bool created)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT key, name, unit FROM measure WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return;
    const QString message = created ? QStringLiteral("'%1': a new measure '%2' (%3, unit %4)")
                                          .arg(text, q.value(1).toString(), q.value(0).toString(), q.value(2).toString())
                                    : QStringLiteral("'%1' is the catalogue's '%2' (%3, unit %4)")
                                          .arg(text, q.value(1).toString(), q.value(0).toString(), q.value(2).toString());
    m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, 0, -1, QString(), message});
}

qint64 Run::namedMeasure(const QString &category, const QString &name, const QString &unitHeader)
{
    if (const qint64 found = findMeasure(category, name); found >= 0)
        return found;
    if (category.isEmpty()) {
        if (const QString synonym = measureSynonym(name); !synonym.isEmpty()) {
            if (const qint64 found = findMeasure(QString(), synonym); found >= 0)
                return found;
        }
    }
    const QString key = category.isEmpty() ? QStringLiteral("import.%1").arg(slug(name))
                                           : QStringLiteral("import.%1.%2").arg(slug(category), slug(name));
    if (const qint64 id = m_measureByKey.value(key, -1); id >= 0)
        return id;
    return createMeasure(key, name, category, 0, unitHeader.isEmpty() ? QString() : unitFromHeader(unitHeader));
}

std::optional<Period> Run::rowPeriod(qint64 row, int column, const Cell &cell)
{
    if (m_plan.bareYearMonth >= 1 && m_plan.bareYearMonth <= 12) {
        const QString text = cellText(cell).trimmed();
        static const QRegularExpression year(QStringLiteral("^(1[89]|2[01])\\d{2}$"));
        if (year.match(text).hasMatch())
            return Period::month(text.toInt(), m_plan.bareYearMonth);
    }
    bool twoDigit = false;
    std::optional<Period> period = parsePeriod(cell, true, m_plan.twoDigitYears, &twoDigit);
    if (twoDigit && period && !m_twoDigitYearNoted && isSurprisingYear(*period)) {
        m_twoDigitYearNoted = true;
        m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, row, column, cellText(cell),
                                twoDigitYearNote(m_plan.twoDigitYears, QStringLiteral("'%1' is %2").arg(cellText(cell).simplified(), period->label()))});
    }
    return period;
}

// An LSOA or MSOA of a records file, created (as an area of its borough, named by the file) when the
// store has none yet; a record with no code is counted under "No location".
qint64 Run::smallAreaFor(qint64 row, const QList<Cell> &cells, qint64 parent)
{
    const int codeColumn = columnOf(ColumnRole::SmallAreaCode);
    const QString code = cellText(cells.value(codeColumn)).trimmed().toUpper();
    if (code.isEmpty()) {
        ++m_recordsWithoutLocation;
        if (m_noLocationArea < 0) {
            m_noLocationArea = m_areas.value(QStringLiteral("X-NOLOCATION"), -1);
            if (m_noLocationArea < 0)
                m_noLocationArea = createArea(QStringLiteral("X-NOLOCATION"), QStringLiteral("No location"), QStringLiteral("other"), -1);
        }
        return m_noLocationArea;
    }
    if (const qint64 known = m_areas.value(code, -1); known > 0)
        return known;
    static const QRegularExpression smallArea(QStringLiteral("^E0[12]\\d{6}$"));
    if (!smallArea.match(code).hasMatch()) {
        issue(ImportIssue::Severity::Error, row, codeColumn, code, QStringLiteral("not an LSOA or MSOA code (E01…, E02…)"));
        return -1;
    }
    // "Camden 028B": the name is its borough's and a number.
    const int nameColumn = columnOf(ColumnRole::SmallArea);
    const QString name = nameColumn >= 0 ? cellText(cells.value(nameColumn)).simplified() : QString();
    QString borough = name;
    static const QRegularExpression smallAreaNumber(QStringLiteral("\\s+\\d{3}[A-Z]?$"));
    borough.remove(smallAreaNumber);
    const AreaMatcher::Match match = m_matcher.match(borough);
    if (match.kind == AreaMatcher::Kind::Area)
        parent = m_areas.value(match.code.toUpper(), parent);
    return createArea(code, name.isEmpty() ? code : name, QStringLiteral("other"), parent);
}

// A record is one count at its month, in its area (and its LSOA, where the file gives one), for
// the whole and for each breakdown column's value.
bool Run::handleRecord(qint64 rowNumber, const QList<Cell> &cells)
{
    const int periodColumn = columnOf(ColumnRole::Period);
    const std::optional<Period> period = rowPeriod(rowNumber, periodColumn, cells.value(periodColumn));
    if (!period) {
        issue(ImportIssue::Severity::Error, rowNumber, periodColumn, cellText(cells.value(periodColumn)),
              QStringLiteral("not a period (e.g. 201706, Jun-17, June 2017, Q1 2017/18, 2017/18)"));
        return true;
    }
    double weight = 1.0;
    const int countColumn = columnOf(ColumnRole::Value);
    if (countColumn >= 0) {
        const ParsedNumber number = parseNumber(cells.value(countColumn));
        if (number.status == ParsedNumber::Status::Missing) {
            ++m_result.skipped;
            return true;
        }
        if (number.status == ParsedNumber::Status::Invalid) {
            issue(ImportIssue::Severity::Error, rowNumber, countColumn, cellText(cells.value(countColumn)),
                  number.invalidReason ? QString::fromUtf8(number.invalidReason) : QStringLiteral("not a number"));
            return true;
        }
        weight = number.value;
    }
    qint64 measure = m_recordMeasureId;
    if (measure < 0 && !m_plan.columnMeasureCategory.isEmpty()) {
        const int measureColumn = columnOf(ColumnRole::Measure);
        const QString rawName = cellText(cells.value(measureColumn));
        measure = m_measureByCellText.value(rawName, -1);
        if (measure < 0) {
            if (rawName.simplified().isEmpty()) {
                issue(ImportIssue::Severity::Error, rowNumber, measureColumn, QString(), QStringLiteral("no measure or category in this row"));
                return true;
            }
            measure = namedMeasure(m_plan.columnMeasureCategory, rawName.simplified(), QString());
            if (measure >= 0)
                m_measureByCellText.insert(rawName, measure);
        }
    } else if (measure < 0) {
        measure = measureFor(rowNumber, cells);
    }
    bool isTotal = false;
    QString totalLabel;
    QList<qint64> areas;
    const bool hasArea = columnOf(ColumnRole::Area) >= 0 || columnOf(ColumnRole::AreaCode) >= 0 || !m_plan.fixedAreaCode.isEmpty();
    if (hasArea) {
        const qint64 area = areaFor(rowNumber, cells, &isTotal, &totalLabel);
        if (isTotal) {
            issue(ImportIssue::Severity::Error, rowNumber, columnOf(ColumnRole::Area), totalLabel,
                  QStringLiteral("a total in a file of records: each row should be one record"));
            return true;
        }
        if (area == outsideArea) {
            --m_result.rowsRead;
            return true;
        }
        if (area < 0)
            return m_fatal.isEmpty();
        areas.append(area);
    }
    if (columnOf(ColumnRole::SmallAreaCode) >= 0) {
        const qint64 small = smallAreaFor(rowNumber, cells, areas.value(0, -1));
        if (small < 0)
            return m_fatal.isEmpty();
        areas.append(small);
    }
    if (measure < 0 || !m_fatal.isEmpty())
        return m_fatal.isEmpty();
    const qint64 periodIdValue = periodId(*period);
    if (periodIdValue < 0)
        return false;
    QList<QPair<qint64, int>> breakdowns = {{0, -1}};
    for (const int c : std::as_const(m_breakdownColumns)) {
        QString group = cellText(cells.value(c)).simplified();
        if (group.isEmpty())
            group = QStringLiteral("Not stated");
        QString error;
        const qint64 id = breakdownId(m_plan.headers.value(c).simplified(), group, &error);
        if (id < 0) {
            issue(ImportIssue::Severity::Error, rowNumber, c, group, QStringLiteral("cannot record this group: %1").arg(error));
            return true;
        }
        breakdowns.append({id, c});
    }
    for (const qint64 area : std::as_const(areas)) {
        for (const auto &[breakdown, column] : std::as_const(breakdowns)) {
            RecordCount &count = m_records[FactKey{measure, area, periodIdValue, breakdown}];
            if (count.row == 0) {
                count.row = rowNumber;
                count.column = column >= 0 ? column : (countColumn >= 0 ? countColumn : periodColumn);
                count.period = *period;
            }
            count.value += weight;
        }
    }
    return m_fatal.isEmpty();
}

void Run::flushRecords()
{
    for (auto it = m_records.cbegin(); it != m_records.cend(); ++it) {
        const FactKey &key = it.key();
        noteValue(it->row, it->column, key.measure, *it->period, key.period, key.breakdown, it->value);
        queueFact(key.measure, key.area, key.period, key.breakdown, it->value, it->row, it->column);
    }
    if (m_recordsWithoutLocation > 0) {
        m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, 0, -1, QString(),
                                QStringLiteral("%1 records have no location: counted under 'No location'")
                                    .arg(formatting::enGB().toString(m_recordsWithoutLocation))});
    }
}

qint64 Run::createArea(const QString &code, const QString &name, const QString &kind, qint64 parent)
{
    const auto lock = useDatabase();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO area (code, name, kind, parent_id) VALUES (?, ?, ?, ?)"));
    q.addBindValue(code);
    q.addBindValue(name);
    q.addBindValue(kind);
    q.addBindValue(parent > 0 ? QVariant(parent) : QVariant(QMetaType(QMetaType::LongLong)));
    if (!exec(q, QStringLiteral("create area %1").arg(code)))
        return -1;
    const qint64 id = q.lastInsertId().toLongLong();
    m_areas.insert(code.toUpper(), id);
    if (kind == QLatin1String("region") || kind == QLatin1String("force"))
        m_wholeAreas.insert(id);
    m_result.newAreas.append(code);
    return id;
}

qint64 Run::areaFor(qint64 row, const QList<Cell> &cells, bool *isTotal, QString *totalLabel)
{
    *isTotal = false;
    const int wardCodeColumn = columnOf(ColumnRole::WardCode);
    const int codeColumn = columnOf(ColumnRole::AreaCode);
    const int nameColumn = columnOf(ColumnRole::Area);

    auto resolve = [&](int column) -> qint64 {
        const QString text = cellText(cells.value(column)).simplified();
        if (text.isEmpty()) {
            issue(ImportIssue::Severity::Error, row, column, QString(), QStringLiteral("no area in this row"));
            return -1;
        }
        const AreaMatcher::Match match = m_matcher.match(text);
        switch (match.kind) {
        case AreaMatcher::Kind::Area:
            return m_areas.value(match.code.toUpper(), -1);
        case AreaMatcher::Kind::NewOther: {
            if (!match.parentCode.isEmpty()) {
                // A neighbourhood: coded by the file's own MPS code where a code column gives one.
                const QString fileCode = codeColumn >= 0 ? cellText(cells.value(codeColumn)).trimmed().toUpper() : QString();
                const QString code = AreaMatcher::isNeighbourhoodCode(fileCode) ? fileCode : match.code.toUpper();
                if (const qint64 existing = m_areas.value(code, -1); existing > 0)
                    return existing;
                ++m_neighbourhoodsCreated;
                if (m_neighbourhoodExamples.size() < 3)
                    m_neighbourhoodExamples.append(QStringLiteral("'%1' (%2)").arg(match.name, code));
                return createArea(code, match.name, QStringLiteral("other"), m_areas.value(match.parentCode.toUpper(), -1));
            }
            const qint64 existing = m_areas.value(match.code.toUpper(), -1);
            if (existing > 0)
                return existing;
            issue(ImportIssue::Severity::Warning, row, column, text,
                  QStringLiteral("'%1' is not a borough; its figures are kept as an area of their own").arg(match.name));
            return createArea(match.code, match.name, match.areaKind, -1);
        }
        case AreaMatcher::Kind::Total:
            *isTotal = true;
            *totalLabel = text;
            return 0;
        case AreaMatcher::Kind::Outside:
            // A force or region beyond London: the row is left out and listed in a note.
            ++m_outsideRows;
            if (!m_outsideNames.contains(text) && m_outsideNames.size() < 60)
                m_outsideNames.append(text);
            return outsideArea;
        case AreaMatcher::Kind::Unknown:
            break;
        }
        issue(ImportIssue::Severity::Error, row, column, text,
              QStringLiteral("unknown area: not a London borough, ONS code or MPS area name"));
        return -1;
    };

    if (wardCodeColumn >= 0) {
        const QString asWritten = cellText(cells.value(wardCodeColumn));
        if (const auto known = m_areas.constFind(asWritten); known != m_areas.constEnd() && known.value() > 0)
            return known.value(); // codes are written in capitals, as stored: no folding needed
        const QString code = asWritten.trimmed().toUpper();
        const qint64 existing = m_areas.value(code, -1);
        if (existing > 0)
            return existing;
        static const QRegularExpression wardCode(QStringLiteral("^E05\\d{6}$"));
        if (!wardCode.match(code).hasMatch()) {
            issue(ImportIssue::Severity::Error, row, wardCodeColumn, code, QStringLiteral("not a ward code (E05…)"));
            return -1;
        }
        const int wardNameColumn = columnOf(ColumnRole::Ward);
        const QString name = wardNameColumn >= 0 ? cellText(cells.value(wardNameColumn)).simplified() : code;
        qint64 parent = -1;
        if (nameColumn >= 0) {
            // The borough column names the ward's parent; a "total" there is no parent.
            parent = resolve(nameColumn);
            if (*isTotal || parent <= 0) {
                *isTotal = false;
                parent = -1;
            }
        }
        return createArea(code, name.isEmpty() ? code : name, QStringLiteral("ward"), parent);
    }
    if (codeColumn >= 0 && !cellText(cells.value(codeColumn)).trimmed().isEmpty()) {
        const QString code = cellText(cells.value(codeColumn)).trimmed().toUpper();
        const QString named = nameColumn >= 0 ? cellText(cells.value(nameColumn)).simplified() : QString();
        // "Total" in the code column, or a name that says total beside a code of another area's
        // ("Met Police Area" beside London's E12000007): the row sums the others.
        const bool totalByCode = AreaMatcher::isTotalName(code) && named.isEmpty();
        const bool totalByName = !named.isEmpty() && AreaMatcher::isTotalName(named)
                                 && AreaMatcher::normalise(named) != AreaMatcher::normalise(m_matcher.match(code).name);
        if (totalByCode || totalByName) {
            *isTotal = true;
            *totalLabel = totalByCode ? cellText(cells.value(codeColumn)).simplified() : named;
            return 0;
        }
        const qint64 id = m_areas.value(code, -1);
        if (id > 0)
            return id;
        if (nameColumn < 0) {
            issue(ImportIssue::Severity::Error, row, codeColumn, code, QStringLiteral("unknown area code"));
            return -1;
        }
    }
    if (nameColumn >= 0)
        return resolve(nameColumn);
    return m_areas.value(m_plan.fixedAreaCode.toUpper(), -1);
}

qint64 Run::measureFor(qint64 row, const QList<Cell> &cells)
{
    const int groupColumn = columnOf(ColumnRole::MeasureGroup);
    const int measureColumn = columnOf(ColumnRole::Measure);
    if (measureColumn < 0)
        return m_measureByKey.value(m_plan.fixedMeasureKey, -1);
    // The same few category texts come back on every area's rows: the answer for the text as
    // written is kept, which spares matching it (case folding is most of a row's cost) again.
    const QString rawName = cellText(cells.value(measureColumn));
    const QString rawKey = groupColumn >= 0 ? cellText(cells.value(groupColumn)) + QChar(u'\x1f') + rawName : rawName;
    if (const auto known = m_measureByCellText.constFind(rawKey); known != m_measureByCellText.constEnd())
        return known.value();
    const QString name = rawName.simplified();
    const QString group = groupColumn >= 0 ? cellText(cells.value(groupColumn)).simplified() : QString();
    if (name.isEmpty()) {
        issue(ImportIssue::Severity::Error, row, measureColumn, QString(), QStringLiteral("no measure or category in this row"));
        return -1;
    }
    // A borough's name is an area, never a measure: counted, and said at the end (finish).
    if (const AreaMatcher::Match match = m_matcher.match(name);
        match.kind == AreaMatcher::Kind::Area && match.code.startsWith(QLatin1String("E09")) && !m_boroughLabels.contains(name)) {
        if (m_boroughLabels.isEmpty())
            m_boroughLabelRow = row;
        m_boroughLabels.append(name);
        m_boroughLabelColumn = measureColumn;
    }
    if (m_vocabulary && !group.isEmpty() && !m_plan.measureMappings.contains(group + QLatin1Char('/') + name)) {
        if (const qint64 scheme = classificationFor(group, name); scheme > 0) {
            const qint64 id = classifiedMeasure(scheme, group, name);
            if (id >= 0)
                m_measureByCellText.insert(rawKey, id);
            return id;
        }
    }
    if (const qint64 found = findMeasure(group, name); found >= 0) {
        m_measureByCellText.insert(rawKey, found);
        return found;
    }
    // A new category or measure: created with the plan's unit, named from the file.
    const QString key = group.isEmpty() ? QStringLiteral("import.%1").arg(slug(name))
                                        : QStringLiteral("mps.%1.%2").arg(slug(group), slug(name));
    qint64 id = m_measureByKey.value(key, -1);
    if (id < 0) {
        // A new category of a known group joins that group under its stored spelling.
        const QString category = group.isEmpty() ? QString() : m_categorySpelling.value(group.toLower(), displayName(group));
        id = createMeasure(key, displayName(name), category);
    }
    if (id >= 0)
        m_measureByCellText.insert(rawKey, id);
    return id;
}

// The classification of a file's (major, minor) pair: the one whose list has it word for word, else
// ignoring case; where several have it, the one this file's other pairs belong to, else the newest.
// A pair no list has belongs to the file's classification, once its other pairs have said which.
qint64 Run::classificationFor(const QString &group, const QString &name)
{
    QList<qint64> candidates = m_vocabulary->exactMatches(group, name);
    if (candidates.isEmpty())
        candidates = m_vocabulary->caseInsensitiveMatches(group, name);
    if (candidates.size() == 1) {
        ++m_classificationPairs[candidates.first()];
        ++m_pairsRead[candidates.first()];
        return candidates.first();
    }
    qint64 chosen = 0;
    int chosenPairs = 0;
    for (auto it = m_classificationPairs.cbegin(); it != m_classificationPairs.cend(); ++it) {
        if ((candidates.isEmpty() || candidates.contains(it.key())) && it.value() > chosenPairs) {
            chosen = it.key();
            chosenPairs = it.value();
        }
    }
    if (chosen == 0 && !candidates.isEmpty()) {
        int rank = -1;
        for (qint64 id : std::as_const(candidates)) {
            const classification::Scheme *scheme = m_vocabulary->scheme(id);
            if (scheme && scheme->rank > rank) {
                rank = scheme->rank;
                chosen = id;
            }
        }
    }
    if (chosen > 0) {
        ++m_pairsRead[chosen];
        ++m_pairsInferred[chosen];
    }
    return chosen;
}

QString Run::classificationNote() const
{
    const QLocale &enGB = formatting::enGB();
    QStringList parts;
    for (auto it = m_pairsRead.cbegin(); it != m_pairsRead.cend(); ++it) {
        const classification::Scheme *scheme = m_vocabulary ? m_vocabulary->scheme(it.key()) : nullptr;
        if (!scheme)
            continue;
        const int inferred = m_pairsInferred.value(it.key());
        parts.append(QStringLiteral("%1 categor%2 read in the %3%4")
                         .arg(enGB.toString(it.value()), it.value() == 1 ? QStringLiteral("y") : QStringLiteral("ies"), scheme->name,
                              inferred == 0 ? QString()
                                            : QStringLiteral(" (%1 by the file's other categories: not in its list, or in "
                                                             "more than one)").arg(enGB.toString(inferred))));
    }
    return parts.isEmpty() ? QString() : QStringLiteral("MPS crime categories: %1.").arg(parts.join(QStringLiteral("; ")));
}

// The measure of a category in its classification (keyed by the classification's prefix and the
// category's words), created where the store has none yet.
qint64 Run::classifiedMeasure(qint64 classification, const QString &group, const QString &name)
{
    const classification::Scheme *scheme = m_vocabulary->scheme(classification);
    if (!scheme)
        return -1;
    m_batchClassifications.insert(classification);
    const QString key = scheme->keyPrefix + slug(group) + QLatin1Char('.') + slug(name);
    if (const qint64 id = m_measureByKey.value(key, -1); id >= 0) {
        m_measureClassification.insert(id, classification);
        return id;
    }
    // A new category of a known major category joins it under its stored spelling. Its name says its
    // classification where that is not the store's own (the default data's CRIS categories): "Arson"
    // of 2024 is not "Arson" of 2019.
    const QString category = m_categorySpelling.value(group.toLower(), displayName(group));
    QString shown = displayName(name);
    if (!scheme->keyPrefix.isEmpty() && scheme->keyPrefix != QLatin1String("mps."))
        shown = QStringLiteral("%1 (%2)").arg(shown, scheme->shortName);
    const qint64 id = createMeasure(key, shown, category, classification);
    if (id >= 0)
        m_measureClassification.insert(id, classification);
    return id;
}

bool Run::recordPresence(QString *error)
{
    if (m_presenceColumns.isEmpty() && m_presence.isEmpty())
        return true;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO classification_presence (classification_id, area_id, period_id) VALUES (?, ?, ?)"));
    auto add = [&](qint64 classification, qint64 area, qint64 period) {
        q.bindValue(0, classification);
        q.bindValue(1, area);
        q.bindValue(2, period);
        if (q.exec())
            return true;
        *error = QStringLiteral("classification presence: %1").arg(q.lastError().text());
        return false;
    };
    for (auto it = m_presenceColumns.cbegin(); it != m_presenceColumns.cend(); ++it) {
        for (qsizetype c = 0; c < it.value().size(); ++c) {
            if (it.value().testBit(c) && !add(it.key().first, it.key().second, m_columnPeriodIds.at(c)))
                return false;
        }
    }
    for (const FactKey &key : std::as_const(m_presence)) {
        if (!add(key.measure, key.area, key.period))
            return false;
    }
    return true;
}

// The stored measure a file's text names, or -1.
qint64 Run::findMeasure(const QString &group, const QString &name) const
{
    const QString mapped = m_plan.measureMappings.value(group.isEmpty() ? name : group + QLatin1Char('/') + name);
    if (!mapped.isEmpty() && m_measureByKey.contains(mapped))
        return m_measureByKey.value(mapped);
    if (m_measureByKey.contains(name))
        return m_measureByKey.value(name);
    const QString textKey = group.toLower() + QLatin1Char('\n') + name.toLower();
    const auto found = m_measureByText.constFind(textKey);
    if (found != m_measureByText.constEnd())
        return found.value();
    if (group.isEmpty()) {
        // A measure named like a stored one (any category) is that measure.
        if (const auto named = m_measureByName.constFind(name.toLower()); named != m_measureByName.constEnd())
            return named.value();
    }
    return -1;
}

// A report table's period columns are facts at their periods; its figure columns are facts at
// the plan's fixed period under the breakdown "Figure: <kind>" (one measure per row, one breakdown
// per kind of figure, so "Budget to date" and "Actual to date" of a line never collide).
bool Run::prepareReportTable(QString *error)
{
    // The rows of the report's own tables name stored measures ("Theft Taking of MV" is crime.theft_taking_mv).
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("SELECT lower(label), measure_id FROM report_row WHERE measure_id IS NOT NULL"));
    while (q.next()) {
        const QString key = QLatin1Char('\n') + q.value(0).toString();
        if (!m_measureByText.contains(key))
            noteMeasureText(QString(), key.mid(1), q.value(1).toLongLong());
    }
    m_reportTable = std::make_unique<ReportTableRows>(
        m_plan,
        [this](ImportIssue::Severity severity, qint64 row, int column, const QString &text, const QString &message) {
            issue(severity, row, column, text, message);
        },
        [this](const QString &label, const QString &section) {
            return m_measureByKey.contains(m_plan.measureMappings.value(section + QLatin1Char('/') + label))
                || findMeasure(QString(), label) >= 0;
        });
    for (int c = 0; c < m_plan.roles.size(); ++c) {
        if (m_plan.roles.at(c) == ColumnRole::Value && !m_plan.columnPeriods.value(c)) {
            *error = QStringLiteral("column %1 ('%2') holds values but its header is not a period: make it a figure column")
                         .arg(columnName(c), m_plan.headers.value(c));
            return false;
        }
    }
    QStringList figures;
    for (const int c : m_reportTable->valueColumns()) {
        if (m_plan.roles.at(c) == ColumnRole::Value) {
            m_reportValues.append({c, *m_plan.columnPeriods.at(c), m_columnPeriodIds.at(c), 0});
            continue;
        }
        const QString kind = figureKind(m_plan.headers.value(c));
        if (kind.isEmpty()) {
            *error = QStringLiteral("column %1 holds figures but its header does not say which (e.g. Budget to date)").arg(columnName(c));
            return false;
        }
        figures.append(m_plan.headers.value(c));
        if (!m_fixedPeriod)
            continue;
        QString addError;
        const qint64 breakdown = breakdownId(QStringLiteral("Figure"), kind, &addError);
        if (breakdown < 0) {
            *error = m_store.describeError(QStringLiteral("add a breakdown"), addError);
            return false;
        }
        const qint64 period = periodId(*m_fixedPeriod);
        if (period < 0) {
            *error = m_fatal;
            return false;
        }
        m_reportValues.append({c, *m_fixedPeriod, period, breakdown});
    }
    if (!figures.isEmpty() && !m_fixedPeriod) {
        *error = QStringLiteral("the file does not say which quarter its figures (%1) are for: choose the period (the "
                                "wizard's Period field, or import --period \"Q2 2017/18\")")
                     .arg(figures.join(QStringLiteral(", ")));
        return false;
    }
    if (m_reportValues.isEmpty()) {
        *error = QStringLiteral("a report table needs period columns (e.g. July 2016 - June 2017, 2017/18) or figure "
                                "columns (e.g. Budget to date)");
        return false;
    }
    return true;
}

// A report table's line is the measure its label names; a total is checked, never stored (0).
qint64 Run::reportMeasureFor(qint64 row, const QList<Cell> &cells, const ReportTableRows::Row &reportRow)
{
    if (reportRow.kind == ReportTableRows::Kind::Total)
        return 0;
    if (columnOf(ColumnRole::Measure) >= 0) {
        // Two sections may hold rows of the same name; a mapping of "Section/Label" tells them apart.
        const QString mapped = m_plan.measureMappings.value(reportRow.section + QLatin1Char('/') + reportRow.label);
        if (m_measureByKey.contains(mapped))
            return m_measureByKey.value(mapped);
    }
    const qint64 measure = measureFor(row, cells);
    if (measure < 0 || reportRow.section.isEmpty())
        return measure;
    const QString first = m_reportSections.value(measure);
    if (first.isEmpty())
        m_reportSections.insert(measure, reportRow.section);
    if (first.isEmpty() || first == reportRow.section)
        return measure;
    // The same label in another section (the capital table's "CT Policing Change Portfolio" of
    // NCTPHQ and of Digital Policing) is a measure of its own, named with its section.
    const QString key = QStringLiteral("import.%1.%2").arg(slug(reportRow.section), slug(reportRow.label));
    if (m_measureByKey.contains(key))
        return m_measureByKey.value(key);
    return createMeasure(key, QStringLiteral("%1 (%2)").arg(displayName(reportRow.label), reportRow.section), QString());
}

qint64 Run::periodId(const Period &period)
{
    const QString code = period.code();
    const auto found = m_periods.constFind(code);
    if (found != m_periods.constEnd())
        return found.value();
    QString error;
    const auto lock = useDatabase();
    const qint64 id = catalog::periodId(m_db, period, &error);
    if (id < 0) {
        if (m_fatal.isEmpty())
            m_fatal = m_store.describeError(QStringLiteral("add a period"), error);
        return -1;
    }
    m_periods.insert(code, id);
    return id;
}

qint64 Run::breakdownFor(qint64 row, const QList<Cell> &cells)
{
    const int column = columnOf(ColumnRole::Breakdown);
    if (column < 0)
        return 0;
    QString text = cellText(cells.value(column)).simplified();
    if (text.isEmpty())
        return 0;
    if (!text.contains(QLatin1String(": ")))
        text = m_plan.headers.value(column) + QStringLiteral(": ") + text;
    const qsizetype colon = text.indexOf(QLatin1String(": "));
    QString error;
    const qint64 id = breakdownId(text.left(colon), text.mid(colon + 2), &error);
    if (id < 0)
        issue(ImportIssue::Severity::Error, row, column, text, QStringLiteral("cannot record this group: %1").arg(error));
    return id;
}

// The id of "category: group", found in the store or added to it, remembered for the import.
qint64 Run::breakdownId(const QString &category, const QString &group, QString *error)
{
    const QString text = category + QStringLiteral(": ") + group;
    const auto found = m_breakdowns.constFind(text);
    if (found != m_breakdowns.constEnd())
        return found.value();
    const auto lock = useDatabase();
    const qint64 id = catalog::breakdownId(m_db, category, group, error);
    if (id >= 0)
        m_breakdowns.insert(text, id);
    return id;
}

void Run::notePeriod(const Period &periodValue)
{
    if (!lastPeriodEnd.isValid() || periodValue.end() > lastPeriodEnd)
        lastPeriodEnd = periodValue.end();
    if (periodValue.kind() == Period::Kind::Month) {
        if (!firstMonth.isValid() || periodValue.start() < firstMonth)
            firstMonth = periodValue.start();
        if (!lastMonth.isValid() || periodValue.start() > lastMonth)
            lastMonth = periodValue.start();
    }
}

void Run::warnOutsideQuarter(qint64 row, int column, const Period &periodValue)
{
    issue(ImportIssue::Severity::Warning, row, column, QString(),
          QStringLiteral("%1 is outside the expected quarter %2").arg(periodValue.label(), m_expectedQuarter->label()));
}

void Run::noteValue(qint64 row, int column, qint64 measure, const Period &periodValue, qint64 period, qint64 breakdown,
                    double value, bool summed)
{
    ++m_result.valuesRead;
    notePeriod(periodValue);
    if (m_expectedQuarter
        && (periodValue.start() < m_expectedQuarter->start() || periodValue.end() > m_expectedQuarter->end()))
        warnOutsideQuarter(row, column, periodValue);
    if (summed)
        m_partSums[FactKey{measure, 0, period, breakdown}] += value;
}

std::unique_lock<std::mutex> Run::useDatabase()
{
    return m_writer ? m_writer->useDatabase() : std::unique_lock<std::mutex>();
}

bool Run::startWriting(QString *error)
{
    m_writer = std::make_unique<FactWriter>(m_sqlite, batchId, m_options.policy, m_options.maxListedConflicts,
                                            m_options.valuesPerWriteChunk);
    return m_writer->start(error);
}

void Run::abortWriting()
{
    if (!m_writer)
        return;
    m_writer->abort();
    if (m_writer->failed() && m_fatal.isEmpty())
        m_fatal = m_store.describeError(m_writer->errorAction(), m_writer->errorText());
}

void Run::finishWriting()
{
    if (!m_writer->finish()) {
        if (m_fatal.isEmpty())
            m_fatal = m_store.describeError(m_writer->errorAction(), m_writer->errorText());
        return;
    }
    m_result.added += m_writer->added();
    m_result.unchanged += m_writer->unchanged();
    m_result.kept += m_writer->kept();
    m_result.replaced += m_writer->replaced();
    m_result.conflictCount += m_writer->conflictCount();

    // The writer meets conflicts in key order, chunk by chunk; they are listed in the file's order.
    std::vector<StoredConflict> found = m_writer->conflicts();
    std::sort(found.begin(), found.end(), [](const StoredConflict &a, const StoredConflict &b) {
        return a.fact.row != b.fact.row ? a.fact.row < b.fact.row : a.fact.column < b.fact.column;
    });
    QSqlQuery names(m_db);
    names.prepare(QStringLiteral("SELECT m.name, a.code, a.name, p.label, "
                                 "(SELECT category || ': ' || grp FROM breakdown WHERE id = ?) "
                                 "FROM measure m, area a, period p WHERE m.id = ? AND a.id = ? AND p.id = ?"));
    for (const StoredConflict &stored : found) {
        ValueConflict conflict;
        conflict.measureKey = m_measureKeyById.value(stored.fact.measure);
        conflict.storedValue = stored.storedValue;
        conflict.fileValue = stored.fact.value;
        conflict.storedBatch = stored.storedBatch;
        conflict.row = stored.fact.row;
        conflict.column = stored.fact.column;
        conflict.sheet = m_plan.sheetName;
        bindAll(names, {stored.fact.breakdown, stored.fact.measure, stored.fact.area, stored.fact.period});
        if (names.exec() && names.next()) {
            conflict.measureName = names.value(0).toString();
            conflict.areaCode = names.value(1).toString();
            conflict.areaName = names.value(2).toString();
            conflict.periodLabel = names.value(3).toString();
            conflict.breakdown = names.value(4).toString();
        }
        m_result.conflicts.append(conflict);
    }
}

bool Run::handleRow(qint64 rowNumber, const QList<Cell> &cells)
{
    if (rowNumber <= m_plan.headerRow)
        return true;
    bool empty = true;
    for (const Cell &cell : cells)
        empty = empty && cell.isEmpty();
    if (empty)
        return true;
    if (const auto skipped = m_plan.skipRows.constFind(rowNumber); skipped != m_plan.skipRows.constEnd()) {
        ++m_result.skippedRows;
        m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, rowNumber, -1, QString(),
                                QStringLiteral("row skipped by the officer: %1").arg(skipped.value())});
        return true;
    }
    if (!m_reportTable) {
        // A line of words alone under (or between) the figures: a note, a source, a heading.
        // Skipped and listed, never read as an area ("Notes: figures are provisional").
        int filled = 0;
        const Cell *only = nullptr;
        for (const Cell &cell : cells) {
            // A footnote merged across the table's width is one cell, however many it covers.
            if (!cell.isEmpty() && !cell.fromMerge) {
                ++filled;
                only = &cell;
            }
        }
        if (filled == 1 && only->kind == Cell::Kind::Text && parseNumber(*only).status != ParsedNumber::Status::Value
            && !parsePeriod(*only)) {
            m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, rowNumber, -1,
                                    only->text.simplified(), QStringLiteral("a line of words alone (a note or heading): not imported")});
            return true;
        }
    }
    ++m_result.rowsRead;
    if (m_plan.layout == Layout::Records)
        return handleRecord(rowNumber, cells);

    // A report table's row is a category, a total of the rows above (checked as it is read) or a
    // heading, which is skipped.
    ReportTableRows::Row reportRow;
    if (m_reportTable) {
        reportRow = m_reportTable->read(rowNumber, cells);
        if (reportRow.kind == ReportTableRows::Kind::Skip)
            return m_fatal.isEmpty();
    }
    const bool reportTotal = m_reportTable && reportRow.kind == ReportTableRows::Kind::Total;

    bool isTotal = false;
    QString totalLabel;
    const qint64 area = areaFor(rowNumber, cells, &isTotal, &totalLabel);
    // A grand total with its category left blank sums every category: not stored, and not checked
    // (a sum across measures is no figure of one).
    if (isTotal && !m_reportTable && m_columnMeasureIds.isEmpty() && columnOf(ColumnRole::Measure) >= 0
        && cellText(cells.value(columnOf(ColumnRole::Measure))).trimmed().isEmpty()) {
        ++m_result.totalRows;
        m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, rowNumber, -1, totalLabel,
                                QStringLiteral("a grand total across categories: not stored, and not checked")});
        return m_fatal.isEmpty();
    }
    // Where the columns name the measures, the row has none of its own (0 stands for it).
    const qint64 measure = m_reportTable               ? reportMeasureFor(rowNumber, cells, reportRow)
                           : !m_columnMeasureIds.isEmpty() ? 0
                                                           : measureFor(rowNumber, cells);
    const qint64 breakdown = breakdownFor(rowNumber, cells);
    if (!m_fatal.isEmpty())
        return false;
    if (area == outsideArea) {
        --m_result.rowsRead;
        return true;
    }
    if (area < 0 || measure < 0 || breakdown < 0)
        return true;
    if (m_writer->failed())
        return false; // the reason is read when the writer finishes
    if (isTotal || reportTotal)
        ++m_result.totalRows;

    // One key per row keeps the check's memory to the file's rows, not its values (26M at LSOA level).
    bool duplicateRow = false;
    if (m_plan.layout == Layout::Wide && !isTotal) {
        if (breakdown == 0 && measure <= 0xffffffff && area <= 0xffffffff) {
            const qsizetype before = m_seenRows.size();
            m_seenRows.insert((quint64(measure) << 32) | quint64(area));
            duplicateRow = m_seenRows.size() == before;
        } else {
            const qsizetype before = m_seenKeys.size();
            m_seenKeys.insert(FactKey{measure, area, 0, breakdown});
            duplicateRow = m_seenKeys.size() == before;
        }
    }
    static const Cell emptyCell;
    // A category of an MPS classification: which periods its area now has in that classification.
    const qint64 rowClassification =
        m_measureClassification.isEmpty() || isTotal || breakdown != 0 ? 0 : m_measureClassification.value(measure, 0);
    if (rowClassification)
        m_batchClassifications.insert(rowClassification);
    QBitArray *presentColumns = nullptr;
    if (rowClassification && m_plan.layout == Layout::Wide) {
        QBitArray &bits = m_presenceColumns[qMakePair(rowClassification, area)];
        if (bits.isEmpty())
            bits.resize(m_columnPeriodIds.size());
        presentColumns = &bits;
    }
    // A wide row's values are summed per column for the total check, in one list found once.
    double *wideSums = nullptr;
    if (m_plan.layout == Layout::Wide && !isTotal) {
        QList<double> &sums = m_wideSums[qMakePair(measure, breakdown)];
        if (sums.isEmpty())
            sums.resize(m_columnPeriodIds.size(), 0.0);
        wideSums = sums.data();
    }
    // A region's or the force's row (Inner London, England and Wales) is stored but is no part of a
    // total row's sum: it sums boroughs itself.
    const bool summed = !m_wholeAreas.contains(area);
    auto take = [&](int column, const Period &periodValue, qint64 period, qint64 valueBreakdown, qint64 valueMeasure) {
        const Cell &cell = column < cells.size() ? cells.at(column) : emptyCell;
        ParsedNumber number = m_plan.decimalComma && cell.kind == Cell::Kind::Text && cell.text.contains(QLatin1Char(','))
                                  ? parseNumber(QString(cell.text).replace(QLatin1Char(','), QLatin1Char('.')))
                                  : parseNumber(cell);
        // 0.56 × 100 is 56.000000000000007 in binary: the scaled value is rounded to ten decimals.
        if (m_plan.valueScale != 1.0)
            number.value = std::round(number.value * m_plan.valueScale * 1e10) / 1e10;
        switch (number.status) {
        case ParsedNumber::Status::Missing:
            ++m_result.skipped;
            return;
        case ParsedNumber::Status::Invalid:
            issue(ImportIssue::Severity::Error, rowNumber, column, cellText(cell),
                  number.invalidReason ? QString::fromUtf8(number.invalidReason) : QStringLiteral("not a number"));
            return;
        case ParsedNumber::Status::Value:
            break;
        }
        if (cell.fromFormula && !m_formulaWarned) {
            m_formulaWarned = true;
            issue(ImportIssue::Severity::Warning, rowNumber, column, cellText(cell),
                  QStringLiteral("values come from formulas; their cached results are used and may be stale"));
        }
        if (isTotal) {
            m_totals.append({m_plan.layout == Layout::Wide ? measure : valueMeasure, period, valueBreakdown, number.value,
                             rowNumber, column, totalLabel, periodValue});
            return;
        }
        // Wide rows are checked once per row (their periods are the columns); others per value.
        bool duplicate = duplicateRow;
        if (m_plan.layout != Layout::Wide) {
            const FactKey key{valueMeasure, area, period, valueBreakdown};
            const qsizetype before = m_seenKeys.size();
            m_seenKeys.insert(key);
            duplicate = m_seenKeys.size() == before;
        }
        if (duplicate) {
            issue(ImportIssue::Severity::Error, rowNumber, column, cellText(cell),
                  QStringLiteral("a second value for the same measure, area and period in this file"));
            return;
        }
        if (wideSums) {
            // The wide layout's hot path: a million values a second must cost little each.
            ++m_result.valuesRead;
            m_columnHasValues[column] = true;
            if (m_columnOutsideQuarter.at(column))
                warnOutsideQuarter(rowNumber, column, periodValue);
            if (summed)
                wideSums[column] += number.value;
            if (presentColumns)
                presentColumns->setBit(column);
            noteShape(valueMeasure, number.value, rowNumber, column);
            queueFact(valueMeasure, area, period, valueBreakdown, number.value, rowNumber, column);
            return;
        }
        noteShape(valueMeasure, number.value, rowNumber, column);
        noteValue(rowNumber, column, valueMeasure, periodValue, period, valueBreakdown, number.value, summed);
        if (rowClassification)
            m_presence.insert(FactKey{rowClassification, area, period, 0});
        queueFact(valueMeasure, area, period, valueBreakdown, number.value, rowNumber, column);
    };

    if (m_plan.layout == Layout::Wide) {
        for (int c = 0; c < m_plan.columnPeriods.size(); ++c) {
            const qint64 id = m_columnPeriodIds.at(c);
            const qint64 columnMeasure = m_columnMeasureIds.isEmpty() ? measure : m_columnMeasureIds.value(c, -1);
            if (id >= 0 && columnMeasure >= 0)
                take(c, *m_plan.columnPeriods.at(c), id, breakdown, columnMeasure);
        }
    } else if (m_plan.layout == Layout::ReportTable) {
        for (const ReportValue &v : std::as_const(m_reportValues)) {
            if (reportTotal)
                break;
            take(v.column, v.period, v.periodId, v.breakdown, measure);
        }
    } else {
        std::optional<Period> period = m_fixedPeriod;
        const int periodColumn = columnOf(ColumnRole::Period);
        if (periodColumn >= 0) {
            period = rowPeriod(rowNumber, periodColumn, cells.value(periodColumn));
            if (!period) {
                issue(ImportIssue::Severity::Error, rowNumber, periodColumn, cellText(cells.value(periodColumn)),
                      QStringLiteral("not a period (e.g. 201706, Jun-17, June 2017, Q1 2017/18, 2017/18)"));
                return true;
            }
        }
        const qint64 id = periodId(*period);
        if (id < 0)
            return false;
        if (m_columnMeasureIds.isEmpty()) {
            take(columnOf(ColumnRole::Value), *period, id, breakdown, measure);
        } else {
            for (int c = 0; c < m_columnMeasureIds.size(); ++c) {
                if (m_columnMeasureIds.at(c) >= 0)
                    take(c, *period, id, breakdown, m_columnMeasureIds.at(c));
            }
        }
    }
    return m_fatal.isEmpty();
}

bool Run::firstGivenHere(const FactKey &key, double value, qint64 row, int column)
{
    const auto earlier = m_across->given.constFind(key);
    if (earlier == m_across->given.constEnd()) {
        if (!m_lastSheet)
            m_across->given.insert(key, {value, m_sheet, qint32(row), qint32(column)});
        return true;
    }
    if (earlier->value == value) {
        ++m_sameAsEarlier[earlier->sheet];
        return false;
    }
    // Rare, and the officer must be told which figure: its names are read while the writer waits.
    QString figure;
    {
        const auto lock = useDatabase();
        QSqlQuery names(m_db);
        names.prepare(QStringLiteral("SELECT m.name, a.name, p.label, (SELECT category || ': ' || grp FROM breakdown WHERE id = ?) "
                                     "FROM measure m, area a, period p WHERE m.id = ? AND a.id = ? AND p.id = ?"));
        bindAll(names, {key.breakdown, key.measure, key.area, key.period});
        if (names.exec() && names.next()) {
            QStringList parts = {names.value(0).toString(), names.value(1).toString(), names.value(2).toString()};
            if (!names.value(3).isNull())
                parts.append(names.value(3).toString());
            figure = parts.join(QStringLiteral(", "));
        }
    }
    const QLocale &enGB = formatting::enGB();
    issue(ImportIssue::Severity::Error, row, column, enGB.toString(value, 'g', 15),
          QStringLiteral("%1 is given as %2 here and as %3 on sheet '%4' at %5: two sheets disagree on one figure, and "
                         "neither is stored (correct the sheet in error, or import the sheets separately)")
              .arg(figure, enGB.toString(value, 'g', 15), enGB.toString(earlier->value, 'g', 15),
                   m_across->sheetNames.value(earlier->sheet), cellReference(earlier->column, earlier->row)));
    return false;
}

void Run::noteGivenEarlier()
{
    const QLocale &enGB = formatting::enGB();
    for (auto it = m_sameAsEarlier.cbegin(); it != m_sameAsEarlier.cend(); ++it) {
        m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, 0, -1, QString(),
                                QStringLiteral("%1 figures of this sheet are also on sheet '%2', with the same values: each is "
                                               "stored once")
                                    .arg(enGB.toString(it.value()), m_across->sheetNames.value(it.key()))});
    }
}

void Run::finish()
{
    if (m_across)
        noteGivenEarlier();
    if (m_neighbourhoodsCreated > 0) {
        m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, 0, -1, QString(),
                                QStringLiteral("%1 MPS neighbourhoods new to the store are kept as areas of their boroughs, "
                                               "coded by the file's MPS code, else by borough and name: %2%3")
                                    .arg(formatting::enGB().toString(m_neighbourhoodsCreated),
                                         m_neighbourhoodExamples.join(QStringLiteral(", ")),
                                         m_neighbourhoodsCreated > m_neighbourhoodExamples.size() ? QStringLiteral(" …") : QString())});
    }
    for (qsizetype c = 0; c < m_columnHasValues.size(); ++c) {
        if (m_columnHasValues.at(c))
            notePeriod(*m_plan.columnPeriods.at(c));
    }
    const QLocale &enGB = formatting::enGB();
    // Figures that cannot be in their measure's unit (unitMismatch): said for each measure, once,
    // until the officer confirms them; in the order the measures were made, so each check reads alike.
    std::vector<qint64> shaped;
    for (const auto &entry : m_shapes)
        shaped.push_back(entry.first);
    std::sort(shaped.begin(), shaped.end());
    for (const qint64 measure : shaped) {
        const ValueShape &shape = m_shapes.at(measure);
        const QString unit = m_unitById.value(measure);
        const QString why = unitMismatch(unit, shape);
        if (why.isEmpty())
            continue;
        const QString key = m_measureKeyById.value(measure);
        const QString message = QStringLiteral("figures going into '%1' (%2, unit %3) do not look like its unit: %4")
                                    .arg(measureName(measure), key, unit, why);
        if (m_plan.confirmedUnits.contains(key)) {
            m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, shape.exampleRow, shape.exampleColumn,
                                    QString(), message + QStringLiteral("; the officer confirmed them")});
            continue;
        }
        m_result.unconfirmedUnits.append(key);
        issue(ImportIssue::Severity::Warning, shape.exampleRow, shape.exampleColumn, QString(), message);
    }
    // A column of boroughs read as measures would store each borough's figure as an MPS-wide
    // measure named after it: refused, with the fix (read the column as the area).
    if (m_boroughLabels.size() >= minBoroughLabels) {
        issue(ImportIssue::Severity::Error, m_boroughLabelRow, m_boroughLabelColumn, m_boroughLabels.first(),
              QStringLiteral("%1 of your row labels are boroughs (%2): is this an area column? Read column %3 as the area, "
                             "not as measures")
                  .arg(enGB.toString(qlonglong(m_boroughLabels.size())),
                       m_boroughLabels.size() <= 3 ? m_boroughLabels.join(QStringLiteral(", "))
                                                   : m_boroughLabels.mid(0, 3).join(QStringLiteral(", ")) + QStringLiteral(" …"),
                       columnName(m_boroughLabelColumn)));
    }
}

void Run::settleTotals()
{
    const QLocale &enGB = formatting::enGB();
    if (m_outsideRows > 0) {
        m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, 0, -1, QString(),
                                QStringLiteral("%1 rows name police forces or regions outside London and are not imported: %2; "
                                               "the table's totals are not checked, as their parts were not all read")
                                    .arg(enGB.toString(m_outsideRows), m_outsideNames.join(QStringLiteral(", ")))});
        m_totals.clear();
    }
    // The area a total row's own words name, for a total with no parts: the force ("Metropolitan
    // Police Service", "MPS") or London; a bare "Total" names nothing and stays an error.
    QString storedCode;
    auto namedArea = [&](const QString &label) -> qint64 {
        static const QStringList forceNames = {QStringLiteral("mps"), QStringLiteral("metropolitan police service"),
                                               QStringLiteral("met police area"), QStringLiteral("mps total")};
        static const QStringList londonNames = {QStringLiteral("london"), QStringLiteral("london total")};
        const QString name = AreaMatcher::normalise(label);
        if (forceNames.contains(name) && !m_forceCode.isEmpty()) {
            storedCode = m_forceCode;
            return m_areas.value(m_forceCode, -1);
        }
        if (londonNames.contains(name)) {
            storedCode = QStringLiteral("E12000007");
            return m_areas.value(storedCode, -1);
        }
        return -1;
    };
    QSet<qint64> storedRows;
    QSet<qint64> partlessRows;
    QString storedLabel;
    for (const TotalRowValue &total : std::as_const(m_totals)) {
        const bool hasParts = m_plan.layout == Layout::Wide ? m_wideSums.contains(qMakePair(total.measure, total.breakdown))
                                                            : m_partSums.contains(FactKey{total.measure, 0, total.period, total.breakdown});
        if (hasParts) {
            // Total rows are checked against the sum of their parts, never stored.
            const double parts = m_plan.layout == Layout::Wide
                                     ? m_wideSums.value(qMakePair(total.measure, total.breakdown)).value(total.column, 0.0)
                                     : m_partSums.value(FactKey{total.measure, 0, total.period, total.breakdown}, 0.0);
            if (std::abs(parts - total.value) > 0.5) {
                issue(ImportIssue::Severity::Warning, total.row, total.column, enGB.toString(total.value, 'f', 0),
                      QStringLiteral("the '%1' row says %2 but the rows above add up to %3; the total is not stored")
                          .arg(total.label, enGB.toString(total.value, 'f', 0), enGB.toString(parts, 'f', 0)));
            }
            continue;
        }
        const qint64 area = namedArea(total.label);
        if (area <= 0) {
            if (!partlessRows.contains(total.row)) {
                partlessRows.insert(total.row);
                issue(ImportIssue::Severity::Error, total.row, columnOf(ColumnRole::Area), total.label,
                      QStringLiteral("a total row with no rows to total: its area cannot be told from '%1' "
                                     "(name the area, e.g. Metropolitan Police Service or London, or choose the area for the whole file)")
                          .arg(total.label));
            }
            continue;
        }
        const FactKey key{total.measure, area, total.period, total.breakdown};
        const qsizetype before = m_seenKeys.size();
        m_seenKeys.insert(key);
        if (m_seenKeys.size() == before) {
            issue(ImportIssue::Severity::Error, total.row, total.column, enGB.toString(total.value, 'f', 0),
                  QStringLiteral("a second value for the same measure, area and period in this file"));
            continue;
        }
        ++m_result.valuesRead;
        if (total.periodValue)
            notePeriod(*total.periodValue);
        queueFact(total.measure, area, total.period, total.breakdown, total.value, total.row, total.column);
        storedRows.insert(total.row);
        storedLabel = total.label;
    }
    if (!storedRows.isEmpty()) {
        m_result.totalRows -= storedRows.size();
        m_result.issues.append({ImportIssue::Severity::Note, m_fileName, m_plan.sheetName, 0, -1, QString(),
                                QStringLiteral("%1 rows named like '%2' have no rows of boroughs to total: their figures are "
                                               "that area's own, stored under %3")
                                    .arg(enGB.toString(qint64(storedRows.size())), storedLabel, storedCode)});
    }
    m_totals.clear();
}

} // namespace

Importer::Importer(Store &store) : m_store(store) {}

QString Importer::fileSha256(const QString &path, qint64 *size, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot be read (%2)").arg(QFileInfo(path).fileName(), file.errorString());
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        *error = QStringLiteral("%1: cannot be read").arg(QFileInfo(path).fileName());
        return {};
    }
    *size = file.size();
    return QString::fromLatin1(hash.result().toHex());
}

qint64 Importer::batchWithHash(const Store &store, const QString &sha256)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT id FROM import_batch WHERE sha256 = ? ORDER BY id LIMIT 1"));
    q.addBindValue(sha256);
    if (q.exec() && q.next())
        return q.value(0).toLongLong();
    return -1;
}

ImportResult Importer::run(const QString &path, Reader &reader, const ImportPlan &plan, const ImportOptions &options)
{
    return run(path, reader, QList<ImportPlan>{plan}, options);
}

ImportResult Importer::run(const QString &path, Reader &reader, const QList<ImportPlan> &plans, const ImportOptions &options)
{
    ImportResult result;
    result.fileName = QFileInfo(path).fileName();
    // The sheet an error of the import as a whole is said of: the one being read when it happened.
    QString sheetName = plans.isEmpty() ? QString() : plans.first().sheetName;
    auto fail = [&](const QString &message) {
        ++result.errorCount;
        result.issues.append({ImportIssue::Severity::Error, result.fileName, sheetName, 0, -1, QString(), message});
        return result;
    };
    if (plans.isEmpty())
        return fail(QStringLiteral("no sheet chosen to import"));
    if (plans.size() > 1) {
        QSet<int> chosen;
        for (const ImportPlan &plan : plans) {
            sheetName = plan.sheetName;
            if (plan.layout == Layout::OversightTable)
                return fail(QStringLiteral("sheet '%1' is one of Oversight's own report tables, which is imported on its own, "
                                           "not with other sheets")
                                .arg(plan.sheetName));
            if (chosen.contains(plan.sheetIndex))
                return fail(QStringLiteral("sheet '%1' is chosen twice").arg(plan.sheetName));
            chosen.insert(plan.sheetIndex);
        }
        sheetName = plans.first().sheetName;
    }

    qint64 size = 0;
    QString error;
    result.sha256 = fileSha256(path, &size, &error);
    if (result.sha256.isEmpty())
        return fail(error);
    result.duplicateOfBatch = batchWithHash(m_store, result.sha256);
    if (result.duplicateOfBatch > 0 && !options.allowDuplicateFile)
        return fail(QStringLiteral("this file's contents were already imported as batch %1; undo that batch first or "
                                   "import it again deliberately").arg(result.duplicateOfBatch));

    QSqlDatabase db = m_store.database();
    QSqlQuery tx(db);
    // Every id the import writes comes from the store inside this transaction (or is created in
    // it), so SQLite's per-row foreign-key probes would only repeat that work: four b-tree lookups
    // for each of millions of values. They are back on as soon as the transaction ends.
    tx.exec(QStringLiteral("PRAGMA foreign_keys = OFF"));
    struct ForeignKeysBackOn {
        QSqlDatabase db;
        ~ForeignKeysBackOn() { QSqlQuery(db).exec(QStringLiteral("PRAGMA foreign_keys = ON")); }
    } foreignKeysBackOn{db};
    if (!tx.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(m_store.describeError(QStringLiteral("start the import"), tx.lastError().text()));
    auto rollback = [&] { QSqlQuery(db).exec(QStringLiteral("ROLLBACK")); };
    const DimensionHighs highs = dimensionHighs(db);

    // A sheet with no area column (a report table, a force's own return) is the force's: the store's
    // force area, unless the plan names one. The plan's notes say so before anything is written.
    QString forceCode;
    QString forceName;
    {
        QSqlQuery force(db);
        force.exec(QStringLiteral("SELECT code, name FROM area WHERE kind = 'force'"));
        int forces = 0;
        while (force.next()) {
            ++forces;
            forceCode = force.value(0).toString();
            forceName = force.value(1).toString();
        }
        if (forces != 1)
            forceCode.clear();
    }
    QList<ImportPlan> effectivePlans;
    bool planLacks = false;
    for (const ImportPlan &plan : plans) {
        ImportPlan effectivePlan = plan;
        const bool noAreaColumn = plan.columnOf(ColumnRole::Area) < 0 && plan.columnOf(ColumnRole::AreaCode) < 0
                                  && plan.columnOf(ColumnRole::WardCode) < 0 && plan.columnOf(ColumnRole::SmallAreaCode) < 0;
        for (const QString &note : plan.notes)
            result.issues.append({ImportIssue::Severity::Note, result.fileName, plan.sheetName, 0, -1, QString(), note});
        // One of the report's own tables knows its areas (reporttableimport.h): no area is guessed for it.
        if ((plan.layout == Layout::ReportTable || noAreaColumn) && plan.layout != Layout::OversightTable
            && plan.fixedAreaCode.isEmpty() && !forceCode.isEmpty()) {
            effectivePlan.fixedAreaCode = forceCode;
            if (noAreaColumn && plan.layout != Layout::ReportTable)
                result.issues.append({ImportIssue::Severity::Note, result.fileName, plan.sheetName, 0, -1, QString(),
                                      QStringLiteral("every value's area: %1 (%2)").arg(forceName, forceCode)});
        }
        // What the plans lack is said all at once, every sheet's, before any row is read.
        for (const PlanProblem &problem : planProblems(effectivePlan)) {
            ++result.errorCount;
            result.issues.append({ImportIssue::Severity::Error, result.fileName, plan.sheetName, 0, -1, QString(), problem.message});
            planLacks = true;
        }
        effectivePlans.append(effectivePlan);
    }
    if (planLacks) {
        rollback();
        return result;
    }

    QSqlQuery batch(db);
    // The id is the next never issued (schema: batchIdsNeverReused), not max(id) + 1: an undone
    // batch's id stays its own.
    batch.prepare(QStringLiteral("INSERT INTO import_batch (id, source, sha256, imported_at, imported_by, row_count, description, "
                                 "file_name, file_size, profile) "
                                 "VALUES ((SELECT last_id + 1 FROM import_batch_sequence), ?, ?, ?, ?, 0, ?, ?, ?, ?)"));
    batch.addBindValue(QFileInfo(path).absoluteFilePath());
    batch.addBindValue(result.sha256);
    batch.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    batch.addBindValue(importingUser());
    // Every sheet, the guesses its plan made and the rows the officer left out (each with its
    // reason) are part of the batch's record.
    QStringList sheetsRead;
    for (const ImportPlan &plan : plans) {
        QString sheet = plans.size() == 1 ? QStringLiteral("sheet %1 (%2 layout)").arg(plan.sheetName, layoutName(plan.layout))
                                          : QStringLiteral("sheet '%1' (%2 layout)").arg(plan.sheetName, layoutName(plan.layout));
        if (!plan.notes.isEmpty())
            sheet += QStringLiteral("; ") + plan.notes.join(QStringLiteral("; "));
        for (auto it = plan.skipRows.cbegin(); it != plan.skipRows.cend(); ++it)
            sheet += QStringLiteral("; row %1 skipped by the officer: %2").arg(it.key()).arg(it.value());
        sheetsRead.append(sheet);
    }
    const QString description =
        plans.size() == 1 ? QStringLiteral("Import of %1, %2").arg(result.fileName, sheetsRead.first())
                          : QStringLiteral("Import of %1, %2 sheets: %3")
                                .arg(result.fileName)
                                .arg(plans.size())
                                .arg(sheetsRead.join(QStringLiteral(" | ")));
    batch.addBindValue(description);
    batch.addBindValue(result.fileName);
    batch.addBindValue(size);
    const QString &profileName = plans.first().profileName;
    batch.addBindValue(profileName.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(profileName));
    if (!batch.exec()) {
        rollback();
        return fail(m_store.describeError(QStringLiteral("record the import"), batch.lastError().text()));
    }
    const qint64 batchId = batch.lastInsertId().toLongLong();

    // The sheets are read one after another into the same batch; what they span and the
    // classifications they bring are the batch's.
    AcrossSheets across;
    for (const ImportPlan &plan : plans)
        across.sheetNames.append(plan.sheetName);
    QDate firstMonth;
    QDate lastMonth;
    QDate lastPeriodEnd;
    QList<qint64> classifications;
    QSet<qint64> summed; // the measures whose crime totals the batch changes (crimetotals.h)
    for (qsizetype s = 0; s < effectivePlans.size(); ++s) {
        const ImportPlan &plan = effectivePlans.at(s);
        sheetName = plan.sheetName;
        // This sheet's own counts, for the check that it brings a figure.
        const qint64 valuesBefore = result.valuesRead;
        const qint64 rowsBefore = result.rowsRead;
        const qint64 skippedBefore = result.skipped;
        const qint64 totalsBefore = result.totalRows;
        const qint64 errorsBefore = result.errorCount;
        Run run(m_store, path, plan, options, result);
        run.batchId = batchId;
        if (plans.size() > 1)
            run.readAfter(&across, int(s), s + 1 == effectivePlans.size());
        if (!run.prepare(&error)) {
            rollback();
            return fail(error);
        }
        if (plan.layout == Layout::OversightTable) {
            // One of the report's own tables: written to its quarter's statement of the table.
            reporttableimport::Written written;
            QString fatal;
            if (!reporttableimport::write(db, reader, plan, batchId, options, result, &written, &fatal)) {
                rollback();
                return fail(fatal.isEmpty() ? QStringLiteral("the table could not be written") : fatal);
            }
            run.firstMonth = written.firstMonth;
            run.lastMonth = written.lastMonth;
            run.lastPeriodEnd = written.lastPeriodEnd;
            summed += written.measures;
        } else {
            // The general layouts stream the sheet through the checks and the fact writer.
            if (!run.startWriting(&error)) {
                run.abortWriting();
                rollback();
                return fail(m_store.describeError(QStringLiteral("store values"), error));
            }
            reader.setProgress(options.progress);
            QString readError;
            const bool read = reader.readRows(
                plan.sheetIndex, [&](qint64 row, const QList<Cell> &cells) { return run.handleRow(row, cells); }, &readError);
            // The writer is done (or stopped) before anything else touches the connection.
            if (read && !run.fatal())
                run.flushRecords();
            if (read && !run.fatal())
                run.settleTotals();
            if (read && !run.fatal())
                run.finishWriting();
            else
                run.abortWriting();
            if (run.fatal()) {
                rollback();
                return fail(run.fatalMessage());
            }
            if (!read) {
                rollback();
                if (readError == QLatin1String("cancelled")) {
                    result.cancelled = true;
                    return fail(QStringLiteral("the import was cancelled; nothing was written"));
                }
                return fail(readError);
            }
            run.finish();
            // A sheet that brings no figure is refused: an empty batch (or an empty sheet of one)
            // would say "imported" of nothing.
            const qint64 valuesRead = result.valuesRead - valuesBefore;
            const qint64 rowsRead = result.rowsRead - rowsBefore;
            if (valuesRead == 0 && result.errorCount == errorsBefore) {
                const QLocale &enGB = formatting::enGB();
                ++result.errorCount;
                result.issues.append(
                    {ImportIssue::Severity::Error, result.fileName, plan.sheetName, 0, -1, QString(),
                     rowsRead == 0
                         ? QStringLiteral("no figures to import: sheet '%1' has its header (row %2) and no rows under it")
                               .arg(plan.sheetName)
                               .arg(plan.headerRow)
                         : QStringLiteral("no figures to import: %1 rows read, and every value is blank, marked as no figure (%2) "
                                          "or on a total row (%3)")
                               .arg(enGB.toString(rowsRead), enGB.toString(result.skipped - skippedBefore),
                                    enGB.toString(result.totalRows - totalsBefore))});
            }
        }
        // Figures in a crime classification change which classification each area's months are
        // summed from; the plan says where this sheet's classification meets another's in the store.
        if (const QString note = run.classificationNote(); !note.isEmpty())
            result.issues.append({ImportIssue::Severity::Note, result.fileName, plan.sheetName, 0, -1, QString(), note});
        if (!run.recordPresence(&error)) {
            rollback();
            return fail(m_store.describeError(QStringLiteral("record the file's classification"), error));
        }
        for (const qint64 c : run.classifications()) {
            if (!classifications.contains(c))
                classifications.append(c);
        }
        summed += run.writtenMeasures();
        if (run.firstMonth.isValid() && (!firstMonth.isValid() || run.firstMonth < firstMonth))
            firstMonth = run.firstMonth;
        if (run.lastMonth.isValid() && (!lastMonth.isValid() || run.lastMonth > lastMonth))
            lastMonth = run.lastMonth;
        if (run.lastPeriodEnd.isValid() && (!lastPeriodEnd.isValid() || run.lastPeriodEnd > lastPeriodEnd))
            lastPeriodEnd = run.lastPeriodEnd;
    }
    sheetName = plans.first().sheetName;
    if (!classifications.isEmpty()) {
        const QString overlap =
            classification::overlapMessage(db, classifications, firstMonth.toString(Qt::ISODate), lastMonth.toString(Qt::ISODate));
        if (!overlap.isEmpty()) {
            ++result.warningCount;
            result.issues.append({ImportIssue::Severity::Warning, result.fileName, sheetName, 0, -1, QString(), overlap});
        }
    }

    const bool unresolved = result.conflictCount > 0 && options.policy == ConflictPolicy::Report;
    // Figures that do not look like their measure's unit (a count into a % measure) are written only
    // once the officer has checked and confirmed them: never silently.
    result.ok = result.errorCount == 0 && !unresolved && result.unconfirmedUnits.isEmpty();
    if (!result.ok || options.dryRun) {
        rollback();
        return result;
    }
    // The crime totals of what the sheets wrote (added or replaced), and of the older
    // classifications their figures now supersede where both are held.
    summed += crimetotals::olderClassificationMeasures(db, classifications);
    if (!crimetotals::refresh(db, summed, &error)) {
        rollback();
        return fail(m_store.describeError(QStringLiteral("sum the crime figures"), error));
    }
    if (!recordCreations(db, batchId, highs, &error)) {
        rollback();
        return fail(m_store.describeError(QStringLiteral("record what the import created"), error));
    }
    QSqlQuery counts(db);
    counts.prepare(QStringLiteral("UPDATE import_batch SET row_count = ?, added_count = ?, replaced_count = ?, unchanged_count = ?, "
                                  "first_month = ?, last_month = ?, last_period_end = ? WHERE id = ?"));
    counts.addBindValue(result.added + result.replaced);
    counts.addBindValue(result.added);
    counts.addBindValue(result.replaced);
    counts.addBindValue(result.unchanged);
    auto isoOrNull = [](const QDate &d) { return d.isValid() ? QVariant(d.toString(Qt::ISODate)) : QVariant(QMetaType(QMetaType::QString)); };
    counts.addBindValue(isoOrNull(firstMonth));
    counts.addBindValue(isoOrNull(lastMonth));
    counts.addBindValue(isoOrNull(lastPeriodEnd));
    counts.addBindValue(batchId);
    if (!counts.exec() || !tx.exec(QStringLiteral("COMMIT"))) {
        const QString text = counts.lastError().text() + tx.lastError().text();
        rollback();
        return fail(m_store.describeError(QStringLiteral("finish the import"), text));
    }
    result.batchId = batchId;
    result.committed = true;
    if (result.added + result.replaced > 10000) {
        // The planner's statistics follow the new size; sampled, because a full ANALYZE reads
        // every row (a quarter of a second per 700,000 values) and estimates need no more.
        QSqlQuery analyse(db);
        analyse.exec(QStringLiteral("PRAGMA analysis_limit = 1000"));
        analyse.exec(QStringLiteral("ANALYZE observation"));
        analyse.exec(QStringLiteral("PRAGMA analysis_limit = 0"));
    }
    return result;
}

namespace {

// Names listed in an undo's message before the rest are counted.
QString namesListed(const QStringList &names)
{
    constexpr int listed = 4;
    QStringList shown = names.mid(0, listed);
    if (names.size() > listed)
        shown.append(QStringLiteral("and %1 more").arg(formatting::enGB().toString(names.size() - listed)));
    return shown.join(QStringLiteral(", "));
}

// What still uses each row an undone batch created: per id, the lowest other batch whose rows refer
// to it, or 0 where something outside any batch does (a group of areas the catalogue defines).
using Users = QHash<qint64, qint64>;

void noteUser(Users &users, qint64 id, qint64 batch)
{
    const auto found = users.find(id);
    if (found == users.end())
        users.insert(id, batch);
    else if (found.value() != 0 && (batch == 0 || batch < found.value()))
        found.value() = batch;
}

// Runs "SELECT id, batch …" over the candidates (bound: the undone batch) and notes each row's user.
bool collectUsers(QSqlDatabase db, const QString &sql, qint64 batchId, Users &users, QString *error)
{
    QSqlQuery q(db);
    q.prepare(sql);
    q.addBindValue(batchId);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next())
        noteUser(users, q.value(0).toLongLong(), q.value(1).isNull() ? 0 : q.value(1).toLongLong());
    return true;
}

bool execBound(QSqlQuery &q, const QString &sql, const QVariantList &values, QString *error)
{
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace

QString UndoSummary::message() const
{
    const QLocale &enGB = formatting::enGB();
    auto counted = [&](qint64 n, const QString &one, const QString &many) {
        return QStringLiteral("%1 %2").arg(enGB.toString(n), n == 1 ? one : many);
    };
    QStringList parts;
    parts.append(counted(figures, QStringLiteral("figure"), QStringLiteral("figures")));
    if (restored > 0)
        parts.append(counted(restored, QStringLiteral("figure it had replaced put back"), QStringLiteral("figures it had replaced put back")));
    if (tableLines > 0)
        parts.append(counted(tableLines, QStringLiteral("report table line"), QStringLiteral("report table lines")));
    if (!measures.isEmpty())
        parts.append(QStringLiteral("%1 it created (%2)")
                         .arg(counted(measures.size(), QStringLiteral("measure"), QStringLiteral("measures")), namesListed(measures)));
    if (!areas.isEmpty())
        parts.append(QStringLiteral("%1 it created (%2)")
                         .arg(counted(areas.size(), QStringLiteral("area"), QStringLiteral("areas")), namesListed(areas)));
    if (!breakdowns.isEmpty())
        parts.append(QStringLiteral("%1 it created (%2)")
                         .arg(counted(breakdowns.size(), QStringLiteral("breakdown"), QStringLiteral("breakdowns")), namesListed(breakdowns)));
    if (!profile.isEmpty())
        parts.append(QStringLiteral("its profile '%1'").arg(profile));
    QString text = QStringLiteral("Undid batch %1").arg(batchId);
    if (!fileName.isEmpty())
        text += QStringLiteral(" (%1)").arg(fileName);
    text += QStringLiteral(": ") + parts.join(QStringLiteral("; ")) + QLatin1Char('.');
    if (!kept.isEmpty())
        text += QStringLiteral(" Kept what it created that is still used: %1.").arg(namesListed(kept));
    if (!profileNote.isEmpty())
        text += QLatin1Char(' ') + profileNote;
    return text;
}

bool Importer::recordSavedProfile(Store &store, qint64 batchId, const QString &name, const QString &file, QString *error)
{
    qint64 size = 0;
    const QString sha = fileSha256(file, &size, error);
    if (sha.isEmpty())
        return false;
    return store.write(
        [&](QString *e) {
            QSqlQuery q(store.database());
            return execBound(q, QStringLiteral("INSERT INTO import_profile_saved (batch_id, name, file, sha256) VALUES (?, ?, ?, ?)"),
                             {batchId, name, QFileInfo(file).absoluteFilePath(), sha}, e);
        },
        error);
}

bool Importer::undo(Store &store, qint64 batchId, QString *error, UndoSummary *summaryOut, const ProfileStore *profiles)
{
    UndoSummary summary;
    summary.batchId = batchId;
    QString profileFileToRemove; // removed once the store's part is committed
    const bool undone = store.write(
        [&](QString *e) {
            QSqlDatabase db = store.database();
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT coalesce(file_name, source) FROM import_batch WHERE id = ?"));
            q.addBindValue(batchId);
            if (!q.exec() || !q.next()) {
                *e = QStringLiteral("there is no import batch %1 ('list batches' lists them)").arg(batchId);
                return false;
            }
            summary.fileName = q.value(0).toString();
            // A later import that replaced this batch's figures must be undone first, or its
            // restore would bring back figures that no longer exist.
            q.prepare(QStringLiteral("SELECT DISTINCT batch_id FROM observation_replaced WHERE old_batch_id = ? ORDER BY batch_id"));
            q.addBindValue(batchId);
            if (!q.exec()) {
                *e = q.lastError().text();
                return false;
            }
            QStringList later;
            while (q.next())
                later.append(q.value(0).toString());
            if (!later.isEmpty()) {
                *e = QStringLiteral("batch %1 replaced figures from batch %2; undo batch %1 first")
                         .arg(later.join(QStringLiteral(", ")))
                         .arg(batchId);
                return false;
            }
            const QString deleteFigures = QStringLiteral("DELETE FROM observation WHERE batch_id = ?");
            const QString restoreFigures = QStringLiteral(
                "INSERT INTO observation (measure_id, area_id, period_id, breakdown_id, value, batch_id, source_ref, decimals) "
                "SELECT measure_id, area_id, period_id, breakdown_id, old_value, old_batch_id, old_source_ref, old_decimals "
                "FROM observation_replaced WHERE batch_id = ?");
            QStringList tableLines = {
                QStringLiteral("DELETE FROM reserve_year WHERE batch_id = ?"),
                QStringLiteral("DELETE FROM commissioning WHERE batch_id = ?"),
                QStringLiteral("DELETE FROM lcpf_allocation WHERE batch_id = ?"),
                QStringLiteral("DELETE FROM local_priority WHERE batch_id = ?"),
                QStringLiteral("DELETE FROM milestone WHERE batch_id = ?"),
            };
            // The finance line tables, as their description (reportspec.h) names their store.
            for (const reportspec::LineTable &t : reportspec::lineTables()) {
                const QString sql = QStringLiteral("DELETE FROM %1 WHERE batch_id = ?").arg(t.storage);
                if (!tableLines.contains(sql))
                    tableLines.prepend(sql);
            }
            const QStringList statements = QStringList{deleteFigures, restoreFigures,
                                                       QStringLiteral("DELETE FROM observation_replaced WHERE batch_id = ?"),
                                                       QStringLiteral("DELETE FROM report_row WHERE batch_id = ?"),
                                                       QStringLiteral("DELETE FROM annotation WHERE batch_id = ?"),
                                                       // Its statements and links go with it (ON DELETE CASCADE).
                                                       QStringLiteral("DELETE FROM disagreement WHERE batch_id = ?")}
                                           + tableLines;
            // The crime totals the undo changes: those of the measures whose figures it takes out or
            // restores, and (below) of the older classifications their figures superseded. Read in
            // one pass over the figures, as the delete makes, rather than summing every measure again.
            QSet<qint64> summed;
            for (const QString &sql : {QStringLiteral("SELECT DISTINCT measure_id FROM observation WHERE batch_id = ?"),
                                       QStringLiteral("SELECT DISTINCT measure_id FROM observation_replaced WHERE batch_id = ?")}) {
                if (!execBound(q, sql, {batchId}, e))
                    return false;
                while (q.next())
                    summed.insert(q.value(0).toLongLong());
            }
            for (const QString &sql : statements) {
                if (!execBound(q, sql, {batchId}, e))
                    return false;
                if (sql == deleteFigures)
                    summary.figures = q.numRowsAffected();
                else if (sql == restoreFigures)
                    summary.restored = q.numRowsAffected();
                else if (tableLines.contains(sql))
                    summary.tableLines += q.numRowsAffected();
            }
            if (!classification::refreshPresence(db, e))
                return false;
            summed += crimetotals::olderThanTheirs(db, summed);
            if (!crimetotals::refresh(db, summed, e))
                return false;

            // Its profile goes where this batch made it and no other batch applied it since (each
            // batch records the profile it applied), and the file is still as saved.
            QString savedName, savedFile, savedSha;
            if (!execBound(q, QStringLiteral("SELECT name, file, sha256 FROM import_profile_saved WHERE batch_id = ?"), {batchId}, e))
                return false;
            if (q.next()) {
                savedName = q.value(0).toString();
                savedFile = q.value(1).toString();
                savedSha = q.value(2).toString();
                if (!execBound(q, QStringLiteral("SELECT min(id) FROM import_batch WHERE profile = ? AND id <> ?"), {savedName, batchId}, e))
                    return false;
                const qint64 usedBy = q.next() && !q.value(0).isNull() ? q.value(0).toLongLong() : 0;
                qint64 size = 0;
                QString unreadable;
                const QString sha = QFileInfo::exists(savedFile) ? fileSha256(savedFile, &size, &unreadable) : QString();
                // A file already gone (or unreadable) is left as it is.
                if (usedBy > 0)
                    summary.profileNote = QStringLiteral("Its profile '%1' stays: batch %2 used it.").arg(savedName).arg(usedBy);
                else if (!sha.isEmpty() && sha != savedSha)
                    summary.profileNote = QStringLiteral("Its profile '%1' stays: it was changed after batch %2 saved it.")
                                              .arg(savedName)
                                              .arg(batchId);
                else if (!sha.isEmpty())
                    profileFileToRemove = savedFile;
            }
            // Measures and areas a kept profile names stay: the profile's next import needs them.
            QSet<QString> profileMeasures, profileAreas;
            QStringList folders = {profiles ? profiles->folder() : ProfileStore().folder()};
            if (!savedFile.isEmpty() && !folders.contains(QFileInfo(savedFile).absolutePath()))
                folders.append(QFileInfo(savedFile).absolutePath());
            for (const QString &folder : std::as_const(folders)) {
                const ProfileStore folderProfiles(folder);
                for (const ImportPlan &plan : folderProfiles.all()) {
                    if (!profileFileToRemove.isEmpty()
                        && QFileInfo(folderProfiles.pathFor(plan.profileName)) == QFileInfo(profileFileToRemove))
                        continue;
                    if (!plan.fixedMeasureKey.isEmpty())
                        profileMeasures.insert(plan.fixedMeasureKey);
                    for (const QString &key : plan.measureMappings)
                        profileMeasures.insert(key);
                    if (!plan.fixedAreaCode.isEmpty())
                        profileAreas.insert(plan.fixedAreaCode.toUpper());
                    for (const QString &code : plan.areaMappings)
                        profileAreas.insert(code.toUpper());
                }
            }

            // What it created: removed where nothing uses it now its own rows are gone; else passed
            // to the lowest batch that uses it (undoing that one then removes it), or kept for good
            // where only something outside the batches does.
            const QString candidates = QStringLiteral("(SELECT %1 FROM import_created WHERE batch_id = ? AND %1 IS NOT NULL)");
            const QString measures = candidates.arg(QLatin1String("measure_id"));
            const QString areas = candidates.arg(QLatin1String("area_id"));
            const QString breakdowns = candidates.arg(QLatin1String("breakdown_id"));
            Users measureUsers, areaUsers, breakdownUsers;
            const QList<std::pair<Users *, QString>> uses = {
                {&measureUsers, QStringLiteral("SELECT measure_id, min(batch_id) FROM observation WHERE measure_id IN %1 GROUP BY measure_id").arg(measures)},
                {&measureUsers, QStringLiteral("SELECT measure_id, min(batch_id) FROM observation_replaced WHERE measure_id IN %1 GROUP BY measure_id").arg(measures)},
                {&measureUsers, QStringLiteral("SELECT measure_id, min(batch_id) FROM report_row WHERE measure_id IN %1 GROUP BY measure_id").arg(measures)},
                {&measureUsers, QStringLiteral("SELECT l.measure_id, min(d.batch_id) FROM disagreement_link l JOIN disagreement d ON d.id = l.disagreement_id "
                                               "WHERE l.measure_id IN %1 GROUP BY l.measure_id").arg(measures)},
                // One pass over the figures for all its areas and breakdowns: neither leads the figures' key.
                {&areaUsers, QStringLiteral("SELECT area_id, min(batch_id) FROM observation WHERE area_id IN %1 GROUP BY area_id").arg(areas)},
                {&areaUsers, QStringLiteral("SELECT area_id, min(batch_id) FROM observation_replaced WHERE area_id IN %1 GROUP BY area_id").arg(areas)},
                {&areaUsers, QStringLiteral("SELECT area_id, min(batch_id) FROM lcpf_allocation WHERE area_id IN %1 GROUP BY area_id").arg(areas)},
                {&areaUsers, QStringLiteral("SELECT area_id, min(batch_id) FROM local_priority WHERE area_id IN %1 GROUP BY area_id").arg(areas)},
                {&areaUsers, QStringLiteral("SELECT group_id, NULL FROM area_member WHERE group_id IN %1").arg(areas)},
                {&areaUsers, QStringLiteral("SELECT member_id, NULL FROM area_member WHERE member_id IN %1").arg(areas)},
                {&breakdownUsers, QStringLiteral("SELECT breakdown_id, min(batch_id) FROM observation WHERE breakdown_id IN %1 GROUP BY breakdown_id").arg(breakdowns)},
                {&breakdownUsers, QStringLiteral("SELECT breakdown_id, min(batch_id) FROM observation_replaced WHERE breakdown_id IN %1 GROUP BY breakdown_id").arg(breakdowns)},
            };
            for (const auto &[users, sql] : uses) {
                if (!collectUsers(db, sql, batchId, *users, e))
                    return false;
            }

            // Passes a kept row to the batch that uses it, or keeps it for good; what is left recorded
            // as this batch's is removed below, each dimension in one statement.
            auto keep = [&](const Dimension &d, qint64 id, qint64 user, const QString &label, const QString &why) {
                summary.kept.append(QStringLiteral("%1 (%2)").arg(label, why));
                if (user > 0)
                    return execBound(q, QStringLiteral("UPDATE import_created SET batch_id = ? WHERE %1 = ?").arg(d.column), {user, id}, e);
                return execBound(q, QStringLiteral("DELETE FROM import_created WHERE %1 = ?").arg(d.column), {id}, e);
            };
            auto usedBy = [](qint64 user) {
                return user > 0 ? QStringLiteral("batch %1 uses it").arg(user) : QStringLiteral("in use outside any import");
            };

            struct Row {
                qint64 id;
                QString key;
                QString name;
            };
            auto created = [&](const QString &sql, QList<Row> *rows) {
                if (!execBound(q, sql, {batchId}, e))
                    return false;
                while (q.next())
                    rows->append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()});
                return true;
            };

            QList<Row> createdMeasures;
            if (!created(QStringLiteral("SELECT m.id, m.key, m.name FROM import_created c JOIN measure m ON m.id = c.measure_id "
                                        "WHERE c.batch_id = ? ORDER BY m.id"),
                         &createdMeasures))
                return false;
            for (const Row &m : std::as_const(createdMeasures)) {
                const auto user = measureUsers.constFind(m.id);
                if (user == measureUsers.constEnd() && !profileMeasures.contains(m.key)) {
                    summary.measures.append(m.name);
                    continue;
                }
                if (user == measureUsers.constEnd()) {
                    if (!keep(createdDimensions[0], m.id, 0, m.name, QStringLiteral("a saved profile names it")))
                        return false;
                    continue;
                }
                if (!keep(createdDimensions[0], m.id, user.value(), m.name, usedBy(user.value())))
                    return false;
                if (user.value() > 0) {
                    // Its source and notes named the undone file: they now name the file that keeps it.
                    if (!execBound(q, QStringLiteral("SELECT coalesce(file_name, source) FROM import_batch WHERE id = ?"), {user.value()}, e)
                        || !q.next())
                        return false;
                    const QString keeper = q.value(0).toString();
                    if (!execBound(q,
                                   QStringLiteral("UPDATE measure SET source = CASE WHEN source = ? THEN ? ELSE source END, "
                                                  "notes = CASE WHEN notes = ? THEN ? ELSE notes END WHERE id = ?"),
                                   {summary.fileName, keeper, createdByNote(summary.fileName), createdByNote(keeper), m.id}, e))
                        return false;
                }
            }

            QList<Row> createdBreakdowns;
            if (!created(QStringLiteral("SELECT b.id, '', b.category || ': ' || b.grp FROM import_created c "
                                        "JOIN breakdown b ON b.id = c.breakdown_id WHERE c.batch_id = ? ORDER BY b.ordinal, b.id"),
                         &createdBreakdowns))
                return false;
            for (const Row &b : std::as_const(createdBreakdowns)) {
                const auto user = breakdownUsers.constFind(b.id);
                if (user == breakdownUsers.constEnd())
                    summary.breakdowns.append(b.name);
                else if (!keep(createdDimensions[2], b.id, user.value(), b.name, usedBy(user.value())))
                    return false;
            }

            // An area goes only with every area inside it (an LSOA in a borough it created): one
            // inside it that stays keeps it, passed to that area's batch.
            QList<Row> createdAreas;
            if (!created(QStringLiteral("SELECT a.id, upper(a.code), a.name FROM import_created c JOIN area a ON a.id = c.area_id "
                                        "WHERE c.batch_id = ? ORDER BY a.id"),
                         &createdAreas))
                return false;
            QHash<qint64, QList<qint64>> inside; // area -> the areas inside it
            if (!execBound(q, QStringLiteral("SELECT parent_id, id FROM area WHERE parent_id IN %1").arg(areas), {batchId}, e))
                return false;
            while (q.next())
                inside[q.value(0).toLongLong()].append(q.value(1).toLongLong());
            QSet<qint64> going;
            for (const Row &a : std::as_const(createdAreas)) {
                if (!areaUsers.contains(a.id) && !profileAreas.contains(a.key))
                    going.insert(a.id);
            }
            for (bool changed = true; changed;) {
                changed = false;
                for (auto a = going.begin(); a != going.end();) {
                    const QList<qint64> children = inside.value(*a);
                    if (std::any_of(children.cbegin(), children.cend(), [&](qint64 c) { return !going.contains(c); })) {
                        a = going.erase(a);
                        changed = true;
                    } else {
                        ++a;
                    }
                }
            }
            for (const Row &a : std::as_const(createdAreas)) {
                if (going.contains(a.id)) {
                    summary.areas.append(a.name);
                    continue;
                }
                if (const auto user = areaUsers.constFind(a.id); user != areaUsers.constEnd()) {
                    if (!keep(createdDimensions[1], a.id, user.value(), a.name, usedBy(user.value())))
                        return false;
                } else if (profileAreas.contains(a.key)) {
                    if (!keep(createdDimensions[1], a.id, 0, a.name, QStringLiteral("a saved profile names it")))
                        return false;
                } else {
                    if (!execBound(q,
                                   QStringLiteral("SELECT min(c.batch_id) FROM area child JOIN import_created c ON c.area_id = child.id "
                                                  "WHERE child.parent_id = ? AND c.batch_id <> ?"),
                                   {a.id, batchId}, e))
                        return false;
                    const qint64 user = q.next() && !q.value(0).isNull() ? q.value(0).toLongLong() : 0;
                    if (!keep(createdDimensions[1], a.id, user, a.name, QStringLiteral("areas inside it stay")))
                        return false;
                }
            }
            // Removing an area makes SQLite look for figures of it, and no index leads with the area: a
            // scan of every figure per area (a ward file's 680 areas took 94 s here). Past a few areas one
            // index, built for the removal and dropped in the same transaction, is cheaper: it costs
            // about as much as eight of those scans.
            const bool indexAreas = going.size() > 8;
            if (indexAreas && !execBound(q, QStringLiteral("CREATE INDEX undo_observation_area ON observation (area_id)"), {}, e))
                return false;
            // One statement each: an area goes with the areas inside it (a foreign key holds at a statement's end).
            const QStringList removals = {
                QStringLiteral("DELETE FROM measure WHERE id IN %1").arg(measures),
                QStringLiteral("DELETE FROM breakdown WHERE id IN %1").arg(breakdowns),
                QStringLiteral("DELETE FROM area WHERE id IN %1").arg(areas),
                QStringLiteral("DELETE FROM import_created WHERE batch_id = ?"),
            };
            for (const QString &sql : removals) {
                if (!execBound(q, sql, {batchId}, e))
                    return false;
            }
            if (indexAreas && !execBound(q, QStringLiteral("DROP INDEX undo_observation_area"), {}, e))
                return false;

            if (!execBound(q, QStringLiteral("DELETE FROM import_profile_saved WHERE batch_id = ?"), {batchId}, e)
                || !execBound(q, QStringLiteral("DELETE FROM import_batch WHERE id = ?"), {batchId}, e))
                return false;
            if (!profileFileToRemove.isEmpty())
                summary.profile = savedName;
            return true;
        },
        error);
    if (!undone)
        return false;
    // The file goes only once the store no longer records it; if it cannot, the message says so.
    if (!profileFileToRemove.isEmpty()) {
        QFile file(profileFileToRemove);
        if (!file.remove()) {
            summary.profileNote = QStringLiteral("Its profile '%1' could not be removed (%2): %3")
                                      .arg(summary.profile, profileFileToRemove, file.errorString());
            summary.profile.clear();
        }
    }
    if (summaryOut)
        *summaryOut = summary;
    return true;
}

QList<BatchInfo> Importer::batches(const Store &store)
{
    QList<BatchInfo> out;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT id, source, coalesce(file_name, ''), coalesce(sha256, ''), coalesce(file_size, 0), imported_at, "
                          "imported_by, coalesce(profile, ''), row_count, added_count, replaced_count, unchanged_count "
                          "FROM import_batch ORDER BY id"));
    while (q.next()) {
        BatchInfo b;
        b.id = q.value(0).toLongLong();
        b.source = q.value(1).toString();
        b.fileName = q.value(2).toString();
        b.sha256 = q.value(3).toString();
        b.fileSize = q.value(4).toLongLong();
        b.importedAt = q.value(5).toString();
        b.importedBy = q.value(6).toString();
        b.profile = q.value(7).toString();
        b.rowCount = q.value(8).toLongLong();
        b.added = q.value(9).toLongLong();
        b.replaced = q.value(10).toLongLong();
        b.unchanged = q.value(11).toLongLong();
        out.append(b);
    }
    return out;
}

} // namespace oversight::import
