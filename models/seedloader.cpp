#include "seedloader.h"

#include "reportspec.h"

#include "catalog.h"
#include "classification.h"
#include "crimetotals.h"
#include "csv.h"
#include "milestoneboard.h"
#include "period.h"
#include "reporttable.h"
#include "store.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace oversight {

namespace {

QByteArray readResource(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("missing embedded resource %1").arg(path);
        return {};
    }
    return file.readAll();
}

bool loadTable(const QString &path, csv::Table *table, QString *error, QByteArray *raw = nullptr)
{
    const QByteArray bytes = readResource(path, error);
    if (bytes.isNull())
        return false;
    if (raw)
        raw->append(bytes);
    QString parseError;
    *table = csv::parseTable(QString::fromUtf8(bytes), &parseError);
    if (!parseError.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(path, parseError);
        return false;
    }
    return true;
}

QVariant number(const QString &text)
{
    if (text.trimmed().isEmpty())
        return QVariant(QMetaType(QMetaType::Double));
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok ? QVariant(v) : QVariant();
}

bool run(QSqlQuery &q, const QString &context, QString *error)
{
    if (q.exec())
        return true;
    *error = QStringLiteral("%1: %2").arg(context, q.lastError().text());
    return false;
}

QString currentUser()
{
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString value = qEnvironmentVariable(name);
        if (!value.isEmpty())
            return value;
    }
    return QStringLiteral("unknown");
}

// Binds the named numeric columns of a row, refusing text that is not a number.
bool bindNumbers(QSqlQuery &q, const QHash<QString, QString> &row, const QStringList &columns,
                 const QString &context, QString *error)
{
    for (const QString &column : columns) {
        const QVariant v = number(row.value(column));
        if (!v.isValid()) {
            *error = QStringLiteral("%1, column %2: '%3' is not a number").arg(context, column, row.value(column));
            return false;
        }
        q.addBindValue(v);
    }
    return true;
}

// The decimals each named figure of a row is written with, in order ("1,1,0,1"; -1 for an empty
// cell): a table whose report prints some figures whole keeps them whole (capital_line.decimals).
QString writtenDecimals(const QHash<QString, QString> &row, const QStringList &columns)
{
    QStringList out;
    for (const QString &column : columns) {
        const QString text = row.value(column).trimmed();
        out.append(QString::number(text.isEmpty() ? -1 : catalog::writtenDecimals(text)));
    }
    return out.join(QLatin1Char(','));
}

} // namespace

SeedLoader::SeedLoader(Store &store) : m_store(store) {}

QStringList SeedLoader::themes()
{
    return {
        QStringLiteral("A safer London"),
        QStringLiteral("A better police service"),
        QStringLiteral("A better criminal justice service"),
        QStringLiteral("Keeping children and young people safe"),
        QStringLiteral("Violence against women and girls"),
        QStringLiteral("Standing together against hatred and extremism"),
        QStringLiteral("Finance"),
        QStringLiteral("MOPAC finances"),
    };
}

bool SeedLoader::loadReference(QString *error)
{
    return m_store.write([this](QString *e) { return insertReference(e); }, error);
}

bool SeedLoader::loadDefault(QString *error)
{
    const bool ok = m_store.write(
        [this](QString *e) {
            return insertReference(e) && insertReportBatch(e) && insertOpenDataBatch(e)
                && crimetotals::refreshAll(m_store.database(), e);
        },
        error);
    if (ok)
        QSqlQuery(m_store.database()).exec(QStringLiteral("ANALYZE"));
    return ok;
}

