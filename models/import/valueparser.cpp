#include "valueparser.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace oversight::import {

ParsedNumber parseNumber(const QString &input)
{
    ParsedNumber result;
    // Fast path for the common case of the MPS files: a plain whole number such as "0" or "1234".
    if (!input.isEmpty() && input.size() <= 15) {
        qint64 whole = 0;
        bool digits = true;
        for (const QChar c : input) {
            const char16_t u = c.unicode();
            if (u < u'0' || u > u'9') {
                digits = false;
                break;
            }
            whole = whole * 10 + (u - u'0');
        }
        if (digits) {
            result.status = ParsedNumber::Status::Value;
            result.value = static_cast<double>(whole);
            return result;
        }
    }
    QString text = input.trimmed();
    text.replace(QChar(0x2212), QLatin1Char('-')); // Unicode minus
    text.replace(QChar(0x00A0), QLatin1Char(' '));
    static const QStringList missing = {
        QString(), QStringLiteral("-"), QStringLiteral("–"), QStringLiteral("—"), QStringLiteral("n/a"),
        QStringLiteral("na"), QStringLiteral(".."), QStringLiteral(":"), QStringLiteral("*"), QStringLiteral("x"),
        // ONS and Home Office marks: not available, confidential, not applicable, suppressed, low
        // reliability; and Excel's #N/A written as text.
        QStringLiteral("[x]"), QStringLiteral("[c]"), QStringLiteral("[z]"), QStringLiteral("[low]"), QStringLiteral("#"),
        QStringLiteral("!"), QStringLiteral("#n/a"),
    };
    if (missing.contains(text.toLower())) {
        result.status = ParsedNumber::Status::Missing;
        return result;
    }
    bool negative = false;
    if (text.startsWith(QLatin1Char('(')) && text.endsWith(QLatin1Char(')'))) {
        negative = true;
        text = text.mid(1, text.size() - 2).trimmed();
    }
    if (text.startsWith(QLatin1Char('-')) || text.startsWith(QLatin1Char('+'))) {
        // Accounting brackets already say minus: "(-5)" may mean -5 or a double negative, and a
        // board paper must not carry a guess either way.
        if (negative) {
            result.status = ParsedNumber::Status::Invalid;
            result.invalidReason = "a sign inside brackets: brackets already mean minus, so this could be either sign "
                                   "(write (5) or -5)";
            return result;
        }
        negative = text.startsWith(QLatin1Char('-'));
        text = text.mid(1).trimmed();
    }
    if (text.startsWith(QChar(0x00A3))) { // £
        result.pounds = true;
        text = text.mid(1).trimmed();
        if (text.startsWith(QLatin1Char('-'))) {
            negative = !negative;
            text = text.mid(1).trimmed();
        }
    }
    if (text.endsWith(QLatin1Char('%'))) {
        result.percent = true;
        text.chop(1);
        text = text.trimmed();
    } else if (result.pounds && (text.endsWith(QLatin1Char('m')) || text.endsWith(QLatin1Char('M')))) {
        result.millions = true;
        text.chop(1);
    } else if (result.pounds && (text.endsWith(QLatin1String("bn")))) {
        // £3.3bn: stored in £m like every other £m figure.
        result.millions = true;
        text.chop(2);
        bool ok = false;
        const double billions = QString(text).remove(QLatin1Char(',')).toDouble(&ok);
        if (!ok) {
            result.status = ParsedNumber::Status::Invalid;
            return result;
        }
        result.value = (negative ? -billions : billions) * 1000.0;
        result.status = ParsedNumber::Status::Value;
        return result;
    }
    // Thousands separators must group by three: "1,234,567" yes, "1,23" no (a European decimal).
    static const QRegularExpression grouped(QStringLiteral("^\\d{1,3}(,\\d{3})+(\\.\\d+)?$"));
    static const QRegularExpression plain(QStringLiteral("^(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?$"));
    if (grouped.match(text).hasMatch())
        text.remove(QLatin1Char(','));
    else if (!plain.match(text).hasMatch()) {
        result.status = ParsedNumber::Status::Invalid;
        return result;
    }
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value)) {
        result.status = ParsedNumber::Status::Invalid;
        return result;
    }
    result.value = negative ? -value : value;
    result.status = ParsedNumber::Status::Value;
    return result;
}

