#include "schema.h"

#include "classification.h"
#include "crimetotals.h"

namespace oversight::schema {

namespace {

// Version 1: dimensions, facts and provenance.
// The SQL stays portable (no AUTOINCREMENT, no SQLite-only types) so the same schema can later
// live in PostgreSQL behind QPSQL.
QStringList version1()
{
    return {
        QStringLiteral(R"(CREATE TABLE import_batch (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            sha256 TEXT,
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL,
            row_count INTEGER NOT NULL DEFAULT 0,
            description TEXT))"),
        QStringLiteral(R"(CREATE TABLE theme (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            ordinal INTEGER NOT NULL))"),
        QStringLiteral(R"(CREATE TABLE measure (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            theme_id INTEGER NOT NULL REFERENCES theme(id),
            category TEXT,
            unit TEXT NOT NULL CHECK (unit IN ('count','percent','points','gbp_m','gbp','ratio')),
            higher_is_better INTEGER CHECK (higher_is_better IN (0, 1)),
            source TEXT,
            notes TEXT))"),
        QStringLiteral(R"(CREATE TABLE area (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('force','region','borough','bcu','ward','other')),
            abbreviation TEXT,
            parent_id INTEGER REFERENCES area(id)))"),
        QStringLiteral(R"(CREATE TABLE area_member (
            group_id INTEGER NOT NULL REFERENCES area(id),
            member_id INTEGER NOT NULL REFERENCES area(id),
            PRIMARY KEY (group_id, member_id)))"),
        QStringLiteral(R"(CREATE TABLE period (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('month','quarter','financial_year','rolling_12_months')),
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            label TEXT NOT NULL))"),
        QStringLiteral(R"(CREATE TABLE breakdown (
            id INTEGER PRIMARY KEY,
            category TEXT NOT NULL,
            grp TEXT NOT NULL,
            ordinal INTEGER NOT NULL DEFAULT 0,
            UNIQUE (category, grp)))"),
        // One value per measure x area x period x breakdown (0 = the whole area, no survey group).
        // Clustered on that key with no other index: every query the views run starts from a
        // measure, and a figure costs about 20 bytes (millions of ward and LSOA values).
        QStringLiteral(R"(CREATE TABLE observation (
            measure_id INTEGER NOT NULL REFERENCES measure(id),
            area_id INTEGER NOT NULL REFERENCES area(id),
            period_id INTEGER NOT NULL REFERENCES period(id),
            breakdown_id INTEGER NOT NULL DEFAULT 0,
            value REAL NOT NULL,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            source_ref TEXT,
            PRIMARY KEY (measure_id, area_id, period_id, breakdown_id)) WITHOUT ROWID)"),
        QStringLiteral(R"(CREATE TABLE report_row (
            table_id TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            label TEXT NOT NULL,
            group_label TEXT,
            measure_id INTEGER REFERENCES measure(id),
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            PRIMARY KEY (table_id, ordinal)))"),
        QStringLiteral(R"(CREATE TABLE revenue_line (
            id INTEGER PRIMARY KEY,
            period_id INTEGER NOT NULL REFERENCES period(id),
            ordinal INTEGER NOT NULL,
            line TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('line','subtotal','total')),
            budget_to_date REAL, actual_to_date REAL, variance_to_date REAL,
            full_year_budget REAL, full_year_forecast REAL, full_year_variance REAL,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            UNIQUE (period_id, ordinal)))"),
        QStringLiteral(R"(CREATE TABLE business_group_line (
            id INTEGER PRIMARY KEY,
            period_id INTEGER NOT NULL REFERENCES period(id),
            table_id TEXT NOT NULL CHECK (table_id IN ('officer-pay','officer-overtime','staff-pay')),
            ordinal INTEGER NOT NULL,
            business_group TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('line','subtotal','total')),
            ytd_actual REAL, full_year_budget REAL, annual_forecast REAL, annual_variance REAL,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            UNIQUE (period_id, table_id, ordinal)))"),
        QStringLiteral(R"(CREATE TABLE savings_line (
            id INTEGER PRIMARY KEY,
            period_id INTEGER NOT NULL REFERENCES period(id),
            ordinal INTEGER NOT NULL,
            category TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('line','subtotal','total')),
            planned REAL, forecast REAL, variation REAL,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            UNIQUE (period_id, ordinal)))"),
        QStringLiteral(R"(CREATE TABLE capital_line (
            id INTEGER PRIMARY KEY,
            period_id INTEGER NOT NULL REFERENCES period(id),
            ordinal INTEGER NOT NULL,
            portfolio TEXT NOT NULL,
            programme TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('line','subtotal','total')),
            full_year_budget REAL, actual_to_date REAL, full_year_forecast REAL, variance REAL,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            UNIQUE (period_id, ordinal)))"),
        QStringLiteral(R"(CREATE TABLE reserve_year (
            id INTEGER PRIMARY KEY,
            period_id INTEGER NOT NULL REFERENCES period(id),
            reported_in_period_id INTEGER NOT NULL REFERENCES period(id),
            status TEXT NOT NULL CHECK (status IN ('actual','forecast','planned')),
            opening REAL, movement REAL, closing REAL,
            general_fund REAL, general_fund_pct REAL, earmarked REAL, earmarked_pct REAL,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            UNIQUE (period_id, reported_in_period_id)))"),
        QStringLiteral(R"(CREATE TABLE commissioning (
            id INTEGER PRIMARY KEY,
            period_id INTEGER NOT NULL REFERENCES period(id),
            item TEXT NOT NULL,
            amount_gbp_m REAL NOT NULL,
            source_ref TEXT,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id)))"),
        QStringLiteral(R"(CREATE TABLE lcpf_allocation (
            id INTEGER PRIMARY KEY,
            period_id INTEGER NOT NULL REFERENCES period(id),
            area_id INTEGER NOT NULL REFERENCES area(id),
            allocation_gbp REAL NOT NULL,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            UNIQUE (period_id, area_id)))"),
        QStringLiteral(R"(CREATE TABLE local_priority (
            id INTEGER PRIMARY KEY,
            area_id INTEGER NOT NULL REFERENCES area(id),
            period_id INTEGER NOT NULL REFERENCES period(id),
            rank INTEGER NOT NULL CHECK (rank >= 1),
            category TEXT NOT NULL,
            change_pct REAL,
            note TEXT,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            UNIQUE (area_id, period_id, rank)))"),
        QStringLiteral(R"(CREATE TABLE milestone (
            id INTEGER PRIMARY KEY,
            period_id INTEGER NOT NULL REFERENCES period(id),
            reported_in_period_id INTEGER NOT NULL REFERENCES period(id),
            ordinal INTEGER NOT NULL,
            section TEXT,
            programme TEXT,
            text TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('delivered','on track','some delays','not stated')),
            commentary TEXT,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            UNIQUE (reported_in_period_id, ordinal)))"),
    };
}

