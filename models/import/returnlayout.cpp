#include "returnlayout.h"

#include "valueparser.h"

#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace oversight::import {

namespace {

// What the first rows under the header say about each column.
struct ColumnSample {
    int numbers = 0;
    int texts = 0;
    int numberLike = 0; // texts that are mostly digits: a figure mistyped ("41O", "1,2O4"), counted in texts too
    int periods = 0;
    int bareYears = 0;
    QSet<QString> distinct; // texts, up to a limit
    int commaDecimals = 0;  // "0,56"
    int pointDecimals = 0;  // "0.56"
    double largest = 0.0;   // the largest number's size
};

constexpr int sampleRows = 500;
constexpr int distinctLimit = 60;
// A text column with at most this many different values in the sample is a breakdown of records;
// more (an address, an id) is detail no chart groups by.
constexpr int breakdownValues = 40;

bool isBareYear(const QString &text)
{
    static const QRegularExpression year(QStringLiteral("^(19|20)\\d{2}$"));
    return year.match(text.trimmed()).hasMatch();
}

// Mostly digits, as a figure with a slip of the keyboard is: two of its three characters or more,
// not counting separators.
bool isNumberLike(const QString &text)
{
    int digits = 0;
    int others = 0;
    for (const QChar c : text) {
        if (c.isDigit())
            ++digits;
        else if (c != QLatin1Char(',') && c != QLatin1Char('.') && !c.isSpace())
            ++others;
    }
    return digits >= 2 && others >= 1 && digits >= 2 * others;
}

QString headerWords(const QString &header)
{
    QString words = header;
    words.replace(QLatin1Char('_'), QLatin1Char(' '));
    return words.simplified().toLower();
}

// Columns of a records file that identify or place one record: never a breakdown.
bool isRecordDetail(const QString &header)
{
    static const QRegularExpression detail(
        QStringLiteral("(^|\\s)(id|ref|reference|urn|longitude|latitude|easting|northing|location|address|postcode|"
                       "context|reported by|notes?)$"));
    return detail.match(headerWords(header)).hasMatch();
}

// "Count of Victims", "Number of crimes": the column a records file's rows are summed by, and its noun.
QString countNoun(const QString &header)
{
    static const QRegularExpression count(QStringLiteral("^(?:count|number|no\\.?) of (.+)$"));
    const auto m = count.match(headerWords(header));
    return m.hasMatch() ? m.captured(1) : QString();
}

// "Homicides_2003_2023" and "victims" -> "Homicide victims": the file's subject and the noun counted.
QString recordMeasureName(const QString &fileName, const QString &noun)
{
    QString subject = QFileInfo(fileName).completeBaseName();
    static const QRegularExpression separators(QStringLiteral("[_\\-.]+"));
    static const QRegularExpression numbers(QStringLiteral("\\b\\d+\\b"));
    subject.replace(separators, QStringLiteral(" "));
    subject.remove(numbers);
    subject = subject.simplified();
    if (subject.isEmpty())
        subject = QStringLiteral("Records");
    if (noun.isEmpty())
        return subject;
    // "Homicides" counted by victim: "Homicide victims".
    if (subject.endsWith(QLatin1Char('s'), Qt::CaseInsensitive) && !subject.contains(QLatin1Char(' ')))
        subject.chop(1);
    return subject + QLatin1Char(' ') + noun.toLower();
}

bool isGenericSheetName(const QString &sheet, const QString &fileName)
{
    static const QRegularExpression generic(QStringLiteral("^(sheet|table|data)\\s*_?\\d*$"), QRegularExpression::CaseInsensitiveOption);
    return generic.match(sheet.trimmed()).hasMatch() || sheet == QFileInfo(fileName).completeBaseName();
}

QString listed(const QStringList &items)
{
    if (items.size() <= 4)
        return items.join(QStringLiteral(", "));
    return QStringLiteral("%1 … %2 (%3 in all)").arg(items.mid(0, 3).join(QStringLiteral(", ")), items.last()).arg(items.size());
}

bool hasAreaColumn(const ImportPlan &plan)
{
    for (const ColumnRole role : {ColumnRole::Area, ColumnRole::AreaCode, ColumnRole::WardCode, ColumnRole::SmallAreaCode}) {
        if (plan.columnOf(role) >= 0)
            return true;
    }
    return false;
}

} // namespace

bool isAboutSheet(const QString &sheetName)
{
    static const QRegularExpression about(
        QStringLiteral("^(index|contents|table of contents|metadata|meta data|notes?|cover( sheet)?|read ?me|about|"
                       "info(rmation)?|definitions|guidance|introduction|front page)$"),
        QRegularExpression::CaseInsensitiveOption);
    return about.match(sheetName.simplified()).hasMatch();
}

