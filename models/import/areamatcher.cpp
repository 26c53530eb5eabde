#include "areamatcher.h"

#include "store.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>

namespace oversight::import {

namespace {

// Areas of the MPS open data that are not boroughs: kept as areas of their own, never dropped.
struct OtherArea {
    const char *code;
    const char *name;
    QStringList aliases;
    const char *kind = "other";
};

const QList<OtherArea> &otherAreas()
{
    static const QList<OtherArea> areas = {
        {"X-HEATHROW", "London Heathrow and London City Airports",
         {QStringLiteral("london heathrow and london city airports"), QStringLiteral("heathrow")}},
        {"X-SO18", "Aviation Security (SO18)", {QStringLiteral("aviation security (so18)"), QStringLiteral("aviation security")}},
        {"X-UNKNOWN", "Unknown", {QStringLiteral("unknown"), QStringLiteral("not known")}},
        // Regions that public tables list beside the boroughs: areas of their own, never boroughs.
        {"E13000001", "Inner London", {QStringLiteral("inner london")}, "region"},
        {"E13000002", "Outer London", {QStringLiteral("outer london")}, "region"},
        {"E92000001", "England", {QStringLiteral("england")}, "region"},
        {"K04000001", "England and Wales", {QStringLiteral("england and wales")}, "region"},
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

// The police forces and regions of England and Wales beyond London, as national tables (the Home
// Office's workforce tables, police.uk) name them: rows of areas the store does not hold, never errors.
const QSet<QString> &outsideNames()
{
    static const QSet<QString> names = [] {
        QSet<QString> set;
        for (const char *name :
             {"avon and somerset", "bedfordshire", "cambridgeshire", "cheshire", "cleveland", "cumbria", "derbyshire",
              "devon and cornwall", "dorset", "durham", "dyfed-powys", "essex", "gloucestershire", "greater manchester",
              "gwent", "hampshire", "hertfordshire", "humberside", "kent", "lancashire", "leicestershire", "lincolnshire",
              "merseyside", "norfolk", "north wales", "north yorkshire", "northamptonshire", "northumbria",
              "nottinghamshire", "south wales", "south yorkshire", "staffordshire", "suffolk", "surrey", "sussex",
              "thames valley", "warwickshire", "west mercia", "west midlands", "west yorkshire", "wiltshire",
              "british transport police", "central service secondments", "north east", "north west",
              "yorkshire and the humber", "yorkshire and humber", "east midlands", "eastern", "east of england",
              "south east", "south west", "wales"})
            set.insert(QString::fromLatin1(name));
        return set;
    }();
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
        const Match match = m_byCode.contains(code)
                                ? m_byCode.value(code)
                                : Match{Kind::NewOther, code, QString::fromLatin1(other.name), QString::fromLatin1(other.kind)};
        for (const QString &alias : other.aliases)
            m_byName.insert(normalise(alias), match);
    }
    // Police forces by the names national tables give them: the City's force is the City's area,
    // the Met's the store's force area.
    static const QList<QPair<QString, QString>> forces = {
        {QStringLiteral("city of london police"), QStringLiteral("city of london")},
        {QStringLiteral("london, city of"), QStringLiteral("city of london")},
        {QStringLiteral("metropolitan police"), QStringLiteral("metropolitan police service (force)")},
        {QStringLiteral("greater london"), QStringLiteral("london (region)")},
    };
    for (const auto &[alias, target] : forces) {
        if (target == QLatin1String("metropolitan police service (force)") || target == QLatin1String("london (region)")) {
            // Found by kind, as its name is also a total's ("Metropolitan Police Service", "London").
            const QString kind = target.startsWith(QLatin1String("metropolitan")) ? QStringLiteral("force") : QStringLiteral("region");
            QSqlQuery k(store.database());
            k.prepare(QStringLiteral("SELECT code, name FROM area WHERE kind = ? ORDER BY id"));
            k.addBindValue(kind);
            if (k.exec() && k.next()) {
                const Match only{Kind::Area, k.value(0).toString(), k.value(1).toString()};
                if (!k.next())
                    m_byName.insert(normalise(alias), only);
            }
            continue;
        }
        if (const auto it = m_byName.constFind(normalise(target)); it != m_byName.constEnd()) {
            const Match found = it.value(); // copied: inserting may move the hash's values
            m_byName.insert(normalise(alias), found);
        }
    }
}

QString AreaMatcher::neighbourhoodCode(const QString &boroughCode, const QString &neighbourhood)
{
    // The name as written, not normalised: "Barking" the neighbourhood is no short name of its borough.
    QString slug = neighbourhood.simplified().toUpper().replace(QLatin1Char('&'), QLatin1String(" AND "));
    static const QRegularExpression notCode(QStringLiteral("[^A-Z0-9]+"));
    slug.replace(notCode, QStringLiteral("-"));
    while (slug.startsWith(QLatin1Char('-')))
        slug.remove(0, 1);
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    return QStringLiteral("NBH:%1:%2").arg(boroughCode.toUpper(), slug);
}

bool AreaMatcher::isNeighbourhoodCode(const QString &text)
{
    static const QRegularExpression code(QStringLiteral("^[A-Z]{2}-[A-Z0-9]{1,4}$"));
    return code.match(text.trimmed().toUpper()).hasMatch();
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
    // In a table of boroughs, a "London" or "MPS" row is the total of the others, not the region;
    // "Total 43 forces" is a total too.
    if (totalNames().contains(key) || key.startsWith(QLatin1String("total ")))
        return {Kind::Total, QString(), trimmed};
    const auto byName = m_byName.constFind(key);
    if (byName != m_byName.constEnd())
        return byName.value();
    // "Barking and Dagenham - Barking": a neighbourhood of the borough before the dash.
    static const QRegularExpression neighbourhood(QStringLiteral("^(.+?)\\s+[-\u2013\u2014]\\s+(.+)$"));
    if (const auto m = neighbourhood.match(trimmed); m.hasMatch()) {
        const auto borough = m_byName.constFind(normalise(m.captured(1)));
        if (borough != m_byName.constEnd() && borough->kind == Kind::Area && borough->code.startsWith(QLatin1String("E09"))) {
            Match found{Kind::NewOther, neighbourhoodCode(borough->code, m.captured(2)),
                        borough->name + QStringLiteral(" - ") + m.captured(2).simplified()};
            found.parentCode = borough->code;
            return found;
        }
    }
    // A force's name with "Police", "Constabulary" or "Police Service" after its place.
    QString place = key;
    // Compiled once: every name that is no area comes here (a long file's measure names, row by row).
    static const QRegularExpression forceSuffix(QStringLiteral(" (police( service)?|constabulary)$"));
    place.remove(forceSuffix);
    if (outsideNames().contains(key) || outsideNames().contains(place))
        return {Kind::Outside, QString(), trimmed};
    return {Kind::Unknown, QString(), trimmed};
}

} // namespace oversight::import
