#include "profiles.h"

#include "reporttablelayout.h"
#include "safewrite.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>

namespace oversight::import {

namespace {

QString fileNameFor(const QString &name)
{
    QString safe;
    for (const QChar c : name) {
        safe.append(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_') ? c : QLatin1Char('_'));
    }
    return safe + QStringLiteral(".json");
}

// A profile is a few kilobytes of JSON; anything far larger is not one, and reading it whole would
// only cut it short and report the cut as a JSON error.
constexpr qint64 kMaxProfileBytes = 4 * 1024 * 1024;

std::optional<QList<ImportPlan>> readProfile(const QString &path, QString *error)
{
    // A pipe or a device would block the import on a read that may never end.
    const QFileInfo info(path);
    if (!info.isFile()) {
        *error = QStringLiteral("the profile %1 is not a file (a pipe, a device or a folder): give a .json file").arg(path);
        return std::nullopt;
    }
    if (info.size() > kMaxProfileBytes) {
        *error = QStringLiteral("the profile %1 is %2 MB; an import profile is a small JSON file (at most 4 MB)")
                     .arg(path).arg(double(info.size()) / (1024 * 1024), 0, 'f', 1);
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the profile %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(kMaxProfileBytes + 1), &parseError);
    if (doc.isNull()) {
        *error = QStringLiteral("the profile %1 is not valid JSON: %2 at character %3")
                     .arg(path, parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("the profile %1 is a JSON %2, not an import profile: a profile is one JSON object "
                                "({\"sheet\": …}), as --save-profile writes it")
                     .arg(path, doc.isArray() ? QStringLiteral("array") : QStringLiteral("value"));
        return std::nullopt;
    }
    // A profile of several sheets holds each sheet's plan under "sheets"; one of one sheet is that
    // sheet's plan itself, as profiles were before several sheets could be imported together.
    const QJsonObject json = doc.object();
    QList<QJsonObject> sheets;
    if (json.contains(QStringLiteral("sheets"))) {
        if (json.value(QStringLiteral("format")).toString() != QLatin1String("oversight-import-profile")) {
            *error = QStringLiteral("the profile %1: not an Oversight import profile").arg(path);
            return std::nullopt;
        }
        for (const QJsonValue &sheet : json.value(QStringLiteral("sheets")).toArray())
            sheets.append(sheet.toObject());
        if (sheets.isEmpty()) {
            *error = QStringLiteral("the profile %1 names no sheet (\"sheets\" is empty)").arg(path);
            return std::nullopt;
        }
    } else {
        sheets.append(json);
    }
    QString name = json.value(QStringLiteral("name")).toString();
    if (name.isEmpty())
        name = QFileInfo(path).completeBaseName();
    QList<ImportPlan> plans;
    for (const QJsonObject &sheet : std::as_const(sheets)) {
        QString planError;
        auto plan = ImportPlan::fromJson(sheet, &planError);
        if (!plan) {
            *error = sheets.size() == 1 ? QStringLiteral("the profile %1: %2").arg(path, planError)
                                        : QStringLiteral("the profile %1, sheet '%2': %3")
                                              .arg(path, sheet.value(QStringLiteral("sheet")).toString(), planError);
            return std::nullopt;
        }
        plan->profileName = name;
        plans.append(*plan);
    }
    return plans;
}

} // namespace

ProfileStore::ProfileStore(QString folder) : m_folder(std::move(folder))
{
    if (m_folder.isEmpty())
        m_folder = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("profiles"));
}

QString ProfileStore::pathFor(const QString &name) const
{
    return QDir(m_folder).filePath(fileNameFor(name));
}

bool ProfileStore::save(const ImportPlan &plan, QString *error, bool *created)
{
    return save(QList<ImportPlan>{plan}, error, created);
}

bool ProfileStore::save(const QList<ImportPlan> &plans, QString *error, bool *created)
{
    if (plans.isEmpty()) {
        *error = QStringLiteral("a profile needs a sheet");
        return false;
    }
    const ImportPlan &plan = plans.first();
    if (plan.profileName.trimmed().isEmpty()) {
        *error = QStringLiteral("a profile needs a name");
        return false;
    }
    if (!QDir().mkpath(m_folder)) {
        *error = QStringLiteral("cannot create the profile folder %1").arg(m_folder);
        return false;
    }
    // Private like the store (0600): a profile names the folders and files officers import.
    QString why;
    const QString path = pathFor(plan.profileName);
    const bool existed = QFileInfo::exists(path);
    QJsonObject json;
    if (plans.size() == 1) {
        json = plan.toJson();
    } else {
        QJsonArray sheets;
        for (ImportPlan sheet : plans) {
            sheet.profileName = plan.profileName;
            sheets.append(sheet.toJson());
        }
        json.insert(QStringLiteral("format"), QStringLiteral("oversight-import-profile"));
        json.insert(QStringLiteral("version"), 2);
        json.insert(QStringLiteral("name"), plan.profileName);
        json.insert(QStringLiteral("sheets"), sheets);
    }
    if (!files::writeAtomically(path, QJsonDocument(json).toJson(QJsonDocument::Indented), files::Access::Private,
                                &why)) {
        *error = QStringLiteral("cannot write the profile: %1").arg(why);
        return false;
    }
    if (created)
        *created = !existed;
    return true;
}

std::optional<QList<ImportPlan>> ProfileStore::loadSheets(const QString &nameOrPath, QString *error) const
{
    if (nameOrPath.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) && QFileInfo::exists(nameOrPath))
        return readProfile(nameOrPath, error);
    const QString path = pathFor(nameOrPath);
    if (!QFileInfo::exists(path)) {
        *error = QStringLiteral("no import profile named '%1' in %2").arg(nameOrPath, m_folder);
        return std::nullopt;
    }
    return readProfile(path, error);
}

std::optional<ImportPlan> ProfileStore::load(const QString &nameOrPath, QString *error) const
{
    const auto plans = loadSheets(nameOrPath, error);
    if (!plans)
        return std::nullopt;
    if (plans->size() > 1) {
        *error = QStringLiteral("the profile '%1' reads %2 sheets, not one").arg(plans->first().profileName).arg(plans->size());
        return std::nullopt;
    }
    return plans->first();
}

QList<ImportPlan> ProfileStore::all() const
{
    QList<ImportPlan> out;
    const QFileInfoList files = QDir(m_folder).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QFileInfo &info : files) {
        QString ignored;
        if (auto plans = readProfile(info.absoluteFilePath(), &ignored); plans && plans->size() == 1)
            out.append(plans->first());
    }
    return out;
}

