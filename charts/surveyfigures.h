#pragma once

#include "paintedfigure.h"
#include "surveygaps.h"

#include <QColor>
#include <QList>
#include <QRectF>

namespace oversight {
class Store;
}

namespace oversight::charts {

// Colour of a gap on the figures' diverging scale (ColorBrewer RdBu, colour-blind safe): white at
// 0, red below the average, blue above, full strength at ±domain.
QColor gapColour(double gapPoints, double domainPoints);
// The symmetric scale for a set of gaps: a multiple of 5 points, at least 10.
double gapDomain(const SurveyGapsData &data);

// What the two satisfaction-gap figures share: the store, the request and the gaps it selects.
class SurveyGapsFigure : public PaintedFigure {
    Q_OBJECT
public:
    SurveyGapsFigure(const Store &store, QObject *parent = nullptr);
    void setRequest(const ChartRequest &request) override;
    const SurveyGapsData &data() const { return m_data; }

protected:
    FigureText baseText(const QString &title) const;
    QString baseMissingData() const;
    virtual void requestChanged() {}

    const Store &m_store;
    ChartRequest m_request;
    SurveyGapsData m_data;
    QString m_error;
};

// survey.gaps-heatmap: survey group × the six measures, each cell coloured by its gap to the MPS
// average, the gap written in it, significant gaps (the report's rule,
// gapSignificance(): more than 5 points either way) outlined in bold.
class SurveyGapsHeatmap : public SurveyGapsFigure {
    Q_OBJECT
public:
    using SurveyGapsFigure::SurveyGapsFigure;
    static QString figureId() { return QStringLiteral("survey.gaps-heatmap"); }

    QString id() const override { return figureId(); }
    FigureText text() const override;
    void paintBody(QPainter *painter, const QRectF &body) override;
    QList<int> pointCounts() const override;
    QString missingData() const override;
    QString toolTipAt(const QPointF &pos, const QRectF &body) const override;

    struct Layout {
        qreal scale = 1.0;      // the body is drawn scaled down when it would not fit
        QPointF origin;         // body's top-left; rectangles below are in unscaled units from it
        QRectF header;          // column heads
        QList<QRectF> columns;  // one per measure (x and width)
        QList<QRectF> rows;     // one per group (y and height), spanning labels and cells
        QRectF categoryColumn;  // category names
        QRectF groupColumn;     // group names
        QRectF legend;
        QRectF cell(int row, int column) const;
        QPointF toLocal(const QPointF &bodyPos) const { return (bodyPos - origin) / scale; }
    };
    Layout layout(const QRectF &body) const;
};

// survey.gaps-bars: one measure's gaps as horizontal bars either side of zero, with the report's
// significance threshold (gapSignificance()) marked either side. Variants: the six measures.
class SurveyGapsBars : public SurveyGapsFigure {
    Q_OBJECT
public:
    using SurveyGapsFigure::SurveyGapsFigure;
    static QString figureId() { return QStringLiteral("survey.gaps-bars"); }

    QString id() const override { return figureId(); }
    FigureText text() const override;
    QList<FigureVariant> variants() const override;
    QString variantLabel() const override { return QStringLiteral("Measure"); }
    void paintBody(QPainter *painter, const QRectF &body) override;
    QList<int> pointCounts() const override;
    QString missingData() const override;
    QString toolTipAt(const QPointF &pos, const QRectF &body) const override;

    // The measure drawn (index into data().measures()).
    int measure() const;

    struct Layout {
        qreal scale = 1.0;
        QPointF origin;
        QRectF categoryColumn;
        QRectF groupColumn;
        QRectF plot;            // bars and value labels stay inside this
        QRectF topStrip;        // the "significant" labels
        QRectF axis;            // tick labels and axis title
        QRectF legend;
        QList<QRectF> rows;     // one per group
        double domain = 10.0;   // the axis runs from -domain to +domain
        qreal zeroX = 0.0;
        qreal pixelsPerPoint = 1.0;
        qreal xOf(double gap) const { return zeroX + gap * pixelsPerPoint; }
        QPointF toLocal(const QPointF &bodyPos) const { return (bodyPos - origin) / scale; }
    };
    Layout layout(const QRectF &body) const;
    // Where each group's bar and value label are drawn (empty rectangles for a missing figure).
    QRectF barRect(const Layout &layout, int group) const;
    QRectF valueLabelRect(const Layout &layout, int group) const;
};

} // namespace oversight::charts
