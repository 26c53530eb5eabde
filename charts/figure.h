#pragma once

#include <QDate>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <optional>

#include "period.h"

class QPainter;
class QWidget;

namespace oversight::charts {

// What the officer asked to see: the filter bar's area and period, plus a figure's own choice.
struct ChartRequest {
    QString areaCode; // empty: the figure's default (the MPS area, or every borough for a map)
    QDate from;       // invalid: from the first stored period
    QDate to;         // invalid: to the last stored period
    QString variant;  // a figure's own choice (a measure key, priority "1"/"2", a portfolio…); empty = default
    QString style;    // maps: "tiles" for the London Squared tile map, empty for borough shapes
    // The report quarter chosen (the window's quarter selector, --quarter): what figures drawn from
    // the report's tables show. None: the latest quarter the store holds.
    std::optional<Period> quarter;
};

// The words around every figure: screen, PNG, PDF and print show the same.
struct FigureText {
    QString title;
    QString subtitle; // area and period
    QString source;   // "Source: MPS recorded crime"
    QString asAt;     // "Data as at 30 June 2017"
    QString note;     // optional: overlap warnings, what is missing
};

// One choice a figure offers (a measure, a priority, map or tiles…), shown as a combo box on screen.
struct FigureVariant {
    QString id;
    QString label;
};

// A chart or map. Every drawing goes through paint(QPainter, target rectangle): the on-screen view,
// a PNG, the PDF/SVG export and print all use it, so what is exported is what was seen.
// Coordinates are logical pixels at 96 dpi; callers scale the painter for other resolutions.
class Figure : public QObject {
    Q_OBJECT
public:
    explicit Figure(QObject *parent = nullptr) : QObject(parent) {}
    ~Figure() override = default;

    virtual QString id() const = 0;
    virtual void setRequest(const ChartRequest &request) = 0;
    virtual FigureText text() const = 0;

    // The choices this figure offers (empty when none) and the current one.
    virtual QList<FigureVariant> variants() const { return {}; }
    virtual QString variantLabel() const { return QStringLiteral("Show"); }
    // Whether the filter bar's area and period change what is drawn (a finance position or a
    // milestone board is fixed to its quarter).
    virtual bool usesFilter() const { return true; }

    // Draws heading, body and source line into target.
    void paint(QPainter *painter, const QRectF &target);
    // The body only (no heading or source line): what the figure itself draws.
    virtual void paintBody(QPainter *painter, const QRectF &body) = 0;

    // An interactive on-screen view of the body, drawn through the same code as paintBody.
    virtual QWidget *createBodyView(QWidget *parent) = 0;

    // What is drawn: the number of points of each series (a bar set's bars, a map's shaded shapes).
    virtual QList<int> pointCounts() const = 0;
    // Empty when there is something to draw; otherwise which data the figure needs.
    virtual QString missingData() const = 0;

Q_SIGNALS:
    // The figure's data or text changed (after setRequest): views repaint.
    void changed();
    // The officer clicked an area (a borough on a map): every other view selects it.
    void areaActivated(const QString &areaCode);
};

// The heading and source block every figure shares. Returns the rectangle left for the body.
QRectF paintFrame(QPainter *painter, const QRectF &target, const FigureText &text);
// Heights the frame takes at the top and bottom for this width (so views can lay out around it).
qreal frameTopHeight(const FigureText &text, qreal width);
qreal frameBottomHeight(const FigureText &text, qreal width);
// A message centred in the plot area where a figure has nothing to draw.
void paintMissingData(QPainter *painter, const QRectF &body, const QString &message);

} // namespace oversight::charts
