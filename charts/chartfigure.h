#pragma once

#include "figure.h"

#include <QChartView>
#include <QStringList>

class QAbstractAxis;
class QCategoryAxis;
class QValueAxis;
class QChart;
class QAbstractSeries;

namespace oversight::charts {

// What the officer changed on the interactive view that a copy, print or export must keep, so
// they show what was seen: the x range of a zoomed or panned time chart, and the series (or bar
// sets) hidden from the legend.
struct ChartViewState {
    bool zoomed = false;
    double xMin = 0.0;
    double xMax = 0.0;
    QStringList hidden; // series names and bar-set labels
    bool isEmpty() const { return !zoomed && hidden.isEmpty(); }
};

// A figure drawn by Qt Charts. fill() builds the chart from the figure's models; the screen view
// and paintBody() (PNG, PDF, print) each fill their own QChart through it, so both draw the same.
//
// Series carry what the interactive view needs as properties:
//   "unit"        measure unit ("count", "percent", "gbp_m"…), for tooltips
//   "labels"      QStringList, one label per point (the period or category), for tooltips
//   "decoration"  true for event markers and reference lines: not counted as data, no legend toggle
class ChartFigure : public Figure {
    Q_OBJECT
public:
    using Figure::Figure;

    void paintBody(QPainter *painter, const QRectF &body) override;
    QWidget *createBodyView(QWidget *parent) override;
    QList<int> pointCounts() const override;

    // Builds series and axes into an empty, themed chart.
    virtual void fill(QChart *chart) const = 0;
    // Time charts zoom and pan along x; category charts do not.
    virtual bool zoomable() const { return false; }

    // A chart filled and sized for body, with the view state applied and event-marker labels
    // placed (for tests and export).
    QChart *buildChart(const QSizeF &size) const;

    // Kept by the interactive view as the officer zooms, pans and hides series; cleared when it
    // refills (a new request, Reset zoom). paintBody draws with it.
    const ChartViewState &viewState() const { return m_viewState; }
    void setViewState(const ChartViewState &state) { m_viewState = state; }

private:
    ChartViewState m_viewState;
};

// The interactive view: tooltips with value, unit and period at the point under the cursor,
// legend entries that hide and show their series, and (time charts) zoom with the mouse wheel or
// a dragged band, pan with the arrow keys, and reset with Escape, a double-click or the menu.
class InteractiveChartView : public QChartView {
    Q_OBJECT
public:
    InteractiveChartView(ChartFigure *figure, QWidget *parent);
    void refill();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    void connectSeries();
    void rememberViewState();
    ChartFigure *m_figure;
    double m_fullXMin = 0.0; // the x range as filled, before any zoom
    double m_fullXMax = 0.0;
};

// Applies a view state to a freshly filled chart: the x range, and hidden series drawn as the
// legend leaves them (lines hidden, bars outlined, their legend entries greyed).
void applyViewState(QChart *chart, const ChartViewState &state);

// A time axis (x in ms since the epoch) labelled at real calendar boundaries: every year, every
// other year… for long spans, quarters or months for short ones. Evenly spaced ticks would put a
// "2011" label part-way through a year; these sit exactly on 1 January (or the 1st of the month).
QCategoryAxis *timeAxis(double xMin, double xMax);
// Labels a time axis for its current range (after a zoom or pan) the way timeAxis does, so the
// labels of years outside the range do not pile up at its end. Other axes are left alone.
void fitTimeAxis(QAbstractAxis *axis);

// A "nice" upper bound so an axis from zero ends on a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5,
// 6 or 8 × 10^n).
double niceCeiling(double value);
// A value axis from lo to hi on round steps (1, 2, 2.5 or 5 × 10^n), zero included, about five
// intervals: -30 to 70 in steps of 10 rather than -100 to 200.
void setNiceRange(QValueAxis *axis, double lo, double hi);
// Category labels must be unique (Qt Charts merges equal ones, which would shift every bar after
// them): a repeated label gets invisible zero-width spaces appended.
QStringList uniqueLabels(const QStringList &labels);

// Places the labels of event markers (vertical lines) after the chart is laid out.
void placeDecorationLabels(QChart *chart);
// A vertical event marker at x (ms since the epoch) with a short label, spanning the y axis.
void addEventMarker(QChart *chart, QAbstractAxis *xAxis, QAbstractAxis *yAxis, double x, double yMin, double yMax,
                    const QString &label, const QString &description);
// A vertical line where a series changes from one MPS crime classification to the next.
void addClassificationBreak(QChart *chart, QAbstractAxis *xAxis, QAbstractAxis *yAxis, double x, double yMin, double yMax,
                            const QString &label);
// A horizontal reference line (e.g. the 32,000 officer ambition) across the x range.
void addReferenceLine(QChart *chart, QAbstractAxis *xAxis, QAbstractAxis *yAxis, double x0, double x1, double y,
                      const QString &label);

} // namespace oversight::charts
