#pragma once

#include "period.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QStringList>

#include <optional>

namespace oversight {

class Store;

// One measure (or the sum of several, e.g. an MPS major category) over time for one area:
// the table beside a chart and the chart's data (through QVXYModelMapper on the X column).
class SeriesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PeriodColumn, XColumn, ValueColumn, Rolling12Column, LastYearColumn, ColumnCount };
    enum class Role { Value = Qt::UserRole + 1 };

    explicit SeriesModel(const Store &store, QObject *parent = nullptr);

    // from/to limit the rows shown (invalid = unbounded); the rolling and last-year columns are
    // computed from the whole stored series so the first rows are not short.
    // kind chooses the period kind; without it, the kind with the most stored figures.
    void setSeries(const QStringList &measureKeys, const QString &areaCode, QDate from = {}, QDate to = {},
                   std::optional<Period::Kind> kind = std::nullopt);
    // Whether each point follows the one before without a gap (a line may join them).
    bool consecutive() const;

    QString unit() const { return m_unit; }
    QString areaName() const { return m_areaName; }
    QString note() const { return m_note; }
    // Where the report disagrees with itself about these measures (disagreements.h), a line each;
    // empty when it does not. Every view drawn from this model prints it.
    QString disagreementNote() const { return m_disagreementNote; }
    std::optional<Period::Kind> periodKind() const { return m_kind; }
    bool hasRolling() const;
    bool hasLastYear() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    struct Point {
        Period period;
        double value = 0.0;
        std::optional<double> rolling12;
        std::optional<double> lastYear;
    };
    const QList<Point> &points() const { return m_points; }

    // Where a period sits on a time axis (ms since the epoch): a rolling 12 months at its last
    // day, as the report labels it; other periods at their middle.
    static double chartPosition(const Period &period);

private:
    QString format(double value) const;

    const Store &m_store;
    QList<Point> m_points;
    QString m_unit;
    QString m_areaName;
    QString m_note;
    QStringList m_disagreementKeys; // the measures m_disagreementNote was read for
    QString m_disagreementNote;
    std::optional<Period::Kind> m_kind;
};

// One measure's values across the boroughs for a span of months (summed), for the bar chart
// and the borough table.
class BoroughValuesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { BoroughColumn, CodeColumn, ValueColumn, ColumnCount };
    explicit BoroughValuesModel(const Store &store, QObject *parent = nullptr);

    void setValues(const QStringList &measureKeys, QDate from, QDate to);
    QString spanLabel() const { return m_span; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString name;
        QString code;
        double value = 0.0;
    };
    const Store &m_store;
    QList<Row> m_rows;
    QString m_span;
};

} // namespace oversight
