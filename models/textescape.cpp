#include "textescape.h"

namespace oversight::text {

bool isControl(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

QString controlEscape(char16_t c)
{
    return QStringLiteral("\\x%1").arg(int(c), 2, 16, QLatin1Char('0'));
}

QString terminalEscaped(QStringView text, Terminal mode)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (isControl(c) && !(mode == Terminal::KeepLines && (c == u'\n' || c == u'\t')))
            escaped += controlEscape(c);
        else
            escaped += ch;
    }
    return escaped;
}

QString metadataEscaped(QStringView text)
{
    return terminalEscaped(text, Terminal::EscapeAll);
}

namespace {

// What XML 1.0's Char production excludes, for one UTF-16 unit at index i of text.
bool forbiddenInXml(QStringView text, qsizetype i)
{
    const char16_t c = text[i].unicode();
    if (c < 0x20)
        return c != u'\t' && c != u'\n' && c != u'\r';
    if (c == 0xfffe || c == 0xffff)
        return true;
    if (QChar::isHighSurrogate(c))
        return i + 1 >= text.size() || !QChar::isLowSurrogate(text[i + 1].unicode());
    if (QChar::isLowSurrogate(c))
        return i == 0 || !QChar::isHighSurrogate(text[i - 1].unicode());
    return false;
}

} // namespace

QString xmlEscaped(QStringView text)
{
    QString escaped;
    escaped.reserve(text.size() + text.size() / 8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text[i];
        switch (ch.unicode()) {
        case u'&': escaped += QLatin1String("&amp;"); break;
        case u'<': escaped += QLatin1String("&lt;"); break;
        case u'>': escaped += QLatin1String("&gt;"); break;
        case u'"': escaped += QLatin1String("&quot;"); break;
        case u'\'': escaped += QLatin1String("&apos;"); break;
        default:
            if (forbiddenInXml(text, i))
                escaped += controlEscape(ch.unicode());
            else
                escaped += ch;
        }
    }
    return escaped;
}

QByteArray xmlWithoutForbiddenCharacters(const QByteArray &utf8)
{
    // In UTF-8 the forbidden C0 characters are single bytes that never occur inside a multi-byte
    // sequence, so this works on bytes; U+FFFE/U+FFFF and surrogates Qt never writes as UTF-8.
    QByteArray cleaned;
    cleaned.reserve(utf8.size());
    for (const char b : utf8) {
        const auto c = static_cast<unsigned char>(b);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            cleaned += controlEscape(c).toLatin1();
        else
            cleaned += b;
    }
    return cleaned;
}

} // namespace oversight::text
