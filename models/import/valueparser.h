#pragma once

#include "period.h"
#include "reader.h"

#include <QString>

#include <optional>

namespace oversight::import {

// A number as officers write it in a spreadsheet cell.
struct ParsedNumber {
    enum class Status {
        Value,   // a number
        Missing, // blank, "-", "n/a", ".." : no figure, not an error
        Invalid, // text that is not a number
    };
    Status status = Status::Missing;
    double value = 0.0;
    bool percent = false;  // "5.6%": value is 5.6 (percent), not 0.056
    bool pounds = false;   // "£640,000"
    bool millions = false; // "£2.1m": value is 2.1 (in £m)
    // Why an Invalid text is no number, where there is more to say than "not a number".
    const char *invalidReason = nullptr;
};

// en-GB numbers: "1,234", "£640,000", "-£2.1m", "(2.1)" (negative; "(-2.1)" is refused as ambiguous), "5.6%", "- 121.5", "−3"
// (Unicode minus), "-", "n/a", blank. A Number cell from a spreadsheet is taken as is.
ParsedNumber parseNumber(const QString &text);
ParsedNumber parseNumber(const Cell &cell);

// A period from a header or cell: "201706", "Jun-17", "June 2017", "2017-06", "Q1 2017/18",
// "2017/18", "FY17/18", or a spreadsheet date (a month). Excel serials in a Number cell count as
// dates only when allowSerial is set (a header row of serials, as Excel writes month headers).
// Two-digit years are read by `years`; *readTwoDigitYear is set when the cell had one.
std::optional<Period> parsePeriod(const Cell &cell, bool allowSerial = false, TwoDigitYears years = {},
                                  bool *readTwoDigitYear = nullptr);
std::optional<Period> parsePeriod(const QString &text, TwoDigitYears years = {}, bool *readTwoDigitYear = nullptr);

// The text of a cell as officers see it, for messages and for text roles.
QString cellText(const Cell &cell);

} // namespace oversight::import