// Version 2: the analysts' flat view, event annotations, and the indexes the views' queries use.
QStringList version2()
{
    return {
        QStringLiteral(R"(CREATE TABLE annotation (
            id INTEGER PRIMARY KEY,
            event_date TEXT NOT NULL,
            label TEXT NOT NULL,
            description TEXT,
            hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
            batch_id INTEGER REFERENCES import_batch(id)))"),
        // Read-only view for Excel, R and Python: one row per stored value, dates as YYYY-MM-DD.
        QStringLiteral(R"(CREATE VIEW observation_flat AS
            SELECT m.key AS measure_key, m.name AS measure_name, t.name AS theme, m.unit AS unit,
                   a.code AS area_code, a.name AS area_name,
                   p.kind AS period_kind, p.start_date AS period_start, p.end_date AS period_end,
                   p.label AS period_label,
                   CASE WHEN o.breakdown_id = 0 THEN NULL ELSE b.category || ': ' || b.grp END AS breakdown,
                   o.value AS value, o.batch_id AS batch_id
            FROM observation o
            JOIN measure m ON m.id = o.measure_id
            JOIN theme t ON t.id = m.theme_id
            JOIN area a ON a.id = o.area_id
            JOIN period p ON p.id = o.period_id
            LEFT JOIN breakdown b ON b.id = o.breakdown_id)"),
        QStringLiteral("CREATE INDEX period_kind_end ON period (kind, end_date)"),
        QStringLiteral("CREATE INDEX measure_theme ON measure (theme_id)"),
    };
}

