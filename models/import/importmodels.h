#pragma once

#include "importer.h"
#include "reader.h"

#include <QAbstractTableModel>

namespace oversight {
class Store;
}

namespace oversight::import {

// The first rows of a sheet, for the wizard's preview grid. Rows and columns are numbered as in
// the spreadsheet (row 1, column A) so messages and the grid agree.
class PreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Role { HeaderRow = Qt::UserRole + 1 };
    explicit PreviewModel(QObject *parent = nullptr);

    bool load(Reader &reader, int sheetIndex, int maxRows, QString *error);
    void setHeaderRow(qint64 row);
    // The model row showing a sheet row (-1 when not previewed).
    int modelRowOf(qint64 sheetRow) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<qint64> m_rowNumbers;
    QList<QList<Cell>> m_rows;
    int m_columns = 0;
    qint64 m_headerRow = 1;
};

class IssuesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, LocationColumn, MessageColumn, CellColumn, ColumnCount };
    enum class Role { Row = Qt::UserRole + 1, Column, IsError };
    explicit IssuesModel(QObject *parent = nullptr);
    void setIssues(const QList<ImportIssue> &issues);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ImportIssue> m_issues;
};

// Old -> new values for the conflicts page.
class ConflictsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { MeasureColumn, AreaColumn, PeriodColumn, StoredColumn, FileColumn, CellColumn, ColumnCount };
    explicit ConflictsModel(QObject *parent = nullptr);
    void setConflicts(const QList<ValueConflict> &conflicts);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ValueConflict> m_conflicts;
};

// The import history: one row per batch with its provenance.
class BatchesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, WhenColumn, WhoColumn, FileColumn, ValuesColumn, AddedColumn, ReplacedColumn, ProfileColumn,
                  HashColumn, ColumnCount };
    enum class Role { BatchId = Qt::UserRole + 1 };
    explicit BatchesModel(const Store &store, QObject *parent = nullptr);
    void reload();
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const Store &m_store;
    QList<BatchInfo> m_batches;
};

} // namespace oversight::import
