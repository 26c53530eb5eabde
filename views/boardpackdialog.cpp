#include "boardpackdialog.h"

#include "exportlocation.h"

#include "boardpack.h"
#include "chartregistry.h"
#include "packdata.h"
#include "period.h"
#include "reporttable.h"
#include "store.h"

#include <QApplication>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace oversight {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

QString defaultFileName(const QString &quarter)
{
    return QDir(exportlocation::proposedFolder()).filePath(QStringLiteral("MOPAC board pack %1.pdf").arg(QString(quarter).replace(QLatin1Char('/'), QLatin1Char('-'))));
}

} // namespace

BoardPackDialog::BoardPackDialog(Store &store, QWidget *parent)
    : QDialog(parent), m_store(store), m_quarterBox(new QComboBox(this)), m_intro(new QLabel(this)), m_tree(new QTreeWidget(this)),
      m_commentary(new QPlainTextEdit(this)), m_commentaryLabel(new QLabel(this)), m_startFromEarlier(new QPushButton(this)),
      m_file(new QLineEdit(this))
{
    setWindowTitle(QStringLiteral("Board pack"));
    auto *layout = new QVBoxLayout(this);
    // The quarters the store holds a report for, latest first: the pack is for one of them.
    const QList<Period> held = reporttables::quartersHeld(store);
    for (auto it = held.crbegin(); it != held.crend(); ++it)
        m_quarterBox->addItem(it->label());
    m_quarter = m_quarterBox->currentText();
    auto *quarterRow = new QHBoxLayout;
    auto *quarterLabel = new QLabel(QStringLiteral("&Quarter:"), this);
    quarterLabel->setBuddy(m_quarterBox);
    m_quarterBox->setAccessibleName(QStringLiteral("Quarter"));
    m_quarterBox->setEnabled(!held.isEmpty());
    quarterRow->addWidget(quarterLabel);
    quarterRow->addWidget(m_quarterBox);
    quarterRow->addStretch(1);
    layout->addLayout(quarterRow);
    m_intro->setWordWrap(true);
    layout->addWidget(m_intro);

    m_tree->setHeaderLabels({QStringLiteral("Sections and charts")});
    m_tree->header()->setStretchLastSection(true);
    QHash<QString, QString> titles;
    for (const charts::ChartInfo &c : charts::chartCatalogue())
        titles.insert(c.id, c.title);
    for (const charts::PackSection &section : charts::packSections()) {
        auto *item = new QTreeWidgetItem(m_tree, {section.title});
        item->setData(0, kIdRole, section.id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsAutoTristate);
        item->setCheckState(0, Qt::Checked);
        for (const QString &entry : section.charts) {
            const QString id = entry.section(QLatin1Char('|'), 0, 0);
            const QString variant = entry.section(QLatin1Char('|'), 1);
            QString label = titles.value(id, id);
            if (!variant.isEmpty())
                label += QStringLiteral(" (%1)").arg(variant);
            auto *chart = new QTreeWidgetItem(item, {label});
            chart->setData(0, kIdRole, entry);
            chart->setFlags(chart->flags() | Qt::ItemIsUserCheckable);
            chart->setCheckState(0, Qt::Checked);
        }
    }
    m_tree->expandAll();

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_commentaryLabel->setWordWrap(true);
    rightLayout->addWidget(m_commentaryLabel);
    m_commentary->setPlaceholderText(QStringLiteral("A paragraph printed under the section's heading (saved with the quarter)."));
    m_commentary->setAccessibleName(QStringLiteral("Commentary"));
    rightLayout->addWidget(m_commentary, 1);
    m_startFromEarlier->setVisible(false);
    connect(m_startFromEarlier, &QPushButton::clicked, this, [this] { m_commentary->setPlainText(m_earlierText); });
    connect(m_commentary, &QPlainTextEdit::textChanged, this, &BoardPackDialog::offerEarlierCommentary);
    rightLayout->addWidget(m_startFromEarlier, 0, Qt::AlignLeft);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_tree);
    splitter->addWidget(right);
    splitter->setSizes({380, 420});
    layout->addWidget(splitter, 1);

    auto *fileRow = new QHBoxLayout;
    auto *fileLabel = new QLabel(QStringLiteral("&Save as:"), this);
    fileLabel->setBuddy(m_file);
    auto *browse = new QPushButton(QStringLiteral("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &BoardPackDialog::chooseFile);
    fileRow->addWidget(fileLabel);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    layout->addLayout(fileRow);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *buildButton = buttons->addButton(QStringLiteral("&Build pack"), QDialogButtonBox::AcceptRole);
    buildButton->setEnabled(!m_quarter.isEmpty());
    connect(buttons, &QDialogButtonBox::rejected, this, [this] {
        saveCommentary();
        reject();
    });
    connect(buildButton, &QPushButton::clicked, this, [this] {
        if (!build())
            return;
        const QString path = m_file->text().trimmed();
        QMessageBox done(QMessageBox::Information, windowTitle(),
                         QStringLiteral("Wrote %1 pages to %2.").arg(m_builtPages).arg(QDir::toNativeSeparators(path)),
                         QMessageBox::Ok, this);
        QPushButton *open = done.addButton(QStringLiteral("&Open"), QMessageBox::ActionRole);
        done.exec();
        if (done.clickedButton() == open)
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()));
        accept();
    });
    layout->addWidget(buttons);

    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) { showCommentaryFor(current); });
    connect(m_quarterBox, &QComboBox::currentTextChanged, this, &BoardPackDialog::chooseQuarter);
    chooseQuarter(m_quarter);
    m_tree->setCurrentItem(m_tree->topLevelItem(0));
    resize(860, 580);
}

