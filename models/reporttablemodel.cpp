#include "reporttablemodel.h"

#include "milestoneboard.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

namespace oversight {

ReportTableModel::ReportTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ReportTableModel::setTable(const ReportTable &table)
{
    beginResetModel();
    m_table = table;
    endResetModel();
}

int ReportTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_table.rows.size());
}

int ReportTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_table.columns.size());
}

bool ReportTableModel::isSignificant(const QModelIndex &index) const
{
    const ReportRow &row = m_table.rows.at(index.row());
    const ReportColumn &column = m_table.columns.at(index.column());
    const QVariant v = row.cells.value(index.column());
    if (!m_table.significance || column.format != ValueFormat::Points || row.kind == RowKind::Total)
        return false;
    if (!v.isValid() || v.isNull() || v.typeId() == QMetaType::QString)
        return false;
    // The table's own rule, the one the figures share: "above +/-5%", so 5.0 is not significant.
    return m_table.significance->isSignificant(v.toDouble());
}

bool ReportTableModel::isInferredStatus(const QModelIndex &index) const
{
    const QString header = m_table.columns.at(index.column()).header;
    if (header != QLatin1String("Status") && header != QLatin1String("Status from"))
        return false;
    for (int c = 0; c < m_table.columns.size(); ++c) {
        if (m_table.columns.at(c).header == QLatin1String("Status from"))
            return m_table.rows.at(index.row()).cells.value(c).toString() == QLatin1String(kStatusInferred);
    }
    return false;
}

QVariant ReportTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReportRow &row = m_table.rows.at(index.row());
    const ReportColumn column = reporttables::effectiveColumn(m_table, row, index.column());
    const QVariant value = row.cells.value(index.column());
    const bool isNumber = value.isValid() && !value.isNull() && value.typeId() != QMetaType::QString;

    switch (role) {
    case Qt::DisplayRole:
        return reporttables::displayText(value, column);
    case Qt::ToolTipRole:
        if (!row.detail.isEmpty())
            return row.detail;
        if (isNumber) {
            return QStringLiteral("%1 — %2: %3").arg(row.cells.value(0).toString(), column.header,
                                                      reporttables::displayText(value, column));
        }
        return value.toString().size() > 40 ? value.toString() : QVariant();
    case Qt::TextAlignmentRole:
        if (isNumber || column.format != ValueFormat::Text)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (row.kind != RowKind::Line) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (isInferredStatus(index)) {
            // A milestone status read from commentary is set apart from one the report prints.
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (isSignificant(index))
            return QBrush(QColor(Qt::black));
        if (isNumber && column.signedChange && value.toDouble() < 0)
            return QBrush(QColor(0xB0, 0x1C, 0x1C));
        return {};
    case Qt::BackgroundRole:
        if (isSignificant(index)) {
            // Colour-blind-safe diverging pair: orange below the average, blue above.
            return value.toDouble() < 0 ? QBrush(QColor(0xF4, 0xA5, 0x82)) : QBrush(QColor(0x92, 0xC5, 0xDE));
        }
        if (column.header == QLatin1String("Status")) {
            const QString status = value.toString();
            if (status == QLatin1String("delivered"))
                return QBrush(QColor(0xC7, 0xE9, 0xC0));
            if (status == QLatin1String("on track"))
                return QBrush(QColor(0xDE, 0xEB, 0xF7));
            if (status == QLatin1String("some delays"))
                return QBrush(QColor(0xFD, 0xD0, 0xA2));
        }
        if (row.kind == RowKind::Total)
            return QBrush(QColor(0xEC, 0xEF, 0xF4));
        return {};
    case static_cast<int>(Role::Value):
        return value;
    case static_cast<int>(Role::RowKind):
        return static_cast<int>(row.kind);
    case static_cast<int>(Role::Significant):
        return isSignificant(index);
    case static_cast<int>(Role::Detail):
        return row.detail;
    default:
        return {};
    }
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && section >= 0 && section < m_table.columns.size()) {
        if (role == Qt::DisplayRole)
            return m_table.columns.at(section).header;
        if (role == Qt::TextAlignmentRole)
            return QVariant(m_table.columns.at(section).format == ValueFormat::Text ? Qt::AlignLeft | Qt::AlignVCenter
                                                                                     : Qt::AlignRight | Qt::AlignVCenter);
    }
    if (orientation == Qt::Vertical && role == Qt::DisplayRole && section >= 0 && section < m_table.rows.size())
        return section + 1;
    return {};
}

} // namespace oversight
