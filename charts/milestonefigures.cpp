#include "milestonefigures.h"
#include "charttheme.h"

#include "chartregistry.h"
#include "figurepainting.h"

#include "period.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QTextOption>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace oversight::charts {

namespace {

constexpr qreal kMargin = 8.0;
constexpr qreal kChipGap = 5.0;
constexpr qreal kRowPad = 3.0;     // above and below a section's chips (more when there is room)
constexpr qreal kMaxExtraPad = 8.0;
constexpr qreal kBand = 18.0;      // the chip's status band
constexpr qreal kCountWidth = 40.0;
constexpr int kMaxCommentary = 600;

const QColor kInk = ink();
const QColor kMutedInk = mutedInk();

QFont sectionFont() { return scaledFont(8.5, true); }
QFont chipTextFont() { return scaledFont(8.5); }
QFont chipMetaFont() { return scaledFont(7.5); }
QFont glyphFont() { return scaledFont(9.0, true); }

qreal sectionWidth(qreal width)
{
    return std::clamp(width * 0.16, 150.0, 210.0);
}

// Height of a section's name wrapped into its column (at most three lines, then elided).
qreal sectionTextHeight(const QString &name, qreal width)
{
    const QFontMetricsF fm(sectionFont());
    const QRectF r = fm.boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, name);
    return std::min(r.height(), fm.lineSpacing() * 3);
}

qreal chipHeight(bool compact)
{
    if (compact)
        return QFontMetricsF(chipTextFont()).height() + 6;
    return QFontMetricsF(chipMetaFont()).height() + QFontMetricsF(chipTextFont()).height() + 5;
}

QString metaLine(const MilestoneBoardData::Milestone &m)
{
    QString line = QStringLiteral("Due %1").arg(m.dueQuarter);
    if (!m.programme.isEmpty())
        line += QStringLiteral(" · ") + m.programme;
    return line;
}

QColor lightened(const QColor &c, qreal keep)
{
    return QColor::fromRgbF(static_cast<float>(1.0 - (1.0 - c.redF()) * keep),
                            static_cast<float>(1.0 - (1.0 - c.greenF()) * keep),
                            static_cast<float>(1.0 - (1.0 - c.blueF()) * keep));
}

