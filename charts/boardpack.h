#pragma once

#include "safewrite.h"

#include <QHash>
#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <functional>

namespace oversight {
class Store;
}

namespace oversight::charts {

// One section of the quarterly report as the board pack prints it.
struct PackSection {
    QString id;         // "safer-london"
    QString title;      // "A safer London"
    QString theme;      // the measures' theme whose key figures the section lists (may be empty)
    QStringList charts; // chart IDs, each optionally "ID|variant"
    QStringList tables; // report table IDs
};

// The report's sections in its order: A safer London; A better police service; Criminal justice;
// Children and young people; Violence against women and girls; Hate crime and extremism; Finance;
// MOPAC finances; Annex A milestones.
QList<PackSection> packSections();

struct PackOptions {
    QString quarter;             // empty: the store's report quarter
    QStringList sections;        // section IDs to include; empty = all
    QStringList excludedCharts;  // chart entries ("ID" or "ID|variant") to leave out
    bool includeChartsWithoutData = false; // by default a chart the store cannot fill is left out
    QHash<QString, QString> commentary;    // section ID → paragraph; empty = the store's saved commentary
    files::Access access = files::Access::Document; // 0644, or 0600 (private), whatever the umask
};

// One thing laid out on a pack page, as a test reads the layout without a PDF.
struct PackBlock {
    enum class Kind { SectionTitle, Commentary, KeyFigures, SourceComparison, Chart, Table, MissingTable, Note, ChartsLeftOut };
    Kind kind = Kind::Note;
    QString title; // the section's, chart's or table's title; a note's or commentary's text
    QRectF rect;   // on the page, in points at 96 dpi on A4 landscape (packContentArea)
    // A table's (or the key figures') rows on this page: [firstRow, lastRow) of rowCount.
    int firstRow = 0;
    int lastRow = 0;
    int rowCount = 0;
};

// What the pack holds, page by page: for tests, the contents page and the progress dialog.
struct PackPageInfo {
    QString section; // section title ("" for the cover and contents)
    QString heading; // what the page starts with
    QList<PackBlock> blocks; // what is laid out on it, top to bottom (not the header, footer, cover, contents or summary)
};

// Where a page's content goes: between the header and footer, inside the margins.
QRectF packContentArea();

// Builds the A4 landscape board pack PDF: cover, contents with page numbers, executive summary,
// then each section's commentary, key figures, charts (vector, through Figure::paint) and tables
// (typeset, split across pages with repeated headers), with headers and footers (section, page x
// of y, data as at, sources). The file is written only when the whole pack is built and on disk
// (files::writeAtomically, safewrite.h); a failed write leaves the old pack as it was.
class BoardPackWriter {
public:
    explicit BoardPackWriter(const Store &store);

    // The pack is planned (quarter, sections, commentary), laid out into pages of draw operations,
    // then painted. progress(done, total, what) returns false to cancel: nothing is written then.
    bool write(const QString &path, const PackOptions &options,
               const std::function<bool(int, int, const QString &)> &progress, QString *error);
    // Plans and lays out the pack as write() would, and paints nothing: pages() then says what
    // each page holds.
    bool layOut(const PackOptions &options, const std::function<bool(int, int, const QString &)> &progress, QString *error);

    // After write() or layOut(): the pages, in order.
    const QList<PackPageInfo> &pages() const { return m_pages; }

private:
    bool build(const QString &path, const PackOptions &options, const std::function<bool(int, int, const QString &)> &progress,
               QString *error);

    const Store &m_store;
    QList<PackPageInfo> m_pages;
};

} // namespace oversight::charts
