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
    // Value: the number. Decimals: the precision a figure is printed and exported with (an int): as
    // its one stored figure was stated, else, for a calculated one, the least precise of its parts.
    enum class Role { Value = Qt::UserRole + 1, Decimals };

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
    // Where the series changes from one MPS crime classification to the next (a marked break).
    struct Break {
        QDate month;
        QString label;
    };
    const QList<Break> &breaks() const { return m_breaks; }
    // The last days of the quarters the store holds a report for: a figure for a period ending on
    // one is the one that quarter's report shows.
    const QList<QDate> &quarterEnds() const { return m_quarterEnds; }
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

    // A figure and the decimals it is printed with. calculated: Oversight added it up (several
    // areas' or measures' figures, or twelve months), so it is no figure anyone stated.
    struct Figure {
        double value = 0.0;
        int decimals = 0;
        bool calculated = false;
    };
    struct Point {
        Period period;
        double value = 0.0;
        std::optional<double> rolling12;
        std::optional<double> lastYear;
        int decimals = 0;         // value's
        bool calculated = false;  // value's: a sum of several stored figures
        int rollingDecimals = 0;
        int lastYearDecimals = 0;
        bool lastYearCalculated = false;
    };
    const QList<Point> &points() const { return m_points; }

    // Where a period sits on a time axis (ms since the epoch): a rolling 12 months at its last
    // day, as the report labels it; other periods at their middle.
    static double chartPosition(const Period &period);

    // The figure a cell holds (its value, decimals and whether it was calculated); none when empty.
    std::optional<Figure> figure(int row, int column) const;

private:

    const Store &m_store;
    QList<Point> m_points;
    QList<Break> m_breaks;
    QList<QDate> m_quarterEnds;
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
    // The borough's London Squared abbreviation (unique, e.g. BAR Barking and Dagenham, BRN Barnet),
    // on the borough column: what a chart prints where a full name does not fit.
    static constexpr int AbbreviationRole = Qt::UserRole + 2;
    explicit BoroughValuesModel(const Store &store, QObject *parent = nullptr);

    void setValues(const QStringList &measureKeys, QDate from, QDate to);
    QString spanLabel() const { return m_span; }
    // What the sums leave out where two MPS classifications hold the same months; else empty.
    QString note() const { return m_note; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString name;
        QString code;
        QString abbreviation;
        double value = 0.0;
    };
    const Store &m_store;
    QList<Row> m_rows;
    QString m_span;
    QString m_note;
};

} // namespace oversight