bool SeedLoader::insertReference(QString *error)
{
    QSqlDatabase db = m_store.database();
    QSqlQuery q(db);

    q.prepare(QStringLiteral("INSERT INTO theme (name, ordinal) VALUES (?, ?)"));
    const QStringList allThemes = themes();
    for (int i = 0; i < allThemes.size(); ++i) {
        q.addBindValue(allThemes.at(i));
        q.addBindValue(i);
        if (!run(q, QStringLiteral("theme %1").arg(allThemes.at(i)), error))
            return false;
    }

    csv::Table areas;
    if (!loadTable(QStringLiteral(":/seed/areas.csv"), &areas, error))
        return false;
    q.prepare(QStringLiteral("INSERT INTO area (code, name, kind, abbreviation) VALUES (?, ?, ?, ?)"));
    for (const auto &row : areas.rows) {
        q.addBindValue(row.value(QStringLiteral("code")));
        q.addBindValue(row.value(QStringLiteral("name")));
        q.addBindValue(row.value(QStringLiteral("kind")));
        const QString abbreviation = row.value(QStringLiteral("abbreviation"));
        q.addBindValue(abbreviation.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(abbreviation));
        if (!run(q, QStringLiteral("areas.csv %1").arg(row.value(QStringLiteral("code"))), error))
            return false;
        m_areas.insert(row.value(QStringLiteral("code")), q.lastInsertId().toLongLong());
    }

    csv::Table groups;
    if (!loadTable(QStringLiteral(":/seed/area_groups.csv"), &groups, error))
        return false;
    q.prepare(QStringLiteral("INSERT INTO area_member (group_id, member_id) VALUES (?, ?)"));
    for (const auto &row : groups.rows) {
        const QString context = QStringLiteral("area_groups.csv");
        const qint64 group = areaId(row.value(QStringLiteral("group_code")), context, error);
        const qint64 member = areaId(row.value(QStringLiteral("member_code")), context, error);
        if (group < 0 || member < 0)
            return false;
        q.addBindValue(group);
        q.addBindValue(member);
        if (!run(q, context, error))
            return false;
    }

    // Reference periods: every month, quarter and financial year from April 2008 to March 2026,
    // the span of the MPS open data Oversight knows, so filters offer them before data arrives.
    for (int fy = 2008; fy <= 2025; ++fy) {
        if (periodId(Period::financialYear(fy), error) < 0)
            return false;
        for (int quarter = 1; quarter <= 4; ++quarter) {
            if (periodId(Period::quarter(fy, quarter), error) < 0)
                return false;
        }
        Period month = Period::month(fy, 4);
        for (int i = 0; i < 12; ++i, month = month.next()) {
            if (periodId(month, error) < 0)
                return false;
        }
    }

    csv::Table measures;
    if (!loadTable(QStringLiteral(":/seed/measures.csv"), &measures, error))
        return false;
    QHash<QString, qint64> themeIds;
    QSqlQuery themeQuery(db);
    themeQuery.exec(QStringLiteral("SELECT id, name FROM theme"));
    while (themeQuery.next())
        themeIds.insert(themeQuery.value(1).toString(), themeQuery.value(0).toLongLong());

    q.prepare(QStringLiteral("INSERT INTO measure (key, name, theme_id, category, unit, higher_is_better, source, notes) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const auto &row : measures.rows) {
        const QString key = row.value(QStringLiteral("key"));
        const QString context = QStringLiteral("measures.csv %1").arg(key);
        const QString theme = row.value(QStringLiteral("theme"));
        if (!themeIds.contains(theme)) {
            *error = QStringLiteral("%1: unknown theme '%2'").arg(context, theme);
            return false;
        }
        q.addBindValue(key);
        q.addBindValue(row.value(QStringLiteral("name")));
        q.addBindValue(themeIds.value(theme));
        q.addBindValue(QVariant(QMetaType(QMetaType::QString)));
        q.addBindValue(row.value(QStringLiteral("unit")));
        const QString better = row.value(QStringLiteral("higher_is_better"));
        q.addBindValue(better.isEmpty() ? QVariant(QMetaType(QMetaType::Int)) : QVariant(better.toInt()));
        q.addBindValue(row.value(QStringLiteral("source")));
        q.addBindValue(row.value(QStringLiteral("notes")));
        if (!run(q, context, error))
            return false;
        m_measures.insert(key, q.lastInsertId().toLongLong());
    }

    // The MPS open-data categories: one measure per minor category, grouped by major category.
    csv::Table categories;
    if (!loadTable(QStringLiteral(":/crime/mps_categories.csv"), &categories, error))
        return false;
    for (const auto &row : categories.rows) {
        const QString key = row.value(QStringLiteral("key"));
        q.addBindValue(key);
        q.addBindValue(row.value(QStringLiteral("minor")));
        q.addBindValue(themeIds.value(QStringLiteral("A safer London")));
        q.addBindValue(row.value(QStringLiteral("major")));
        q.addBindValue(QStringLiteral("count"));
        q.addBindValue(0);
        q.addBindValue(QStringLiteral("MPS recorded crime (London Datastore)"));
        q.addBindValue(QStringLiteral("Monthly recorded offences, MPS open data, OGL v3."));
        if (!run(q, QStringLiteral("mps_categories.csv %1").arg(key), error))
            return false;
        m_measures.insert(key, q.lastInsertId().toLongLong());
    }
    for (const QString &sql : classification::classifyMeasuresSql()) {
        if (!q.exec(sql)) {
            *error = QStringLiteral("classify the MPS categories: %1").arg(q.lastError().text());
            return false;
        }
    }
    return true;
}

qint64 SeedLoader::createBatch(const QString &source, const QByteArray &content, const QString &description,
                               QString *error)
{
    QSqlQuery q(m_store.database());
    // The next id never issued (schema: batchIdsNeverReused).
    q.prepare(QStringLiteral("INSERT INTO import_batch (id, source, sha256, imported_at, imported_by, row_count, description) "
                             "VALUES ((SELECT last_id + 1 FROM import_batch_sequence), ?, ?, ?, ?, 0, ?)"));
    q.addBindValue(source);
    q.addBindValue(QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
    q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    q.addBindValue(currentUser());
    q.addBindValue(description);
    if (!run(q, QStringLiteral("import batch"), error))
        return -1;
    return q.lastInsertId().toLongLong();
}

bool SeedLoader::finishBatch(qint64 batchId, qint64 rowCount, QString *error)
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral(
        "UPDATE import_batch SET row_count = ?, added_count = ?, "
        "first_month = (SELECT min(p.start_date) FROM observation o JOIN period p ON p.id = o.period_id "
        "               WHERE o.batch_id = ? AND p.kind = 'month'), "
        "last_month = (SELECT max(p.start_date) FROM observation o JOIN period p ON p.id = o.period_id "
        "              WHERE o.batch_id = ? AND p.kind = 'month'), "
        "last_period_end = (SELECT max(p.end_date) FROM observation o JOIN period p ON p.id = o.period_id "
        "                   WHERE o.batch_id = ?) "
        "WHERE id = ?"));
    q.addBindValue(rowCount);
    q.addBindValue(rowCount);
    for (int i = 0; i < 4; ++i)
        q.addBindValue(batchId);
    return run(q, QStringLiteral("import batch"), error);
}

