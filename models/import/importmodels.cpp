#include "importmodels.h"
#include "formatting.h"

#include "valueparser.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFileInfo>
#include <QFont>
#include <QLocale>

namespace oversight::import {

namespace {
using formatting::enGB;
} // namespace

PreviewModel::PreviewModel(QObject *parent) : QAbstractTableModel(parent) {}

bool PreviewModel::load(Reader &reader, int sheetIndex, int maxRows, QString *error)
{
    beginResetModel();
    m_rows.clear();
    m_rowNumbers.clear();
    m_columns = 0;
    const bool ok = reader.readRows(sheetIndex,
                                    [&](qint64 row, const QList<Cell> &cells) {
                                        m_rowNumbers.append(row);
                                        m_rows.append(cells);
                                        m_columns = std::max(m_columns, static_cast<int>(cells.size()));
                                        return m_rows.size() < maxRows;
                                    },
                                    error);
    // A preview is wide enough to recognise the file, not the whole used range.
    m_columns = std::min(m_columns, 200);
    endResetModel();
    return ok;
}

void PreviewModel::setHeaderRow(qint64 row)
{
    m_headerRow = row;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

int PreviewModel::modelRowOf(qint64 sheetRow) const
{
    return static_cast<int>(m_rowNumbers.indexOf(sheetRow));
}

int PreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

QVariant PreviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QList<Cell> &cells = m_rows.at(index.row());
    const Cell cell = cells.value(index.column());
    const bool header = m_rowNumbers.at(index.row()) == m_headerRow;
    const bool above = m_rowNumbers.at(index.row()) < m_headerRow;
    switch (role) {
    case Qt::DisplayRole:
        return cellText(cell);
    case Qt::ToolTipRole:
        return QStringLiteral("%1: %2%3").arg(cellReference(index.column(), m_rowNumbers.at(index.row())), cellText(cell),
                                               cell.fromFormula ? QStringLiteral(" (cached formula result)") : QString());
    case Qt::FontRole:
        if (header) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::BackgroundRole:
        if (header)
            return QBrush(QColor(0xDE, 0xEB, 0xF7));
        return {};
    case Qt::ForegroundRole:
        if (above)
            return QBrush(QColor(0x80, 0x80, 0x80)); // skipped title rows
        return {};
    case Qt::TextAlignmentRole:
        if (cell.kind == Cell::Kind::Number)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case static_cast<int>(Role::HeaderRow):
        return header;
    default:
        return {};
    }
}

QVariant PreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Horizontal)
        return columnName(section);
    if (section >= 0 && section < m_rowNumbers.size())
        return m_rowNumbers.at(section);
    return {};
}

IssuesModel::IssuesModel(QObject *parent) : QAbstractTableModel(parent) {}

void IssuesModel::setIssues(const QList<ImportIssue> &issues)
{
    beginResetModel();
    m_issues = issues;
    endResetModel();
}

int IssuesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_issues.size());
}

int IssuesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IssuesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ImportIssue &issue = m_issues.at(index.row());
    const bool isError = issue.severity == ImportIssue::Severity::Error;
    const bool isNote = issue.severity == ImportIssue::Severity::Note;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn: return isError ? QStringLiteral("Error") : isNote ? QStringLiteral("Note") : QStringLiteral("Warning");
        case LocationColumn: return issue.location();
        case MessageColumn: return issue.message;
        case CellColumn: return issue.cellText;
        default: return {};
        }
    case Qt::ToolTipRole:
        return issue.toString();
    case Qt::ForegroundRole:
        if (index.column() == SeverityColumn)
            return QBrush(isError ? QColor(0xB0, 0x1C, 0x1C) : isNote ? QColor(0x1F, 0x4E, 0x79) : QColor(0x8A, 0x5A, 0x00));
        return {};
    case static_cast<int>(Role::Row):
        return issue.row;
    case static_cast<int>(Role::Column):
        return issue.column;
    case static_cast<int>(Role::IsError):
        return isError;
    default:
        return {};
    }
}

QVariant IssuesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn: return QStringLiteral("Severity");
    case LocationColumn: return QStringLiteral("Where");
    case MessageColumn: return QStringLiteral("Issue");
    case CellColumn: return QStringLiteral("Cell text");
    default: return {};
    }
}

ConflictsModel::ConflictsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ConflictsModel::setConflicts(const QList<ValueConflict> &conflicts)
{
    beginResetModel();
    m_conflicts = conflicts;
    endResetModel();
}

int ConflictsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_conflicts.size());
}

int ConflictsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConflictsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ValueConflict &c = m_conflicts.at(index.row());
    if (role == Qt::TextAlignmentRole && (index.column() == StoredColumn || index.column() == FileColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case MeasureColumn: return c.breakdown.isEmpty() ? c.measureName : QStringLiteral("%1 (%2)").arg(c.measureName, c.breakdown);
    case AreaColumn: return c.areaName;
    case PeriodColumn: return c.periodLabel;
    case StoredColumn: return QStringLiteral("%1 (batch %2)").arg(enGB().toString(c.storedValue, 'g', 15)).arg(c.storedBatch);
    case FileColumn: return enGB().toString(c.fileValue, 'g', 15);
    case CellColumn: return cellReference(c.column, c.row);
    default: return {};
    }
}

QVariant ConflictsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case MeasureColumn: return QStringLiteral("Measure");
    case AreaColumn: return QStringLiteral("Area");
    case PeriodColumn: return QStringLiteral("Period");
    case StoredColumn: return QStringLiteral("Stored value");
    case FileColumn: return QStringLiteral("Value in file");
    case CellColumn: return QStringLiteral("Cell");
    default: return {};
    }
}

BatchesModel::BatchesModel(const Store &store, QObject *parent) : QAbstractTableModel(parent), m_store(store)
{
    reload();
}

void BatchesModel::reload()
{
    beginResetModel();
    m_batches = Importer::batches(m_store);
    endResetModel();
}

int BatchesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_batches.size());
}

int BatchesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BatchesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BatchInfo &b = m_batches.at(index.row());
    if (role == static_cast<int>(Role::BatchId))
        return b.id;
    if (role == Qt::ToolTipRole)
        return QStringLiteral("%1\nSHA-256 %2").arg(b.source, b.sha256);
    if (role == Qt::TextAlignmentRole && index.column() >= ValuesColumn && index.column() <= ReplacedColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn: return b.id;
    case WhenColumn: {
        const QDateTime when = QDateTime::fromString(b.importedAt, Qt::ISODate);
        return when.isValid() ? enGB().toString(when.toLocalTime(), QStringLiteral("d MMM yyyy HH:mm")) : b.importedAt;
    }
    case WhoColumn: return b.importedBy;
    case FileColumn: return b.fileName.isEmpty() ? b.source : b.fileName;
    case ValuesColumn: return enGB().toString(b.rowCount);
    case AddedColumn: return enGB().toString(b.added);
    case ReplacedColumn: return enGB().toString(b.replaced);
    case ProfileColumn: return b.profile;
    case HashColumn: return b.sha256.left(12);
    default: return {};
    }
}

QVariant BatchesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn: return QStringLiteral("Batch");
    case WhenColumn: return QStringLiteral("Imported");
    case WhoColumn: return QStringLiteral("By");
    case FileColumn: return QStringLiteral("Source");
    case ValuesColumn: return QStringLiteral("Values");
    case AddedColumn: return QStringLiteral("Added");
    case ReplacedColumn: return QStringLiteral("Replaced");
    case ProfileColumn: return QStringLiteral("Profile");
    case HashColumn: return QStringLiteral("SHA-256");
    default: return {};
    }
}

} // namespace oversight::import
