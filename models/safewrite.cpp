#include "safewrite.h"

#include <QFileDevice>
#include <QSaveFile>

#include <cerrno>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace oversight::files {
namespace {

QFileDevice::Permissions permissionsFor(Access access)
{
    QFileDevice::Permissions p = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (access == Access::Document)
        p |= QFileDevice::ReadGroup | QFileDevice::ReadOther;
    return p;
}

// The errno a test asked the final flush to fail with; 0 when none.
int injectedError()
{
    const QByteArray name = qgetenv(kInjectedErrorVariable);
    if (name.isEmpty())
        return 0;
    if (name == "ENOSPC")
        return ENOSPC;
    if (name == "EIO")
        return EIO;
#ifdef EDQUOT
    if (name == "EDQUOT")
        return EDQUOT;
#endif
    bool ok = false;
    const int number = name.toInt(&ok);
    return ok && number > 0 ? number : EIO;
}

} // namespace

bool writeAtomically(const QString &path, Access access, const std::function<bool(QIODevice *, QString *)> &fill,
                     QString *why)
{
    QSaveFile file(path);
    // Never write the target in place, even where the folder forbids creating the temporary file.
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly)) {
        *why = file.errorString();
        return false;
    }
    const auto fail = [&](const QString &reason) {
        *why = reason;
        file.cancelWriting();
        return false;
    };
    QString reason;
    if (!fill(&file, &reason)) {
        // A writer that failed because the device did (QImageWriter says "Unknown error") is
        // reported with the device's own reason.
        return fail(file.error() != QFileDevice::NoError || reason.isEmpty() ? file.errorString() : reason);
    }
    if (file.error() != QFileDevice::NoError || !file.flush())
        return fail(file.errorString());
#ifdef Q_OS_UNIX
    // A filesystem that allocates late (ext4, XFS, NFS) reports a full disk or quota only here.
    if (::fsync(file.handle()) != 0)
        return fail(qt_error_string(errno));
#endif
    if (const int injected = injectedError())
        return fail(qt_error_string(injected));
    // Explicitly, not the umask's: and the new file takes it, not the one it replaces.
    if (!file.setPermissions(permissionsFor(access)))
        return fail(file.errorString());
    if (!file.commit()) {
        *why = file.errorString();
        return false;
    }
    return true;
}

bool writeAtomically(const QString &path, const QByteArray &bytes, Access access, QString *why)
{
    return writeAtomically(
        path, access,
        [&bytes](QIODevice *device, QString *reason) {
            if (device->write(bytes) != bytes.size()) {
                *reason = device->errorString();
                return false;
            }
            return true;
        },
        why);
}

} // namespace oversight::files