QString unitFromHeader(const QString &header)
{
    const QString words = headerWords(header);
    if (words.contains(QStringLiteral("£m")) || words.contains(QStringLiteral("£ m")) || words.contains(QStringLiteral("£million")))
        return QStringLiteral("gbp_m");
    if (words.contains(QLatin1Char('%')) || words.contains(QLatin1String("proportion")) || words.contains(QLatin1String("percent")))
        return QStringLiteral("percent");
    if (words.contains(QChar(0x00A3)))
        return QStringLiteral("gbp");
    static const QRegularExpression rate(QStringLiteral("(\\bper\\b|\\brate\\b)"));
    if (rate.match(words).hasMatch())
        return QStringLiteral("ratio");
    return QStringLiteral("count");
}

QString measureNameFromHeader(const QString &header)
{
    QString name = header;
    name.replace(QLatin1Char('_'), QLatin1Char(' '));
    // A unit in brackets at the end is the measure's unit, not its name; footnote marks go too.
    static const QRegularExpression unit(QStringLiteral("\\s*\\((£m|£|%|£ ?million|number|no\\.?)\\)\\s*$"), QRegularExpression::CaseInsensitiveOption);
    name.remove(unit);
    static const QRegularExpression footnote(QStringLiteral("(\\s*\\[\\w{1,3}\\]|\\s*\\(\\d\\)|(?<=[a-z])\\d)$"));
    name.remove(footnote);
    return name.simplified();
}

QString measureSynonym(const QString &name)
{
    // Workforce files count "strength" or "headcount" of what the catalogue names in the plural:
    // "Police Officer Strength" is the catalogue's "Police officers".
    static const QRegularExpression strength(QStringLiteral("^(.+?) (strength|headcount|numbers?)$"));
    const auto m = strength.match(name.toLower());
    if (!m.hasMatch())
        return {};
    QString base = m.captured(1);
    if (!base.endsWith(QLatin1Char('s')) && !base.endsWith(QLatin1String("staff")))
        base += QLatin1Char('s');
    return base;
}

// What a table's title says it counts: the words after "Table 3:" up to " by " or a comma, neither
// inside brackets ("Designated officers (s.38, s.39) by police force area, …").
QString measureFromTitle(const QString &title)
{
    static const QRegularExpression tableNumber(QStringLiteral("^table\\s*\\w+\\s*[:.-]\\s*"), QRegularExpression::CaseInsensitiveOption);
    const QString text = QString(title).remove(tableNumber);
    int depth = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')'))
            depth = std::max(0, depth - 1);
        else if (depth == 0 && (c == QLatin1Char(',') || text.mid(i, 4).compare(QLatin1String(" by "), Qt::CaseInsensitive) == 0))
            return text.left(i).simplified();
    }
    return text.simplified();
}

