#pragma once

#include "reporttable.h"

#include <QAbstractTableModel>

namespace oversight {

// A report table for display: en-GB figures, totals in bold, negative variances marked,
// significant satisfaction gaps coloured.
class ReportTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Role {
        Value = Qt::UserRole + 1, // the stored number (double) or text
        RowKind,                  // int(oversight::RowKind)
        Significant,              // bool: gap at or beyond the table's threshold
        Detail,                   // QString: the row's longer text, if any
    };

    explicit ReportTableModel(QObject *parent = nullptr);

    void setTable(const ReportTable &table);
    const ReportTable &table() const { return m_table; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    bool isSignificant(const QModelIndex &index) const;
    // A milestone's status (or its "Status from" cell) where the status was inferred from commentary.
    bool isInferredStatus(const QModelIndex &index) const;
    ReportTable m_table;
};

} // namespace oversight
