#include "filterbar.h"

#include "catalog.h"
#include "period.h"
#include "reporttable.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

namespace oversight {

FilterBar::FilterBar(const Store &store, QWidget *parent)
    : QWidget(parent), m_store(store), m_quarter(new QComboBox(this)), m_area(new QComboBox(this)), m_from(new QComboBox(this)),
      m_to(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    auto *quarterLabel = new QLabel(QStringLiteral("&Quarter:"), this);
    quarterLabel->setBuddy(m_quarter);
    m_quarter->setAccessibleName(QStringLiteral("Quarter"));
    m_quarter->setAccessibleDescription(QStringLiteral("The report quarter every table, finance chart and key figure shows"));
    m_quarter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_quarter->setMinimumContentsLength(11);
    m_quarter->setMaxVisibleItems(20);
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

    layout->addWidget(quarterLabel);
    layout->addWidget(m_quarter);
    layout->addSpacing(16);
    layout->addWidget(areaLabel);
    layout->addWidget(m_area);
    layout->addSpacing(16);
    layout->addWidget(fromLabel);
    layout->addWidget(m_from);
    layout->addWidget(toLabel);
    layout->addWidget(m_to);
    layout->addStretch(1);
    m_areaAndMonths = {areaLabel, m_area, fromLabel, m_from, toLabel, m_to};
    // Sized for their longest entries where there is room, and narrower (eliding) in a small window,
    // so the quarter beside them does not set the window's minimum width.
    const int character = fontMetrics().averageCharWidth();
    m_area->setMinimumWidth(character * 14);
    m_from->setMinimumWidth(character * 11);
    m_to->setMinimumWidth(character * 11);
    reload();

    connect(m_quarter, &QComboBox::currentIndexChanged, this, [this] {
        moveEndToQuarter();
        Q_EMIT changed();
    });
    // The quarter shown chosen again in the list (no change of index) brings a widened range back to it.
    connect(m_quarter, &QComboBox::activated, this, [this] {
        if (!m_endFollowsQuarter) {
            moveEndToQuarter();
            Q_EMIT changed();
        }
    });
    connect(m_area, &QComboBox::currentIndexChanged, this, &FilterBar::changed);
    connect(m_from, &QComboBox::currentIndexChanged, this, [this] {
        if (m_to->currentIndex() < m_from->currentIndex())
            m_to->setCurrentIndex(m_from->currentIndex());
        Q_EMIT changed();
    });
    connect(m_to, &QComboBox::currentIndexChanged, this, [this] {
        if (m_from->currentIndex() > m_to->currentIndex())
            m_from->setCurrentIndex(m_to->currentIndex());
        // An end the officer moves off the quarter's last month stays where it was put (a widened
        // range) until a quarter is chosen again; with no quarter held there is none to follow yet.
        const auto q = quarter();
        m_endFollowsQuarter = !q || m_to->currentData().toDate() == QDate(q->end().year(), q->end().month(), 1);
        Q_EMIT changed();
    });
}

// The end of the range moves to the quarter's last month (the store's nearest where it holds no
// such month), and the start comes back to it if it was later. Emits nothing: the caller does.
void FilterBar::moveEndToQuarter()
{
    const auto q = quarter();
    if (!q || m_to->count() == 0)
        return;
    const QDate end(q->end().year(), q->end().month(), 1);
    int index = m_to->findData(end);
    if (index < 0)
        index = end < m_to->itemData(0).toDate() ? 0 : m_to->count() - 1;
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);
    m_to->setCurrentIndex(index);
    if (m_from->currentIndex() > index)
        m_from->setCurrentIndex(index);
    m_endFollowsQuarter = true;
}

void FilterBar::reload()
{
    const QString quarterCode = m_quarter->currentData().toString();
    const QString area = m_area->currentData().toString();
    const QDate from = m_from->currentData().toDate();
    const QDate to = m_to->currentData().toDate();
    const bool wasAtEnd = m_to->count() == 0 || m_to->currentIndex() == m_to->count() - 1;
    const QSignalBlocker blockQuarter(m_quarter);
    const QSignalBlocker blockArea(m_area);
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);
    m_quarter->clear();
    QString error;
    for (const Period &q : reporttables::quartersHeld(m_store, &error))
        m_quarter->addItem(q.label(), q.code());
    const int quarterIndex = m_quarter->findData(quarterCode);
    m_quarter->setCurrentIndex(quarterIndex >= 0 ? quarterIndex : m_quarter->count() - 1);
    m_quarter->setEnabled(m_quarter->count() > 0);
    m_quarter->setToolTip(m_quarter->count() > 0
                              ? QStringLiteral("The report quarter every table, finance chart and key figure shows; time charts "
                                               "end with its last month unless you move the end of the range")
                          : error.isEmpty()
                              ? QStringLiteral("The store holds no quarter's report figures: import a quarter's report tables "
                                               "(File → Import a spreadsheet) to choose one")
                              : QStringLiteral("The quarters held could not be read: %1").arg(error));
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
    if (m_endFollowsQuarter && quarter()) {
        moveEndToQuarter();
        return;
    }
    // A range that ran to the latest month keeps doing so when newer months arrive.
    const int toIndex = m_to->findData(to);
    m_to->setCurrentIndex(wasAtEnd || toIndex < 0 ? m_to->count() - 1 : toIndex);
}

std::optional<Period> FilterBar::quarter() const
{
    return m_quarter->count() > 0 ? Period::parse(m_quarter->currentData().toString()) : std::nullopt;
}

bool FilterBar::setQuarter(const Period &quarter)
{
    const int index = m_quarter->findData(quarter.code());
    if (index < 0)
        return false;
    if (index == m_quarter->currentIndex()) {
        // The same quarter chosen again still brings the range's end back to it.
        moveEndToQuarter();
        Q_EMIT changed();
    } else {
        m_quarter->setCurrentIndex(index);
    }
    return true;
}

void FilterBar::setAreaAndMonthsEnabled(bool enabled, const QString &whyNot)
{
    for (QWidget *widget : std::as_const(m_areaAndMonths)) {
        widget->setEnabled(enabled);
        widget->setToolTip(enabled ? QString() : whyNot);
    }
}

bool FilterBar::areaAndMonthsEnabled() const
{
    return m_area->isEnabled();
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
