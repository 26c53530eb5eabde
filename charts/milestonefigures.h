#pragma once

#include "milestoneboard.h"
#include "paintedfigure.h"

#include <QColor>
#include <QList>
#include <QRectF>

namespace oversight {
class Store;
}

namespace oversight::charts {

// How a milestone status is told apart: a colour (Okabe–Ito) and a symbol, so it reads without
// colour too (✓ delivered, ● on track, ▲ some delays, ? not stated). A status inferred from the
// commentary rather than printed in the report is drawn as an outline badge.
QColor milestoneStatusColour(const QString &status);
QString milestoneStatusGlyph(const QString &status);

// milestones.board: Annex A as reported at one quarter, a row per report section with the count of
// milestones in each status and a chip per milestone (due quarter, programme where the report gives
// one, the milestone's words; the full text and commentary on hover). Variants: the quarters at
// which milestones were reported, latest first.
class MilestoneBoard : public PaintedFigure {
    Q_OBJECT
public:
    MilestoneBoard(const Store &store, QObject *parent = nullptr);
    static QString figureId() { return QStringLiteral("milestones.board"); }

    QString id() const override { return figureId(); }
    void setRequest(const ChartRequest &request) override;
    FigureText text() const override;
    QList<FigureVariant> variants() const override;
    QString variantLabel() const override { return QStringLiteral("Reported at"); }
    bool usesFilter() const override { return false; } // fixed to the reporting quarter
    void paintBody(QPainter *painter, const QRectF &body) override;
    QList<int> pointCounts() const override; // milestones in each of data().statuses()
    QString missingData() const override;
    QString toolTipAt(const QPointF &pos, const QRectF &body) const override;

    const MilestoneBoardData &data() const { return m_data; }

    struct Layout {
        qreal scale = 1.0;
        QPointF origin;
        bool compact = false;   // one-line chips (the milestone's words only)
        int chipColumns = 1;
        qreal rowPad = 0;       // above and below each section's chips
        QRectF header;
        QRectF sectionColumn;   // x and width
        QList<QRectF> countColumns; // one per status (x and width)
        QRectF chipArea;        // x and width
        QList<QRectF> sectionRows;  // one per section, full width
        QList<QRectF> chips;    // one per milestone, indexed as data().milestones()
        QRectF totalsRow;
        QRectF legend;
        qreal neededHeight = 0; // unscaled
        QPointF toLocal(const QPointF &bodyPos) const { return (bodyPos - origin) / scale; }
        QRectF countCell(const QRectF &row, int status) const
        {
            return QRectF(countColumns.at(status).left(), row.top(), countColumns.at(status).width(), row.height());
        }
    };
    Layout layout(const QRectF &body) const;
    // The status badge at a chip's left edge (in the layout's units): solid for a printed status,
    // an outline for one inferred from the commentary.
    static QRectF badgeRect(const QRectF &chip);

private:
    Layout layoutFor(const QSizeF &size, bool compact, int columns, qreal rowPad) const;

    const Store &m_store;
    ChartRequest m_request;
    MilestoneBoardData m_data;
    QList<MilestoneBoardData::Quarter> m_quarters;
    QString m_error;
    QString m_quarterNotHeld; // the range ends in a quarter no milestones were reported at ("Q2 2017/18")
};

} // namespace oversight::charts
