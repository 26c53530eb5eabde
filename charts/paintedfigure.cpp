#include "paintedfigure.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace oversight::charts {

QWidget *PaintedFigure::createBodyView(QWidget *parent)
{
    return new PaintedBodyView(this, parent);
}

QString PaintedFigure::toolTipAt(const QPointF &, const QRectF &) const
{
    return {};
}

QString PaintedFigure::areaAt(const QPointF &, const QRectF &) const
{
    return {};
}

PaintedBodyView::PaintedBodyView(PaintedFigure *figure, QWidget *parent) : QWidget(parent), m_figure(figure)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(240, 160);
    connect(figure, &Figure::changed, this, qOverload<>(&QWidget::update));
}

void PaintedBodyView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(rect(), Qt::white);
    const QString missing = m_figure->missingData();
    if (missing.isEmpty())
        m_figure->paintBody(&painter, QRectF(rect()));
    else
        paintMissingData(&painter, QRectF(rect()), missing);
}

void PaintedBodyView::mouseMoveEvent(QMouseEvent *event)
{
    const bool overArea = !m_figure->areaAt(event->position(), QRectF(rect())).isEmpty();
    setCursor(overArea ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

void PaintedBodyView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const QString area = m_figure->areaAt(event->position(), QRectF(rect()));
        if (!area.isEmpty())
            Q_EMIT m_figure->areaActivated(area);
    }
    QWidget::mouseReleaseEvent(event);
}

bool PaintedBodyView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString tip = m_figure->toolTipAt(QPointF(help->pos()), QRectF(rect()));
        if (tip.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), tip, this);
        }
        return true;
    }
    return QWidget::event(event);
}

FigureView::FigureView(Figure *figure, QWidget *parent)
    : QWidget(parent), m_figure(figure), m_body(figure->createBodyView(this))
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(figure, &Figure::changed, this, [this] {
        layoutBody();
        update();
    });
}

void FigureView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), Qt::white);
    paintFrame(&painter, QRectF(rect()), m_figure->text());
}

void FigureView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutBody();
}

void FigureView::layoutBody()
{
    const FigureText words = m_figure->text();
    const qreal top = frameTopHeight(words, width());
    const qreal bottom = frameBottomHeight(words, width());
    m_body->setGeometry(0, qRound(top), width(), std::max(0, qRound(height() - top - bottom)));
}

} // namespace oversight::charts