// A status badge: the colour with its symbol on it, solid for a status the report prints. A status
// inferred from the commentary is an outline: white inside, the colour as a dashed border and the
// symbol, so it never passes for a printed one (in greyscale too).
void paintBadge(QPainter *painter, const QRectF &r, const QString &status, bool inferred = false)
{
    const QColor colour = milestoneStatusColour(status);
    painter->setFont(glyphFont());
    if (inferred) {
        const QColor ink = colour.darker(125);
        painter->setPen(QPen(ink, 1.6, Qt::DashLine));
        painter->setBrush(Qt::white);
        painter->drawRoundedRect(r.adjusted(0.8, 0.8, -0.8, -0.8), 3, 3);
        painter->setPen(ink);
        painter->drawText(r, Qt::AlignCenter, milestoneStatusGlyph(status));
        return;
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawRoundedRect(r, 3, 3);
    painter->setPen(readableInk(colour));
    painter->drawText(r, Qt::AlignCenter, milestoneStatusGlyph(status));
}

void paintChip(QPainter *painter, const QRectF &r, const MilestoneBoardData::Milestone &m, bool compact)
{
    const QColor colour = milestoneStatusColour(m.status);
    const bool unknown = m.status == QLatin1String("not stated");
    painter->setBrush(lightened(colour, 0.16));
    painter->setPen(unknown ? QPen(QColor(0x77, 0x77, 0x77), 1.0, Qt::DashLine) : QPen(colour, 1.0));
    painter->drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
    paintBadge(painter, MilestoneBoard::badgeRect(r), m.status, m.inferred());

    const QRectF text = r.adjusted(kBand + 6, 2, -5, -2);
    const QFontMetricsF textFm(chipTextFont());
    if (compact) {
        painter->setFont(chipTextFont());
        painter->setPen(kInk);
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, textFm.elidedText(m.text, Qt::ElideRight, text.width()));
        return;
    }
    const QFontMetricsF metaFm(chipMetaFont());
    painter->setFont(chipMetaFont());
    painter->setPen(kMutedInk);
    painter->drawText(QRectF(text.left(), text.top(), text.width(), metaFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      metaFm.elidedText(metaLine(m), Qt::ElideRight, text.width()));
    painter->setFont(chipTextFont());
    painter->setPen(kInk);
    painter->drawText(QRectF(text.left(), text.top() + metaFm.height() + 1, text.width(), textFm.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, textFm.elidedText(m.text, Qt::ElideRight, text.width()));
}

QList<LegendItem> boardLegend(const QStringList &statuses, bool anyInferred)
{
    QList<LegendItem> items;
    const QFont f = scaledFont(8.0);
    const QFontMetricsF fm(f);
    for (const QString &status : statuses) {
        const QString words = milestoneStatusLabel(status);
        items.append({QSizeF(kBand + 6 + fm.horizontalAdvance(words), 20), [=](QPainter *p, const QRectF &r) {
                          paintBadge(p, QRectF(r.left(), r.top() + 1, kBand, 18), status);
                          p->setFont(f);
                          p->setPen(kInk);
                          p->drawText(QRectF(r.left() + kBand + 6, r.top(), r.width() - kBand - 6, r.height()),
                                      Qt::AlignLeft | Qt::AlignVCenter, words);
                      }});
    }
    if (anyInferred) {
        // The outline is explained with a status the board shows, so the key matches the chips.
        const QString status = statuses.value(0);
        const QString words = QStringLiteral("Outline: inferred from the commentary, not printed in the report");
        items.append({QSizeF(kBand + 6 + fm.horizontalAdvance(words), 20), [=](QPainter *p, const QRectF &r) {
                          paintBadge(p, QRectF(r.left(), r.top() + 1, kBand, 18), status, true);
                          p->setFont(f);
                          p->setPen(kInk);
                          p->drawText(QRectF(r.left() + kBand + 6, r.top(), r.width() - kBand - 6, r.height()),
                                      Qt::AlignLeft | Qt::AlignVCenter, words);
                      }});
    }
    const QString hint = QStringLiteral("Chips: due quarter · programme where named; hover for full text and commentary");
    items.append({QSizeF(fm.horizontalAdvance(hint), 20), [=](QPainter *p, const QRectF &r) {
                      p->setFont(f);
                      p->setPen(kMutedInk);
                      p->drawText(r, Qt::AlignLeft | Qt::AlignVCenter, hint);
                  }});
    return items;
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

} // namespace

QColor milestoneStatusColour(const QString &status)
{
    if (status == QLatin1String("delivered"))
        return QColor(0x00, 0x9E, 0x73); // bluish green
    if (status == QLatin1String("on track"))
        return QColor(0x00, 0x72, 0xB2); // blue
    if (status == QLatin1String("some delays"))
        return QColor(0xE6, 0x9F, 0x00); // orange
    return QColor(0xBB, 0xBB, 0xBB);    // not stated: grey
}

QString milestoneStatusGlyph(const QString &status)
{
    if (status == QLatin1String("delivered"))
        return QStringLiteral("✓");
    if (status == QLatin1String("on track"))
        return QStringLiteral("●");
    if (status == QLatin1String("some delays"))
        return QStringLiteral("▲");
    if (status == QLatin1String("not stated"))
        return QStringLiteral("?");
    return QStringLiteral("◆");
}

MilestoneBoard::MilestoneBoard(const Store &store, QObject *parent) : PaintedFigure(parent), m_store(store) {}

void MilestoneBoard::setRequest(const ChartRequest &request)
{
    m_request = request;
    m_error.clear();
    m_quarterNotHeld.clear();
    m_quarters = MilestoneBoardData::reportQuarters(m_store, &m_error);
    // The board's own choice of quarter first; else the quarter chosen for every view; else the
    // latest held by the range's end.
    QString quarter = !request.variant.isEmpty() ? request.variant : request.quarter ? request.quarter->code() : QString();
    if (quarter.isEmpty() && request.to.isValid()) {
        // The milestones as reported at the latest quarter held by the range's end (a quarter's
        // board pack ends there), never another quarter's in their place.
        if (const auto held = reportQuarterFor(m_store, request.to)) {
            quarter = held->code();
            if (std::none_of(m_quarters.begin(), m_quarters.end(), [&](const auto &q) { return q.code == quarter; })) {
                m_quarterNotHeld = held->label();
                m_data = MilestoneBoardData();
                Q_EMIT changed();
                return;
            }
        }
    }
    m_data = MilestoneBoardData::load(m_store, quarter, &m_error);
    Q_EMIT changed();
}

FigureText MilestoneBoard::text() const
{
    FigureText t;
    t.title = QStringLiteral("Business plan milestones: status by section");
    t.source = QStringLiteral("Source: MPS Business Plan 2017-18, quarterly update (Annex A)");
    if (!m_data.isEmpty()) {
        t.subtitle = QStringLiteral("Met Business Plan milestones as reported at %1 · %2 milestones")
                         .arg(m_data.quarter().label)
                         .arg(m_data.milestones().size());
        t.asAt = asAtText(m_data.quarter().end);
        QStringList notes;
        // How many statuses the report prints and how many were read from its commentary: a board
        // paper must not present an inference as the report's own assessment.
        if (m_data.inferredCount() > 0)
            notes.append(QStringLiteral("%1 of the %2 statuses are inferred from the commentary's words (outlined), "
                                        "not printed in the report; %3 %4 printed.")
                             .arg(m_data.inferredCount())
                             .arg(m_data.milestones().size())
                             .arg(m_data.printedCount())
                             .arg(m_data.printedCount() == 1 ? QStringLiteral("is") : QStringLiteral("are")));
        if (m_data.count(QStringLiteral("not stated")) > 0)
            notes.append(QStringLiteral("“Not stated”: the report gives no status for the milestone (its status icon did "
                                        "not survive); it is not counted as delivered or delayed."));
        t.note = notes.join(QLatin1Char(' '));
    }
    return t;
}

QList<FigureVariant> MilestoneBoard::variants() const
{
    QList<FigureVariant> out;
    for (const auto &q : m_quarters)
        out.append({q.code, QStringLiteral("As reported at %1").arg(q.label)});
    return out;
}

QString MilestoneBoard::missingData() const
{
    if (!m_error.isEmpty())
        return QStringLiteral("The milestones could not be read from the store: %1").arg(m_error);
    if (!m_quarterNotHeld.isEmpty())
        return QStringLiteral("No business plan milestones reported at %1 are stored. Import that quarter's Annex A to draw "
                              "the board.").arg(m_quarterNotHeld);
    if (m_data.isEmpty())
        return QStringLiteral("No business plan milestones are stored. This board needs Annex A of the quarterly report: "
                              "each milestone with its section, programme, quarter and status (delivered, on track, "
                              "some delays or not stated). Import it to draw the board.");
    return {};
}

QList<int> MilestoneBoard::pointCounts() const
{
    QList<int> counts;
    for (const QString &status : m_data.statuses())
        counts.append(m_data.count(status));
    return counts;
}

QRectF MilestoneBoard::badgeRect(const QRectF &chip)
{
    return QRectF(chip.left() + 1, chip.top() + 1, kBand, chip.height() - 2);
}

MilestoneBoard::Layout MilestoneBoard::layoutFor(const QSizeF &size, bool compact, int columns, qreal rowPad) const
{
    Layout l;
    l.rowPad = rowPad;
    l.compact = compact;
    l.chipColumns = columns;
    const qreal w = size.width();
    const qreal sectionW = sectionWidth(w);
    const qreal headerH = 28;
    const qreal chipH = chipHeight(compact);
    const int nStatus = static_cast<int>(m_data.statuses().size());
    l.header = QRectF(kMargin, kMargin, w - 2 * kMargin, headerH);
    l.sectionColumn = QRectF(kMargin, kMargin, sectionW, headerH);
    qreal x = kMargin + sectionW;
    for (int s = 0; s < nStatus; ++s) {
        l.countColumns.append(QRectF(x, kMargin, kCountWidth, headerH));
        x += kCountWidth;
    }
    x += 10;
    l.chipArea = QRectF(x, kMargin, w - kMargin - x, headerH);
    const qreal chipW = (l.chipArea.width() - (columns - 1) * kChipGap) / columns;

    l.chips.resize(m_data.milestones().size());
    qreal y = kMargin + headerH;
    for (const auto &section : m_data.sections()) {
        const int lines = static_cast<int>((section.milestones.size() + columns - 1) / columns);
        const qreal chipsH = lines * chipH + std::max(0, lines - 1) * kChipGap;
        const qreal rowH = std::max(chipsH, sectionTextHeight(section.name, sectionW - 8)) + 2 * rowPad;
        const QRectF row(kMargin, y, w - 2 * kMargin, rowH);
        l.sectionRows.append(row);
        const qreal chipsTop = row.top() + (rowH - chipsH) / 2;
        for (int k = 0; k < section.milestones.size(); ++k) {
            const int line = k / columns;
            const int col = k % columns;
            l.chips[section.milestones.at(k)] =
                QRectF(l.chipArea.left() + col * (chipW + kChipGap), chipsTop + line * (chipH + kChipGap), chipW, chipH);
        }
        y += rowH;
    }
    l.totalsRow = QRectF(kMargin, y, w - 2 * kMargin, 26);
    y += 26 + 10;
    const QList<LegendItem> legend = boardLegend(m_data.statuses(), m_data.inferredCount() > 0);
    const qreal legendH = legendHeight(legend, w - 2 * kMargin);
    l.legend = QRectF(kMargin, y, w - 2 * kMargin, legendH);
    l.neededHeight = y + legendH + kMargin;
    return l;
}

MilestoneBoard::Layout MilestoneBoard::layout(const QRectF &body) const
{
    const QSizeF size = body.size();
    auto columnsFor = [&](const QSizeF &s, qreal minChip) {
        const qreal area = s.width() - 2 * kMargin - sectionWidth(s.width()) - m_data.statuses().size() * kCountWidth - 10;
        return std::clamp(static_cast<int>((area + kChipGap) / (minChip + kChipGap)), 1, 4);
    };
    // Two-line chips (due quarter and programme above the words) when they fit, then one-line chips;
    // the drawing shrinks only when neither fits. Spare height goes to the rows, a little each.
    std::optional<Layout> chosen;
    for (const auto &[compact, minChip] : {std::pair{false, 220.0}, std::pair{false, 190.0}, std::pair{true, 190.0},
                                           std::pair{true, 160.0}}) {
        const Layout l = layoutFor(size, compact, columnsFor(size, minChip), kRowPad);
        if (l.neededHeight <= size.height()) {
            chosen = l;
            break;
        }
    }
    Layout l;
    if (chosen) {
        const qreal spare = size.height() - chosen->neededHeight;
        const qreal extra = std::min(kMaxExtraPad, spare / std::max<qsizetype>(1, 2 * m_data.sections().size()));
        l = layoutFor(size, chosen->compact, chosen->chipColumns, kRowPad + extra);
    } else {
        // Lay out at the size the drawing will be scaled from (wider, so more chips to a line),
        // then scale by whatever still does not fit.
        l = layoutFor(size, true, columnsFor(size, 160), kRowPad);
        qreal scale = 1.0;
        for (int i = 0; i < 3 && l.neededHeight * scale > size.height() + 0.5; ++i) {
            scale = std::max(0.4, size.height() / l.neededHeight);
            l = layoutFor(size / scale, true, columnsFor(size / scale, 160), kRowPad);
        }
        l.scale = std::min(scale, size.height() / l.neededHeight);
    }
    l.origin = body.topLeft();
    return l;
}

void MilestoneBoard::paintBody(QPainter *painter, const QRectF &body)
{
    if (m_data.isEmpty())
        return;
    const Layout l = layout(body);
    const QStringList &statuses = m_data.statuses();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    painter->translate(l.origin);
    painter->scale(l.scale, l.scale);

    // Header: what each column holds; the counts are headed by the status symbols.
    const QFont headFont = scaledFont(8.5, true);
    painter->setFont(headFont);
    painter->setPen(kInk);
    painter->drawText(l.sectionColumn.adjusted(0, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("Section"));
    for (int s = 0; s < statuses.size(); ++s) {
        const QRectF c = l.countColumns.at(s);
        paintBadge(painter, QRectF(c.center().x() - 11, c.center().y() - 10, 22, 20), statuses.at(s));
    }
    painter->setFont(headFont);
    painter->setPen(kInk);
    painter->drawText(l.chipArea, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(headFont).elidedText(QStringLiteral("Milestones, in the report's order"), Qt::ElideRight,
                                                         l.chipArea.width()));
    painter->setPen(QPen(QColor(0x88, 0x88, 0x88), 1.0));
    painter->drawLine(QPointF(l.header.left(), l.header.bottom()), QPointF(l.header.right(), l.header.bottom()));

    const QFont countFont = scaledFont(9.5, true);
    for (int i = 0; i < m_data.sections().size(); ++i) {
        const auto &section = m_data.sections().at(i);
        const QRectF row = l.sectionRows.at(i);
        if (i % 2 == 1)
            painter->fillRect(row, QColor(0xF5, 0xF6, 0xF8));
        painter->setFont(sectionFont());
        painter->setPen(kInk);
        QTextOption wrap(Qt::AlignLeft | Qt::AlignVCenter);
        wrap.setWrapMode(QTextOption::WordWrap);
        const QRectF nameBox(l.sectionColumn.left(), row.top() + l.rowPad, l.sectionColumn.width() - 8,
                             row.height() - 2 * l.rowPad);
        painter->save();
        painter->setClipRect(nameBox);
        painter->drawText(nameBox, section.name, wrap);
        painter->restore();
        painter->setFont(countFont);
        for (int s = 0; s < statuses.size(); ++s) {
            const int n = m_data.count(section, statuses.at(s));
            painter->setPen(n > 0 ? kInk : QColor(0xAA, 0xAA, 0xAA));
            painter->drawText(l.countCell(row, s), Qt::AlignCenter, QString::number(n));
        }
        for (int index : section.milestones)
            paintChip(painter, l.chips.at(index), m_data.milestones().at(index), l.compact);
    }

    // Totals for the quarter.
    painter->setPen(QPen(QColor(0x88, 0x88, 0x88), 1.0));
    painter->drawLine(QPointF(l.totalsRow.left(), l.totalsRow.top()), QPointF(l.totalsRow.right(), l.totalsRow.top()));
    painter->setFont(sectionFont());
    painter->setPen(kInk);
    painter->drawText(QRectF(l.sectionColumn.left(), l.totalsRow.top(), l.sectionColumn.width(), l.totalsRow.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("All sections"));
    painter->setFont(countFont);
    QStringList summary;
    for (int s = 0; s < statuses.size(); ++s) {
        const int n = m_data.count(statuses.at(s));
        painter->drawText(l.countCell(l.totalsRow, s), Qt::AlignCenter, QString::number(n));
        // How many of each status are only inferred, so the totals never read as all printed.
        const int inferred = m_data.inferredCount(statuses.at(s));
        summary.append(inferred > 0 ? QStringLiteral("%1 %2 (%3 inferred)").arg(n).arg(statuses.at(s)).arg(inferred)
                                    : QStringLiteral("%1 %2").arg(n).arg(statuses.at(s)));
    }
    const QFont summaryFont = scaledFont(8.5);
    painter->setFont(summaryFont);
    painter->setPen(kMutedInk);
    const QString words = QStringLiteral("%1 milestones: %2").arg(m_data.milestones().size()).arg(summary.join(QStringLiteral(", ")));
    painter->drawText(QRectF(l.chipArea.left(), l.totalsRow.top(), l.chipArea.width(), l.totalsRow.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(summaryFont).elidedText(words, Qt::ElideRight, l.chipArea.width()));

    paintLegend(painter, boardLegend(statuses, m_data.inferredCount() > 0), l.legend);
    painter->restore();
}

QString MilestoneBoard::toolTipAt(const QPointF &pos, const QRectF &body) const
{
    if (m_data.isEmpty())
        return {};
    const Layout l = layout(body);
    const QPointF p = l.toLocal(pos);
    for (int i = 0; i < l.chips.size(); ++i) {
        if (!l.chips.at(i).contains(p))
            continue;
        const auto &m = m_data.milestones().at(i);
        QString basis;
        if (m.inferred()) {
            basis = m.statusWords.isEmpty()
                ? QStringLiteral(" — <i>inferred</i> from the commentary, not printed in the report")
                : QStringLiteral(" — <i>inferred</i> from the commentary, not printed in the report: “%1”").arg(escaped(m.statusWords));
        } else if (m.statusFrom == QLatin1String(kStatusPrinted)) {
            basis = QStringLiteral(" — printed in the report (%1)").arg(escaped(m.statusIcon));
        }
        QString tip = QStringLiteral("<b>%1</b><br>%2 %3%4<br>%5")
                          .arg(escaped(m.text), milestoneStatusGlyph(m.status), milestoneStatusLabel(m.status).toHtmlEscaped(),
                               basis, escaped(m.section));
        if (!m.programme.isEmpty())
            tip += QStringLiteral(" · ") + escaped(m.programme);
        tip += QStringLiteral("<br>Due %1, as reported at %2").arg(m.dueQuarter.toHtmlEscaped(), m_data.quarter().label.toHtmlEscaped());
        QString commentary = m.commentary;
        if (commentary.isEmpty())
            commentary = QStringLiteral("The report gives no commentary for this milestone.");
        else if (commentary.size() > kMaxCommentary)
            commentary = commentary.left(kMaxCommentary).trimmed() + QStringLiteral("…");
        return tip + QStringLiteral("<br><br>") + escaped(commentary);
    }
    const QStringList &statuses = m_data.statuses();
    for (int s = 0; s < statuses.size(); ++s) {
        for (int i = 0; i < l.sectionRows.size(); ++i) {
            if (l.countCell(l.sectionRows.at(i), s).contains(p)) {
                const auto &section = m_data.sections().at(i);
                return QStringLiteral("%1: %2 of %3 milestones %4")
                    .arg(escaped(section.name))
                    .arg(m_data.count(section, statuses.at(s)))
                    .arg(section.milestones.size())
                    .arg(statuses.at(s).toHtmlEscaped());
            }
        }
        if (l.countCell(l.totalsRow, s).contains(p))
            return QStringLiteral("All sections: %1 of %2 milestones %3")
                .arg(m_data.count(statuses.at(s)))
                .arg(m_data.milestones().size())
                .arg(statuses.at(s).toHtmlEscaped());
        if (l.countCell(l.header, s).contains(p))
            return QStringLiteral("%1 %2").arg(milestoneStatusGlyph(statuses.at(s)), milestoneStatusLabel(statuses.at(s)));
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Registry

QList<ChartInfo> milestoneChartInfos()
{
    return {{MilestoneBoard::figureId(), QStringLiteral("Business plan milestones: status board"),
             QStringLiteral("Annex A: business plan milestones")}};
}

std::unique_ptr<Figure> createMilestoneFigure(const Store &store, const QString &id)
{
    if (id == MilestoneBoard::figureId())
        return std::make_unique<MilestoneBoard>(store);
    return nullptr;
}

} // namespace oversight::charts
