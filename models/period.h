#pragma once

#include <QDate>
#include <QString>

#include <optional>

namespace oversight {

// Two-digit years ("FY99/00", "Dec-99", "Q1 17/18") are read by one stated pivot: a year below it is
// 20yy, a year at or above it 19yy. The default reads 00–69 as 2000–2069 and 70–99 as 1970–1999:
// London's published series start in 1999 (the GLA's recorded offences), so "99" is never 2099.
struct TwoDigitYears {
    static constexpr int kDefaultPivot = 70;
    int pivot = kDefaultPivot;

    // 0 reads every two-digit year as 19yy, 100 every one as 20yy.
    bool isValid() const { return pivot >= 0 && pivot <= 100; }
    int resolve(int yy) const { return yy < pivot ? 2000 + yy : 1900 + yy; }
    // "00–69 are 2000–2069, 70–99 are 1970–1999", as the plan says it.
    QString describe() const;
};

// A reporting period as MOPAC uses them. Financial years run April to March; quarters are
// financial quarters (Q1 = April–June); a rolling 12 months is named by its last month.
class Period {
public:
    enum class Kind { Month, Quarter, FinancialYear, Rolling12 };

    static Period month(int year, int month);
    // quarter 1..4 of the financial year starting in April of fyStartYear.
    static Period quarter(int fyStartYear, int quarter);
    static Period financialYear(int fyStartYear);
    // The 12 months ending with (and including) the given month.
    static Period rolling12(int endYear, int endMonth);

    // Parses the store's codes ("2017-06", "Q1 2017/18", "2017/18", "R12 2017-06") and the
    // labels officers write ("June 2017", "Jun-17", "FY17/18", "Q1 17/18", "12 months to June 2017").
    // Two-digit years are read by `years`; *readTwoDigitYear is set when the text had one.
    static std::optional<Period> parse(const QString &text, TwoDigitYears years = {}, bool *readTwoDigitYear = nullptr);

    Kind kind() const { return m_kind; }
    QDate start() const { return m_start; }
    QDate end() const { return m_end; }

    // Canonical code stored in the periods table: "2017-06", "Q1 2017/18", "2017/18", "R12 2017-06".
    QString code() const;
    // What officers read: "June 2017", "Q1 2017/18", "2017/18", "12 months to June 2017".
    QString label() const;
    static QString kindName(Kind kind);

    // The financial year (April start year) containing the period's last day.
    int financialYearStart() const;
    // The same period one year earlier (same kind).
    Period yearEarlier() const;
    // The next period of the same kind.
    Period next() const;

    bool operator==(const Period &other) const = default;
    bool operator<(const Period &other) const;

    static QString financialYearLabel(int fyStartYear);

private:
    Period(Kind kind, QDate start, QDate end) : m_kind(kind), m_start(start), m_end(end) {}
    Kind m_kind = Kind::Month;
    QDate m_start;
    QDate m_end;
};

} // namespace oversight
