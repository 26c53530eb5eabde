#pragma once

#include <QLocale>

namespace oversight::formatting {

// The one locale figures and dates are written in, on screen, on paper, in exports and in messages:
// en-GB, as MOPAC officers write them (1,234.5; 30 June 2017), whatever the machine's own locale.
// Units (£, £m, %) are catalog::formatValue's; "Data as at" is charts::asAtText's.
const QLocale &enGB();

} // namespace oversight::formatting
