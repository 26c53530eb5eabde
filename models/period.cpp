#include "period.h"
#include "formatting.h"

#include <QLocale>
#include <QRegularExpression>

namespace oversight {

namespace {

QDate monthEnd(int year, int month)
{
    const QDate first(year, month, 1);
    return first.addMonths(1).addDays(-1);
}

// "2017/18" style second half: accepts 2- or 4-digit end years and checks they follow the start.
bool endYearFollows(int startYear, const QString &endText)
{
    const int end = endText.toInt();
    if (endText.size() == 2)
        return end == (startYear + 1) % 100;
    return end == startYear + 1;
}

std::optional<int> monthFromName(const QString &name)
{
    const QLocale &english = formatting::enGB();
    const QString lower = name.toLower();
    for (int m = 1; m <= 12; ++m) {
        if (english.monthName(m, QLocale::LongFormat).toLower() == lower
            || english.monthName(m, QLocale::ShortFormat).toLower() == lower
            // CLDR's en-GB short name is "Sept"; files write "Sep" (Sep-13) as often.
            || ((lower == QLatin1String("sept") || lower == QLatin1String("sep")) && m == 9))
            return m;
    }
    return std::nullopt;
}

} // namespace

Period Period::month(int year, int month)
{
    return Period(Kind::Month, QDate(year, month, 1), monthEnd(year, month));
}

Period Period::quarter(int fyStartYear, int quarter)
{
    const QDate start = QDate(fyStartYear, 4, 1).addMonths(3 * (quarter - 1));
    return Period(Kind::Quarter, start, start.addMonths(3).addDays(-1));
}

Period Period::financialYear(int fyStartYear)
{
    return Period(Kind::FinancialYear, QDate(fyStartYear, 4, 1), QDate(fyStartYear + 1, 3, 31));
}

Period Period::rolling12(int endYear, int endMonth)
{
    const QDate end = monthEnd(endYear, endMonth);
    const QDate start = QDate(endYear, endMonth, 1).addMonths(-11);
    return Period(Kind::Rolling12, start, end);
}

QString TwoDigitYears::describe() const
{
    if (pivot <= 0)
        return QStringLiteral("00–99 are 1900–1999");
    if (pivot >= 100)
        return QStringLiteral("00–99 are 2000–2099");
    const auto two = [](int yy) { return QStringLiteral("%1").arg(yy, 2, 10, QLatin1Char('0')); };
    if (pivot == 1)
        return QStringLiteral("00 is 2000, 01–99 are 1901–1999");
    return QStringLiteral("00–%1 are 2000–%2, %3–99 are %4–1999")
        .arg(two(pivot - 1))
        .arg(2000 + pivot - 1)
        .arg(two(pivot))
        .arg(1900 + pivot);
}

std::optional<Period> Period::parse(const QString &input, TwoDigitYears years, bool *readTwoDigitYear)
{
    const QString text = input.simplified();
    const auto twoDigitYear = [&](int yy) {
        if (readTwoDigitYear)
            *readTwoDigitYear = true;
        return years.resolve(yy);
    };
    QRegularExpressionMatch m;

    static const QRegularExpression isoMonth(QStringLiteral("^(\\d{4})-(\\d{2})$"));
    if ((m = isoMonth.match(text)).hasMatch()) {
        const int month = m.captured(2).toInt();
        // Not a month ("1999-00", "2012-13"): a financial year, read below.
        if (month >= 1 && month <= 12)
            return Period::month(m.captured(1).toInt(), month);
    }
    static const QRegularExpression compactMonth(QStringLiteral("^(\\d{4})(\\d{2})$"));
    if ((m = compactMonth.match(text)).hasMatch()) {
        const int month = m.captured(2).toInt();
        if (month < 1 || month > 12)
            return std::nullopt;
        return Period::month(m.captured(1).toInt(), month);
    }
    static const QRegularExpression rollingCode(QStringLiteral("^R12 (\\d{4})-(\\d{2})$"));
    if ((m = rollingCode.match(text)).hasMatch()) {
        const int month = m.captured(2).toInt();
        if (month < 1 || month > 12)
            return std::nullopt;
        return Period::rolling12(m.captured(1).toInt(), month);
    }
    static const QRegularExpression rollingLabel(
        QStringLiteral("^12 months to ([A-Za-z]+) (\\d{4})$"), QRegularExpression::CaseInsensitiveOption);
    if ((m = rollingLabel.match(text)).hasMatch()) {
        const auto month = monthFromName(m.captured(1));
        if (!month)
            return std::nullopt;
        return Period::rolling12(m.captured(2).toInt(), *month);
    }
    // "July 2016 - June 2017", as the report heads its rolling 12-month columns: a range of exactly
    // twelve months is the 12 months to its last month. Other spans are not periods the store has.
    static const QRegularExpression monthRange(
        QStringLiteral("^([A-Za-z]+) (\\d{2}|\\d{4}) ?(?:-|\u2013|\u2014|to) ?([A-Za-z]+) (\\d{2}|\\d{4})$"),
        QRegularExpression::CaseInsensitiveOption);
    if ((m = monthRange.match(text)).hasMatch()) {
        const auto first = monthFromName(m.captured(1));
        const auto last = monthFromName(m.captured(3));
        if (!first || !last)
            return std::nullopt;
        const auto year = [&](const QString &digits) { return digits.size() == 2 ? twoDigitYear(digits.toInt()) : digits.toInt(); };
        const int firstYear = year(m.captured(2));
        const int lastYear = year(m.captured(4));
        if (QDate(firstYear, *first, 1).addMonths(11) != QDate(lastYear, *last, 1))
            return std::nullopt;
        return Period::rolling12(lastYear, *last);
    }
    static const QRegularExpression quarterRe(
        QStringLiteral("^Q([1-4]) (\\d{2}|\\d{4})[/-](\\d{2}|\\d{4})$"), QRegularExpression::CaseInsensitiveOption);
    if ((m = quarterRe.match(text)).hasMatch()) {
        int start = m.captured(2).toInt();
        if (m.captured(2).size() == 2)
            start = twoDigitYear(start);
        if (!endYearFollows(start, m.captured(3)))
            return std::nullopt;
        return Period::quarter(start, m.captured(1).toInt());
    }
    static const QRegularExpression fyRe(
        QStringLiteral("^(?:FY ?)?(\\d{2}|\\d{4})[/-](\\d{2}|\\d{4})$"), QRegularExpression::CaseInsensitiveOption);
    if ((m = fyRe.match(text)).hasMatch()) {
        int start = m.captured(1).toInt();
        if (m.captured(1).size() == 2)
            start = twoDigitYear(start);
        if (!endYearFollows(start, m.captured(2)))
            return std::nullopt;
        return Period::financialYear(start);
    }
    static const QRegularExpression monthName(QStringLiteral("^([A-Za-z]+)[ -](\\d{2}|\\d{4})$"));
    if ((m = monthName.match(text)).hasMatch()) {
        const auto month = monthFromName(m.captured(1));
        if (!month)
            return std::nullopt;
        int year = m.captured(2).toInt();
        if (m.captured(2).size() == 2)
            year = twoDigitYear(year);
        return Period::month(year, *month);
    }
    return std::nullopt;
}

QString Period::code() const
{
    switch (m_kind) {
    case Kind::Month:
        return m_start.toString(QStringLiteral("yyyy-MM"));
    case Kind::Quarter: {
        const int q = ((m_start.month() + 8) % 12) / 3 + 1;
        return QStringLiteral("Q%1 %2").arg(q).arg(financialYearLabel(financialYearStart()));
    }
    case Kind::FinancialYear:
        return financialYearLabel(m_start.year());
    case Kind::Rolling12:
        return QStringLiteral("R12 ") + m_end.toString(QStringLiteral("yyyy-MM"));
    }
    return {};
}

QString Period::label() const
{
    const QLocale &english = formatting::enGB();
    switch (m_kind) {
    case Kind::Month:
        return english.monthName(m_start.month()) + QLatin1Char(' ') + QString::number(m_start.year());
    case Kind::Quarter:
    case Kind::FinancialYear:
        return code();
    case Kind::Rolling12:
        return QStringLiteral("12 months to ") + english.monthName(m_end.month()) + QLatin1Char(' ')
            + QString::number(m_end.year());
    }
    return {};
}

QString Period::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Month: return QStringLiteral("month");
    case Kind::Quarter: return QStringLiteral("quarter");
    case Kind::FinancialYear: return QStringLiteral("financial_year");
    case Kind::Rolling12: return QStringLiteral("rolling_12_months");
    }
    return {};
}

