#pragma once

#include <QString>

#include <xlsxwriter.h>

namespace oversight::tableexport {

// libxlsxwriter, loaded at run time into a link-map namespace of its own (dlmopen(LM_ID_NEWLM)).
//
// Why: libquazip1-qt6 (the xlsx and ods readers, linked into the app) exports minizip's zip*
// functions with its own QIODevice-based ABI. Linked normally, libxlsxwriter's calls into minizip
// would bind to QuaZip's and crash in workbook_close(). In a namespace of its own, the private copy
// binds to libminizip. The headers give the signatures (decltype); nothing links the library, and
// only the functions below can be called, none of them a formula writer: every text cell is a string.
//
// Found as its soname (libxlsxwriter.so.4 on Debian 12, package libxlsxwriter4; read from the
// library at configure time) through the loader's usual search, then in the directory it was
// found in at build time. Loaded once per process and never unloaded (namespaces are few: glibc
// allows 16). Needs glibc's dlmopen: elsewhere (Windows is not built here) the Excel export reports
// that it is unavailable rather than risk the clash.
struct XlsxWriterLibrary {
    decltype(&workbook_new_opt) workbookNewOpt = nullptr;
    decltype(&workbook_add_worksheet) addWorksheet = nullptr;
    decltype(&workbook_add_format) addFormat = nullptr;
    decltype(&workbook_set_properties) setProperties = nullptr;
    decltype(&workbook_close) close = nullptr;
    decltype(&format_set_bold) setBold = nullptr;
    decltype(&format_set_font_size) setFontSize = nullptr;
    decltype(&format_set_num_format) setNumFormat = nullptr;
    decltype(&format_set_text_wrap) setTextWrap = nullptr;
    decltype(&format_set_align) setAlign = nullptr;
    decltype(&format_set_bottom) setBottom = nullptr;
    decltype(&worksheet_write_string) writeString = nullptr;
    decltype(&worksheet_write_number) writeNumber = nullptr;
    decltype(&worksheet_set_column) setColumn = nullptr;
    decltype(&worksheet_freeze_panes) freezePanes = nullptr;
    decltype(&worksheet_repeat_rows) repeatRows = nullptr;
    decltype(&worksheet_set_landscape) setLandscape = nullptr;
    decltype(&worksheet_fit_to_pages) fitToPages = nullptr;
    decltype(&lxw_strerror) strError = nullptr;
    decltype(&lxw_version) version = nullptr;

    QString loadedFrom; // the file the loader mapped

    // The process's copy, loading it on first use; nullptr with a message naming the library and
    // the package to install when it cannot be loaded or lacks a function.
    static const XlsxWriterLibrary *instance(QString *error);
};

} // namespace oversight::tableexport
