#pragma once

#include <QString>
#include <QStringView>

namespace oversight::text {

// The one escaping helper per target. Imported text (a category's name, a cell, a file's name) is
// written to SVG, PDF metadata and terminals; each target reads some characters as commands, so
// every such text goes through the helper of its target, never through ad hoc replacements.

// A control character (C0, DEL, C1) in the visible form a terminal prints harmlessly and an officer
// can read back: ESC as \x1b, BEL as \x07, the C1 CSI as \x9b.
QString controlEscape(char16_t c);
bool isControl(char16_t c);

// For a terminal: every control character escaped, so a cell holding ESC]0;…BEL ESC[2J cannot
// retitle or clear the officer's terminal. KeepLines keeps newline and tab, for a whole message
// whose lines and columns are Oversight's own (the user's text inside it is escaped whole first).
enum class Terminal { EscapeAll, KeepLines };
QString terminalEscaped(QStringView text, Terminal mode = Terminal::EscapeAll);

// For a document's metadata (a PDF's title and creator): QPdfWriter writes them as UTF-16 strings
// with the PDF string syntax escaped, but the characters themselves reach viewers' title bars and
// pdfinfo on a terminal, so control characters are shown in the visible form above.
QString metadataEscaped(QStringView text);

// For XML (SVG, and anything else in markup): & < > " ' as entities, and the characters XML 1.0
// cannot hold at all, even as references (C0 but tab, newline and CR; U+FFFE, U+FFFF; lone
// surrogates), in the visible form above, so the document stays well-formed.
QString xmlEscaped(QStringView text);

// Only the characters XML 1.0 cannot hold, for text that is already markup (an SVG written by Qt,
// which escapes its text's markup but writes control characters as they are).
QByteArray xmlWithoutForbiddenCharacters(const QByteArray &utf8);

} // namespace oversight::text
