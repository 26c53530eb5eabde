#pragma once

#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// Pre-summed crime figures: for each crime category measure (a measure with a category: the MPS's
// minor categories and the categories a file's major/minor columns create) and period, the sum of
// its whole-area figures over the MPS's areas (boroughs and other areas), which is what the
// trend of total notifiable offences, a category's London line and the crime map's span read.
// Summing them at read time walks every figure of the measures, ward and LSOA ones included (26 M
// in a store holding an LSOA file), to keep some thousands.
//
// The sums keep the rule of models/classification.h (never add two classifications' figures for
// one area and month): each (measure, period) is split by which newer classifications hold
// figures for the same area and month (superseded_by, a bit per classification id), so a reader
// leaves out the parts a newer classification among its measures supersedes, exactly as
// classification::supersededCondition does over the figures.
//
// Kept in the same transaction as the figures by every import (the measures it wrote, and the
// measures of older classifications when it brings a classification), every undo (the same, for
// the figures it takes out or restores) and the seed.
namespace oversight::crimetotals {

// The migration's statements: the table, and its sums for the figures a store already holds.
QStringList migrationStatements();

// Sums again the figures of these measures (only those with a category are kept), in the caller's
// transaction.
bool refresh(QSqlDatabase db, const QSet<qint64> &measureIds, QString *error);
// Sums again every crime category measure's figures: the seed, and a repaired store.
bool refreshAll(QSqlDatabase db, QString *error);

// The measures whose sums a batch bringing figures in these classifications changes besides its
// own: those of older classifications, whose figures the newer now supersede where both are held.
QSet<qint64> olderClassificationMeasures(QSqlDatabase db, const QList<qint64> &classificationIds);
// The same for a batch known by its measures (an undo): those of classifications older than theirs.
QSet<qint64> olderThanTheirs(QSqlDatabase db, const QSet<qint64> &measureIds);

// Whether the sums cover every one of these measures (each has a category); a reader falls back to
// the figures otherwise.
bool covers(QSqlDatabase db, const QList<qint64> &measureIds);

// The bits of the measures' classifications: a sum over them keeps the parts whose superseded_by
// shares none (`(superseded_by & mask) = 0`).
qint64 classificationMask(QSqlDatabase db, const QList<qint64> &measureIds);

// The area kinds whose figures are summed: what a force or region's total is made of where the
// store holds none of its own (SeriesModel).
QString summedAreaKinds();

} // namespace oversight::crimetotals
