#include "boardpack.h"
#include "formatting.h"

#include "chartfigure.h"
#include "chartregistry.h"
#include "charttheme.h"
#include "figure.h"
#include "textescape.h"

#include "catalog.h"
#include "packdata.h"
#include "period.h"
#include "reporttable.h"
#include "sourcecomparison.h"
#include "store.h"

#include <QDate>
#include <QFontMetricsF>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTextOption>

#include <cmath>
#include <memory>
#include <optional>

namespace oversight::charts {

QList<PackSection> packSections()
{
    return {
        {QStringLiteral("safer-london"), QStringLiteral("A safer London"), QStringLiteral("A safer London"),
         {QStringLiteral("crime.tno"), QStringLiteral("crime.high-harm"), QStringLiteral("map.crime"),
          QStringLiteral("map.local-priority|1"), QStringLiteral("map.local-priority|2"), QStringLiteral("crime.gun"),
          QStringLiteral("crime.fraud")},
         {QStringLiteral("recorded-crime-12m"), QStringLiteral("local-priorities")}},
        {QStringLiteral("police-service"), QStringLiteral("A better police service"), QStringLiteral("A better police service"),
         {QStringLiteral("survey.perception"), QStringLiteral("survey.satisfaction"), QStringLiteral("survey.gaps-heatmap"),
          QStringLiteral("workforce.strength"), QStringLiteral("workforce.diversity"), QStringLiteral("map.dwo-remaining")},
         {QStringLiteral("satisfaction-gaps"), QStringLiteral("workforce"), QStringLiteral("dwo")}},
        {QStringLiteral("criminal-justice"), QStringLiteral("A better criminal justice service"),
         QStringLiteral("A better criminal justice service"), {QStringLiteral("cj.victims")}, {}},
        {QStringLiteral("children"), QStringLiteral("Keeping children and young people safe"),
         QStringLiteral("Keeping children and young people safe"),
         {QStringLiteral("cyp.knife-victims"), QStringLiteral("cyp.missing-children")}, {}},
        {QStringLiteral("vawg"), QStringLiteral("Tackling violence against women and girls"),
         QStringLiteral("Violence against women and girls"), {}, {}},
        {QStringLiteral("hate"), QStringLiteral("Standing together against hatred and extremism"),
         QStringLiteral("Standing together against hatred and extremism"),
         {QStringLiteral("hate.strands"), QStringLiteral("ct.arrests")}, {}},
        {QStringLiteral("finance"), QStringLiteral("Finance"), QStringLiteral("Finance"),
         {QStringLiteral("finance.revenue"), QStringLiteral("finance.revenue-variance"), QStringLiteral("finance.business-groups"),
          QStringLiteral("finance.savings"), QStringLiteral("finance.capital"), QStringLiteral("finance.capital-trend"),
          QStringLiteral("finance.reserves")},
         {QStringLiteral("revenue"), QStringLiteral("officer-pay"), QStringLiteral("officer-overtime"), QStringLiteral("staff-pay"),
          QStringLiteral("savings"), QStringLiteral("capital"), QStringLiteral("reserves")}},
        {QStringLiteral("mopac-finances"), QStringLiteral("MOPAC finances"), QStringLiteral("MOPAC finances"),
         {QStringLiteral("finance.commissioning"), QStringLiteral("map.lcpf")}, {QStringLiteral("lcpf")}},
        {QStringLiteral("milestones"), QStringLiteral("Annex A: business plan milestones"), QString(),
         {QStringLiteral("milestones.board")}, {QStringLiteral("milestones")}},
    };
}

namespace {

// A4 landscape in logical pixels at 96 dpi (the figures' coordinates).
constexpr qreal kPageWidth = 297.0 / 25.4 * 96.0;
constexpr qreal kPageHeight = 210.0 / 25.4 * 96.0;
constexpr qreal kMarginX = 45.0;
constexpr qreal kContentTop = 62.0;
constexpr qreal kContentBottom = kPageHeight - 48.0;
constexpr qreal kContentWidth = kPageWidth - 2 * kMarginX;
constexpr qreal kGap = 14.0;

const QColor kInk = ink();
const QColor kMuted = mutedInk();
const QColor kRule = ruleInk();
const QColor kHeaderFill(0xE8, 0xEE, 0xF4);
const QColor kNegative(0xB0, 0x00, 0x20);
const QColor kAccent = accent();

QFont font(qreal points, bool bold = false, bool italic = false)
{
    QFont f = plainFont();
    f.setPointSizeF(points);
    f.setBold(bold);
    f.setItalic(italic);
    return f;
}

using formatting::enGB;

QTextOption wrapOption(Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignTop)
{
    QTextOption o(alignment);
    o.setWrapMode(QTextOption::WordWrap);
    return o;
}

qreal textHeight(const QFont &f, const QString &text, qreal width)
{
    if (text.isEmpty())
        return 0.0;
    const QFontMetricsF fm(f);
    return fm.boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, text).height();
}

using Draw = std::function<void(QPainter *)>;

// A report table laid out for print: column widths, wrapped cells and row heights.
struct TableLayout {
    ReportTable table;
    QList<bool> rightAligned; // numbers, and preformatted figures
    QList<qreal> widths;
    qreal headerHeight = 0;
    QList<qreal> rowHeights;
    QList<QStringList> texts; // display text per row and column
};

const QFont &tableFont()
{
    static const QFont f = font(8.0);
    return f;
}

const QFont &tableBold()
{
    static const QFont f = font(8.0, true);
    return f;
}

constexpr qreal kCellPadX = 5.0;
// The key figures' column of changes: preformatted figures, right-aligned as numbers are.
constexpr char kChangeHeader[] = "Change (calculated)";
constexpr qreal kCellPadY = 3.0;

// The table as a page prints it: long text the screen keeps in its detail pane (a milestone's
// commentary) is left out, as on screen.
ReportTable printedColumns(const ReportTable &table)
{
    return reporttables::withoutColumns(table, [](const ReportColumn &c) { return c.inDetailPane; });
}

// Numbers and short texts keep their natural width; long text columns share what is left.
// A key figure's change keeps its two lines (the change, what it is compared with) unwrapped.
QList<qreal> fittedWidths(const ReportTable &table, const QList<qreal> &natural, const QList<qreal> &minimum)
{
    auto flexible = [&](int c) {
        return table.columns.at(c).format == ValueFormat::Text && natural[c] > 160.0
            && table.columns.at(c).header != QLatin1String(kChangeHeader);
    };
    qreal fixed = 0, flexibleNatural = 0;
    const int columns = static_cast<int>(table.columns.size());
    for (int c = 0; c < columns; ++c) {
        if (flexible(c))
            flexibleNatural += natural[c];
        else
            fixed += natural[c];
    }
    QList<qreal> widths = natural;
    const qreal total = fixed + flexibleNatural;
    if (total > kContentWidth && flexibleNatural > 0) {
        const qreal room = std::max(kContentWidth - fixed, 120.0);
        for (int c = 0; c < columns; ++c) {
            if (flexible(c))
                widths[c] = std::max(minimum[c], room * natural[c] / flexibleNatural);
        }
    }
    qreal sum = 0;
    for (qreal w : widths)
        sum += w;
    if (sum > kContentWidth) {
        // Still too wide: scale every column down; the cells wrap.
        for (qreal &w : widths)
            w *= kContentWidth / sum;
    }
    return widths;
}

TableLayout layoutTable(const ReportTable &full)
{
    const ReportTable table = printedColumns(full);
    TableLayout t;
    t.table = table;
    const int columns = static_cast<int>(table.columns.size());
    for (const ReportColumn &column : table.columns)
        t.rightAligned.append(column.format != ValueFormat::Text || column.header == QLatin1String("Figure")
                              || column.header == QLatin1String(kChangeHeader));
    const QFontMetricsF fm(tableFont());
    const QFontMetricsF bold(tableBold());
    QList<qreal> natural(columns, 0.0);
    QList<qreal> minimum(columns, 0.0);
    for (const ReportRow &row : table.rows) {
        QStringList texts;
        for (int c = 0; c < columns; ++c) {
            // As the screen prints the cell: its row's format and its stated decimals.
            const ReportColumn column = reporttables::effectiveColumn(table, row, c);
            const QString text = reporttables::displayText(row.cells.value(c), column);
            texts.append(text);
            // A cell of several lines (a change above what it is compared with) is as wide as its longest.
            qreal w = 0;
            for (const QString &line : text.split(QLatin1Char('\n')))
                w = std::max(w, (row.kind == RowKind::Line ? fm : bold).horizontalAdvance(line) + 2 * kCellPadX + 1);
            natural[c] = std::max(natural[c], w);
            if (column.format != ValueFormat::Text)
                minimum[c] = std::max(minimum[c], w);
        }
        t.texts.append(texts);
    }
    // The least width of a column: its longest word (header or cell), so wrapping never splits a word;
    // numbers never wrap, and get room enough for their header to wrap into a few lines.
    for (int c = 0; c < columns; ++c) {
        qreal longestWord = 0;
        for (const QString &word : table.columns.at(c).header.split(QLatin1Char(' ')))
            longestWord = std::max(longestWord, bold.horizontalAdvance(word) + 2 * kCellPadX + 1);
        for (int r = 0; r < t.texts.size(); ++r) {
            const QFontMetricsF &m = table.rows.at(r).kind == RowKind::Line ? fm : bold;
            for (const QString &word : t.texts.at(r).at(c).split(QRegularExpression(QStringLiteral("[ \n]"))))
                longestWord = std::max(longestWord, m.horizontalAdvance(word) + 2 * kCellPadX + 1);
        }
        const bool number = table.columns.at(c).format != ValueFormat::Text;
        // A number column is wide enough for its header in three lines at most.
        const qreal headerThird = bold.horizontalAdvance(table.columns.at(c).header) / 3.0 + 2 * kCellPadX + 4;
        minimum[c] = std::max({minimum[c], longestWord, number ? std::max(62.0, headerThird) : 40.0});
        natural[c] = std::max(natural[c], minimum[c]);
    }
    t.widths = fittedWidths(table, natural, minimum);
    t.headerHeight = 0;
    for (int c = 0; c < columns; ++c)
        t.headerHeight = std::max(t.headerHeight, textHeight(tableBold(), table.columns.at(c).header, t.widths[c] - 2 * kCellPadX));
    t.headerHeight += 2 * kCellPadY;
    for (int r = 0; r < table.rows.size(); ++r) {
        qreal h = fm.height();
        for (int c = 0; c < columns; ++c) {
            const QFont &f = table.rows.at(r).kind == RowKind::Line ? tableFont() : tableBold();
            h = std::max(h, textHeight(f, t.texts.at(r).at(c), t.widths[c] - 2 * kCellPadX));
        }
        t.rowHeights.append(h + 2 * kCellPadY);
    }
    return t;
}

qreal tableWidth(const TableLayout &t)
{
    qreal w = 0;
    for (qreal c : t.widths)
        w += c;
    return w;
}

void paintTableHeader(QPainter *p, const TableLayout &t, qreal x, qreal y)
{
    const qreal width = tableWidth(t);
    p->fillRect(QRectF(x, y, width, t.headerHeight), kHeaderFill);
    p->setPen(kInk);
    p->setFont(tableBold());
    qreal cx = x;
    for (int c = 0; c < t.widths.size(); ++c) {
        const bool number = t.rightAligned.at(c);
        p->drawText(QRectF(cx + kCellPadX, y + kCellPadY, t.widths[c] - 2 * kCellPadX, t.headerHeight - 2 * kCellPadY),
                    t.table.columns.at(c).header, wrapOption((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom));
        cx += t.widths[c];
    }
    p->setPen(QPen(kInk, 0.8));
    p->drawLine(QPointF(x, y + t.headerHeight), QPointF(x + width, y + t.headerHeight));
}

void paintTableRows(QPainter *p, const TableLayout &t, int first, int last, qreal x, qreal y)
{
    const qreal width = tableWidth(t);
    for (int r = first; r < last; ++r) {
        const ReportRow &row = t.table.rows.at(r);
        const qreal h = t.rowHeights.at(r);
        if (row.kind != RowKind::Line)
            p->fillRect(QRectF(x, y, width, h), QColor(0xF3, 0xF3, 0xF3));
        qreal cx = x;
        for (int c = 0; c < t.widths.size(); ++c) {
            const ReportColumn &column = t.table.columns.at(c);
            const bool number = t.rightAligned.at(c);
            const QVariant v = row.cells.value(c);
            const bool negative = number && column.signedChange && v.isValid() && v.toDouble() < 0;
            p->setFont(row.kind == RowKind::Line ? tableFont() : tableBold());
            // Negatives keep their minus sign (greyscale print) and are red on colour.
            p->setPen(negative ? kNegative : kInk);
            p->drawText(QRectF(cx + kCellPadX, y + kCellPadY, t.widths[c] - 2 * kCellPadX, h - 2 * kCellPadY),
                        t.texts.at(r).at(c), wrapOption((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop));
            cx += t.widths[c];
        }
        p->setPen(QPen(row.kind == RowKind::Total ? kInk : kRule, row.kind == RowKind::Total ? 0.8 : 0.4));
        p->drawLine(QPointF(x, y + h), QPointF(x + width, y + h));
        y += h;
    }
}

// The figures the executive summary shows, each read from the report's tables or the store.
struct SummaryTile {
    QString value;
    QString label;
    QString detail;
};

std::optional<double> cellOf(const std::optional<ReportTable> &table, const QString &rowStart, int column)
{
    if (!table)
        return std::nullopt;
    for (const ReportRow &row : table->rows) {
        if (row.cells.value(0).toString().startsWith(rowStart, Qt::CaseInsensitive)) {
            const QVariant v = row.cells.value(column);
            if (v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Int)
                return v.toDouble();
        }
    }
    return std::nullopt;
}

int columnOf(const std::optional<ReportTable> &table, const QString &headerStart)
{
    if (!table)
        return -1;
    for (int c = 0; c < table->columns.size(); ++c) {
        if (table->columns.at(c).header.startsWith(headerStart, Qt::CaseInsensitive))
            return c;
    }
    return -1;
}

// A £m figure of the report's finance tables, which state them to one decimal; the tile's words say
// whether it is an under- or overspend, so the sign is dropped.
QString millions(double v)
{
    return catalog::formatValue(std::abs(v), QStringLiteral("gbp_m"), 1);
}

// The executive summary for a quarter: its tiles, the report tables they would come from that the
// store does not hold for the quarter, and when the figures shown were known.
struct Summary {
    QList<SummaryTile> tiles;
    QStringList tablesNotHeld; // titles
    QDate asAt;
};

// The tiles of figures the report states (officers, satisfaction, the LCPF), with their change.
void appendStatedTiles(const Store &store, const Period &quarter, Summary *summary)
{
    QHash<QString, QList<packdata::KeyFigure>> figuresByTheme; // one query per theme
    for (const auto &[theme, name, label] :
         {std::tuple{QStringLiteral("A better police service"), QStringLiteral("Police officers"), QStringLiteral("Police officers")},
          std::tuple{QStringLiteral("A better police service"), QStringLiteral("Overall satisfaction (victims)"),
                     QStringLiteral("Victim satisfaction")},
          std::tuple{QStringLiteral("MOPAC finances"), QStringLiteral("LCPF allocation, printed Grand Total"),
                     QStringLiteral("London Crime Prevention Fund")}}) {
        if (!figuresByTheme.contains(theme))
            figuresByTheme.insert(theme, packdata::keyFigures(store, theme, quarter));
        for (const packdata::KeyFigure &k : figuresByTheme.value(theme)) {
            if (k.measure != name)
                continue;
            // A tile has no room for a disagreement's note: it says there is one, and where.
            const QString period = packdata::periodText(k);
            QString detail = k.statedIn.isEmpty() ? period : QStringLiteral("%1, %2").arg(k.statedIn, period);
            if (!k.previousPeriod.isEmpty())
                detail += QStringLiteral("; %1 on %2 (%3), calculated").arg(packdata::changeText(k), packdata::previousText(k), k.previousPeriod);
            if (!k.disagreements.isEmpty())
                detail += QStringLiteral(". The report disagrees with itself: see the note under the section's key figures.");
            summary->tiles.append({catalog::formatValue(k.value, k.unit, k.decimals), label, detail});
            summary->asAt = std::max(summary->asAt, k.asAt);
        }
    }
}

Summary summaryFor(const Store &store, const Period &quarter)
{
    Summary summary;
    QList<SummaryTile> &tiles = summary.tiles;
    QString error;
    const QString year = Period::financialYearLabel(quarter.financialYearStart());
    auto table = [&](const QString &id) {
        auto built = reporttables::build(store, id, quarter, &error);
        if (!built || built->rows.isEmpty()) {
            summary.tablesNotHeld.append(reporttables::title(id));
            return std::optional<ReportTable>();
        }
        summary.asAt = std::max(summary.asAt, quarter.end());
        return built;
    };
    const auto crime = table(QStringLiteral("recorded-crime-12m"));
    if (crime && crime->columns.size() >= 6) {
        if (const auto tno = cellOf(crime, QStringLiteral("Total Notifiable"), 3)) {
            const auto pct = cellOf(crime, QStringLiteral("Total Notifiable"), 5);
            // The change is Oversight's, from the table's two periods, to the table's one decimal.
            tiles.append({catalog::formatValue(*tno, QStringLiteral("count"), 0), QStringLiteral("Total notifiable offences"),
                          QStringLiteral("Recorded crime table, %1%2").arg(crime->columns.at(3).header,
                                                     pct ? QStringLiteral("; %1%2 on the previous 12 months (calculated)")
                                                               .arg(*pct > 0 ? QStringLiteral("+") : QString(),
                                                                    catalog::formatValue(*pct, QStringLiteral("percent"), 1))
                                                         : QString())});
        }
    }
    const auto revenue = table(QStringLiteral("revenue"));
    const int budget = columnOf(revenue, QStringLiteral("Full Year Budget"));
    const int variance = revenue ? static_cast<int>(revenue->columns.size()) - 1 : -1;
    if (const auto net = cellOf(revenue, QStringLiteral("TOTAL NET EXPENDITURE"), budget))
        tiles.append({millions(*net), QStringLiteral("Net revenue budget %1").arg(year),
                      QStringLiteral("Revenue table: total net expenditure, full-year budget, MPS and MOPAC")});
    if (const auto overall = cellOf(revenue, QStringLiteral("OVERALL MPS"), variance))
        tiles.append({millions(*overall), QStringLiteral("Forecast revenue %1").arg(*overall < 0 ? QStringLiteral("underspend") : QStringLiteral("overspend")),
                      QStringLiteral("Revenue table: full-year forecast variance")});
    const auto capital = table(QStringLiteral("capital"));
    if (const auto cap = cellOf(capital, QStringLiteral("Total Capital"), 2)) {
        // The forecast as the report states it: its table and its text both give it whole ("268",
        // "£268m"), and the table's column is kept to one decimal, so the stated figure is quoted.
        // Only where it is this quarter's table's figure: a later quarter's table restates the forecast,
        // and an earlier report's words must not stand in for it.
        QString forecastText;
        const auto tableForecast = cellOf(capital, QStringLiteral("Total Capital"), 4);
        for (const packdata::KeyFigure &k : packdata::keyFigures(store, QStringLiteral("Finance"), quarter)) {
            if (k.measure == QLatin1String("Capital expenditure forecast") && tableForecast && std::abs(*tableForecast - k.value) < 0.05)
                forecastText = QStringLiteral("; forecast spend %1 (%2)").arg(catalog::formatValue(k.value, k.unit, k.decimals), k.statedIn);
        }
        if (forecastText.isEmpty()) {
            if (const auto forecast = cellOf(capital, QStringLiteral("Total Capital"), 4))
                forecastText = QStringLiteral("; forecast spend %1").arg(millions(*forecast));
        }
        tiles.append({millions(*cap), QStringLiteral("Capital programme budget"), QStringLiteral("Capital table") + forecastText});
    }
    const auto savings = table(QStringLiteral("savings"));
    if (const auto planned = cellOf(savings, QStringLiteral("Total"), 1)) {
        const auto forecast = cellOf(savings, QStringLiteral("Total"), 2);
        tiles.append({millions(*planned), QStringLiteral("Savings to deliver %1").arg(year),
                      QStringLiteral("Savings table%1").arg(forecast ? QStringLiteral("; forecast to deliver %1").arg(millions(*forecast)) : QString())});
    }
    appendStatedTiles(store, quarter, &summary);
    return summary;
}

// A laid-out thing on a page: what it is, for tests and the contents, and how to paint it.
struct Item {
    PackBlock block;
    Draw draw;
};

struct Page {
    QString section;
    QString heading;
    QStringList sources;
    QList<Item> items;
};

struct ContentsEntry {
    QString text;
    int page;
    bool section;
};

// What the pack is of, checked before anything is built: the quarter (one the store holds; officers
// write quarters several ways, so periods are compared, not text), the sections chosen, and the
// commentary to print.
struct PackPlan {
    explicit PackPlan(const Period &quarterPeriod) : period(quarterPeriod) {}
    Period period;
    QString quarter;     // "Q1 2017/18"
    QString quarterLong; // "Q1 2017/18 (April to June 2017)"
    QList<PackSection> sections;
    QHash<QString, QString> commentary;
    int totalSteps = 0; // progress steps of the layout; painting takes as many again
};

std::optional<PackPlan> planPack(const Store &store, const PackOptions &options, QString *error)
{
    QString heldError;
    const QList<Period> held = reporttables::quartersHeld(store, &heldError);
    if (held.isEmpty()) {
        *error = heldError.isEmpty() ? QStringLiteral("the store holds no quarterly report to build a pack from")
                                     : QStringLiteral("the quarters held could not be read: %1").arg(heldError);
        return std::nullopt;
    }
    PackPlan plan(held.last());
    if (!options.quarter.isEmpty()) {
        const auto asked = Period::parse(options.quarter);
        if (!asked || asked->kind() != Period::Kind::Quarter) {
            *error = QStringLiteral("'%1' is not a quarter (write it as Q1 2017/18)").arg(options.quarter);
            return std::nullopt;
        }
        if (!held.contains(*asked)) {
            QStringList labels;
            for (const Period &q : held)
                labels.append(q.label());
            *error = QStringLiteral("the store holds no report for %1; the quarters it holds are: %2")
                         .arg(asked->label(), labels.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        plan.period = *asked;
    }
    plan.quarter = plan.period.label();
    plan.quarterLong = QStringLiteral("%1 (%2 to %3)")
                           .arg(plan.quarter, enGB().toString(plan.period.start(), QStringLiteral("MMMM")),
                                enGB().toString(plan.period.end(), QStringLiteral("MMMM yyyy")));
    QStringList ids;
    for (const PackSection &s : packSections()) {
        ids.append(s.id);
        if (options.sections.isEmpty() || options.sections.contains(s.id))
            plan.sections.append(s);
    }
    for (const QString &wanted : options.sections) {
        if (!ids.contains(wanted)) {
            *error = QStringLiteral("no section '%1'; the sections are: %2").arg(wanted, ids.join(QStringLiteral(", ")));
            return std::nullopt;
        }
    }
    plan.commentary = options.commentary.isEmpty() ? packdata::commentary(store, plan.quarter) : options.commentary;
    for (const PackSection &s : plan.sections)
        plan.totalSteps += static_cast<int>(s.charts.size() + s.tables.size()) + 1;
    return plan;
}

// Turns the plan into pages of draw operations: each section's title, commentary, key figures,
// charts (built here: the slow part) and tables (split across pages with repeated headers, no
// widows, notes kept with their last rows). Nothing is painted.
class PackLayout {
public:
    PackLayout(const Store &store, const PackPlan &plan, const PackOptions &options, std::function<bool(const QString &)> advance)
        : m_store(store), m_plan(plan), m_options(options), m_advance(std::move(advance))
    {
    }

    // False when cancelled (*error says so).
    bool run(QString *error)
    {
        pages.append({QString(), QStringLiteral("Cover"), {}, {}});
        pages.append({QString(), QStringLiteral("Contents"), {}, {}});
        pages.append({QStringLiteral("Executive summary"), QStringLiteral("Executive summary"), {}, {}});
        contents.append({QStringLiteral("Executive summary"), 3, true});
        summary = summaryFor(m_store, m_plan.period);
        shown(summary.asAt);
        for (const PackSection &section : m_plan.sections) {
            if (!m_advance(section.title) || !laySection(section)) {
                *error = QStringLiteral("cancelled");
                return false;
            }
        }
        return true;
    }

    // "Data as at" is that of the figures the pack shows (never after the quarter's end).
    QDate asAt() const { return m_shownAsAt.isValid() ? m_shownAsAt : m_plan.period.end(); }

    QList<Page> pages;
    std::vector<std::unique_ptr<Figure>> figures; // alive until painted
    QList<ContentsEntry> contents;
    Summary summary;

private:
    void shown(const QDate &day)
    {
        if (day.isValid() && day <= m_plan.period.end())
            m_shownAsAt = std::max(m_shownAsAt, day);
    }
    void newPage(const QString &section, const QString &heading)
    {
        pages.append({section, heading, {}, {}});
        m_y = kContentTop;
    }
    qreal room() const { return kContentBottom - m_y; }
    void add(PackBlock::Kind kind, const QString &title, const QRectF &rect, Draw draw)
    {
        pages.last().items.append({{kind, title, rect}, std::move(draw)});
    }
    void addSource(const QString &source)
    {
        if (!pages.last().sources.contains(source))
            pages.last().sources.append(source);
    }

    bool laySection(const PackSection &section);
    void layTitle(const PackSection &section);
    void layCommentary(const PackSection &section);
    void layKeyFigures(const PackSection &section);
    void layKeyFigureRows(const PackSection &section, const std::shared_ptr<TableLayout> &layout);
    ReportTable keyFigureTable(const QList<packdata::KeyFigure> &figuresHeld);
    // False when the chart is left out for want of data (its title in *skipped).
    void layChart(const PackSection &section, const QString &entry, QStringList *skipped);
    // The report's figure beside the open data's for what a chart draws, laid out but not placed.
    struct SourceComparisonBlock {
        std::shared_ptr<TableLayout> table;
        QString title;
        QString reason;
        qreal tableHeight = 0;
        qreal height = 0; // with the reason under the table and the gap after it
    };
    std::optional<SourceComparisonBlock> sourceComparison(const QString &chartId);
    void placeSourceComparison(const SourceComparisonBlock &block);
    void layTable(const PackSection &section, const QString &tableId);
    void layMissingTable(const PackSection &section, const QString &tableId, const QString &tableError);
    void layTableRows(const PackSection &section, const ReportTable &table);
    void layChartsLeftOut(const PackSection &section, const QStringList &skipped);
    void placeNote(const QString &text, const QString &section, const QString &owner);

    const Store &m_store;
    const PackPlan &m_plan;
    const PackOptions &m_options;
    std::function<bool(const QString &)> m_advance;
    qreal m_y = kContentTop;
    QDate m_shownAsAt;
};

bool PackLayout::laySection(const PackSection &section)
{
    newPage(section.title, section.title);
    contents.append({section.title, static_cast<int>(pages.size()), true});
    layTitle(section);
    layCommentary(section);
    layKeyFigures(section);
    QStringList skipped; // charts left out for want of data: named at the end of the section
    for (const QString &entry : section.charts) {
        if (m_options.excludedCharts.contains(entry) || m_options.excludedCharts.contains(entry.section(QLatin1Char('|'), 0, 0)))
            continue;
        if (!m_advance(entry))
            return false;
        layChart(section, entry, &skipped);
    }
    for (const QString &tableId : section.tables) {
        if (!m_advance(tableId))
            return false;
        layTable(section, tableId);
    }
    layChartsLeftOut(section, skipped);
    return true;
}

void PackLayout::layTitle(const PackSection &section)
{
    const QString title = section.title;
    const qreal top = m_y;
    add(PackBlock::Kind::SectionTitle, title, QRectF(kMarginX, top, kContentWidth, 34), [title, top](QPainter *p) {
        p->setFont(font(18, true));
        p->setPen(kAccent);
        p->drawText(QRectF(kMarginX, top, kContentWidth, 30), title, wrapOption());
        p->setPen(QPen(kAccent, 2));
        p->drawLine(QPointF(kMarginX, top + 32), QPointF(kMarginX + 160, top + 32));
    });
    m_y += 44;
}

void PackLayout::layCommentary(const PackSection &section)
{
    const QString text = m_plan.commentary.value(section.id).trimmed();
    if (text.isEmpty())
        return;
    const QFont f = font(10.5);
    const qreal h = textHeight(f, text, kContentWidth - 16);
    const qreal top = m_y;
    add(PackBlock::Kind::Commentary, text, QRectF(kMarginX, top, kContentWidth, h), [text, top, h, f](QPainter *p) {
        p->fillRect(QRectF(kMarginX, top, 3, h), kAccent);
        p->setFont(f);
        p->setPen(kInk);
        p->drawText(QRectF(kMarginX + 12, top, kContentWidth - 16, h + 2), text, wrapOption());
    });
    m_y += h + kGap;
}

ReportTable PackLayout::keyFigureTable(const QList<packdata::KeyFigure> &figuresHeld)
{
    ReportTable keyTable;
    keyTable.id = QStringLiteral("key-figures");
    keyTable.title = QStringLiteral("Key figures");
    // The change on the previous quarter (or the year before) only where one is held.
    const bool changes = std::any_of(figuresHeld.begin(), figuresHeld.end(),
                                     [](const packdata::KeyFigure &k) { return !k.previousPeriod.isEmpty(); });
    keyTable.columns = {{QStringLiteral("Measure")}, {QStringLiteral("Period")}, {QStringLiteral("Figure")}};
    if (changes)
        keyTable.columns.append({QString(kChangeHeader)});
    keyTable.columns += {{QStringLiteral("Stated in the report")}, {QStringLiteral("Source")}};
    for (const packdata::KeyFigure &k : figuresHeld) {
        if (!k.source.isEmpty())
            addSource(k.source);
        shown(k.asAt);
        ReportRow row;
        // As stated: the text's rounded "£2,504m" stays so beside its table's "£2,503.5m".
        row.cells = {k.measure, packdata::periodText(k), catalog::formatValue(k.value, k.unit, k.decimals)};
        // The change on the earlier figure, and beneath it the earlier figure's period.
        if (changes)
            row.cells.append(k.previousPeriod.isEmpty()
                                 ? QString()
                                 : QStringLiteral("%1 on %2\n(%3)").arg(packdata::changeText(k), packdata::previousText(k), k.previousPeriod));
        row.cells += {k.statedIn, k.source};
        keyTable.rows.append(row);
    }
    return keyTable;
}

// Key figures the store holds for the section's measures (stated figures, not open data).
void PackLayout::layKeyFigures(const PackSection &section)
{
    if (section.theme.isEmpty())
        return;
    const QList<packdata::KeyFigure> figuresHeld = packdata::keyFigures(m_store, section.theme, m_plan.period);
    if (figuresHeld.isEmpty())
        return;
    // Figures are preformatted text here; the Figure column is right-aligned as a number would be.
    layKeyFigureRows(section, std::make_shared<TableLayout>(layoutTable(keyFigureTable(figuresHeld))));
    // Which statement each figure is: the report's text rounds some figures its tables give to a
    // decimal, and both are printed as stated, never re-rounded or padded. And where the report
    // states two values for a key figure, the note says so.
    QStringList notes{QStringLiteral(
        "Each figure is printed as the report states it, to the decimals it is stated with, and "
        "\u201cStated in the report\u201d says where: a figure the text rounds (the Executive Summary's) "
        "keeps its rounding, beside the same figure from a table with the table's decimals.")};
    for (const packdata::KeyFigure &k : figuresHeld) {
        for (const SourceDisagreement &d : k.disagreements) {
            const QString line = disagreements::note(d);
            if (!notes.contains(line))
                notes.append(line);
        }
    }
    m_y -= kGap;
    placeNote(notes.join(QLatin1Char('\n')), section.title, QStringLiteral("Key figures"));
    m_y += kGap;
}

void PackLayout::layKeyFigureRows(const PackSection &section, const std::shared_ptr<TableLayout> &layout)
{
    const int rows = static_cast<int>(layout->table.rows.size());
    int first = 0;
    while (first < rows) {
        if (room() < layout->headerHeight + 24 + layout->rowHeights.at(first))
            newPage(section.title, QStringLiteral("Key figures (continued)"));
        const qreal top = m_y;
        int last = first;
        qreal h = layout->headerHeight + 20;
        while (last < rows && h + layout->rowHeights.at(last) <= room()) {
            h += layout->rowHeights.at(last);
            ++last;
        }
        const bool continued = first > 0;
        add(PackBlock::Kind::KeyFigures, QStringLiteral("Key figures"), QRectF(kMarginX, top, tableWidth(*layout), h),
            [layout, first, last, top, continued](QPainter *p) {
                p->setFont(font(10, true));
                p->setPen(kInk);
                p->drawText(QPointF(kMarginX, top + 13), continued ? QStringLiteral("Key figures (continued)") : QStringLiteral("Key figures"));
                paintTableHeader(p, *layout, kMarginX, top + 20);
                paintTableRows(p, *layout, first, last, kMarginX, top + 20 + layout->headerHeight);
            });
        pages.last().items.last().block.firstRow = first;
        pages.last().items.last().block.lastRow = last;
        pages.last().items.last().block.rowCount = rows;
        m_y += h + kGap;
        first = last;
    }
}

// Where the report states a figure for what the chart draws from another source (the report's
// 790,473 offences against the open data's 791,297), both go above the chart, labelled, with the
// difference and why, on the chart's page.
std::optional<PackLayout::SourceComparisonBlock> PackLayout::sourceComparison(const QString &chartId)
{
    const auto c = sourcecomparison::forChart(m_store, chartId, m_plan.period.end());
    if (!c)
        return std::nullopt;
    ReportTable t;
    t.columns = {{QStringLiteral("Source")}, {QStringLiteral("What it counts")}, {QStringLiteral("Figure")}};
    auto row = [](const QList<QVariant> &cells) {
        ReportRow r;
        r.cells = cells;
        return r;
    };
    t.rows.append(row({c->report.source, c->report.detail, sourcecomparison::text(*c, c->report)}));
    t.rows.append(row({c->openData.source, c->openData.detail + QStringLiteral(" (calculated)"), sourcecomparison::text(*c, c->openData)}));
    t.rows.append(row({QStringLiteral("Difference"), QStringLiteral("Open data minus report (calculated)"), sourcecomparison::differenceText(*c)}));
    t.rows.last().kind = RowKind::Subtotal;
    SourceComparisonBlock block;
    block.table = std::make_shared<TableLayout>(layoutTable(t));
    block.title = QStringLiteral("%1, %2: two sources").arg(c->title, c->period);
    block.reason = QStringLiteral("Why they differ: ") + c->reason;
    block.tableHeight = 20 + block.table->headerHeight;
    for (qreal h : block.table->rowHeights)
        block.tableHeight += h;
    block.height = block.tableHeight + 4 + textHeight(font(8, false, true), block.reason, kContentWidth) + kGap;
    return block;
}

void PackLayout::placeSourceComparison(const SourceComparisonBlock &block)
{
    const qreal top = m_y;
    const qreal tableBottom = top + block.tableHeight;
    add(PackBlock::Kind::SourceComparison, block.title, QRectF(kMarginX, top, kContentWidth, block.height - kGap),
        [table = block.table, top, tableBottom, title = block.title, reason = block.reason](QPainter *p) {
            p->setFont(font(10, true));
            p->setPen(kInk);
            p->drawText(QPointF(kMarginX, top + 13), title);
            paintTableHeader(p, *table, kMarginX, top + 20);
            paintTableRows(p, *table, 0, static_cast<int>(table->table.rows.size()), kMarginX, top + 20 + table->headerHeight);
            p->setFont(font(8, false, true));
            p->setPen(kMuted);
            p->drawText(QRectF(kMarginX, tableBottom + 4, kContentWidth, 60), reason, wrapOption());
        });
    m_y += block.height;
}

void PackLayout::layChart(const PackSection &section, const QString &entry, QStringList *skipped)
{
    const QString id = entry.section(QLatin1Char('|'), 0, 0);
    auto figure = createFigure(m_store, id);
    if (!figure)
        return;
    ChartRequest request;
    request.variant = entry.section(QLatin1Char('|'), 1);
    // A quarter's pack shows what was known at its end: time charts and maps stop there, so no later
    // month (the open data runs years on) appears under the quarter's "data as at".
    request.to = m_plan.period.end();
    figure->setRequest(request);
    if (!figure->missingData().isEmpty() && !m_options.includeChartsWithoutData) {
        skipped->append(figure->text().title);
        return;
    }
    // A chart needs room to be read: at least 380 px, else a fresh page; a chart that starts a page
    // may fill it, one below other content takes at most 560 px.
    const std::optional<SourceComparisonBlock> comparison = sourceComparison(id);
    if (room() < 380 + (comparison ? comparison->height : 0))
        newPage(section.title, figure->text().title);
    if (comparison)
        placeSourceComparison(*comparison);
    const qreal h = m_y <= kContentTop ? room() : std::min<qreal>(room(), 560.0);
    const QRectF rect(kMarginX, m_y, kContentWidth, h);
    Figure *raw = figure.get();
    add(PackBlock::Kind::Chart, figure->text().title, rect, [raw, rect](QPainter *p) {
        p->save();
        raw->paint(p, rect);
        p->restore();
        p->setPen(QPen(kRule, 0.5));
        p->drawRect(rect);
    });
    pages.last().sources.append(figure->text().source);
    shown(asAtDate(figure->text().asAt));
    contents.append({figure->text().title, static_cast<int>(pages.size()), false});
    figures.push_back(std::move(figure));
    m_y += h + kGap;
}

void PackLayout::layTable(const PackSection &section, const QString &tableId)
{
    QString tableError;
    const auto table = reporttables::build(m_store, tableId, m_plan.period, &tableError);
    if (!table || table->rows.isEmpty()) {
        layMissingTable(section, tableId, tableError);
        return;
    }
    shown(m_plan.period.end()); // a table built for the quarter is its figures at the quarter's end
    layTableRows(section, *table);
}

// The section still appears: where the table would be, its page says which return is missing for
// the quarter, and why the store gave none.
void PackLayout::layMissingTable(const PackSection &section, const QString &tableId, const QString &tableError)
{
    const QString name = reporttables::title(tableId);
    const QString notice = QStringLiteral("No \u201c%1\u201d return is held for %2: import it to fill this page "
                                          "(File \u2192 Import a spreadsheet, or oversight import FILE).")
                               .arg(name, m_plan.quarter);
    QString why = tableError;
    if (!why.isEmpty()) {
        why[0] = why.at(0).toUpper();
        why += QLatin1Char('.');
    }
    const QFont bold = font(11, true);
    const QFont body = font(9.5);
    const QFont small = font(8, false, true);
    const qreal textW = kContentWidth - 24;
    const qreal h = 20 + textHeight(body, notice, textW) + (why.isEmpty() ? 0 : 4 + textHeight(small, why, textW)) + 16;
    if (room() < h)
        newPage(section.title, name);
    contents.append({QStringLiteral("%1 (not held for %2)").arg(name, m_plan.quarter), static_cast<int>(pages.size()), false});
    const qreal top = m_y;
    add(PackBlock::Kind::MissingTable, name, QRectF(kMarginX, top, kContentWidth, h),
        [name, notice, why, top, h, bold, body, small, textW](QPainter *p) {
            const QRectF box(kMarginX, top, kContentWidth, h);
            p->fillRect(box, QColor(0xFB, 0xF4, 0xE6));
            p->setPen(QPen(QColor(0xC8, 0x8A, 0x12), 1.0));
            p->drawRect(box);
            p->setPen(kInk);
            p->setFont(bold);
            p->drawText(QPointF(kMarginX + 12, top + 18), name);
            p->setFont(body);
            const qreal noticeH = textHeight(body, notice, textW);
            p->drawText(QRectF(kMarginX + 12, top + 24, textW, noticeH + 2), notice, wrapOption());
            if (!why.isEmpty()) {
                p->setFont(small);
                p->setPen(kMuted);
                p->drawText(QRectF(kMarginX + 12, top + 28 + noticeH, textW, h - 28 - noticeH), why, wrapOption());
            }
        });
    m_y += h + kGap;
}

// Rows on this page: as many as fit, then the note's room (kept with the last rows) and no widows.
int lastRowOnPage(const TableLayout &layout, int first, qreal startHeight, qreal room, qreal noteH, qreal *height)
{
    const int rows = static_cast<int>(layout.table.rows.size());
    qreal h = startHeight;
    int last = first;
    while (last < rows && h + layout.rowHeights.at(last) <= room) {
        h += layout.rowHeights.at(last);
        ++last;
    }
    if (last == first) { // a row taller than a page still gets a page of its own
        h += layout.rowHeights.at(first);
        last = first + 1;
    }
    // The note (the significance rule, how many statuses are inferred) goes under the table's last
    // rows: hold rows over to the next page rather than leave it out.
    while (last >= rows && noteH > 0 && h + noteH > room && last - first > 1) {
        --last;
        h -= layout.rowHeights.at(last);
    }
    // No widows: a split leaves at least three rows (never a lone total) for the next page.
    if (last < rows && rows - last < 3 && last - first > 3) {
        const int kept = std::max(first + 1, rows - 3);
        for (int r = kept; r < last; ++r)
            h -= layout.rowHeights.at(r);
        last = kept;
    }
    *height = h;
    return last;
}

void PackLayout::layTableRows(const PackSection &section, const ReportTable &table)
{
    auto layout = std::make_shared<TableLayout>(layoutTable(table));
    const qreal titleH = 20 + textHeight(font(8.5), table.subtitle, kContentWidth) + 4;
    // Start on a new page unless the header and a few rows fit.
    qreal firstRows = 0;
    for (int r = 0; r < std::min<int>(3, static_cast<int>(layout->rowHeights.size())); ++r)
        firstRows += layout->rowHeights.at(r);
    if (room() < titleH + layout->headerHeight + firstRows)
        newPage(section.title, table.title);
    contents.append({table.title, static_cast<int>(pages.size()), false});
    const qreal noteH = table.note.isEmpty() ? 0 : textHeight(font(7.5, false, true), table.note, kContentWidth) + 6;
    const int rows = static_cast<int>(layout->table.rows.size());
    const QString source = table.source.startsWith(QLatin1String("Source")) || table.source.isEmpty()
                               ? table.source
                               : QStringLiteral("Source: ") + table.source;
    int first = 0;
    while (first < rows) {
        if (first > 0)
            newPage(section.title, table.title + QStringLiteral(" (continued)"));
        const qreal top = m_y;
        qreal h = 0;
        const int last = lastRowOnPage(*layout, first, titleH + layout->headerHeight, room(), noteH, &h);
        const QString title = table.title + (first > 0 ? QStringLiteral(" (continued)") : QString());
        const QString subtitle = table.subtitle;
        add(PackBlock::Kind::Table, table.title, QRectF(kMarginX, top, tableWidth(*layout), h),
            [layout, first, last, top, title, subtitle, titleH](QPainter *p) {
                p->setFont(font(11, true));
                p->setPen(kInk);
                p->drawText(QPointF(kMarginX, top + 14), title);
                p->setFont(font(8.5));
                p->setPen(kMuted);
                p->drawText(QRectF(kMarginX, top + 19, kContentWidth, titleH - 19), subtitle, wrapOption());
                paintTableHeader(p, *layout, kMarginX, top + titleH);
                paintTableRows(p, *layout, first, last, kMarginX, top + titleH + layout->headerHeight);
            });
        pages.last().items.last().block.firstRow = first;
        pages.last().items.last().block.lastRow = last;
        pages.last().items.last().block.rowCount = rows;
        m_y += h;
        if (last >= rows)
            placeNote(table.note, section.title, table.title);
        pages.last().sources.append(source);
        m_y += kGap;
        first = last;
    }
}

void PackLayout::layChartsLeftOut(const PackSection &section, const QStringList &skipped)
{
    if (skipped.isEmpty())
        return;
    const QString note = QStringLiteral("Not included, for want of figures in the store: %1. These charts fill in once the "
                                        "data is imported (File → Import a spreadsheet).")
                             .arg(skipped.join(QStringLiteral("; ")));
    const QFont f = font(8.5, false, true);
    const qreal h = textHeight(f, note, kContentWidth);
    if (room() < h + 4)
        newPage(section.title, QStringLiteral("Charts not included"));
    const qreal top = m_y;
    add(PackBlock::Kind::ChartsLeftOut, note, QRectF(kMarginX, top, kContentWidth, h), [note, top, h, f](QPainter *p) {
        p->setFont(f);
        p->setPen(kMuted);
        p->drawText(QRectF(kMarginX, top, kContentWidth, h + 2), note, wrapOption());
    });
    m_y += h + kGap;
}

// A table's note, under it: never dropped for want of room (it may say the report disagrees with
// itself about a figure above); a note that does not fit goes to the top of the next page, naming
// the table it belongs to.
void PackLayout::placeNote(const QString &text, const QString &section, const QString &owner)
{
    if (text.isEmpty())
        return;
    const QFont f = font(7.5, false, true);
    QString note = text;
    if (room() < textHeight(f, note, kContentWidth) + 6) {
        newPage(section, owner + QStringLiteral(" (continued)"));
        note = QStringLiteral("%1, previous page: %2").arg(owner, text);
    }
    const qreal h = textHeight(f, note, kContentWidth) + 6;
    const qreal top = m_y + 4;
    add(PackBlock::Kind::Note, note, QRectF(kMarginX, top, kContentWidth, h - 4), [note, top, h, f](QPainter *p) {
        p->setFont(f);
        p->setPen(kMuted);
        p->drawText(QRectF(kMarginX, top, kContentWidth, h + 2), note, wrapOption());
    });
    m_y += h;
}

// Paints laid-out pages: the cover, every other page's header and footer (section, sources, data as
// at, page x of y), the contents and the executive summary, then each page's laid-out items.
class PackPainter {
public:
    PackPainter(QPainter &painter, const PackPlan &plan, const PackLayout &layout)
        : m_painter(painter), m_plan(plan), m_layout(layout), m_asAt(asAtText(layout.asAt())),
          m_built(enGB().toString(QDate::currentDate(), QStringLiteral("d MMMM yyyy")))
    {
    }

    void paintPage(int index)
    {
        m_painter.fillRect(QRectF(0, 0, kPageWidth, kPageHeight), Qt::white);
        if (index == 0) {
            paintCover();
            return;
        }
        paintFrame(index);
        if (index == 1)
            paintContents();
        else if (index == 2)
            paintSummary();
        for (const Item &item : m_layout.pages.at(index).items) {
            m_painter.save();
            item.draw(&m_painter);
            m_painter.restore();
        }
    }

private:
    void paintCover();
    void paintFrame(int index);
    void paintContents();
    void paintSummary();

    QPainter &m_painter;
    const PackPlan &m_plan;
    const PackLayout &m_layout;
    const QString m_asAt;
    const QString m_built;
};

void PackPainter::paintCover()
{
    QPainter &p = m_painter;
    p.fillRect(QRectF(0, 0, kPageWidth, 220), kAccent);
    p.setPen(Qt::white);
    p.setFont(font(13, true));
    p.drawText(QRectF(kMarginX, 60, kContentWidth, 24), QStringLiteral("Mayor's Office for Policing And Crime"));
    p.setFont(font(28, true));
    p.drawText(QRectF(kMarginX, 100, kContentWidth, 50), QStringLiteral("Quarterly Performance Update Report"));
    p.setFont(font(18));
    p.drawText(QRectF(kMarginX, 155, kContentWidth, 34), m_plan.quarterLong);
    p.setPen(kInk);
    p.setFont(font(12));
    p.drawText(QRectF(kMarginX, 270, kContentWidth, 24),
               QStringLiteral("Performance of the Metropolitan Police Service against the Police and Crime Plan, and MOPAC and MPS finances"));
    p.setFont(font(11));
    p.setPen(kMuted);
    p.drawText(QRectF(kMarginX, 320, kContentWidth, 20), m_asAt);
    p.drawText(QRectF(kMarginX, 344, kContentWidth, 20), QStringLiteral("Pack built %1 with Oversight").arg(m_built));
}

void PackPainter::paintFrame(int index)
{
    QPainter &p = m_painter;
    const Page &page = m_layout.pages.at(index);
    p.setFont(font(8.5, true));
    p.setPen(kAccent);
    p.drawText(QRectF(kMarginX, 20, kContentWidth / 2, 16), page.section.isEmpty() ? page.heading : page.section);
    p.setFont(font(8.5));
    p.setPen(kMuted);
    p.drawText(QRectF(kMarginX + kContentWidth / 2, 20, kContentWidth / 2, 16),
               QStringLiteral("MOPAC Quarterly Performance Update Report · %1").arg(m_plan.quarter), QTextOption(Qt::AlignRight));
    p.setPen(QPen(kRule, 0.6));
    p.drawLine(QPointF(kMarginX, 40), QPointF(kMarginX + kContentWidth, 40));
    p.drawLine(QPointF(kMarginX, kPageHeight - 38), QPointF(kMarginX + kContentWidth, kPageHeight - 38));
    p.setFont(font(7.5));
    p.setPen(kMuted);
    QStringList sources;
    for (const QString &s : page.sources) {
        const QString plain = s.startsWith(QLatin1String("Source: ")) ? s.mid(8) : s;
        if (!plain.isEmpty() && !sources.contains(plain))
            sources.append(plain);
    }
    const QFontMetricsF fm(font(7.5));
    const QString sourceLine = sources.isEmpty()
                                   ? QString()
                                   : fm.elidedText(QStringLiteral("Sources: ") + sources.join(QStringLiteral("; ")), Qt::ElideRight, kContentWidth * 0.55);
    p.drawText(QRectF(kMarginX, kPageHeight - 33, kContentWidth * 0.56, 14), sourceLine);
    p.drawText(QRectF(kMarginX + kContentWidth * 0.56, kPageHeight - 33, kContentWidth * 0.26, 14), m_asAt, QTextOption(Qt::AlignHCenter));
    p.drawText(QRectF(kMarginX + kContentWidth * 0.82, kPageHeight - 33, kContentWidth * 0.18, 14),
               QStringLiteral("Page %1 of %2").arg(index + 1).arg(m_layout.pages.size()), QTextOption(Qt::AlignRight));
}

// Two columns of entries: sections bold, their charts and tables beneath.
void PackPainter::paintContents()
{
    QPainter &p = m_painter;
    p.setFont(font(18, true));
    p.setPen(kAccent);
    p.drawText(QRectF(kMarginX, kContentTop, kContentWidth, 30), QStringLiteral("Contents"));
    const qreal columnWidth = (kContentWidth - 40) / 2;
    qreal cy = kContentTop + 44;
    qreal cx = kMarginX;
    const QFont sectionFont = font(9.5, true);
    const QFont entryFont = font(8.5);
    for (const ContentsEntry &e : m_layout.contents) {
        const qreal lineH = e.section ? 20 : 15;
        if (cy + lineH > kContentBottom) {
            cy = kContentTop + 44;
            cx += columnWidth + 40;
        }
        if (e.section && cy > kContentTop + 44)
            cy += 4;
        p.setFont(e.section ? sectionFont : entryFont);
        p.setPen(e.section ? kInk : kMuted);
        const QFontMetricsF m(e.section ? sectionFont : entryFont);
        const qreal indent = e.section ? 0 : 14;
        p.drawText(QPointF(cx + indent, cy + m.ascent()), m.elidedText(e.text, Qt::ElideRight, columnWidth - indent - 40));
        const QString number = QString::number(e.page);
        p.drawText(QPointF(cx + columnWidth - m.horizontalAdvance(number), cy + m.ascent()), number);
        cy += lineH;
    }
}

void PackPainter::paintSummary()
{
    QPainter &p = m_painter;
    p.setFont(font(18, true));
    p.setPen(kAccent);
    p.drawText(QRectF(kMarginX, kContentTop, kContentWidth, 30), QStringLiteral("Executive summary"));
    p.setFont(font(10));
    p.setPen(kInk);
    p.drawText(QRectF(kMarginX, kContentTop + 38, kContentWidth, 38),
               QStringLiteral("Key figures for %1, as the report states them: the finance figures as its tables give "
                              "them, to one decimal (its text rounds some of them; the section pages show those "
                              "as the text states them and say where). A change marked calculated is Oversight's.")
                   .arg(m_plan.quarter),
               wrapOption());
    const QList<SummaryTile> &tiles = m_layout.summary.tiles;
    const int perRow = 4;
    const qreal tileW = (kContentWidth - (perRow - 1) * 16) / perRow;
    // Every tile as tall as the longest detail needs (where it is stated, a disagreement's pointer):
    // a tile's words are never cut off.
    qreal tileH = 150;
    for (const SummaryTile &tile : tiles)
        tileH = std::max(tileH, 100 + textHeight(font(8.5), tile.detail, tileW - 26) + 12);
    for (int t = 0; t < tiles.size(); ++t) {
        const QRectF r(kMarginX + (t % perRow) * (tileW + 16), kContentTop + 80 + (t / perRow) * (tileH + 18), tileW, tileH);
        p.fillRect(r, QColor(0xF2, 0xF5, 0xF9));
        p.fillRect(QRectF(r.left(), r.top(), 4, r.height()), kAccent);
        p.setPen(kAccent);
        p.setFont(font(24, true));
        p.drawText(r.adjusted(16, 14, -10, 0), tiles.at(t).value, QTextOption(Qt::AlignLeft | Qt::AlignTop));
        p.setPen(kInk);
        p.setFont(font(10.5, true));
        p.drawText(r.adjusted(16, 62, -10, 0), tiles.at(t).label, wrapOption());
        p.setPen(kMuted);
        p.setFont(font(8.5));
        p.drawText(r.adjusted(16, 100, -10, -6), tiles.at(t).detail, wrapOption());
    }
    const QStringList &notHeld = m_layout.summary.tablesNotHeld;
    if (!notHeld.isEmpty()) {
        const auto rows = (tiles.size() + perRow - 1) / perRow;
        const qreal top = kContentTop + 80 + rows * (tileH + 18);
        const QString missing = QStringLiteral("Not held for %1, so not summarised here: %2. Their sections say so where "
                                               "the tables would be; import those returns to fill them.")
                                    .arg(m_plan.quarter, notHeld.join(QStringLiteral("; ")));
        p.setPen(kInk);
        p.setFont(font(10));
        p.drawText(QRectF(kMarginX, top, kContentWidth, kContentBottom - top), missing, wrapOption());
    }
}

} // namespace

QRectF packContentArea()
{
    return QRectF(kMarginX, kContentTop, kContentWidth, kContentBottom - kContentTop);
}

BoardPackWriter::BoardPackWriter(const Store &store) : m_store(store) {}

bool BoardPackWriter::layOut(const PackOptions &options, const std::function<bool(int, int, const QString &)> &progress, QString *error)
{
    return build(QString(), options, progress, error);
}

bool BoardPackWriter::write(const QString &path, const PackOptions &options,
                            const std::function<bool(int, int, const QString &)> &progress, QString *error)
{
    return build(path, options, progress, error);
}

// Plan, lay out, paint: the first two for layOut(), all three into path for write().
bool BoardPackWriter::build(const QString &path, const PackOptions &options,
                            const std::function<bool(int, int, const QString &)> &progress, QString *error)
{
    m_pages.clear();
    // Every page from one state of the store: an import committed while the pack is built must not
    // put its figures beside the ones read before it.
    const Store::ReadSnapshot snapshot(m_store);
    const std::optional<PackPlan> plan = planPack(m_store, options, error);
    if (!plan)
        return false;
    const int totalSteps = plan->totalSteps;
    int step = 0;
    PackLayout layout(m_store, *plan, options,
                      [&](const QString &what) { return !progress || progress(++step, totalSteps * 2, what); });
    if (!layout.run(error))
        return false;
    auto keepPages = [&] {
        for (const Page &page : layout.pages) {
            PackPageInfo info{page.section, page.heading, {}};
            for (const Item &item : page.items)
                info.blocks.append(item.block);
            m_pages.append(info);
        }
    };
    if (path.isEmpty()) {
        keepPages();
        return true;
    }
    // Into the temporary file of the one write discipline (safewrite.h): a full disk, a failed flush
    // or a cancel leaves the old pack as it was.
    bool cancelled = false;
    const auto paintPack = [&](QIODevice *file, QString *reason) {
        QPdfWriter writer(file);
        writer.setResolution(96);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(0, 0, 0, 0)));
        writer.setTitle(oversight::text::metadataEscaped(QStringLiteral("Quarterly Performance Update Report %1").arg(plan->quarter)));
        writer.setCreator(QStringLiteral("Oversight"));
        QPainter painter;
        if (!painter.begin(&writer)) {
            *reason = QStringLiteral("the PDF could not be started");
            return false;
        }
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        PackPainter pagePainter(painter, *plan, layout);
        const int pageCount = static_cast<int>(layout.pages.size());
        for (int i = 0; i < pageCount; ++i) {
            if (progress && !progress(totalSteps + (i + 1) * totalSteps / std::max(pageCount, 1), totalSteps * 2,
                                      QStringLiteral("Page %1 of %2").arg(i + 1).arg(pageCount))) {
                painter.end();
                cancelled = true;
                *reason = QStringLiteral("cancelled");
                return false;
            }
            if (i > 0)
                writer.newPage();
            pagePainter.paintPage(i);
        }
        painter.end();
        return true;
    };
    QString why;
    if (!files::writeAtomically(path, options.access, paintPack, &why)) {
        *error = cancelled ? QStringLiteral("cancelled") : QStringLiteral("cannot write %1: %2").arg(path, why);
        return false;
    }
    keepPages();
    return true;
}

} // namespace oversight::charts