void BoardPackDialog::chooseQuarter(const QString &quarter)
{
    // The commentary written so far belongs to the quarter it was written for.
    saveCommentary();
    const QString previousDefault = defaultFileName(m_quarter);
    m_quarter = quarter;
    m_intro->setText(m_quarter.isEmpty()
                         ? QStringLiteral("The store holds no quarterly report to build a pack from.")
                         : QStringLiteral("The quarterly board pack for <b>%1</b>: an A4 landscape PDF with a cover, contents, "
                                          "executive summary and the report's sections. Charts the store cannot fill are left "
                                          "out and named; tables the store does not hold for the quarter are named on their "
                                          "section's page.").arg(m_quarter.toHtmlEscaped()));
    m_texts = packdata::commentary(m_store, m_quarter);
    // A file name the officer chose stays; the default follows the quarter.
    if (m_file->text().isEmpty() || m_file->text() == previousDefault)
        m_file->setText(defaultFileName(m_quarter));
    // Show the new quarter's text for the section in view, without saving it back over the old one.
    m_commentarySection.clear();
    showCommentaryFor(m_tree->currentItem());
}

void BoardPackDialog::offerEarlierCommentary()
{
    // Offered only while the section has no text for this quarter: starting from last quarter's
    // words never replaces what was written.
    m_earlierText.clear();
    std::optional<packdata::EarlierCommentary> earlier;
    const auto quarter = Period::parse(m_quarter);
    if (quarter && !m_commentarySection.isEmpty() && m_commentary->toPlainText().trimmed().isEmpty())
        earlier = packdata::earlierCommentary(m_store, *quarter, m_commentarySection);
    if (earlier) {
        m_earlierText = earlier->text;
        m_startFromEarlier->setText(QStringLiteral("&Start from %1's text").arg(earlier->quarter));
        m_startFromEarlier->setToolTip(earlier->text);
    }
    m_startFromEarlier->setVisible(earlier.has_value());
}

void BoardPackDialog::showCommentaryFor(QTreeWidgetItem *item)
{
    saveCommentary();
    while (item && item->parent())
        item = item->parent();
    if (!item)
        return;
    m_commentarySection = item->data(0, kIdRole).toString();
    m_commentaryLabel->setText(QStringLiteral("Commentary for <b>%1</b>, %2:").arg(item->text(0).toHtmlEscaped(), m_quarter.toHtmlEscaped()));
    m_commentary->setPlainText(m_texts.value(m_commentarySection));
    offerEarlierCommentary();
}

bool BoardPackDialog::saveCommentary()
{
    if (m_commentarySection.isEmpty() || m_quarter.isEmpty())
        return true;
    const QString text = m_commentary->toPlainText().trimmed();
    if (text == m_texts.value(m_commentarySection).trimmed())
        return true;
    QString error;
    if (!packdata::setCommentary(m_store, m_quarter, m_commentarySection, text, &error)) {
        QMessageBox::warning(this, windowTitle(), QStringLiteral("The commentary was not saved: %1").arg(error));
        return false;
    }
    m_texts.insert(m_commentarySection, text);
    return true;
}

void BoardPackDialog::chooseFile()
{
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Save the board pack"), m_file->text(),
                                                      QStringLiteral("PDF documents (*.pdf)"));
    if (!path.isEmpty())
        m_file->setText(path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? path : path + QStringLiteral(".pdf"));
}

bool BoardPackDialog::build()
{
    if (!saveCommentary())
        return false;
    charts::PackOptions options;
    options.quarter = m_quarter;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *section = m_tree->topLevelItem(i);
        if (section->checkState(0) == Qt::Unchecked)
            continue;
        options.sections.append(section->data(0, kIdRole).toString());
        for (int c = 0; c < section->childCount(); ++c) {
            if (section->child(c)->checkState(0) == Qt::Unchecked)
                options.excludedCharts.append(section->child(c)->data(0, kIdRole).toString());
        }
    }
    if (options.sections.isEmpty()) {
        QMessageBox::information(this, windowTitle(), QStringLiteral("Choose at least one section."));
        return false;
    }
    const QString path = m_file->text().trimmed();
    if (path.isEmpty()) {
        QMessageBox::information(this, windowTitle(), QStringLiteral("Choose where to save the pack."));
        return false;
    }
    QProgressDialog progress(QStringLiteral("Building the board pack…"), QStringLiteral("Cancel"), 0, 100, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    charts::BoardPackWriter writer(m_store);
    QString error;
    QApplication::setOverrideCursor(Qt::BusyCursor);
    const bool ok = writer.write(path, options, [&progress](int done, int total, const QString &what) {
        progress.setMaximum(total);
        progress.setValue(done);
        progress.setLabelText(QStringLiteral("Building the board pack: %1").arg(what));
        QApplication::processEvents();
        return !progress.wasCanceled();
    }, &error);
    QApplication::restoreOverrideCursor();
    progress.close();
    if (!ok) {
        if (error != QLatin1String("cancelled"))
            QMessageBox::warning(this, windowTitle(), QStringLiteral("The board pack was not built: %1.").arg(error));
        return false;
    }
    m_builtPages = static_cast<int>(writer.pages().size());
    exportlocation::remember(path);
    return true;
}

} // namespace oversight
