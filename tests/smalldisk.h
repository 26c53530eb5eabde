#pragma once

// A full disk for write tests: a 64 KiB tmpfs mounted over a fresh folder (root only; tests QSKIP
// by name where mounting is not permitted), holding an old file and then filled to ENOSPC.
// Unmounted when it goes out of scope.

#include <QByteArray>
#include <QDir>
#include <QString>
#include <QTemporaryDir>

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

class SmallDisk {
public:
    // size as mount takes it: "64k", "2m".
    explicit SmallDisk(const char *size = "64k")
    {
        if (!m_dir.isValid()) {
            m_why = QStringLiteral("no temporary folder");
            return;
        }
        const QByteArray path = QFile::encodeName(m_dir.path());
        const QByteArray options = QByteArray("size=") + size + ",mode=0700";
        if (::mount("tmpfs", path.constData(), "tmpfs", 0, options.constData()) != 0) {
            m_why = QStringLiteral("cannot mount a tmpfs: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        m_mounted = true;
    }
    ~SmallDisk()
    {
        if (m_mounted)
            ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk &) = delete;
    SmallDisk &operator=(const SmallDisk &) = delete;

    bool mounted() const { return m_mounted; }
    QString whyNot() const { return m_why; }
    QString filePath(const QString &name) const { return QDir(m_dir.path()).filePath(name); }

    // Fills what is left of the disk, so the next write of any size fails with ENOSPC.
    bool fill()
    {
        const int fd = ::open(QFile::encodeName(filePath(QStringLiteral("filler"))).constData(),
                              O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0)
            return false;
        const QByteArray block(512, 'x');
        while (::write(fd, block.constData(), size_t(block.size())) > 0) {
        }
        const bool full = errno == ENOSPC;
        ::close(fd);
        return full;
    }

    // Fills the disk, then gives back bytes (rounded to the tmpfs's 4 KB pages): that much is free.
    bool leaveFree(qint64 bytes)
    {
        if (!fill())
            return false;
        QFile filler(filePath(QStringLiteral("filler")));
        return filler.resize(std::max<qint64>(0, filler.size() - bytes));
    }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
    QString m_why;
};
