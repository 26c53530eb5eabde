#include "xlsxwriterlibrary.h"

#include <QStringList>

#include <memory>
#include <type_traits>

#if defined(__GLIBC__)
#include <dlfcn.h>
#include <link.h>
#endif

#ifndef OVERSIGHT_XLSXWRITER_SONAME
#define OVERSIGHT_XLSXWRITER_SONAME "libxlsxwriter.so.4"
#endif
#ifndef OVERSIGHT_XLSXWRITER_DIR
#define OVERSIGHT_XLSXWRITER_DIR ""
#endif

namespace oversight::tableexport {

namespace {

struct Loaded {
    std::unique_ptr<XlsxWriterLibrary> library;
    QString error;
};

QString packageHint()
{
    return QStringLiteral("Excel export needs the library %1 (Debian package libxlsxwriter4)")
        .arg(QStringLiteral(OVERSIGHT_XLSXWRITER_SONAME));
}

Loaded load()
{
    Loaded result;
#if defined(__GLIBC__)
    QStringList candidates{QStringLiteral(OVERSIGHT_XLSXWRITER_SONAME)};
    const QString buildDir = QStringLiteral(OVERSIGHT_XLSXWRITER_DIR);
    if (!buildDir.isEmpty())
        candidates.append(buildDir + QLatin1Char('/') + QStringLiteral(OVERSIGHT_XLSXWRITER_SONAME));
    void *handle = nullptr;
    QStringList failures;
    for (const QString &candidate : candidates) {
        dlerror();
        handle = dlmopen(LM_ID_NEWLM, candidate.toLocal8Bit().constData(), RTLD_NOW | RTLD_LOCAL);
        if (handle)
            break;
        const char *why = dlerror();
        failures.append(why ? QString::fromLocal8Bit(why) : candidate);
    }
    if (!handle) {
        result.error = QStringLiteral("%1, which could not be loaded: %2").arg(packageHint(), failures.join(QStringLiteral("; ")));
        return result;
    }
    auto library = std::make_unique<XlsxWriterLibrary>();
    QStringList missing;
    auto bind = [&](auto &pointer, const char *name) {
        pointer = reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(dlsym(handle, name));
        if (!pointer)
            missing.append(QString::fromLatin1(name));
    };
    bind(library->workbookNewOpt, "workbook_new_opt");
    bind(library->addWorksheet, "workbook_add_worksheet");
    bind(library->addFormat, "workbook_add_format");
    bind(library->setProperties, "workbook_set_properties");
    bind(library->close, "workbook_close");
    bind(library->setBold, "format_set_bold");
    bind(library->setFontSize, "format_set_font_size");
    bind(library->setNumFormat, "format_set_num_format");
    bind(library->setTextWrap, "format_set_text_wrap");
    bind(library->setAlign, "format_set_align");
    bind(library->setBottom, "format_set_bottom");
    bind(library->writeString, "worksheet_write_string");
    bind(library->writeNumber, "worksheet_write_number");
    bind(library->setColumn, "worksheet_set_column");
    bind(library->freezePanes, "worksheet_freeze_panes");
    bind(library->repeatRows, "worksheet_repeat_rows");
    bind(library->setLandscape, "worksheet_set_landscape");
    bind(library->fitToPages, "worksheet_fit_to_pages");
    bind(library->strError, "lxw_strerror");
    bind(library->version, "lxw_version");
    struct link_map *map = nullptr;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name)
        library->loadedFrom = QString::fromLocal8Bit(map->l_name);
    if (!missing.isEmpty()) {
        // The handle stays open: closing a namespace's only object is not reliably supported.
        result.error = QStringLiteral("%1; %2 lacks %3").arg(packageHint(), library->loadedFrom, missing.join(QStringLiteral(", ")));
        return result;
    }
    result.library = std::move(library);
#else
    result.error = QStringLiteral("%1, loaded in a link namespace of its own (glibc's dlmopen), which this "
                                  "platform does not offer").arg(packageHint());
#endif
    return result;
}

} // namespace

const XlsxWriterLibrary *XlsxWriterLibrary::instance(QString *error)
{
    static const Loaded loaded = load();
    if (!loaded.library && error)
        *error = loaded.error;
    return loaded.library.get();
}

} // namespace oversight::tableexport
