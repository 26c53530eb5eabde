#include "formatting.h"

namespace oversight::formatting {

const QLocale &enGB()
{
    static const QLocale locale(QLocale::English, QLocale::UnitedKingdom);
    return locale;
}

} // namespace oversight::formatting
