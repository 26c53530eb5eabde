#pragma once

#include "importplan.h"
#include "reader.h"

#include <QString>

namespace oversight::import {

// Real public returns (London Datastore, MPS dashboards, police.uk, Home Office tables) are not the
// MPS wide file. After detectPlan has found the header, this reads the sheet's first rows and
// proposes what such files need, each guess written into plan.notes:
//
//   Date,Police Officer Strength,PCSO Strength      <- value columns named after measures
//   Code,Name,Year,Source,Population,…              <- "Name" beside a code is the area; bare years;
//                                                      a Source column kept as a breakdown
//             | Burglary          | Robbery          <- a two-row header: the group over its periods
//   Code,Borough,1999-00,…,2016-17,1999-00,…          names each column's measure
//   Count of Victims,Age Group,…,Recorded Date,…     <- one row per record: counted (Records layout)
//
// and says where the file has no area column (the whole file is then the force's own area).
void proposeReturnLayout(Reader &reader, ImportPlan &plan, const QString &fileName);

// Sheets that describe a workbook rather than hold its data (Index, Contents, Metadata, Notes,
// Cover…): detection looks at them only when no other sheet has a header.
bool isAboutSheet(const QString &sheetName);

// The unit of a new measure from the words of its header: "(£)" gbp, "£m" gbp_m, "%" or
// "proportion" percent, "per …" or "rate" ratio; otherwise a count (FTE and headcounts included).
QString unitFromHeader(const QString &header);

// The measure a header names once its unit and footnote marks are taken off: "LCPF allocation (£)"
// -> "LCPF allocation", "Population_per_hectare" -> "Population per hectare".
QString measureNameFromHeader(const QString &header);

// Other names the catalogue's measures go by in public files, after measureNameFromHeader and in
// lower case: "police officer strength" -> "police officers". Empty when there is none.
QString measureSynonym(const QString &name);

} // namespace oversight::import
