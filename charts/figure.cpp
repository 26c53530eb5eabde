#include "figure.h"

#include "charttheme.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QTextOption>

namespace oversight::charts {

namespace {

constexpr qreal kPad = 8.0;

QFont subtitleFont()
{
    QFont f = bodyFont();
    f.setPointSizeF(9.5);
    return f;
}

QFont sourceFont()
{
    QFont f = bodyFont();
    f.setPointSizeF(8.0);
    return f;
}

// Height of text wrapped to width in this font (at least one line).
qreal wrappedHeight(const QFont &font, const QString &text, qreal width)
{
    if (text.isEmpty())
        return 0.0;
    const QFontMetricsF fm(font);
    const QRectF r = fm.boundingRect(QRectF(0, 0, std::max<qreal>(width, 10.0), 1e6), Qt::TextWordWrap, text);
    return std::max(r.height(), fm.height());
}

QString bottomLine(const FigureText &text)
{
    QStringList parts;
    if (!text.source.isEmpty())
        parts.append(text.source);
    if (!text.asAt.isEmpty())
        parts.append(text.asAt);
    return parts.join(QStringLiteral(" · "));
}

// The source is named on the title line (right-aligned, where the title leaves room) and again in
// the footer: a reader of a chart beside a report figure sees at once which source it draws. Where
// the title leaves no room the source ends the subtitle line instead.
bool sourceOnTitleLine(const FigureText &text, qreal inner)
{
    if (text.source.isEmpty())
        return false;
    const qreal title = QFontMetricsF(titleFont()).horizontalAdvance(text.title);
    const qreal source = QFontMetricsF(subtitleFont()).horizontalAdvance(text.source);
    return title + 24 + source <= inner;
}

QString subtitleLine(const FigureText &text, qreal inner)
{
    if (text.source.isEmpty() || sourceOnTitleLine(text, inner))
        return text.subtitle;
    return text.subtitle.isEmpty() ? text.source : text.subtitle + QStringLiteral(" · ") + text.source;
}

} // namespace

void Figure::paint(QPainter *painter, const QRectF &target)
{
    const FigureText words = text();
    painter->save();
    painter->fillRect(target, Qt::white);
    const QRectF body = paintFrame(painter, target, words);
    painter->restore();
    painter->save();
    painter->setClipRect(body.adjusted(-1, -1, 1, 1));
    if (missingData().isEmpty())
        paintBody(painter, body);
    else
        paintMissingData(painter, body, missingData());
    painter->restore();
}

qreal frameTopHeight(const FigureText &text, qreal width)
{
    const qreal inner = width - 2 * kPad;
    qreal h = kPad + wrappedHeight(titleFont(), text.title, inner);
    const QString subtitle = subtitleLine(text, inner);
    if (!subtitle.isEmpty())
        h += 2 + wrappedHeight(subtitleFont(), subtitle, inner);
    return h + kPad / 2;
}

qreal frameBottomHeight(const FigureText &text, qreal width)
{
    const qreal inner = width - 2 * kPad;
    qreal h = wrappedHeight(sourceFont(), bottomLine(text), inner);
    if (!text.note.isEmpty())
        h += 2 + wrappedHeight(sourceFont(), text.note, inner);
    return h > 0 ? h + kPad : kPad / 2;
}

QRectF paintFrame(QPainter *painter, const QRectF &target, const FigureText &text)
{
    const qreal inner = target.width() - 2 * kPad;
    const qreal x = target.left() + kPad;
    qreal y = target.top() + kPad;
    const QTextOption wrap = [] {
        QTextOption o(Qt::AlignLeft | Qt::AlignTop);
        o.setWrapMode(QTextOption::WordWrap);
        return o;
    }();
    painter->setPen(ink());
    painter->setFont(titleFont());
    const qreal titleH = wrappedHeight(titleFont(), text.title, inner);
    painter->drawText(QRectF(x, y, inner, titleH), text.title, wrap);
    if (sourceOnTitleLine(text, inner)) {
        // On the title's baseline, at the right.
        painter->setFont(subtitleFont());
        painter->setPen(QColor(0x44, 0x44, 0x44));
        const qreal baseline = y + QFontMetricsF(titleFont()).ascent();
        const qreal w = QFontMetricsF(subtitleFont()).horizontalAdvance(text.source);
        painter->drawText(QPointF(x + inner - w, baseline), text.source);
    }
    y += titleH;
    const QString subtitle = subtitleLine(text, inner);
    if (!subtitle.isEmpty()) {
        y += 2;
        painter->setFont(subtitleFont());
        painter->setPen(QColor(0x33, 0x33, 0x33));
        const qreal h = wrappedHeight(subtitleFont(), subtitle, inner);
        painter->drawText(QRectF(x, y, inner, h), subtitle, wrap);
        y += h;
    }
    const qreal top = target.top() + frameTopHeight(text, target.width());
    const qreal bottom = target.bottom() - frameBottomHeight(text, target.width());
    qreal by = bottom + 2;
    painter->setFont(sourceFont());
    painter->setPen(QColor(0x44, 0x44, 0x44));
    if (!text.note.isEmpty()) {
        const qreal h = wrappedHeight(sourceFont(), text.note, inner);
        painter->drawText(QRectF(x, by, inner, h), text.note, wrap);
        by += h + 2;
    }
    const QString line = bottomLine(text);
    if (!line.isEmpty())
        painter->drawText(QRectF(x, by, inner, wrappedHeight(sourceFont(), line, inner)), line, wrap);
    return QRectF(target.left(), top, target.width(), std::max<qreal>(0.0, bottom - top));
}

void paintMissingData(QPainter *painter, const QRectF &body, const QString &message)
{
    painter->save();
    const QRectF box = body.adjusted(body.width() * 0.12, body.height() * 0.25, -body.width() * 0.12, -body.height() * 0.25);
    painter->setPen(QPen(QColor(0x99, 0x99, 0x99), 1.0, Qt::DashLine));
    painter->setBrush(QColor(0xF4, 0xF4, 0xF4));
    painter->drawRect(box);
    painter->setPen(QColor(0x33, 0x33, 0x33));
    QFont f = bodyFont();
    f.setPointSizeF(10.0);
    painter->setFont(f);
    QTextOption o(Qt::AlignCenter);
    o.setWrapMode(QTextOption::WordWrap);
    painter->drawText(box.adjusted(12, 8, -12, -8), message, o);
    painter->restore();
}

} // namespace oversight::charts