// Version 3: import provenance and undo. A batch records the file it came from and what it did;
// a value an import replaced is kept so undoing that import restores it.
QStringList version3()
{
    return {
        QStringLiteral("ALTER TABLE import_batch ADD COLUMN file_name TEXT"),
        QStringLiteral("ALTER TABLE import_batch ADD COLUMN file_size INTEGER"),
        QStringLiteral("ALTER TABLE import_batch ADD COLUMN profile TEXT"),
        QStringLiteral("ALTER TABLE import_batch ADD COLUMN added_count INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE import_batch ADD COLUMN replaced_count INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE import_batch ADD COLUMN unchanged_count INTEGER NOT NULL DEFAULT 0"),
        // The span of each batch's periods: "data as at" and the filter's months come from these
        // rather than from an index over millions of figures.
        QStringLiteral("ALTER TABLE import_batch ADD COLUMN first_month TEXT"),
        QStringLiteral("ALTER TABLE import_batch ADD COLUMN last_month TEXT"),
        QStringLiteral("ALTER TABLE import_batch ADD COLUMN last_period_end TEXT"),
        QStringLiteral(R"(CREATE TABLE observation_replaced (
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            measure_id INTEGER NOT NULL,
            area_id INTEGER NOT NULL,
            period_id INTEGER NOT NULL,
            breakdown_id INTEGER NOT NULL DEFAULT 0,
            old_value REAL NOT NULL,
            old_batch_id INTEGER NOT NULL,
            old_source_ref TEXT))"),
        QStringLiteral("CREATE INDEX observation_replaced_batch ON observation_replaced (batch_id)"),
        QStringLiteral("CREATE INDEX import_batch_sha ON import_batch (sha256)"),
        QStringLiteral("CREATE INDEX area_parent ON area (parent_id)"),
    };
}

// Version 4: the board pack's commentary, a paragraph per section saved with its quarter.
QStringList version4()
{
    return {
        QStringLiteral(R"(CREATE TABLE pack_commentary (
            quarter TEXT NOT NULL,
            section TEXT NOT NULL,
            body TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT,
            PRIMARY KEY (quarter, section)) WITHOUT ROWID)"),
    };
}

// Version 5: the MPS's crime classifications, the categories of each, the classification of each
// crime measure, and which classifications hold figures for each area and month, so that no sum adds
// figures of two classifications of the same offences (models/classification.h).
QStringList version5()
{
    return classification::migrationStatements();
}