void proposeReturnLayout(Reader &reader, ImportPlan &plan, const QString &fileName)
{
    const qsizetype columns = plan.headers.size();
    while (plan.columnMeasures.size() < columns)
        plan.columnMeasures.append(QString());
    QList<ColumnSample> samples(columns);
    QList<Cell> groupRow; // the nearest row with labels above the header, a blank row between allowed
    qint64 groupRowNumber = 0;
    QString title;        // the first text above the header
    QList<Cell> headerCells;
    qint64 rowsSeen = 0;
    QString readError;
    reader.readRows(plan.sheetIndex,
                    [&](qint64 row, const QList<Cell> &cells) {
                        if (row < plan.headerRow) {
                            bool any = false;
                            for (const Cell &cell : cells) {
                                any = any || !cell.isEmpty();
                                if (title.isEmpty() && cell.kind == Cell::Kind::Text && !cell.isEmpty())
                                    title = cell.text.simplified();
                            }
                            if (any && row >= plan.headerRow - 2) {
                                groupRow = cells;
                                groupRowNumber = row;
                            }
                        }
                        if (row == plan.headerRow)
                            headerCells = cells;
                        if (row <= plan.headerRow)
                            return true;
                        ++rowsSeen;
                        for (qsizetype c = 0; c < columns && c < cells.size(); ++c) {
                            const Cell &cell = cells.at(c);
                            if (cell.isEmpty())
                                continue;
                            ColumnSample &s = samples[c];
                            const QString text = cellText(cell).trimmed();
                            if (isBareYear(text))
                                ++s.bareYears;
                            static const QRegularExpression commaDecimal(QStringLiteral("^-?\\d+,\\d{1,2}$|^-?\\d+,\\d{4,}$"));
                            static const QRegularExpression pointDecimal(QStringLiteral("^-?[\\d,]*\\.\\d+$"));
                            const ParsedNumber number = parseNumber(cell);
                            if (parsePeriod(cell).has_value()) {
                                ++s.periods;
                            } else if (number.status == ParsedNumber::Status::Value) {
                                ++s.numbers;
                                s.largest = std::max(s.largest, std::abs(number.value));
                                if (cell.kind == Cell::Kind::Text && pointDecimal.match(text).hasMatch())
                                    ++s.pointDecimals;
                            } else if (cell.kind == Cell::Kind::Text && commaDecimal.match(text).hasMatch()) {
                                ++s.commaDecimals;
                                ++s.numbers;
                                s.largest = std::max(s.largest, std::abs(parseNumber(QString(text).replace(QLatin1Char(','), QLatin1Char('.'))).value));
                            } else {
                                ++s.texts;
                                if (isNumberLike(text))
                                    ++s.numberLike;
                            }
                            if (s.distinct.size() <= distinctLimit)
                                s.distinct.insert(text);
                        }
                        return rowsSeen < sampleRows;
                    },
                    &readError);

    if (plan.layout == Layout::Wide && !groupRow.isEmpty()) {
        // A two-row header: the label over each period column (carried across its merged range)
        // names that column's measure, where the labels name more than one.
        QSet<QString> labels;
        QString current;
        for (qsizetype c = 0; c < columns; ++c) {
            if (!plan.columnPeriods.value(c))
                continue;
            const QString label = cellText(groupRow.value(c)).simplified();
            if (!label.isEmpty())
                current = label;
            plan.columnMeasures[c] = current;
            if (!current.isEmpty())
                labels.insert(current);
        }
        if (labels.size() >= 2) {
            QStringList ordered;
            for (const QString &m : std::as_const(plan.columnMeasures)) {
                if (!m.isEmpty() && !ordered.contains(m))
                    ordered.append(m);
            }
            if (!isGenericSheetName(plan.sheetName, fileName))
                plan.columnMeasureCategory = plan.sheetName;
            plan.notes.append(QStringLiteral("header on two rows (%1 and %2): the labels of row %1 name the measures of the "
                                             "period columns under them: %3")
                                  .arg(groupRowNumber)
                                  .arg(plan.headerRow)
                                  .arg(listed(ordered)));
        } else {
            for (QString &m : plan.columnMeasures)
                m.clear();
        }
        // Columns under a "Change …" label (number, %) are derived from the periods: never stored.
        QString group;
        QStringList derived;
        for (qsizetype c = 0; c < columns; ++c) {
            const QString label = cellText(groupRow.value(c)).simplified();
            if (!label.isEmpty())
                group = label;
            if (plan.columnPeriods.value(c) || !group.contains(QLatin1String("change"), Qt::CaseInsensitive))
                continue;
            plan.roles[c] = ColumnRole::Derived;
            derived.append(columnName(int(c)));
        }
        if (!derived.isEmpty())
            plan.notes.append(QStringLiteral("columns %1 are changes the table derives from its periods: not stored").arg(listed(derived)));
    }

    if (plan.layout == Layout::Wide && !hasAreaColumn(plan) && columns > 0 && plan.headers.at(0).trimmed().isEmpty()
        && samples.at(0).texts > samples.at(0).numbers) {
        // National tables head their first column with nothing: it names the rows' areas.
        plan.roles[0] = ColumnRole::Area;
        plan.notes.append(QStringLiteral("column A (no header) names each row's area"));
    }
    if (plan.layout == Layout::Wide && plan.columnOf(ColumnRole::Measure) < 0
        && std::all_of(plan.columnMeasures.cbegin(), plan.columnMeasures.cend(), [](const QString &m) { return m.isEmpty(); })
        && QRegularExpression(QStringLiteral("^table\\s*\\w+\\s*[:.-]|\\sby\\s"), QRegularExpression::CaseInsensitiveOption)
               .match(title)
               .hasMatch()) {
        // "Table 1: Police officers by police force area, England and Wales, … (FTE)": the title
        // names the one measure of the table, with its unit of count in brackets.
        static const QRegularExpression unit(QStringLiteral("\\((FTE|headcount|full-time equivalents?)\\)\\s*$"),
                                             QRegularExpression::CaseInsensitiveOption);
        QString name = measureFromTitle(title);
        if (const auto u = unit.match(title); u.hasMatch())
            name += QStringLiteral(" (%1)").arg(u.captured(1));
        if (!name.isEmpty()) {
            for (qsizetype c = 0; c < columns; ++c) {
                if (plan.columnPeriods.value(c))
                    plan.columnMeasures[c] = name;
            }
            plan.notes.append(QStringLiteral("no measure column: the title ('%1') names the measure '%2'").arg(title.left(120), name));
        }
    }
    if (plan.layout == Layout::Wide) {
        QStringList dates;
        for (qsizetype c = 0; c < columns; ++c) {
            if (plan.columnPeriods.value(c) && headerCells.value(c).kind == Cell::Kind::DateTime)
                dates.append(plan.columnPeriods.at(c)->label());
        }
        if (!dates.isEmpty())
            plan.notes.append(QStringLiteral("header dates are points in time (as at): each is stored as its month (%1)").arg(listed(dates)));
    }

    if (plan.layout == Layout::Long) {
        const int codeColumn = plan.columnOf(ColumnRole::AreaCode);
        for (qsizetype c = 0; c < columns; ++c) {
            const QString words = headerWords(plan.headers.at(c));
            if (plan.roles.at(c) != ColumnRole::Ignore)
                continue;
            if (words == QLatin1String("name") && codeColumn >= 0 && plan.columnOf(ColumnRole::Area) < 0) {
                plan.roles[c] = ColumnRole::Area;
                plan.notes.append(QStringLiteral("column %1 ('%2') beside the area codes is read as the area's name")
                                      .arg(columnName(int(c)), plan.headers.at(c)));
            } else if (words == QLatin1String("source") && samples.at(c).texts > 0) {
                plan.roles[c] = ColumnRole::Breakdown;
                QStringList values(samples.at(c).distinct.cbegin(), samples.at(c).distinct.cend());
                values.sort();
                plan.notes.append(QStringLiteral("column %1 ('%2': %3) is kept as a breakdown, so figures of one source are "
                                                 "never mixed with another's")
                                      .arg(columnName(int(c)), plan.headers.at(c), listed(values)));
            } else if (words.contains(QLatin1String("date")) && plan.columnOf(ColumnRole::Period) < 0
                       && samples.at(c).periods > 0 && samples.at(c).texts == 0) {
                plan.roles[c] = ColumnRole::Period;
            }
        }
        const int periodColumn = plan.columnOf(ColumnRole::Period);
        if (periodColumn >= 0 && samples.at(periodColumn).bareYears > 0
            && samples.at(periodColumn).bareYears == samples.at(periodColumn).numbers + samples.at(periodColumn).texts) {
            plan.bareYearMonth = 6;
            plan.notes.append(QStringLiteral("column %1 ('%2') holds years (1999): each is read as June of that year, as a "
                                             "mid-year figure (as at 30 June)")
                                  .arg(columnName(periodColumn), plan.headers.at(periodColumn)));
        }

        // Decimal commas ("0,56") where the file writes no decimal point anywhere: read as 0.56.
        int commas = 0;
        int points = 0;
        for (const ColumnSample &sample : std::as_const(samples)) {
            commas += sample.commaDecimals;
            points += sample.pointDecimals;
        }
        if (commas > 0 && points == 0) {
            plan.decimalComma = true;
            plan.notes.append(QStringLiteral("numbers are written with decimal commas throughout (0,56): read as 0.56"));
        }

        // Numeric columns whose headers name what they hold are measures, one each.
        const bool measureColumn = plan.columnOf(ColumnRole::Measure) >= 0;
        QList<int> numeric;
        int countColumn = -1;
        for (qsizetype c = 0; c < columns; ++c) {
            const ColumnSample &s = samples.at(c);
            if (!countNoun(plan.headers.at(c)).isEmpty() && s.numbers > 0)
                countColumn = int(c);
            // A figure mistyped among figures ("41O") leaves the column one of values, where its cell is
            // an error naming it: never a breakdown of records whose words are the figures.
            const bool isNumeric = s.numbers > 0 && s.numbers > s.numberLike && s.numbers + s.numberLike >= 4 * (s.texts - s.numberLike);
            if (isNumeric && !plan.headers.at(c).trimmed().isEmpty()
                && (plan.roles.at(c) == ColumnRole::Ignore || plan.roles.at(c) == ColumnRole::Value))
                numeric.append(int(c));
        }
        if (countColumn < 0 && !measureColumn && plan.columnOf(ColumnRole::Value) < 0 && !numeric.isEmpty()) {
            QStringList names;
            for (const int c : std::as_const(numeric)) {
                plan.roles[c] = ColumnRole::Value;
                plan.columnMeasures[c] = measureNameFromHeader(plan.headers.at(c));
                names.append(QStringLiteral("'%1'").arg(plan.headers.at(c)));
            }
            plan.notes.append(QStringLiteral("no measure column: %1 names the measure it holds (matched to the catalogue by name, "
                                             "else created with the unit its header states)")
                                  .arg(names.size() == 1 ? QStringLiteral("the value column %1").arg(names.first())
                                                         : QStringLiteral("each value column (%1)").arg(listed(names))));
        } else if (measureColumn && plan.columnOf(ColumnRole::Value) >= 0) {
            const int valueColumn = plan.columnOf(ColumnRole::Value);
            const QString unit = unitFromHeader(plan.headers.at(valueColumn));
            // A proportion written as 0.56 is 56%: stored as the percentage, as the catalogue keeps them.
            if (headerWords(plan.headers.at(valueColumn)).contains(QLatin1String("proportion")) && samples.at(valueColumn).numbers > 0
                && samples.at(valueColumn).largest <= 1.0) {
                plan.valueScale = 100.0;
                plan.notes.append(QStringLiteral("'%1' holds proportions (0.56): each is stored as a percentage (56%)")
                                      .arg(plan.headers.at(valueColumn)));
            }
            if (unit != plan.newMeasureUnit) {
                plan.newMeasureUnit = unit;
                plan.notes.append(QStringLiteral("new measures are created in %1, as the value column's header ('%2') says")
                                      .arg(unit, plan.headers.at(valueColumn)));
            }
        } else if (periodColumn >= 0 && (countColumn >= 0 || plan.columnOf(ColumnRole::Value) < 0)) {
            // One row per record: counted, with the other short lists of words as breakdowns.
            plan.layout = Layout::Records;
            QStringList breakdowns;
            QStringList ignored;
            for (qsizetype c = 0; c < columns; ++c) {
                if (int(c) == countColumn) {
                    plan.roles[c] = ColumnRole::Value;
                    continue;
                }
                if (plan.roles.at(c) == ColumnRole::Breakdown
                    || (plan.roles.at(c) == ColumnRole::Ignore && samples.at(c).texts > 0 && !isRecordDetail(plan.headers.at(c))
                        && samples.at(c).distinct.size() <= breakdownValues)) {
                    plan.roles[c] = ColumnRole::Breakdown;
                    breakdowns.append(plan.headers.at(c).simplified());
                } else if (plan.roles.at(c) == ColumnRole::Ignore && !plan.headers.at(c).trimmed().isEmpty()) {
                    ignored.append(plan.headers.at(c).simplified());
                }
            }
            if (!measureColumn) {
                plan.recordMeasure = recordMeasureName(fileName, countNoun(plan.headers.value(countColumn)));
            } else {
                // A records file's categories are its publisher's ("Other theft" of police.uk), not the
                // MPS classification's of the same words: measures of their own, under the column's name.
                plan.columnMeasureCategory = plan.headers.at(plan.columnOf(ColumnRole::Measure)).simplified();
                plan.notes.append(QStringLiteral("each '%1' is a measure of its own under '%1', never an MPS crime category "
                                                 "of the same words")
                                      .arg(plan.columnMeasureCategory));
            }
            plan.notes.append(QStringLiteral("one row per record: rows are counted by %1, %2 and %3%4")
                                  .arg(plan.headers.at(periodColumn),
                                       hasAreaColumn(plan) ? QStringLiteral("area") : QStringLiteral("the file's area"),
                                       measureColumn ? plan.headers.at(plan.columnOf(ColumnRole::Measure))
                                                     : QStringLiteral("one measure, '%1'").arg(plan.recordMeasure),
                                       countColumn >= 0 ? QStringLiteral(", summing '%1'").arg(plan.headers.at(countColumn))
                                                        : QString()));
            if (!breakdowns.isEmpty())
                plan.notes.append(breakdowns.size() == 1
                                      ? QStringLiteral("'%1' is counted as a breakdown").arg(breakdowns.first())
                                      : QStringLiteral("each of %1 is counted as a breakdown of its own").arg(listed(breakdowns)));
            if (!ignored.isEmpty())
                plan.notes.append(QStringLiteral("not imported (detail of each record): %1").arg(listed(ignored)));
        }
    }

    if (!hasAreaColumn(plan) && plan.layout != Layout::ReportTable)
        plan.notes.append(QStringLiteral("no area column: the whole file is taken as the force's own area (the MPS), as "
                                         "neither its title nor its name says another"));
}

} // namespace oversight::import