std::optional<ImportPlan> ProfileStore::match(const ImportPlan &detected) const
{
    const QString shape = detected.shapeSignature();
    for (const ImportPlan &profile : all()) {
        if (profile.shapeSignature() == shape)
            return profile;
    }
    return std::nullopt;
}

bool applyProfile(Reader &reader, const ImportPlan &profile, ImportPlan *plan, QString *error, const QString &fileName)
{
    *plan = profile;
    if (plan->layout == Layout::ReportTable)
        plan->fixedPeriodCode.clear();
    auto periodFromName = [&] { quarterFromFileName(*plan, fileName); };
    const QList<SheetInfo> sheets = reader.sheets();
    plan->sheetIndex = -1;
    for (int s = 0; s < sheets.size(); ++s) {
        if (sheets.at(s).name == profile.sheetName)
            plan->sheetIndex = s;
    }
    if (plan->sheetIndex < 0) {
        // A CSV's one sheet is named after the file, which changes every quarter.
        if (sheets.size() == 1) {
            plan->sheetIndex = 0;
        } else {
            *error = QStringLiteral("the profile '%1' reads sheet '%2', which this file does not have")
                         .arg(profile.profileName, profile.sheetName);
            return false;
        }
    }
    if (!describeHeader(reader, *plan, error))
        return false;
    if (plan->shapeSignature() == profile.shapeSignature()) {
        periodFromName();
        return true;
    }
    // The title rows above the header changed (one more line of notes, say): find the header again.
    QString detectError;
    const auto detected = detectPlan(reader, profile.sheetName, &detectError);
    if (detected && detected->sheetIndex == plan->sheetIndex) {
        plan->headerRow = detected->headerRow;
        if (!describeHeader(reader, *plan, error))
            return false;
        if (plan->shapeSignature() == profile.shapeSignature()) {
            periodFromName();
            return true;
        }
    }
    *error = QStringLiteral("the file's columns do not match the profile '%1' (expected: %2)")
                 .arg(profile.profileName, profile.headers.join(QStringLiteral(", ")));
    return false;
}

} // namespace oversight::import