// Version 6: where each milestone status comes from: printed in the report (an icon survives in its text) or
// inferred from the commentary's words, kept so the board and the pack can quote them. A store
// written before this migration recorded neither, so its stated statuses are taken as inferred
// with no words kept: the cautious reading for a board paper, never shown as printed.
QStringList milestoneStatusProvenance()
{
    return {
        QStringLiteral("ALTER TABLE milestone ADD COLUMN status_from TEXT NOT NULL DEFAULT '' "
                       "CHECK (status_from IN ('', 'printed', 'inferred'))"),
        QStringLiteral("ALTER TABLE milestone ADD COLUMN status_icon TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE milestone ADD COLUMN status_words TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("UPDATE milestone SET status_from = 'inferred' WHERE status <> 'not stated'"),
    };
}

// Version 7: stated precision: the decimals each figure was stated with ("£2,504m" is 2504 with 0, the table's
// 2,503.5 has 1), so every page prints it as stated. NULL = as the unit's default (what an import
// writes: a spreadsheet cell holds a number, not how it was written). A nullable column added at
// the end costs nothing on the millions of imported rows: SQLite stores trailing NULLs as nothing.
// The value an import replaces keeps its decimals, so undo restores them with it. The capital and
// reserves tables keep their figures' written decimals too.
QStringList statedPrecision()
{
    return {
        QStringLiteral("ALTER TABLE observation ADD COLUMN decimals INTEGER"),
        QStringLiteral("ALTER TABLE observation_replaced ADD COLUMN old_decimals INTEGER"),
        // The finance tables whose report prints some figures whole and others to a decimal (the
        // capital table's "268" beside "27.0", the reserves' "2%"): each row's figures' decimals as
        // written, in column order ("1,1,0,1"; -1 for an empty cell). NULL = the column's.
        QStringLiteral("ALTER TABLE capital_line ADD COLUMN decimals TEXT"),
        QStringLiteral("ALTER TABLE reserve_year ADD COLUMN decimals TEXT"),
        QStringLiteral("DROP VIEW observation_flat"),
        QStringLiteral(R"(CREATE VIEW observation_flat AS
            SELECT m.key AS measure_key, m.name AS measure_name, t.name AS theme, m.unit AS unit,
                   a.code AS area_code, a.name AS area_name,
                   p.kind AS period_kind, p.start_date AS period_start, p.end_date AS period_end,
                   p.label AS period_label,
                   CASE WHEN o.breakdown_id = 0 THEN NULL ELSE b.category || ': ' || b.grp END AS breakdown,
                   o.value AS value, o.batch_id AS batch_id, o.decimals AS decimals
            FROM observation o
            JOIN measure m ON m.id = o.measure_id
            JOIN theme t ON t.id = m.theme_id
            JOIN area a ON a.id = o.area_id
            JOIN period p ON p.id = o.period_id
            LEFT JOIN breakdown b ON b.id = o.breakdown_id)"),
    };
}

// Version 8: where the report states two values for one thing (the overtime overspend to date as £9.3m in the
// text and 9.4 in the table): every statement is kept with its place and words, and linked to the
// measures and report tables it concerns, so each view of them can say so. Self-contained: it only
// adds tables.
QStringList disagreementsInTheSource()
{
    return {
        QStringLiteral(R"(CREATE TABLE disagreement (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            subject TEXT NOT NULL,
            period_id INTEGER REFERENCES period(id),
            unit TEXT CHECK (unit IN ('count','percent','points','gbp_m','gbp','ratio')),
            description TEXT NOT NULL,
            batch_id INTEGER NOT NULL REFERENCES import_batch(id)))"),
        // What the report prints, where and in which words; value is empty when it is not a number.
        QStringLiteral(R"(CREATE TABLE disagreement_statement (
            disagreement_id INTEGER NOT NULL REFERENCES disagreement(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            printed TEXT NOT NULL,
            value REAL,
            place TEXT NOT NULL,
            words TEXT,
            PRIMARY KEY (disagreement_id, ordinal)) WITHOUT ROWID)"),
        // A measure or an export-table ID whose views note the disagreement.
        QStringLiteral(R"(CREATE TABLE disagreement_link (
            disagreement_id INTEGER NOT NULL REFERENCES disagreement(id) ON DELETE CASCADE,
            measure_id INTEGER REFERENCES measure(id),
            table_id TEXT,
            CHECK ((measure_id IS NULL) <> (table_id IS NULL))))"),
        QStringLiteral("CREATE INDEX disagreement_link_measure ON disagreement_link (measure_id)"),
        QStringLiteral("CREATE INDEX disagreement_link_table ON disagreement_link (table_id)"),
    };
}

