#include "filterbar.h"

#include "catalog.h"
#include "period.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

namespace oversight {

FilterBar::FilterBar(const Store &store, QWidget *parent)
    : QWidget(parent), m_area(new QComboBox(this)), m_from(new QComboBox(this)), m_to(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    auto *areaLabel = new QLabel(QStringLiteral("&Area:"), this);
    areaLabel->setBuddy(m_area);
    for (const AreaInfo &area : catalog::areas(store))
        m_area->addItem(area.name, area.code);
    m_area->setAccessibleName(QStringLiteral("Area"));

    const auto [first, last] = catalog::monthRange(store);
    if (first.isValid() && last.isValid()) {
        for (QDate d = first; d <= last; d = d.addMonths(1)) {
            const QString label = Period::month(d.year(), d.month()).label();
            m_from->addItem(label, d);
            m_to->addItem(label, d);
        }
        m_from->setCurrentIndex(0);
        m_to->setCurrentIndex(m_to->count() - 1);
    }
    auto *fromLabel = new QLabel(QStringLiteral("&From:"), this);
    fromLabel->setBuddy(m_from);
    auto *toLabel = new QLabel(QStringLiteral("&To:"), this);
    toLabel->setBuddy(m_to);
    m_from->setAccessibleName(QStringLiteral("From month"));
    m_to->setAccessibleName(QStringLiteral("To month"));

    layout->addWidget(areaLabel);
    layout->addWidget(m_area);
    layout->addSpacing(16);
    layout->addWidget(fromLabel);
    layout->addWidget(m_from);
    layout->addWidget(toLabel);
    layout->addWidget(m_to);
    layout->addStretch(1);

    connect(m_area, &QComboBox::currentIndexChanged, this, &FilterBar::changed);
    connect(m_from, &QComboBox::currentIndexChanged, this, [this] {
        if (m_to->currentIndex() < m_from->currentIndex())
            m_to->setCurrentIndex(m_from->currentIndex());
        Q_EMIT changed();
    });
    connect(m_to, &QComboBox::currentIndexChanged, this, [this] {
        if (m_from->currentIndex() > m_to->currentIndex())
            m_from->setCurrentIndex(m_to->currentIndex());
        Q_EMIT changed();
    });
}

QString FilterBar::areaCode() const
{
    return m_area->currentData().toString();
}

QDate FilterBar::from() const
{
    return m_from->currentData().toDate();
}

QDate FilterBar::to() const
{
    const QDate start = m_to->currentData().toDate();
    return start.isValid() ? start.addMonths(1).addDays(-1) : start;
}

void FilterBar::setAreaCode(const QString &code)
{
    const int index = m_area->findData(code);
    if (index >= 0)
        m_area->setCurrentIndex(index);
}

void FilterBar::setRange(QDate from, QDate to)
{
    const int f = m_from->findData(QDate(from.year(), from.month(), 1));
    const int t = m_to->findData(QDate(to.year(), to.month(), 1));
    if (f >= 0)
        m_from->setCurrentIndex(f);
    if (t >= 0)
        m_to->setCurrentIndex(t);
}

} // namespace oversight
