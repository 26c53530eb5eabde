#pragma once

#include <QList>
#include <QString>

namespace oversight {

class Store;

// MOPAC commissioning as the report states it: budgets and allocations by financial year.
struct CommissioningItem {
    QString year; // "2017/18"
    QString item; // "MOPAC commissioning budget", "London Crime Prevention Fund allocation"
    double amountGbpM = 0.0;
};

namespace financedata {

// In year order, then as stored.
QList<CommissioningItem> commissioning(const Store &store);

} // namespace financedata
} // namespace oversight
