#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace oversight {

class Store;

// One borough on a borough map.
struct BoroughMapValue {
    QString code; // ONS GSS code, E09000001..E09000033
    QString name;
    // The value as stored or summed (unrounded); empty when the store has none for this borough,
    // which a map draws as "no data", never as zero.
    std::optional<double> value;
    // 1 = highest among the boroughs with a value (ties share a rank: 1, 2, 2, 4), compared as
    // shown (rounded to the map's decimals); 0 without a value.
    int rank = 0;
    QString label;      // what the value is of, where that varies by borough (a local priority's name)
    QString detail;     // more words for the tooltip (the report's note, a change's two totals)
    QString whyMissing; // without a value: why
};

// The values of one borough map, read from the store.
struct BoroughMapData {
    enum class Unit { Count, Pounds, PercentChange };
    Unit unit = Unit::Count;
    QString valueName;   // "offences", "allocation", "change": for tooltips and the legend title
    QString periodLabel; // "February 2023 to January 2024", "2017/18"
    QString comparedWith; // change maps: the earlier span ("February 2022 to January 2023")
    QString scope;       // what the values belong to where that is not the period ("2017/18" priorities)
    QString source;      // where the figures came from (the import batch's source)
    QDate asAt;
    QString note;        // for the figure's note line (e.g. the City of London's policing)
    // Non-empty: nothing to draw; says which data the map needs and how it gets into the store.
    QString missing;
    QList<BoroughMapValue> boroughs; // every borough in the store, by code

    bool isChange() const { return unit == Unit::PercentChange; }
    // Decimals as shown: 1 for a percentage, 0 for counts and pounds.
    int decimals() const { return unit == Unit::PercentChange ? 1 : 0; }
    int valueCount() const;
    const BoroughMapValue *find(const QString &code) const;
    // The value as shown, rounded to decimals(): what classes and ranks compare.
    double shown(double value) const;
    // en-GB, as officers write it: "12,345", "£640,000", "+20.0%", "-8.0%".
    QString format(double value) const;
};

// An MPS major category (or all of them) as a choice for a crime map.
struct CrimeCategory {
    QString id;   // the category's slug from its measure keys ("violence_against_the_person"); "all"
    QString name; // "Violence Against the Person"; "All recorded crime"
    QStringList measureKeys;
};

namespace boroughmaps {

// Every MPS major category in the store, by name, after "all".
QList<CrimeCategory> crimeCategories(const Store &store);

// Local volume priority rank (1 or 2): the % change the report states for each borough's
// priority, for the latest year stored (or the latest starting on or before `to`). The change is
// the report's quarter on the same quarter a year earlier: the report's quarter is the latest
// quarter its import batch holds figures for (Q1 2017/18), which is also the data's "as at".
BoroughMapData localPriority(const Store &store, int rank, QDate to = {});

// The sum of the measures (MPS minor categories) over the months from..to for each borough, or
// (change) the % change from the same months a year earlier. from/to invalid: the latest 12 months
// stored for these measures; only `to` valid: the 12 months ending there; only `from` valid: from
// there to the latest month. The span is kept within the stored months. A borough has a value only
// where every month of the span (and, for a change, of the earlier span) holds a figure.
BoroughMapData crime(const Store &store, const QStringList &measureKeys, QDate from, QDate to, bool change);

// LCPF allocation per borough (pounds), for the latest year stored (or the latest starting on or
// before `to`), as at the end of the report's quarter.
BoroughMapData lcpf(const Store &store, QDate to = {});

// ASB calls per borough and DWOs remaining to allocate per borough: the store's borough figures for
// the measures an import creates for them (see asbCallsKeys, dwoRemainingKeys), at their latest
// period; otherwise `missing` says what to import.
BoroughMapData asbCalls(const Store &store);
BoroughMapData dwoRemaining(const Store &store);
// The measure keys those maps read: a file's "ASB calls" column imports as import.asb_calls.
QStringList asbCallsKeys();
QStringList dwoRemainingKeys();

} // namespace boroughmaps

// A borough map's values as a table (borough, code, value, rank), for the table beside a map and
// copying into a paper. Boroughs without a value show "no data".
class BoroughMapModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { BoroughColumn, CodeColumn, ValueColumn, RankColumn, ColumnCount };
    explicit BoroughMapModel(QObject *parent = nullptr);

    void setData(const BoroughMapData &data);
    const BoroughMapData &mapData() const { return m_data; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    BoroughMapData m_data;
};

} // namespace oversight