bool SeedLoader::insertReportBatch(QString *error)
{
    QSqlDatabase db = m_store.database();
    const QStringList files = {
        QStringLiteral("observations"), QStringLiteral("report_rows"), QStringLiteral("local_priorities"),
        QStringLiteral("revenue"), QStringLiteral("business_groups"), QStringLiteral("savings"),
        QStringLiteral("capital"), QStringLiteral("reserves"), QStringLiteral("lcpf"),
        QStringLiteral("commissioning"), QStringLiteral("milestones"), QStringLiteral("annotations"),
        QStringLiteral("stated_figures"), QStringLiteral("disagreements"), QStringLiteral("disagreement_statements"),
    };
    QHash<QString, csv::Table> tables;
    QByteArray raw;
    for (const QString &name : files) {
        csv::Table table;
        if (!loadTable(QStringLiteral(":/seed/%1.csv").arg(name), &table, error, &raw))
            return false;
        tables.insert(name, table);
    }
    const qint64 batch = createBatch(
        QStringLiteral("MOPAC Quarterly Performance Update Report, Q1 2017/18 (PCD 280)"), raw,
        QStringLiteral("Figures transcribed from the report; resources/seed"), error);
    if (batch < 0)
        return false;
    qint64 rowCount = 0;
    QSqlQuery q(db);
    const qint64 reportQuarter = periodId(QStringLiteral("Q1 2017/18"), QStringLiteral("report quarter"), error);
    if (reportQuarter < 0)
        return false;

    // Observations: the report's tables and figures (observations.csv), then the exact figures its
    // text states only in words (stated_figures.csv, the same columns).
    q.prepare(QStringLiteral("INSERT INTO observation (measure_id, area_id, period_id, breakdown_id, value, batch_id, source_ref, decimals) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    const qsizetype tableFigures = tables.value(QStringLiteral("observations")).rows.size();
    int line = 1;
    for (const auto &row : tables.value(QStringLiteral("observations")).rows + tables.value(QStringLiteral("stated_figures")).rows) {
        ++line;
        const QString context = line - 1 <= tableFigures ? QStringLiteral("observations.csv line %1").arg(line)
                                                         : QStringLiteral("stated_figures.csv line %1").arg(line - tableFigures);
        const qint64 measure = measureId(row.value(QStringLiteral("measure_key")), context, error);
        const qint64 area = areaId(row.value(QStringLiteral("area_code")), context, error);
        const qint64 period = periodId(row.value(QStringLiteral("period")), context, error);
        if (measure < 0 || area < 0 || period < 0)
            return false;
        const QString breakdownText = row.value(QStringLiteral("breakdown"));
        qint64 breakdown = 0; // the whole area
        if (!breakdownText.isEmpty()) {
            const qint64 id = breakdownId(breakdownText, context, error);
            if (id < 0)
                return false;
            breakdown = id;
        }
        const QVariant value = number(row.value(QStringLiteral("value")));
        if (!value.isValid() || value.isNull()) {
            *error = QStringLiteral("%1: '%2' is not a number").arg(context, row.value(QStringLiteral("value")));
            return false;
        }
        q.addBindValue(measure);
        q.addBindValue(area);
        q.addBindValue(period);
        q.addBindValue(breakdown);
        q.addBindValue(value);
        q.addBindValue(batch);
        q.addBindValue(row.value(QStringLiteral("source_ref")));
        // The figure's stated precision is how it is written here, as in the report: "2504" for
        // "£2,504m" (0 decimals), "2503.5" for the table's 2,503.5 (1), "75" for "75%" (0).
        q.addBindValue(catalog::writtenDecimals(row.value(QStringLiteral("value"))));
        if (!run(q, context, error))
            return false;
        ++rowCount;
    }

    q.prepare(QStringLiteral("INSERT INTO report_row (table_id, ordinal, label, group_label, measure_id, batch_id) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    for (const auto &row : tables.value(QStringLiteral("report_rows")).rows) {
        const QString context = QStringLiteral("report_rows.csv %1").arg(row.value(QStringLiteral("label")));
        QVariant measure(QMetaType(QMetaType::LongLong));
        if (!row.value(QStringLiteral("measure_key")).isEmpty()) {
            const qint64 id = measureId(row.value(QStringLiteral("measure_key")), context, error);
            if (id < 0)
                return false;
            measure = id;
        }
        q.addBindValue(row.value(QStringLiteral("table_id")));
        q.addBindValue(row.value(QStringLiteral("ordinal")).toInt());
        q.addBindValue(row.value(QStringLiteral("label")));
        q.addBindValue(row.value(QStringLiteral("group_label")));
        q.addBindValue(measure);
        q.addBindValue(batch);
        if (!run(q, context, error))
            return false;
        ++rowCount;
    }

    q.prepare(QStringLiteral("INSERT INTO local_priority (area_id, period_id, rank, category, change_pct, note, batch_id) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const auto &row : tables.value(QStringLiteral("local_priorities")).rows) {
        const QString context = QStringLiteral("local_priorities.csv %1").arg(row.value(QStringLiteral("area_code")));
        const qint64 area = areaId(row.value(QStringLiteral("area_code")), context, error);
        const qint64 year = periodId(row.value(QStringLiteral("year")), context, error);
        if (area < 0 || year < 0)
            return false;
        for (int rank = 1; rank <= 2; ++rank) {
            const QString prefix = QStringLiteral("priority%1").arg(rank);
            q.addBindValue(area);
            q.addBindValue(year);
            q.addBindValue(rank);
            q.addBindValue(row.value(prefix));
            if (!bindNumbers(q, row, {prefix + QStringLiteral("_change")}, context, error))
                return false;
            const QString note = rank == 2 ? row.value(QStringLiteral("note")) : QString();
            q.addBindValue(note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(note));
            q.addBindValue(batch);
            if (!run(q, context, error))
                return false;
            ++rowCount;
        }
    }

    // The finance line tables, from their one description (reportspec.h): the seed file's columns are
    // the store's.
    for (const reportspec::LineTable &spec : reportspec::lineTables()) {
        QStringList columns = {QStringLiteral("period_id"), QStringLiteral("ordinal")};
        if (spec.shared)
            columns.append(QStringLiteral("table_id"));
        QStringList texts;
        for (const reportspec::Column &c : spec.text)
            texts.append(c.storage);
        QStringList figures;
        for (const reportspec::Column &c : spec.figures)
            figures.append(c.storage);
        columns += texts;
        columns.append(QStringLiteral("kind"));
        columns += figures;
        columns.append(QStringLiteral("batch_id"));
        if (spec.keepsDecimals)
            columns.append(QStringLiteral("decimals"));
        q.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                      .arg(spec.storage, columns.join(QStringLiteral(", ")),
                           QStringList(columns.size(), QStringLiteral("?")).join(QStringLiteral(", "))));
        for (const auto &row : tables.value(spec.seedFile).rows) {
            if (spec.shared && row.value(QStringLiteral("table_id")) != spec.id)
                continue;
            const QString context = QStringLiteral("%1.csv %2").arg(spec.seedFile, row.value(texts.first()));
            q.addBindValue(reportQuarter);
            q.addBindValue(row.value(QStringLiteral("ordinal")).toInt());
            if (spec.shared)
                q.addBindValue(spec.id);
            for (const QString &t : texts)
                q.addBindValue(row.value(t));
            q.addBindValue(row.value(QStringLiteral("kind")));
            if (!bindNumbers(q, row, figures, context, error))
                return false;
            q.addBindValue(batch);
            if (spec.keepsDecimals)
                q.addBindValue(writtenDecimals(row, figures));
            if (!run(q, context, error))
                return false;
            ++rowCount;
        }
    }

    q.prepare(QStringLiteral("INSERT INTO reserve_year (period_id, reported_in_period_id, status, opening, movement, closing, "
                             "general_fund, general_fund_pct, earmarked, earmarked_pct, batch_id, decimals) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const auto &row : tables.value(QStringLiteral("reserves")).rows) {
        const QString context = QStringLiteral("reserves.csv %1").arg(row.value(QStringLiteral("year")));
        const qint64 year = periodId(row.value(QStringLiteral("year")), context, error);
        if (year < 0)
            return false;
        q.addBindValue(year);
        q.addBindValue(reportQuarter);
        q.addBindValue(row.value(QStringLiteral("status")));
        const QStringList reserveFigures = {QStringLiteral("opening"), QStringLiteral("movement"), QStringLiteral("closing"),
                                            QStringLiteral("general_fund"), QStringLiteral("general_fund_pct"),
                                            QStringLiteral("earmarked"), QStringLiteral("earmarked_pct")};
        if (!bindNumbers(q, row, reserveFigures, context, error))
            return false;
        q.addBindValue(batch);
        q.addBindValue(writtenDecimals(row, reserveFigures));
        if (!run(q, context, error))
            return false;
        ++rowCount;
    }

    const qint64 lcpfYear = periodId(QStringLiteral("2017/18"), QStringLiteral("lcpf.csv"), error);
    if (lcpfYear < 0)
        return false;
    q.prepare(QStringLiteral("INSERT INTO lcpf_allocation (period_id, area_id, allocation_gbp, batch_id) VALUES (?, ?, ?, ?)"));
    for (const auto &row : tables.value(QStringLiteral("lcpf")).rows) {
        const QString context = QStringLiteral("lcpf.csv %1").arg(row.value(QStringLiteral("area_code")));
        const qint64 area = areaId(row.value(QStringLiteral("area_code")), context, error);
        if (area < 0)
            return false;
        q.addBindValue(lcpfYear);
        q.addBindValue(area);
        if (!bindNumbers(q, row, {QStringLiteral("allocation")}, context, error))
            return false;
        q.addBindValue(batch);
        if (!run(q, context, error))
            return false;
        ++rowCount;
    }

    q.prepare(QStringLiteral("INSERT INTO commissioning (period_id, item, amount_gbp_m, source_ref, batch_id) VALUES (?, ?, ?, ?, ?)"));
    for (const auto &row : tables.value(QStringLiteral("commissioning")).rows) {
        const QString context = QStringLiteral("commissioning.csv %1").arg(row.value(QStringLiteral("item")));
        const qint64 year = periodId(row.value(QStringLiteral("year")), context, error);
        if (year < 0)
            return false;
        q.addBindValue(year);
        q.addBindValue(row.value(QStringLiteral("item")));
        if (!bindNumbers(q, row, {QStringLiteral("amount_gbp_m")}, context, error))
            return false;
        q.addBindValue(row.value(QStringLiteral("source_ref")));
        q.addBindValue(batch);
        if (!run(q, context, error))
            return false;
        ++rowCount;
    }

    // Every status's basis is checked before any is written: printed with its icon, or inferred from
    // words found in the commentary; and milestones with the same icon carry the same status.
    QList<MilestoneStatusBasis> bases;
    QStringList labels;
    for (const auto &row : tables.value(QStringLiteral("milestones")).rows) {
        const MilestoneStatusBasis basis{row.value(QStringLiteral("status")), row.value(QStringLiteral("status_from")),
                                         row.value(QStringLiteral("status_icon")), row.value(QStringLiteral("status_words")),
                                         row.value(QStringLiteral("commentary"))};
        const QString label = QStringLiteral("milestones.csv %1").arg(row.value(QStringLiteral("ordinal")));
        if (const QString problem = milestoneStatusBasisProblem(basis); !problem.isEmpty()) {
            *error = QStringLiteral("%1: %2").arg(label, problem);
            return false;
        }
        bases.append(basis);
        labels.append(label);
    }
    if (const QString problem = milestoneIconDisagreement(bases, labels); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    q.prepare(QStringLiteral("INSERT INTO milestone (period_id, reported_in_period_id, ordinal, section, programme, text, "
                             "status, commentary, status_from, status_icon, status_words, batch_id) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const auto &row : tables.value(QStringLiteral("milestones")).rows) {
        const QString context = QStringLiteral("milestones.csv %1").arg(row.value(QStringLiteral("ordinal")));
        const qint64 quarter = periodId(row.value(QStringLiteral("quarter")), context, error);
        if (quarter < 0)
            return false;
        q.addBindValue(quarter);
        q.addBindValue(reportQuarter);
        q.addBindValue(row.value(QStringLiteral("ordinal")).toInt());
        q.addBindValue(row.value(QStringLiteral("section")));
        q.addBindValue(row.value(QStringLiteral("programme")));
        q.addBindValue(row.value(QStringLiteral("milestone")));
        q.addBindValue(row.value(QStringLiteral("status")));
        q.addBindValue(row.value(QStringLiteral("commentary")));
        // Empty, never NULL: the columns are NOT NULL with '' meaning none.
        for (const char *column : {"status_from", "status_icon", "status_words"}) {
            const QString value = row.value(QLatin1String(column));
            q.addBindValue(value.isNull() ? QStringLiteral("") : value);
        }
        q.addBindValue(batch);
        if (!run(q, context, error))
            return false;
        ++rowCount;
    }

    q.prepare(QStringLiteral("INSERT INTO annotation (event_date, label, description, batch_id) VALUES (?, ?, ?, ?)"));
    for (const auto &row : tables.value(QStringLiteral("annotations")).rows) {
        q.addBindValue(row.value(QStringLiteral("date")));
        q.addBindValue(row.value(QStringLiteral("label")));
        q.addBindValue(row.value(QStringLiteral("description")));
        q.addBindValue(batch);
        if (!run(q, QStringLiteral("annotations.csv %1").arg(row.value(QStringLiteral("label"))), error))
            return false;
        ++rowCount;
    }

    if (!insertDisagreements(tables.value(QStringLiteral("disagreements")),
                             tables.value(QStringLiteral("disagreement_statements")), batch, &rowCount, error))
        return false;
    return finishBatch(batch, rowCount, error);
}

// Where the report states two values for one thing: the disagreement, its statements (at least two,
// each with its place) and the measures and report tables whose views note it.
bool SeedLoader::insertDisagreements(const csv::Table &disagreements, const csv::Table &statements, qint64 batch,
                                     qint64 *rowCount, QString *error)
{
    QSqlDatabase db = m_store.database();
    QSqlQuery q(db);
    QSqlQuery link(db);
    QHash<QString, qint64> ids;
    q.prepare(QStringLiteral("INSERT INTO disagreement (key, subject, period_id, unit, description, batch_id) VALUES (?, ?, ?, ?, ?, ?)"));
    link.prepare(QStringLiteral("INSERT INTO disagreement_link (disagreement_id, measure_id, table_id) VALUES (?, ?, ?)"));
    const QStringList tableIds = reporttables::ids();
    for (const auto &row : disagreements.rows) {
        const QString key = row.value(QStringLiteral("key"));
        const QString context = QStringLiteral("disagreements.csv %1").arg(key);
        QVariant period(QMetaType(QMetaType::LongLong));
        if (!row.value(QStringLiteral("period")).isEmpty()) {
            const qint64 id = periodId(row.value(QStringLiteral("period")), context, error);
            if (id < 0)
                return false;
            period = id;
        }
        const QString unit = row.value(QStringLiteral("unit"));
        q.addBindValue(key);
        q.addBindValue(row.value(QStringLiteral("subject")));
        q.addBindValue(period);
        q.addBindValue(unit.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(unit));
        q.addBindValue(row.value(QStringLiteral("description")));
        q.addBindValue(batch);
        if (!run(q, context, error))
            return false;
        const qint64 id = q.lastInsertId().toLongLong();
        ids.insert(key, id);
        ++*rowCount;
        const QStringList measures = row.value(QStringLiteral("measures")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const QStringList tables = row.value(QStringLiteral("tables")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (measures.isEmpty() && tables.isEmpty()) {
            *error = QStringLiteral("%1: names no measure or table to note it on").arg(context);
            return false;
        }
        for (const QString &measureKey : measures) {
            const qint64 measure = measureId(measureKey, context, error);
            if (measure < 0)
                return false;
            link.addBindValue(id);
            link.addBindValue(measure);
            link.addBindValue(QVariant(QMetaType(QMetaType::QString)));
            if (!run(link, context, error))
                return false;
        }
        for (const QString &table : tables) {
            if (!tableIds.contains(table)) {
                *error = QStringLiteral("%1: unknown table '%2'").arg(context, table);
                return false;
            }
            link.addBindValue(id);
            link.addBindValue(QVariant(QMetaType(QMetaType::LongLong)));
            link.addBindValue(table);
            if (!run(link, context, error))
                return false;
        }
    }

    q.prepare(QStringLiteral("INSERT INTO disagreement_statement (disagreement_id, ordinal, printed, value, place, words) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    QHash<QString, int> counts;
    for (const auto &row : statements.rows) {
        const QString key = row.value(QStringLiteral("key"));
        const QString context = QStringLiteral("disagreement_statements.csv %1 %2").arg(key, row.value(QStringLiteral("ordinal")));
        if (!ids.contains(key)) {
            *error = QStringLiteral("%1: no disagreement '%2' in disagreements.csv").arg(context, key);
            return false;
        }
        q.addBindValue(ids.value(key));
        q.addBindValue(row.value(QStringLiteral("ordinal")).toInt());
        q.addBindValue(row.value(QStringLiteral("printed")));
        if (!bindNumbers(q, row, {QStringLiteral("value")}, context, error))
            return false;
        q.addBindValue(row.value(QStringLiteral("place")));
        const QString words = row.value(QStringLiteral("words"));
        q.addBindValue(words.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(words));
        if (!run(q, context, error))
            return false;
        ++counts[key];
        ++*rowCount;
    }
    // One statement is no disagreement: a row lost from the statements file must not pass silently.
    for (auto it = ids.constBegin(); it != ids.constEnd(); ++it) {
        if (counts.value(it.key()) < 2) {
            *error = QStringLiteral("disagreements.csv %1: needs at least two statements in disagreement_statements.csv, has %2")
                         .arg(it.key())
                         .arg(counts.value(it.key()));
            return false;
        }
    }
    return true;
}

bool SeedLoader::insertOpenDataBatch(QString *error)
{
    const QString path = QStringLiteral(":/crime/mps_borough_monthly.csv");
    const QByteArray bytes = readResource(path, error);
    if (bytes.isNull())
        return false;
    const qint64 batch = createBatch(
        QStringLiteral("MPS Borough Level Crime, London Datastore (OGL v3)"), bytes,
        QStringLiteral("Monthly recorded crime by borough and category; resources/crime, derived by tools/derive_mps_crime.py"),
        error);
    if (batch < 0)
        return false;
    const qint64 force = areaId(QStringLiteral("E23000001"), path, error);
    Q_UNUSED(force);

    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("INSERT INTO observation (measure_id, area_id, period_id, value, batch_id) VALUES (?, ?, ?, ?, ?)"));
    qint64 rowCount = 0;
    const QList<QByteArray> lines = bytes.split('\n');
    // Header: measure_key,area_code,first_month,values. Values are space-separated monthly counts;
    // '.' marks a month the source did not publish for that series.
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray lineBytes = lines.at(i).trimmed();
        if (lineBytes.isEmpty())
            continue;
        const QStringList fields = csv::parse(QString::fromUtf8(lineBytes)).value(0);
        const QString context = QStringLiteral("%1 line %2").arg(path).arg(i + 1);
        if (fields.size() != 4) {
            *error = QStringLiteral("%1: expected 4 fields").arg(context);
            return false;
        }
        const qint64 measure = measureId(fields.at(0), context, error);
        const qint64 area = areaId(fields.at(1), context, error);
        const auto first = Period::parse(fields.at(2));
        if (measure < 0 || area < 0)
            return false;
        if (!first || first->kind() != Period::Kind::Month) {
            *error = QStringLiteral("%1: '%2' is not a month").arg(context, fields.at(2));
            return false;
        }
        Period month = *first;
        const QStringList values = fields.at(3).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &valueText : values) {
            if (valueText != QLatin1String(".")) {
                bool ok = false;
                const qlonglong value = valueText.toLongLong(&ok);
                if (!ok) {
                    *error = QStringLiteral("%1: '%2' is not a count").arg(context, valueText);
                    return false;
                }
                const qint64 period = periodId(month, error);
                if (period < 0)
                    return false;
                q.addBindValue(measure);
                q.addBindValue(area);
                q.addBindValue(period);
                q.addBindValue(value);
                q.addBindValue(batch);
                if (!run(q, context, error))
                    return false;
                ++rowCount;
            }
            month = month.next();
        }
    }
    return finishBatch(batch, rowCount, error) && classification::refreshPresence(m_store.database(), error);
}

qint64 SeedLoader::periodId(const Period &period, QString *error)
{
    const QString code = period.code();
    const auto found = m_periods.constFind(code);
    if (found != m_periods.constEnd())
        return found.value();
    const qint64 id = catalog::periodId(m_store.database(), period, error);
    if (id >= 0)
        m_periods.insert(code, id);
    return id;
}

qint64 SeedLoader::periodId(const QString &code, const QString &context, QString *error)
{
    const auto period = Period::parse(code);
    if (!period) {
        *error = QStringLiteral("%1: '%2' is not a period").arg(context, code);
        return -1;
    }
    return periodId(*period, error);
}

qint64 SeedLoader::areaId(const QString &code, const QString &context, QString *error)
{
    const auto found = m_areas.constFind(code);
    if (found != m_areas.constEnd())
        return found.value();
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT id FROM area WHERE code = ?"));
    q.addBindValue(code);
    if (q.exec() && q.next()) {
        const qint64 id = q.value(0).toLongLong();
        m_areas.insert(code, id);
        return id;
    }
    *error = QStringLiteral("%1: unknown area code '%2'").arg(context, code);
    return -1;
}

qint64 SeedLoader::measureId(const QString &key, const QString &context, QString *error)
{
    const auto found = m_measures.constFind(key);
    if (found != m_measures.constEnd())
        return found.value();
    *error = QStringLiteral("%1: unknown measure '%2'").arg(context, key);
    return -1;
}

qint64 SeedLoader::breakdownId(const QString &text, const QString &context, QString *error)
{
    const auto found = m_breakdowns.constFind(text);
    if (found != m_breakdowns.constEnd())
        return found.value();
    const qsizetype colon = text.indexOf(QLatin1String(": "));
    if (colon <= 0) {
        *error = QStringLiteral("%1: breakdown '%2' is not 'Category: Group'").arg(context, text);
        return -1;
    }
    QString addError;
    const qint64 id = catalog::breakdownId(m_store.database(), text.left(colon), text.mid(colon + 2), &addError);
    if (id < 0) {
        *error = QStringLiteral("%1: %2").arg(context, addError);
        return -1;
    }
    m_breakdowns.insert(text, id);
    return id;
}

} // namespace oversight
