#pragma once

#include <QStringList>

namespace oversight::schema {

// 'OVST': marks a SQLite file as an Oversight store, so a foreign database is refused untouched.
constexpr int applicationId = 0x4F565354;

// Ordered forward migrations: migrations()[i] takes a store from user_version i to i + 1.
// Each entry is a list of statements run in one transaction with the version bump.
const QList<QStringList> &migrations();

inline int latestVersion() { return static_cast<int>(migrations().size()); }

} // namespace oversight::schema
