#pragma once

#include "figure.h"

#include <QWidget>

namespace oversight::charts {

// A figure drawn entirely with QPainter (maps, heatmaps, status boards). Its on-screen view calls
// paintBody() in paintEvent, so screen and export are one drawing; hover and click ask the figure.
class PaintedFigure : public Figure {
    Q_OBJECT
public:
    using Figure::Figure;
    QWidget *createBodyView(QWidget *parent) override;

    // Rich text for a tooltip at pos in a body drawn into body (empty: no tooltip).
    virtual QString toolTipAt(const QPointF &pos, const QRectF &body) const;
    // The area code under pos (empty: none); a click there emits areaActivated.
    virtual QString areaAt(const QPointF &pos, const QRectF &body) const;
};

// The view PaintedFigure::createBodyView returns.
class PaintedBodyView : public QWidget {
    Q_OBJECT
public:
    PaintedBodyView(PaintedFigure *figure, QWidget *parent);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    PaintedFigure *m_figure;
};

// A whole figure on screen: the shared heading and source block painted by paintFrame around the
// figure's interactive body view.
class FigureView : public QWidget {
    Q_OBJECT
public:
    FigureView(Figure *figure, QWidget *parent = nullptr);
    Figure *figure() const { return m_figure; }
    QWidget *bodyView() const { return m_body; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void layoutBody();
    Figure *m_figure;
    QWidget *m_body;
};

} // namespace oversight::charts