ParsedNumber parseNumber(const Cell &cell)
{
    switch (cell.kind) {
    case Cell::Kind::Number: {
        ParsedNumber result;
        result.status = std::isfinite(cell.number) ? ParsedNumber::Status::Value : ParsedNumber::Status::Invalid;
        result.value = cell.number;
        return result;
    }
    case Cell::Kind::Empty:
        return {};
    case Cell::Kind::Text:
        return parseNumber(cell.text);
    case Cell::Kind::Error:
        // A lookup that found nothing (#N/A) is no figure; #DIV/0! or #REF! is a broken cell.
        if (cell.text.trimmed().compare(QLatin1String("#N/A"), Qt::CaseInsensitive) == 0)
            return {};
        return ParsedNumber{ParsedNumber::Status::Invalid};
    case Cell::Kind::Boolean:
    case Cell::Kind::DateTime: {
        ParsedNumber result;
        result.status = ParsedNumber::Status::Invalid;
        return result;
    }
    }
    return {};
}

std::optional<Period> parsePeriod(const QString &text, TwoDigitYears years, bool *readTwoDigitYear)
{
    const QString trimmed = text.trimmed();
    if (auto period = Period::parse(trimmed, years, readTwoDigitYear))
        return period;
    // A day (d/m/yyyy, dd/mm/yyyy as en-GB writes them; "30 September 2019") is in its month: a
    // point in time ("as at") or a record's date is stored as that month.
    static const QRegularExpression dayMonthYear(QStringLiteral("^(\\d{1,2})/(\\d{1,2})/(\\d{4})$"));
    if (const auto m = dayMonthYear.match(trimmed); m.hasMatch()) {
        const QDate day(m.captured(3).toInt(), m.captured(2).toInt(), m.captured(1).toInt());
        return day.isValid() ? std::optional<Period>(Period::month(day.year(), day.month())) : std::nullopt;
    }
    static const QRegularExpression dayNamed(QStringLiteral("^(\\d{1,2}) ([A-Za-z]+) (\\d{4})$"));
    if (const auto m = dayNamed.match(trimmed); m.hasMatch()) {
        const auto month = Period::parse(m.captured(2) + QLatin1Char(' ') + m.captured(3));
        if (month && month->kind() == Period::Kind::Month && QDate(m.captured(3).toInt(), month->start().month(), m.captured(1).toInt()).isValid())
            return month;
    }
    return std::nullopt;
}

std::optional<Period> parsePeriod(const Cell &cell, bool allowSerial, TwoDigitYears years, bool *readTwoDigitYear)
{
    switch (cell.kind) {
    case Cell::Kind::DateTime: {
        const QDate d = cell.dateTime.date();
        if (!d.isValid())
            return std::nullopt;
        return Period::month(d.year(), d.month());
    }
    case Cell::Kind::Number: {
        // MPS headers are numbers like 201706 when a spreadsheet typed them.
        const double n = cell.number;
        if (n >= 190001 && n <= 299912 && std::floor(n) == n) {
            const int ym = static_cast<int>(n);
            if (ym % 100 >= 1 && ym % 100 <= 12)
                return Period::month(ym / 100, ym % 100);
        }
        if (allowSerial && n >= 1 && n < 2958466 && std::floor(n) == n) {
            const QDate d = QDate(1899, 12, 30).addDays(static_cast<qint64>(n));
            return Period::month(d.year(), d.month());
        }
        return std::nullopt;
    }
    case Cell::Kind::Text:
        return parsePeriod(cell.text, years, readTwoDigitYear);
    default:
        return std::nullopt;
    }
}

QString cellText(const Cell &cell)
{
    switch (cell.kind) {
    case Cell::Kind::Empty:
        return {};
    case Cell::Kind::Number:
        return cell.text.isEmpty() ? QLocale::c().toString(cell.number, 'g', 15) : cell.text;
    case Cell::Kind::Boolean:
        return cell.number != 0.0 ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    case Cell::Kind::DateTime:
        return cell.text.isEmpty() ? cell.dateTime.date().toString(Qt::ISODate) : cell.text;
    case Cell::Kind::Text:
    case Cell::Kind::Error:
        return cell.text;
    }
    return {};
}

} // namespace oversight::import