int Period::financialYearStart() const
{
    return m_end.month() >= 4 ? m_end.year() : m_end.year() - 1;
}

Period Period::yearEarlier() const
{
    const QDate start = m_start.addYears(-1);
    const QDate end = m_end.addDays(1).addYears(-1).addDays(-1);
    return Period(m_kind, start, end);
}

Period Period::next() const
{
    switch (m_kind) {
    case Kind::Month:
    case Kind::Rolling12: {
        const QDate end = m_end.addDays(1).addMonths(1).addDays(-1);
        return Period(m_kind, m_start.addMonths(1), end);
    }
    case Kind::Quarter:
        return Period(m_kind, m_start.addMonths(3), m_start.addMonths(6).addDays(-1));
    case Kind::FinancialYear:
        return Period(m_kind, m_start.addYears(1), m_end.addDays(1).addYears(1).addDays(-1));
    }
    return *this;
}

bool Period::operator<(const Period &other) const
{
    if (m_end != other.m_end)
        return m_end < other.m_end;
    if (m_start != other.m_start)
        return m_start > other.m_start;
    return static_cast<int>(m_kind) < static_cast<int>(other.m_kind);
}

QString Period::financialYearLabel(int fyStartYear)
{
    return QStringLiteral("%1/%2").arg(fyStartYear).arg((fyStartYear + 1) % 100, 2, 10, QLatin1Char('0'));
}

} // namespace oversight
