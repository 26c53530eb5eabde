#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace oversight {
class Store;
}

namespace oversight::import {

// Matches the area names and codes that spreadsheets use to the store's areas: ONS codes, names
// with their common variants ("&"/"and", case, "City of Westminster", "Kingston", "Richmond",
// "London Borough of …"), and the MPS open data's areas that are not boroughs.
class AreaMatcher {
public:
    enum class Kind {
        Area,    // a known area (borough, force, BCU, ward, other)
        NewOther, // a known non-borough area of the MPS data not yet in the store (created on import)
        Total,   // a total row ("Total", "Grand Total", "London", "MPS"): checked, never stored
        Outside, // a police force or region of England and Wales outside London: not imported, listed
        Unknown,
    };
    struct Match {
        Kind kind = Kind::Unknown;
        QString code;
        QString name;
        QString areaKind = QStringLiteral("other"); // NewOther: the kind it is created as ('other', 'region')
        // NewOther: the area it lies in, where its name says ("Barking and Dagenham - Barking", an MPS
        // neighbourhood, lies in Barking and Dagenham).
        QString parentCode = {};
    };

    explicit AreaMatcher(const Store &store);

    Match match(const QString &text) const;
    // The normalised form names are compared in.
    static QString normalise(const QString &name);
    // "Total", "Grand Total", "London", "MPS"…: a row that sums the others, in any table.
    static bool isTotalName(const QString &text);
    // An MPS neighbourhood as the MPS and MOPAC name them, "<borough> - <neighbourhood>": an area of
    // that borough, coded by the borough's code and the neighbourhood's name (NBH:E09000002:BARKING)
    // where the file gives no code of its own, so two boroughs' "Town Centre" never collide.
    static QString neighbourhoodCode(const QString &boroughCode, const QString &neighbourhood);
    // An MPS neighbourhood's own code as its files write it: borough letters, a dash, its letters ("KG-KB").
    static bool isNeighbourhoodCode(const QString &text);
    // Adds a user-confirmed mapping (from a profile or the wizard): file text -> area code.
    void addMapping(const QString &text, const QString &code);

private:
    QHash<QString, Match> m_byName;
    QHash<QString, Match> m_byCode;
};

} // namespace oversight::import
