#include "areamatcher.h"

#include "store.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace oversight::import {

namespace {

// Areas of the MPS open data that are not boroughs: kept as areas of their own, never dropped.
struct OtherArea {
    const char *code;
    const char *name;
    QStringList aliases;
};

const QList<OtherArea> &otherAreas()
{
    static const QList<OtherArea> areas = {
        {"X-HEATHROW", "London Heathrow and London City Airports",
         {QStringLiteral("london heathrow and london city airports"), QStringLiteral("heathrow")}},
        {"X-SO18", "Aviation Security (SO18)", {QStringLiteral("aviation security (so18)"), QStringLiteral("aviation security")}},
        {"X-UNKNOWN", "Unknown", {QStringLiteral("unknown"), QStringLiteral("not known")}},
    };
    return areas;
}

const QStringList &totalNames()
{
    static const QStringList names = {
        QStringLiteral("total"), QStringLiteral("grand total"), QStringLiteral("london"), QStringLiteral("mps"),
        QStringLiteral("metropolitan police service"), QStringLiteral("met police area"), QStringLiteral("all"),
        QStringLiteral("all boroughs"), QStringLiteral("london total"), QStringLiteral("mps total"),
        QStringLiteral("overall total"),
    };
    return names;
}

} // namespace

bool AreaMatcher::isTotalName(const QString &text)
{
    return totalNames().contains(normalise(text));
}

QString AreaMatcher::normalise(const QString &input)
{
    QString name = input.simplified().toLower();
    name.replace(QLatin1String("&"), QLatin1String(" and "));
    name.replace(QChar(0x2019), QLatin1Char('\''));
    static const QRegularExpression prefixes(
        QStringLiteral("^(the )?((london|royal) borough of|city of westminster$|city and county of)"));
    if (name == QLatin1String("city of westminster"))
        return QStringLiteral("westminster");
    name.remove(prefixes);
    name = name.simplified();
    static const QHash<QString, QString> shortNames = {
        {QStringLiteral("kingston"), QStringLiteral("kingston upon thames")},
        {QStringLiteral("richmond"), QStringLiteral("richmond upon thames")},
        {QStringLiteral("kensington"), QStringLiteral("kensington and chelsea")},
        {QStringLiteral("hammersmith"), QStringLiteral("hammersmith and fulham")},
        {QStringLiteral("barking"), QStringLiteral("barking and dagenham")},
        {QStringLiteral("city"), QStringLiteral("city of london")},
    };
    return shortNames.value(name, name);
}

AreaMatcher::AreaMatcher(const Store &store)
{
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT code, name, kind FROM area"));
    while (q.next()) {
        const Match match{Kind::Area, q.value(0).toString(), q.value(1).toString()};
        m_byCode.insert(match.code.toUpper(), match);
        // A ward name can repeat across boroughs: wards are matched by code only.
        if (q.value(2).toString() != QLatin1String("ward"))
            m_byName.insert(normalise(match.name), match);
    }
    for (const OtherArea &other : otherAreas()) {
        const QString code = QString::fromLatin1(other.code);
        const Match match = m_byCode.contains(code) ? m_byCode.value(code)
                                                    : Match{Kind::NewOther, code, QString::fromLatin1(other.name)};
        for (const QString &alias : other.aliases)
            m_byName.insert(normalise(alias), match);
    }
}

void AreaMatcher::addMapping(const QString &text, const QString &code)
{
    const auto it = m_byCode.constFind(code.toUpper());
    if (it != m_byCode.constEnd())
        m_byName.insert(normalise(text), it.value());
}

AreaMatcher::Match AreaMatcher::match(const QString &text) const
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    const auto byCode = m_byCode.constFind(trimmed.toUpper());
    if (byCode != m_byCode.constEnd())
        return byCode.value();
    const QString key = normalise(trimmed);
    // In a table of boroughs, a "London" or "MPS" row is the total of the others, not the region.
    if (totalNames().contains(key))
        return {Kind::Total, QString(), trimmed};
    const auto byName = m_byName.constFind(key);
    if (byName != m_byName.constEnd())
        return byName.value();
    return {Kind::Unknown, QString(), trimmed};
}

} // namespace oversight::import