// Version 9: an import batch's id is never given to another batch. import_batch's INTEGER PRIMARY KEY
// hands out max(id) + 1, so after undoing the newest batch the next import got the undone id, and a
// batch id quoted in an old board paper or log could name different data. This is AUTOINCREMENT's
// rule, kept in a table of its own (making import_batch AUTOINCREMENT means rebuilding the table
// every fact references, with foreign keys off): the highest id ever issued, which writers take the
// next id from and a trigger keeps, refusing an insert that would reuse one. A store migrated here
// starts from its highest batch id; an id undone before the migration cannot be known.
QStringList batchIdsNeverReused()
{
    return {
        QStringLiteral("CREATE TABLE import_batch_sequence (last_id INTEGER NOT NULL)"),
        QStringLiteral("INSERT INTO import_batch_sequence (last_id) SELECT coalesce(max(id), 0) FROM import_batch"),
        QStringLiteral(R"(CREATE TRIGGER import_batch_id_never_reused AFTER INSERT ON import_batch
            BEGIN
                SELECT RAISE(ABORT, 'import batch id already used') WHERE NEW.id <= (SELECT last_id FROM import_batch_sequence);
                UPDATE import_batch_sequence SET last_id = NEW.id;
            END)"),
    };
}

// Version 10: undo takes out everything an import brought. Which batch created each measure, area and breakdown
// (an import makes new ones from a file's words and codes: "ASB calls", an LSOA, "Sex: Female"), so
// undoing that batch removes them unless something else still uses them; and the profile a batch
// saved, so undoing it removes the profile unless a later import used it. Tables of their own rather
// than a column on each dimension: the migration only adds (a store of version 9 is these two tables
// short), the catalogue's own rows need no marking, and one link per row names its one dimension, as
// disagreement_link does. A row whose creating batch is undone while another batch still uses it
// passes to that batch. Rows from before this migration have no creating batch and are never
// removed. Periods are shared calendar facts (every import of a month finds the same one): they
// are never removed.
QStringList importCreations()
{
    return {
        QStringLiteral(R"(CREATE TABLE import_created (
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            measure_id INTEGER REFERENCES measure(id) ON DELETE CASCADE,
            area_id INTEGER REFERENCES area(id) ON DELETE CASCADE,
            breakdown_id INTEGER REFERENCES breakdown(id) ON DELETE CASCADE,
            CHECK ((CASE WHEN measure_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN area_id IS NULL THEN 0 ELSE 1 END)
                   + (CASE WHEN breakdown_id IS NULL THEN 0 ELSE 1 END) = 1)))"),
        QStringLiteral("CREATE INDEX import_created_batch ON import_created (batch_id)"),
        // Removing a measure, area or breakdown finds its row here (ON DELETE CASCADE): one look-up, not a scan.
        QStringLiteral("CREATE INDEX import_created_measure ON import_created (measure_id)"),
        QStringLiteral("CREATE INDEX import_created_area ON import_created (area_id)"),
        QStringLiteral("CREATE INDEX import_created_breakdown ON import_created (breakdown_id)"),
        // The profile file the batch's choices were saved to, new with it, and its SHA-256 as saved:
        // undo removes the file only if it is still those bytes and no later batch used it (each
        // batch records the profile it applied in import_batch.profile: that is when it was used).
        QStringLiteral(R"(CREATE TABLE import_profile_saved (
            batch_id INTEGER NOT NULL PRIMARY KEY REFERENCES import_batch(id),
            name TEXT NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL))"),
    };
}

// Version 11: pre-summed crime figures (models/crimetotals.h). The total notifiable offences trend,
// a category's London line and the crime map summed every figure of their measures at each
// drawing, ward and LSOA figures included; a derived table of their sums, kept by every import and
// undo, lets them read some thousand rows instead. Self-contained: it only adds a table, summed
// from the figures the store holds.
QStringList crimeTotals()
{
    return crimetotals::migrationStatements();
}

} // namespace

const QList<QStringList> &migrations()
{
    static const QList<QStringList> all = {version1(), version2(), version3(), version4(), version5(),
                                           milestoneStatusProvenance(), statedPrecision(), disagreementsInTheSource(),
                                           batchIdsNeverReused(), importCreations(), crimeTotals()};
    return all;
}

} // namespace oversight::schema
