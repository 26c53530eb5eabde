#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QIODevice;

namespace oversight::files {

// The one write discipline for every file Oversight writes (CSV, xlsx, PDF, SVG, PNG, profiles):
// the bytes go to a temporary file in the target's folder, are flushed, synced and checked, and
// replace the target only when all of them are on disk. On any failure the target is untouched and
// the reason is the operating system's ("No space left on device"), not "Unknown error".
//
// QSaveFile alone is not enough: a small write sits in QFileDevice's buffer, the buffer is only
// flushed inside commit(), and a failure there (ENOSPC on a full disk) is not remembered, so
// commit() renames an empty file over a good one. Hence the explicit flush and fsync below.

// Who may read the file. Documents are 0644 whatever the umask (never group- or world-writable,
// even under umask 000); private files 0600, like the store.
enum class Access {
    Document,
    Private,
};

// Fills the temporary file through fill (which returns false with a reason to abandon the write),
// then commits it. False with the reason in *why (no file name: callers say which file).
bool writeAtomically(const QString &path, Access access, const std::function<bool(QIODevice *, QString *)> &fill,
                     QString *why);
bool writeAtomically(const QString &path, const QByteArray &bytes, Access access, QString *why);

// Tests: OVERSIGHT_TEST_WRITE_ERROR=ENOSPC (or EIO, EDQUOT, a number) makes the final flush of
// every write fail with that error, as a full disk does, where no small filesystem can be mounted.
constexpr const char *kInjectedErrorVariable = "OVERSIGHT_TEST_WRITE_ERROR";

} // namespace oversight::files
