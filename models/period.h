#pragma once

#include <QDate>
#include <QString>

#include <optional>

namespace oversight {

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
    static std::optional<Period> parse(const QString &text);

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
