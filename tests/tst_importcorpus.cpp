#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <vector>

// Every spreadsheet of the shared corpus (real-world, odd, damaged and hostile workbooks) through
// "oversight import --dry-run", one process per file as officers would run it: the command may
// read a file or refuse it, but must never crash, hang, mistake it for a usage error, or refuse
// it without saying which file. Library-level tests cannot see crashes that kill the process.
class TestImportCorpus : public QObject {
    Q_OBJECT
public:
    TestImportCorpus()
    {
        // Qt Test's watchdog ends a test function after 5 minutes; reading 341 workbooks on a
        // slow or sanitizer build can take longer (CTest's own limit for this test is 900 s).
        if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
            qputenv("QTEST_FUNCTION_TIMEOUT", "900000");
    }

private Q_SLOTS:
    void initTestCase();
    void everyFileIsReadOrRefused();

private:
    struct Outcome {
        QString path;
        int exitCode = -1;
        QProcess::ExitStatus status = QProcess::NormalExit;
        bool started = true;
        bool timedOut = false;
        qint64 ms = 0;
        QString output;
    };
    QProcessEnvironment environment() const;
    void runAll(std::vector<Outcome> &outcomes);

    QTemporaryDir m_dir;
    QString m_store;
};

namespace {

constexpr int perFileLimitMs = 20000;
constexpr int parallel = 2; // the build machine has two cores

QString corpusFolder()
{
    return QDir::cleanPath(QStringLiteral(OVERSIGHT_SOURCE_DIR "/../shared/corpus/spreadsheets"));
}

} // namespace

QProcessEnvironment TestImportCorpus::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // A saved import profile in the user's real folders could change how files are read.
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    return env;
}

void TestImportCorpus::initTestCase()
{
    if (!QFileInfo(corpusFolder()).isDir())
        QSKIP(qPrintable(QStringLiteral("no spreadsheet corpus at %1 (it sits beside the source tree on the build "
                                        "machine, not in a clone)").arg(corpusFolder())));
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("corpus.sqlite"));
    QProcess init;
    init.setProcessEnvironment(environment());
    init.start(QStringLiteral(OVERSIGHT_BINARY), {QStringLiteral("--db"), m_store, QStringLiteral("init"), QStringLiteral("--empty")});
    QVERIFY(init.waitForFinished(60000));
    QVERIFY2(init.exitStatus() == QProcess::NormalExit && init.exitCode() == 0, init.readAllStandardError().constData());
}

// Runs the dry runs, `parallel` at a time, each killed if it outlives the per-file limit.
void TestImportCorpus::runAll(std::vector<Outcome> &outcomes)
{
    QEventLoop loop;
    size_t next = 0;
    size_t finished = 0;
    int running = 0;
    std::function<void()> startMore;
    auto done = [&](size_t index, QProcess *process, QElapsedTimer clock) {
        Outcome &o = outcomes[index];
        o.ms = clock.elapsed();
        o.exitCode = process->exitCode();
        o.status = process->exitStatus();
        o.output = QString::fromUtf8(process->readAll());
        process->deleteLater();
        --running;
        ++finished;
        if (finished == outcomes.size())
            loop.quit();
        else
            startMore();
    };
    startMore = [&] {
        while (running < parallel && next < outcomes.size()) {
            const size_t index = next++;
            auto *process = new QProcess(&loop);
            process->setProcessEnvironment(environment());
            // One stream, as a user sees it in a terminal: the file name may be on either.
            process->setProcessChannelMode(QProcess::MergedChannels);
            QElapsedTimer clock;
            clock.start();
            connect(process, &QProcess::finished, &loop, [&, index, process, clock] { done(index, process, clock); });
            connect(process, &QProcess::errorOccurred, &loop, [&, index, process, clock](QProcess::ProcessError error) {
                if (error == QProcess::FailedToStart) {
                    outcomes[index].started = false;
                    done(index, process, clock);
                }
            });
            // Parented to the process: a run that ends in time deletes its watchdog with it.
            QTimer::singleShot(perFileLimitMs, process, [&outcomes, index, process] {
                outcomes[index].timedOut = true;
                process->kill();
            });
            ++running;
            process->start(QStringLiteral(OVERSIGHT_BINARY), {QStringLiteral("--db"), m_store, QStringLiteral("import"),
                                                              outcomes[index].path, QStringLiteral("--dry-run")});
        }
    };
    if (outcomes.empty())
        return;
    startMore();
    loop.exec();
}

void TestImportCorpus::everyFileIsReadOrRefused()
{
    // Every file, whatever its extension: a stray .csv or .xls in the corpus must be refused cleanly too.
    const QFileInfoList files = QDir(corpusFolder()).entryInfoList(QDir::Files | QDir::Hidden, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable(QStringLiteral("%1 holds no files").arg(corpusFolder())));
    std::vector<Outcome> outcomes;
    for (const QFileInfo &file : files) {
        Outcome o;
        o.path = file.absoluteFilePath();
        outcomes.push_back(o);
    }

    QElapsedTimer total;
    total.start();
    runAll(outcomes);

    int readOk = 0;
    int refused = 0;
    const Outcome *slowest = nullptr;
    QStringList failures;
    for (const Outcome &o : outcomes) {
        const QString name = QFileInfo(o.path).fileName();
        if (!slowest || o.ms > slowest->ms)
            slowest = &o;
        QString reason;
        if (!o.started)
            reason = QStringLiteral("oversight did not start");
        else if (o.timedOut)
            reason = QStringLiteral("no answer within %1 s (killed)").arg(perFileLimitMs / 1000);
        else if (o.status == QProcess::CrashExit)
            reason = QStringLiteral("crashed (signal %1)").arg(o.exitCode); // Qt reports the signal as the code
        else if (o.exitCode != 0 && o.exitCode != 1)
            reason = QStringLiteral("exit code %1").arg(o.exitCode);
        else if (o.exitCode == 1 && !o.output.contains(name))
            reason = QStringLiteral("refused without naming the file");
        if (!reason.isEmpty()) {
            const QString tail = o.output.trimmed().right(300);
            failures.append(QStringLiteral("%1: %2%3").arg(name, reason, tail.isEmpty() ? QString() : QStringLiteral("\n    ") + tail));
        } else if (o.exitCode == 0) {
            ++readOk;
        } else {
            ++refused;
        }
    }
    qInfo("%zu files in %.1f s: %d read ok, %d refused, %lld failed; slowest %s (%.1f s)", outcomes.size(),
          total.elapsed() / 1000.0, readOk, refused, qint64(failures.size()), qPrintable(QFileInfo(slowest->path).fileName()),
          slowest->ms / 1000.0);
    QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 of %2 files failed:\n").arg(failures.size()).arg(outcomes.size())
                                            + failures.join(QLatin1Char('\n'))));

    // Dry runs write nothing: the store still has no batch.
    QProcess list;
    list.setProcessEnvironment(environment());
    list.start(QStringLiteral(OVERSIGHT_BINARY), {QStringLiteral("--db"), m_store, QStringLiteral("list"), QStringLiteral("batches")});
    QVERIFY(list.waitForFinished(60000));
    QCOMPARE(list.exitCode(), 0);
    const QByteArray batches = list.readAllStandardOutput();
    QVERIFY2(batches.count('\n') == 1, batches.constData()); // the header only
}

QTEST_GUILESS_MAIN(TestImportCorpus)
#include "tst_importcorpus.moc"
