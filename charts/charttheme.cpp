#include "charttheme.h"
#include "formatting.h"

#include <QChart>
#include <QLegend>
#include <QLocale>

namespace oversight::charts {

const QList<QColor> &palette()
{
    // Okabe–Ito inspired, ordered so neighbours differ in lightness as well as hue.
    static const QList<QColor> colours = {
        QColor(0x00, 0x4C, 0x97), // dark blue
        QColor(0xE6, 0x9F, 0x00), // orange
        QColor(0x7F, 0x7F, 0x7F), // grey
        QColor(0x00, 0x9E, 0x73), // green
        QColor(0xCC, 0x79, 0xA7), // pink
        QColor(0x56, 0xB4, 0xE9), // light blue
    };
    return colours;
}

QColor ink()
{
    return QColor(0x1A, 0x1A, 0x1A);
}

QColor mutedInk()
{
    return QColor(0x55, 0x55, 0x55);
}

QColor accent()
{
    return palette().first();
}

QColor ruleInk()
{
    return QColor(0xBB, 0xBB, 0xBB);
}

QFont plainFont()
{
    QFont f(QStringLiteral("DejaVu Sans"));
    // Any letter spacing turns off Qt's ligatures: exported PDFs then hold "fi", not the single
    // "ﬁ" glyph, so officers' text searches ("notifiable", "finance") find the words.
    f.setLetterSpacing(QFont::AbsoluteSpacing, 0.02); // the least Qt keeps (1/64 px)
    return f;
}

QFont titleFont()
{
    QFont f = plainFont();
    f.setPointSizeF(12.0);
    f.setBold(true);
    return f;
}

QFont bodyFont()
{
    QFont f = plainFont();
    f.setPointSizeF(9.0);
    return f;
}

void applyTheme(QChart *chart)
{
    chart->setTheme(QChart::ChartThemeLight);
    chart->setTitleFont(titleFont());
    chart->legend()->setFont(bodyFont());
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(8, 8, 8, 8));
    // Axis labels as officers write numbers: 800,000 not 800000.
    chart->setLocale(formatting::enGB());
    chart->setLocalizeNumbers(true);
}

} // namespace oversight::charts
