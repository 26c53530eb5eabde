#pragma once

// Small .xlsx workbooks written in a test: each sheet a list of rows, a cell that reads as a number
// written as one, any other as an inline string. Zipped with QuaZip, so a test needs no file of its
// own in the repository and no spreadsheet program.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipnewinfo.h>

#include <utility>

struct FixtureSheet {
    QString name;
    QList<QStringList> rows;
};

inline bool writeXlsxFixture(const QString &path, const QList<FixtureSheet> &sheets)
{
    const auto escaped = [](const QString &text) { return text.toHtmlEscaped().toUtf8(); };
    const auto sheetXml = [&](const QList<QStringList> &rows) {
        QByteArray xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
        for (int r = 0; r < rows.size(); ++r) {
            xml += QStringLiteral("<row r=\"%1\">").arg(r + 1).toUtf8();
            for (int c = 0; c < rows.at(r).size(); ++c) {
                const QString &text = rows.at(r).at(c);
                if (text.isEmpty())
                    continue;
                const QString ref = QStringLiteral("%1%2").arg(QChar(u'A' + c)).arg(r + 1);
                bool number = false;
                text.toDouble(&number);
                xml += number ? QStringLiteral("<c r=\"%1\"><v>%2</v></c>").arg(ref, text).toUtf8()
                              : QStringLiteral("<c r=\"%1\" t=\"inlineStr\"><is><t>").arg(ref).toUtf8() + escaped(text)
                                    + "</t></is></c>";
            }
            xml += "</row>";
        }
        return xml + "</sheetData></worksheet>";
    };
    QByteArray types = R"(<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
)";
    QByteArray workbook = R"(<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)";
    QByteArray relations = R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
)";
    QList<std::pair<QString, QByteArray>> parts;
    for (int s = 0; s < sheets.size(); ++s) {
        const QByteArray n = QByteArray::number(s + 1);
        types += "<Override PartName=\"/xl/worksheets/sheet" + n
                 + ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\n";
        workbook += "<sheet name=\"" + escaped(sheets.at(s).name) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
        relations += "<Relationship Id=\"rId" + n
                     + "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                       "Target=\"worksheets/sheet" + n + ".xml\"/>\n";
        parts.append({QStringLiteral("xl/worksheets/sheet%1.xml").arg(s + 1), sheetXml(sheets.at(s).rows)});
    }
    parts.prepend({QStringLiteral("xl/_rels/workbook.xml.rels"), relations + "</Relationships>"});
    parts.prepend({QStringLiteral("xl/workbook.xml"), workbook + "</sheets></workbook>"});
    parts.prepend({QStringLiteral("_rels/.rels"), R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)"});
    parts.prepend({QStringLiteral("[Content_Types].xml"), types + "</Types>"});
    QuaZip zip(path);
    if (!zip.open(QuaZip::mdCreate))
        return false;
    for (const auto &[name, data] : std::as_const(parts)) {
        QuaZipFile file(&zip);
        if (!file.open(QIODevice::WriteOnly, QuaZipNewInfo(name)) || file.write(data) != data.size())
            return false;
        file.close();
    }
    zip.close();
    return zip.getZipError() == 0;
}
