#include "filterbar.h"

#include "catalog.h"
#include "period.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

namespace oversight {

FilterBar::FilterBar(const Store &store, QWidget *parent)
    : QWidget(parent), m_store(store), m_area(new QComboBox(this)), m_from(new QComboBox(this)), m_to(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    auto *areaLabel = new QLabel(QStringLiteral("&Area:"), this);
    areaLabel->setBuddy(m_area);
    m_area->setAccessibleName(QStringLiteral("Area"));
    m_area->setMaxVisibleItems(20);
    // Sized from a typical entry rather than by measuring every area and month at start-up.
    m_area->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_area->setMinimumContentsLength(28);
    for (QComboBox *month : {m_from, m_to}) {
        month->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        month->setMinimumContentsLength(14);
        month->setMaxVisibleItems(20);
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
    reload();

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

void FilterBar::reload()
{
    const QString area = m_area->currentData().toString();
    const QDate from = m_from->currentData().toDate();
    const QDate to = m_to->currentData().toDate();
    const bool wasAtEnd = m_to->count() == 0 || m_to->currentIndex() == m_to->count() - 1;
    const QSignalBlocker blockArea(m_area);
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);
    m_area->clear();
    for (const AreaInfo &info : catalog::areas(m_store)) {
        // Wards are many; they are chosen on the map, not in this list.
        if (info.kind != QLatin1String("ward"))
            m_area->addItem(info.name, info.code);
    }
    m_from->clear();
    m_to->clear();
    const auto [first, last] = catalog::monthRange(m_store);
    if (first.isValid() && last.isValid()) {
        for (QDate d = first; d <= last; d = d.addMonths(1)) {
            const QString label = Period::month(d.year(), d.month()).label();
            m_from->addItem(label, d);
            m_to->addItem(label, d);
        }
    }
    m_area->setCurrentIndex(std::max(0, m_area->findData(area)));
    m_from->setCurrentIndex(std::max(0, m_from->findData(from)));
    // A range that ran to the latest month keeps doing so when newer months arrive.
    const int toIndex = m_to->findData(to);
    m_to->setCurrentIndex(wasAtEnd || toIndex < 0 ? m_to->count() - 1 : toIndex);
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
