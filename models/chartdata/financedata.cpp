#include "financedata.h"

#include "store.h"

#include <QSqlQuery>

namespace oversight::financedata {

QList<CommissioningItem> commissioning(const Store &store)
{
    QList<CommissioningItem> items;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT p.label, c.item, c.amount_gbp_m FROM commissioning c JOIN period p ON p.id = c.period_id "
                          "ORDER BY p.start_date, c.id"));
    while (q.next())
        items.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toDouble()});
    return items;
}

} // namespace oversight::financedata
