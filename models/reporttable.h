#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

#include "period.h"
#include "significance.h"

class QIODevice;

namespace oversight {

class Store;

// How a column's numbers are written: by officers on screen, plainly in CSV.
enum class ValueFormat {
    Text,
    Count,     // 790,473          CSV 790473
    Pounds,    // £640,000         CSV 640000
    Millions,  // £2,503.5m        CSV 2503.5
    Percent,   // 5.6%             CSV 5.6
    Points,    // +3.0 pts         CSV 3.0 (gap to an average, percentage points)
};

enum class RowKind { Line, Subtotal, Total };

struct ReportColumn {
    QString header;
    ValueFormat format = ValueFormat::Text;
    // A variance or change: negatives are marked on screen.
    bool signedChange = false;
    // The decimals the report states the column's figures with, where they differ from the format's
    // own (the local priorities' whole percentages, "75%"): screens and the pack print them so. -1:
    // the format's. The CSV keeps the export contract's plain numbers (tests/expected/README.md).
    int decimals = -1;
    // Calculated by Oversight (the change since the previous quarter), not a figure the return states:
    // checked and skipped when the table comes back as a return.
    bool derived = false;
    // Long text the screen shows in the row's detail pane rather than as a column (a milestone's
    // commentary); exported as a column all the same.
    bool inDetailPane = false;
};

struct ReportRow {
    QList<QVariant> cells; // QString for text, double for numbers, invalid for empty
    RowKind kind = RowKind::Line;
    QString detail; // longer text for the row (e.g. a milestone's commentary), not exported
    // A row whose numbers differ in kind from its columns (the reserves' percentage rows).
    std::optional<ValueFormat> format;
    // Per cell, the decimals its figure is stated with where the report prints it otherwise than its
    // column (the capital table's "268" among "27.0"s); -1 or absent: the column's.
    QList<int> decimals;
};

// One of the report's tables, read from the store: what a dashboard shows and export-table writes.
struct ReportTable {
    QString id;
    QString title;
    QString subtitle; // area and period
    QString source;
    QString note;     // shown under the table (e.g. overlapping categories, significance)
    QList<ReportColumn> columns;
    QList<ReportRow> rows;
    // For satisfaction gaps: the report's rule for which of its Points cells are significant.
    std::optional<SignificanceRule> significance;
};

namespace reporttables {

// The export-table IDs, in the report's order.
QStringList ids();
QString title(const QString &id);

// The table as the report for a quarter states it. Tables of a financial year (the LCPF allocations,
// the local priorities' year) show the year holding the quarter; the rolling 12-month crime table the
// 12 months ending with the quarter's last month.
std::optional<ReportTable> build(const Store &store, const QString &id, const Period &quarter, QString *error);
// The same for the latest quarter held.
std::optional<ReportTable> build(const Store &store, const QString &id, QString *error);

// The quarters the store holds a quarter's report figures for, oldest first, and the latest of them:
// the quarter every view opens on.
QList<Period> quartersHeld(const Store &store, QString *error = nullptr);
std::optional<Period> latestQuarterHeld(const Store &store);

// What a quarter held fills: the tables that build for it, the figures they show, and the import
// batches their rows came from (the seed is batch 1).
struct QuarterHeld {
    Period quarter;
    QStringList tables;
    int figures = 0;
    QList<qint64> batches;
};
QList<QuarterHeld> quarterSummaries(const Store &store);

// The quarter a table is stated at ("Q1 2017/18", from its subtitle); empty when it names none.
QString quarterOf(const ReportTable &table);

// Plain CSV: header row, report order, numbers without separators or symbols.
QString plainNumber(double value, ValueFormat format);
QString toCsv(const ReportTable &table);

// en-GB display text for a cell ("790,473", "£2,503.5m", "5.6%", "+3.0").
QString displayText(const QVariant &value, const ReportColumn &column);

// The table without the columns that match (Oversight's own change columns, the detail pane's text).
ReportTable withoutColumns(ReportTable table, const std::function<bool(const ReportColumn &)> &leaveOut);

// The column as one cell of it is written: a row's own format for its numbers (the reserves'
// percentage rows), and the MPS average row of the satisfaction gaps in percentages, not points.
ReportColumn effectiveColumn(const ReportTable &table, const ReportRow &row, int column);

} // namespace reporttables
} // namespace oversight
