#include "importwizard.h"

#include "catalog.h"
#include "importmodels.h"
#include "reader.h"
#include "reporttablelayout.h"
#include "store.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QWizardPage>

namespace oversight {

using namespace import;

namespace {

constexpr int previewRows = 200;

QString enGB(qint64 n)
{
    return QLocale(QLocale::English, QLocale::UnitedKingdom).toString(n);
}

// "1 row", "2 rows", "1,234 values".
QString count(qint64 n, const QString &singular, const QString &plural)
{
    return enGB(n) + QLatin1Char(' ') + (n == 1 ? singular : plural);
}

// The pages reach the wizard's shared state through this.
class ImportPage : public QWizardPage {
protected:
    ImportWizard *importWizard() const { return static_cast<ImportWizard *>(wizard()); }
};

class FileChoicePage : public ImportPage {
public:
    FileChoicePage()
    {
        setTitle(QStringLiteral("Choose the file"));
        setSubTitle(QStringLiteral("An Excel workbook (.xlsx), OpenDocument spreadsheet (.ods) or CSV file. "
                                   "You can also drop files onto the main window."));
        auto *layout = new QVBoxLayout(this);
        auto *row = new QHBoxLayout;
        m_path = new QLineEdit(this);
        m_path->setAccessibleName(QStringLiteral("File"));
        auto *browse = new QPushButton(QStringLiteral("&Browse…"), this);
        row->addWidget(m_path, 1);
        row->addWidget(browse);
        layout->addLayout(row);
        m_message = new QLabel(this);
        m_message->setWordWrap(true);
        layout->addWidget(m_message);
        layout->addStretch(1);
        registerField(QStringLiteral("path*"), m_path);
        connect(browse, &QPushButton::clicked, this, [this] {
            const QString chosen = QFileDialog::getOpenFileName(
                this, QStringLiteral("Import a spreadsheet"), QFileInfo(m_path->text()).absolutePath(),
                QStringLiteral("Spreadsheets (*.xlsx *.ods *.csv);;All files (*)"));
            if (!chosen.isEmpty())
                m_path->setText(chosen);
        });
    }

    void initializePage() override { m_path->setText(importWizard()->path()); }

    bool validatePage() override
    {
        QString error;
        if (!importWizard()->openFile(m_path->text().trimmed(), &error)) {
            m_message->setText(error);
            return false;
        }
        m_message->clear();
        return true;
    }

private:
    QLineEdit *m_path;
    QLabel *m_message;
};

class SheetChoicePage : public ImportPage {
public:
    SheetChoicePage()
    {
        setTitle(QStringLiteral("Sheet and header row"));
        setSubTitle(QStringLiteral("Rows above the header (titles, notes, blank rows) are skipped. "
                                   "Double-click a row in the preview to make it the header."));
        auto *layout = new QVBoxLayout(this);
        auto *form = new QFormLayout;
        m_sheet = new QComboBox(this);
        m_header = new QSpinBox(this);
        m_header->setRange(1, 1'048'576);
        form->addRow(QStringLiteral("&Sheet:"), m_sheet);
        form->addRow(QStringLiteral("&Header row:"), m_header);
        layout->addLayout(form);
        m_profile = new QLabel(this);
        m_profile->setWordWrap(true);
        layout->addWidget(m_profile);
        m_grid = new QTableView(this);
        m_grid->setAccessibleName(QStringLiteral("Preview"));
        layout->addWidget(m_grid, 1);
        m_message = new QLabel(this);
        m_message->setWordWrap(true);
        layout->addWidget(m_message);

        connect(m_sheet, &QComboBox::currentIndexChanged, this, [this](int index) {
            if (m_filling || index < 0)
                return;
            auto *w = importWizard();
            w->plan().sheetIndex = index;
            QString error;
            if (!w->reloadPreview(&error))
                m_message->setText(error);
        });
        connect(m_header, &QSpinBox::valueChanged, this, [this](int row) {
            if (m_filling)
                return;
            importWizard()->plan().headerRow = row;
            importWizard()->preview()->setHeaderRow(row);
        });
        connect(m_grid, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
            m_header->setValue(importWizard()->preview()->headerData(index.row(), Qt::Vertical).toInt());
        });
    }

    void initializePage() override
    {
        auto *w = importWizard();
        m_filling = true;
        m_sheet->clear();
        for (const SheetInfo &sheet : w->reader()->sheets())
            m_sheet->addItem(sheet.hidden ? QStringLiteral("%1 (hidden)").arg(sheet.name) : sheet.name);
        m_sheet->setCurrentIndex(w->plan().sheetIndex);
        m_header->setValue(static_cast<int>(w->plan().headerRow));
        m_filling = false;
        m_grid->setModel(w->preview());
        w->preview()->setHeaderRow(w->plan().headerRow);
        m_grid->resizeColumnsToContents();
        m_profile->setText(w->matchedProfile().isEmpty()
                               ? QStringLiteral("Oversight proposed the sheet, header and columns below; check them.")
                               : QStringLiteral("This file has the shape of the saved profile '%1': its choices are filled in.")
                                     .arg(w->matchedProfile()));
    }

    bool validatePage() override
    {
        auto *w = importWizard();
        QString error;
        if (!describeHeader(*w->reader(), w->plan(), &error)) {
            m_message->setText(error);
            return false;
        }
        return true;
    }

private:
    QComboBox *m_sheet;
    QSpinBox *m_header;
    QTableView *m_grid;
    QLabel *m_profile;
    QLabel *m_message;
    bool m_filling = false;
};

class ColumnRolesPage : public ImportPage {
public:
    ColumnRolesPage()
    {
        setTitle(QStringLiteral("Layout and columns"));
        setSubTitle(QStringLiteral("Say what each column holds: wide files have a column per period, long files a "
                                   "value per row, report tables a row per category."));
        auto *layout = new QVBoxLayout(this);
        auto *form = new QFormLayout;
        m_layout = new QComboBox(this);
        // The report's own tables (the last layout) are recognised by their header, never chosen.
        for (const Layout kind : layouts())
            m_layout->addItem(layoutLabel(kind), static_cast<int>(kind));
        // The page keeps the wizard's width whatever the items say.
        m_layout->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_layout->setMinimumContentsLength(30);
        form->addRow(QStringLiteral("&Layout:"), m_layout);
        layout->addLayout(form);
        m_columns = new QTableWidget(this);
        m_columns->setColumnCount(4);
        m_columns->setHorizontalHeaderLabels({QStringLiteral("Column"), QStringLiteral("Header"), QStringLiteral("Period"),
                                              QStringLiteral("Holds")});
        m_columns->verticalHeader()->setVisible(false);
        m_columns->horizontalHeader()->setStretchLastSection(true);
        layout->addWidget(m_columns, 1);

        auto *fixed = new QFormLayout;
        m_measure = new QComboBox(this);
        m_area = new QComboBox(this);
        // Long measure names would widen the wizard past the screen: the lists are wide, the boxes not.
        for (QComboBox *box : {m_measure, m_area}) {
            box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            box->setMinimumContentsLength(30);
        }
        m_period = new QLineEdit(this);
        m_period->setPlaceholderText(QStringLiteral("e.g. Q1 2017/18, 2017/18, June 2017"));
        m_unit = new QComboBox(this);
        for (const auto &[key, label] : std::initializer_list<std::pair<const char *, const char *>>{
                 {"count", "Number"}, {"percent", "Per cent"}, {"gbp_m", "£m"}, {"gbp", "£"}, {"ratio", "Ratio"}})
            m_unit->addItem(QString::fromUtf8(label), QString::fromLatin1(key));
        fixed->addRow(QStringLiteral("&Measure when no column says:"), m_measure);
        fixed->addRow(QStringLiteral("A&rea when no column says:"), m_area);
        fixed->addRow(QStringLiteral("&Period when no column says:"), m_period);
        m_fixed = fixed;
        fixed->addRow(QStringLiteral("&Unit of new measures:"), m_unit);
        m_quarter = new QLineEdit(this);
        m_quarter->setPlaceholderText(QStringLiteral("optional, e.g. Q2 2017/18: figures for other periods are flagged"));
        fixed->addRow(QStringLiteral("E&xpected quarter:"), m_quarter);
        m_profileName = new QLineEdit(this);
        m_saveProfile = new QCheckBox(QStringLiteral("Sa&ve these choices as a profile for next quarter"), this);
        fixed->addRow(m_saveProfile, m_profileName);
        layout->addLayout(fixed);
        m_message = new QLabel(this);
        m_message->setWordWrap(true);
        layout->addWidget(m_message);

        connect(m_layout, &QComboBox::activated, this, [this] {
            auto *w = importWizard();
            const auto chosen = static_cast<Layout>(m_layout->currentData().toInt());
            if (chosen == Layout::OversightTable && w->plan().reportTableId.isEmpty()) {
                m_message->setText(QStringLiteral("This file's header is not that of one of the report's tables: "
                                                  "choose wide, long or report table."));
                showPlan();
                return;
            }
            // Choosing a report table proposes its roles afresh: label, sections, periods, figures, derived.
            if (chosen == Layout::ReportTable && w->plan().layout != Layout::ReportTable)
                proposeReportTable(*w->reader(), w->plan(), {}, {true, false});
            w->plan().layout = chosen;
            showPlan();
        });
        connect(m_period, &QLineEdit::textEdited, this, [this] {
            ImportPlan &plan = importWizard()->plan();
            plan.fixedPeriodCode = m_period->text().trimmed();
            const auto period = Period::parse(plan.fixedPeriodCode);
            for (int c = 0; c < m_columns->rowCount(); ++c)
                m_columns->item(c, 2)->setText(periodText(plan, c, period));
        });
    }

    void initializePage() override
    {
        auto *w = importWizard();
        const ImportPlan &plan = w->plan();
        m_measure->clear();
        m_measure->addItem(QStringLiteral("(from a column)"), QString());
        for (const MeasureInfo &m : catalog::measures(w->store()))
            m_measure->addItem(QStringLiteral("%1 (%2)").arg(m.name, m.key), m.key);
        m_area->clear();
        m_area->addItem(QStringLiteral("(from a column)"), QString());
        m_forceArea.clear();
        for (const AreaInfo &a : catalog::areas(w->store())) {
            if (a.kind != QLatin1String("ward"))
                m_area->addItem(a.name, a.code);
            if (a.kind == QLatin1String("force"))
                m_forceArea = a.code;
        }
        m_quarter->setText(plan.expectedQuarter);
        m_profileName->setText(plan.profileName.isEmpty() ? QFileInfo(w->path()).completeBaseName() : plan.profileName);
        m_saveProfile->setChecked(w->matchedProfile().isEmpty());
        showPlan();
    }

    // The plan's layout, columns and fixed choices, as the page shows them.
    void showPlan()
    {
        const ImportPlan &plan = importWizard()->plan();
        const bool report = plan.layout == Layout::ReportTable;
        m_layout->setCurrentIndex(std::max(0, m_layout->findData(static_cast<int>(plan.layout))));
        m_measure->setCurrentIndex(std::max(0, m_measure->findData(plan.fixedMeasureKey)));
        // A report table without an area column is the force's, unless the officer says otherwise.
        const QString area = plan.fixedAreaCode.isEmpty() && report ? m_forceArea : plan.fixedAreaCode;
        m_area->setCurrentIndex(std::max(0, m_area->findData(area)));
        m_period->setText(plan.fixedPeriodCode);
        if (auto *label = qobject_cast<QLabel *>(m_fixed->labelForField(m_period)))
            label->setText(report ? QStringLiteral("&Period of the figure columns:") : QStringLiteral("&Period when no column says:"));
        m_period->setPlaceholderText(report ? QStringLiteral("the quarter the figures are for, e.g. Q2 2017/18")
                                            : QStringLiteral("e.g. Q1 2017/18, 2017/18, June 2017"));
        // What detection guessed is said on the page, before anything is checked or written.
        QStringList notes;
        for (const QString &note : plan.notes)
            notes.append(QStringLiteral("• ") + note);
        // One of the report's own tables: its columns are that table's, so there is nothing to choose;
        // the page says which table and quarter the file was read as, as the command line's plan does.
        const bool ownTable = plan.layout == Layout::OversightTable;
        if (ownTable)
            notes = describePlan(plan).mid(1);
        for (QWidget *choice : std::initializer_list<QWidget *>{m_columns, m_measure, m_area, m_period, m_unit})
            choice->setEnabled(!ownTable);
        m_message->setText(notes.join(QLatin1Char('\n')));
        m_unit->setCurrentIndex(std::max(0, m_unit->findData(plan.newMeasureUnit)));
        showColumns();
    }

    void showColumns()
    {
        const ImportPlan &plan = importWizard()->plan();
        m_columns->setRowCount(static_cast<int>(plan.headers.size()));
        const auto fixedPeriod = Period::parse(plan.fixedPeriodCode);
        for (int c = 0; c < plan.headers.size(); ++c) {
            m_columns->setItem(c, 0, new QTableWidgetItem(columnName(c)));
            m_columns->setItem(c, 1, new QTableWidgetItem(plan.headers.at(c)));
            m_columns->setItem(c, 2, new QTableWidgetItem(periodText(plan, c, fixedPeriod)));
            auto *role = new QComboBox(m_columns);
            for (const ColumnRole value : columnRoles())
                role->addItem(roleLabel(value), static_cast<int>(value));
            role->setCurrentIndex(role->findData(static_cast<int>(plan.roles.value(c))));
            m_columns->setCellWidget(c, 3, role);
            for (int k = 0; k < 3; ++k)
                m_columns->item(c, k)->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            connect(role, &QComboBox::activated, this, [this, c, role] {
                ImportPlan &p = importWizard()->plan();
                if (c < p.roles.size())
                    p.roles[c] = static_cast<ColumnRole>(role->currentData().toInt());
                m_columns->item(c, 2)->setText(periodText(p, c, Period::parse(p.fixedPeriodCode)));
            });
        }
        m_columns->resizeColumnsToContents();
    }

    // What the Period column says of a column: its period, or for a report table's figure the
    // fixed period and its breakdown, for a derived column what it is checked against.
    static QString periodText(const ImportPlan &plan, int c, const std::optional<Period> &fixedPeriod)
    {
        const ColumnRole role = plan.roles.value(c);
        if (plan.layout == Layout::ReportTable && role == ColumnRole::Figure)
            return QStringLiteral("%1, as Figure: %2")
                .arg(fixedPeriod ? fixedPeriod->label() : QStringLiteral("(period below)"), figureKind(plan.headers.value(c)));
        if (plan.layout == Layout::ReportTable && role == ColumnRole::Derived) {
            const QString formula = derivedFormula(plan, c);
            return formula.isEmpty() ? QStringLiteral("not checked") : QStringLiteral("checked: %1").arg(formula);
        }
        const auto &period = plan.columnPeriods.value(c);
        QString text = period && (plan.layout == Layout::Long || role == ColumnRole::Value) ? period->label() : QString();
        // A column that names its measure (a value column's header, a two-row header's group) says which.
        if (!plan.columnMeasures.value(c).isEmpty())
            text += (text.isEmpty() ? QString() : QStringLiteral(", ")) + QStringLiteral("measure: %1").arg(plan.columnMeasures.at(c));
        return text;
    }

    bool validatePage() override
    {
        auto *w = importWizard();
        ImportPlan &plan = w->plan();
        plan.layout = static_cast<Layout>(m_layout->currentData().toInt());
        for (int c = 0; c < plan.headers.size() && c < plan.roles.size(); ++c) {
            auto *role = static_cast<QComboBox *>(m_columns->cellWidget(c, 3));
            plan.roles[c] = static_cast<ColumnRole>(role->currentData().toInt());
            // A wide file's or report table's period columns are those still holding values.
            if (plan.layout != Layout::Long && plan.roles[c] != ColumnRole::Value && c < plan.columnPeriods.size())
                plan.columnPeriods[c].reset();
        }
        plan.fixedMeasureKey = m_measure->currentData().toString();
        plan.fixedAreaCode = m_area->currentData().toString();
        plan.fixedPeriodCode = m_period->text().trimmed();
        if (!plan.fixedPeriodCode.isEmpty() && !Period::parse(plan.fixedPeriodCode)) {
            m_message->setText(QStringLiteral("'%1' is not a period (e.g. Q1 2017/18, 2017/18, June 2017).").arg(plan.fixedPeriodCode));
            return false;
        }
        plan.newMeasureUnit = m_unit->currentData().toString();
        plan.expectedQuarter = m_quarter->text().trimmed();
        if (!plan.expectedQuarter.isEmpty()) {
            const auto quarter = Period::parse(plan.expectedQuarter);
            if (!quarter || quarter->kind() != Period::Kind::Quarter) {
                m_message->setText(QStringLiteral("'%1' is not a quarter (e.g. Q2 2017/18).").arg(plan.expectedQuarter));
                return false;
            }
            plan.expectedQuarter = quarter->code();
        }
        if (m_saveProfile->isChecked()) {
            plan.profileName = m_profileName->text().trimmed();
            QString error;
            if (!w->profiles().save(plan, &error)) {
                m_message->setText(error);
                return false;
            }
        }
        m_message->clear();
        return true;
    }

private:
    QComboBox *m_layout;
    QTableWidget *m_columns;
    QFormLayout *m_fixed;
    QComboBox *m_measure;
    QComboBox *m_area;
    QString m_forceArea;
    QLineEdit *m_period;
    QComboBox *m_unit;
    QLineEdit *m_quarter;
    QLineEdit *m_profileName;
    QCheckBox *m_saveProfile;
    QLabel *m_message;
};

class ValidationReportPage : public ImportPage {
public:
    ValidationReportPage()
    {
        setTitle(QStringLiteral("Validation"));
        setSubTitle(QStringLiteral("Every cell is checked before anything is written. Double-click an issue to see its "
                                   "cell in the preview."));
        auto *layout = new QVBoxLayout(this);
        m_summary = new QLabel(this);
        m_summary->setWordWrap(true);
        layout->addWidget(m_summary);
        m_filter = new QLineEdit(this);
        m_filter->setPlaceholderText(QStringLiteral("Filter issues…"));
        m_filter->setClearButtonEnabled(true);
        layout->addWidget(m_filter);
        auto *splitter = new QSplitter(Qt::Vertical, this);
        m_issuesModel = new IssuesModel(this);
        m_proxy = new QSortFilterProxyModel(this);
        m_proxy->setSourceModel(m_issuesModel);
        m_proxy->setFilterKeyColumn(-1);
        m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
        m_issues = new QTableView(splitter);
        m_issues->setModel(m_proxy);
        m_issues->setSortingEnabled(true);
        m_issues->setSelectionBehavior(QAbstractItemView::SelectRows);
        m_issues->horizontalHeader()->setStretchLastSection(true);
        m_issues->verticalHeader()->setVisible(false);
        m_issues->setAccessibleName(QStringLiteral("Validation issues"));
        m_grid = new QTableView(splitter);
        m_grid->setAccessibleName(QStringLiteral("Preview"));
        layout->addWidget(splitter, 1);
        connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
        connect(m_issues, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
            const QModelIndex source = m_proxy->mapToSource(index);
            const qint64 row = m_issuesModel->data(source, static_cast<int>(IssuesModel::Role::Row)).toLongLong();
            const int column = m_issuesModel->data(source, static_cast<int>(IssuesModel::Role::Column)).toInt();
            const int modelRow = importWizard()->preview()->modelRowOf(row);
            if (modelRow < 0) {
                m_summary->setText(m_summaryText + QStringLiteral("\nRow %1 is beyond the %2 rows the preview shows.")
                                                       .arg(row).arg(previewRows));
                return;
            }
            const QModelIndex cell = importWizard()->preview()->index(modelRow, std::max(0, column));
            m_grid->setCurrentIndex(cell);
            m_grid->scrollTo(cell, QAbstractItemView::PositionAtCenter);
            m_grid->setFocus();
        });
    }

    void initializePage() override
    {
        auto *w = importWizard();
        m_grid->setModel(w->preview());
        m_summary->setText(QStringLiteral("Checking %1…").arg(QFileInfo(w->path()).fileName()));
        QApplication::processEvents();
        const ImportResult &result = w->check();
        m_issuesModel->setIssues(result.issues);
        m_issues->resizeColumnsToContents();
        m_summaryText = QStringLiteral("%1 and %2 read: %3 new, %4 already stored, %5 differ from stored values, "
                                       "%6 with no figure. %7, %8.")
                            .arg(count(result.rowsRead, QStringLiteral("row"), QStringLiteral("rows")),
                                 count(result.valuesRead, QStringLiteral("value"), QStringLiteral("values")), enGB(result.added),
                                 enGB(result.unchanged), enGB(result.conflictCount),
                                 count(result.skipped, QStringLiteral("cell"), QStringLiteral("cells")),
                                 count(result.errorCount, QStringLiteral("error"), QStringLiteral("errors")),
                                 count(result.warningCount, QStringLiteral("warning"), QStringLiteral("warnings")));
        if (result.errorCount > 0)
            m_summaryText += QStringLiteral("\nCorrect the errors (in the file, or the choices on the earlier pages) before importing.");
        m_summary->setText(m_summaryText);
        Q_EMIT completeChanged();
    }

    bool isComplete() const override
    {
        const ImportResult &result = importWizard()->lastCheck();
        return result.errorCount == 0 && result.valuesRead > 0;
    }

private:
    QLabel *m_summary;
    QString m_summaryText;
    QLineEdit *m_filter;
    IssuesModel *m_issuesModel;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_issues;
    QTableView *m_grid;
};

class ConflictChoicePage : public ImportPage {
public:
    ConflictChoicePage()
    {
        setTitle(QStringLiteral("Values that differ from the store"));
        setSubTitle(QStringLiteral("These figures are already stored with other values. Choose which to keep; "
                                   "replaced values are kept so the import can be undone."));
        auto *layout = new QVBoxLayout(this);
        m_model = new ConflictsModel(this);
        auto *table = new QTableView(this);
        table->setModel(m_model);
        table->verticalHeader()->setVisible(false);
        table->horizontalHeader()->setStretchLastSection(true);
        table->setAccessibleName(QStringLiteral("Conflicts"));
        layout->addWidget(table, 1);
        m_count = new QLabel(this);
        layout->addWidget(m_count);
        m_replace = new QRadioButton(QStringLiteral("&Replace the stored values with the file's"), this);
        m_keep = new QRadioButton(QStringLiteral("&Keep the stored values"), this);
        layout->addWidget(m_replace);
        layout->addWidget(m_keep);
        connect(m_replace, &QRadioButton::toggled, this, &QWizardPage::completeChanged);
        connect(m_keep, &QRadioButton::toggled, this, &QWizardPage::completeChanged);
        m_table = table;
    }

    void initializePage() override
    {
        const ImportResult &result = importWizard()->lastCheck();
        m_model->setConflicts(result.conflicts);
        m_table->resizeColumnsToContents();
        m_count->setText(result.conflictCount > result.conflicts.size()
                             ? QStringLiteral("%1 values differ; the first %2 are listed.")
                                   .arg(enGB(result.conflictCount), enGB(result.conflicts.size()))
                             : QStringLiteral("%1 %2.").arg(count(result.conflictCount, QStringLiteral("value"), QStringLiteral("values")),
                                                             result.conflictCount == 1 ? QStringLiteral("differs") : QStringLiteral("differ")));
    }

    bool isComplete() const override { return m_replace->isChecked() || m_keep->isChecked(); }

    bool validatePage() override
    {
        importWizard()->policy = m_replace->isChecked() ? ConflictPolicy::Replace : ConflictPolicy::Keep;
        return true;
    }

private:
    ConflictsModel *m_model;
    QTableView *m_table;
    QLabel *m_count;
    QRadioButton *m_replace;
    QRadioButton *m_keep;
};

class CommitPage : public ImportPage {
public:
    CommitPage()
    {
        setTitle(QStringLiteral("Import"));
        setFinalPage(true);
        auto *layout = new QVBoxLayout(this);
        m_summary = new QLabel(this);
        m_summary->setWordWrap(true);
        layout->addWidget(m_summary);
        m_progress = new QProgressBar(this);
        m_progress->setRange(0, 1000);
        m_progress->setValue(0);
        layout->addWidget(m_progress);
        m_cancel = new QPushButton(QStringLiteral("&Cancel import"), this);
        m_cancel->setEnabled(false);
        layout->addWidget(m_cancel, 0, Qt::AlignLeft);
        layout->addStretch(1);
        connect(m_cancel, &QPushButton::clicked, this, [this] { m_cancelled = true; });
    }

    void initializePage() override
    {
        auto *w = importWizard();
        const ImportResult &check = w->lastCheck();
        QString conflicts;
        if (check.conflictCount > 0)
            conflicts = QStringLiteral(" %1 will be %2.")
                            .arg(count(check.conflictCount, QStringLiteral("stored value"), QStringLiteral("stored values")),
                                 w->policy == ConflictPolicy::Replace ? QStringLiteral("replaced") : QStringLiteral("kept"));
        m_summary->setText(QStringLiteral("Ready to import %1 (sheet %2): %3 new, %4 already stored.%5\n"
                                          "The import is one transaction: if it is cancelled or fails, the store is "
                                          "left exactly as it was.")
                               .arg(QFileInfo(w->path()).fileName(), w->plan().sheetName, enGB(check.added),
                                    enGB(check.unchanged), conflicts));
        m_progress->setValue(0);
        setButtonText(QWizard::FinishButton, QStringLiteral("&Import"));
    }

    bool validatePage() override
    {
        auto *w = importWizard();
        m_cancelled = false;
        m_cancel->setEnabled(true);
        const bool ok = w->commit([this](qint64 done, qint64 total) {
            if (total > 0)
                m_progress->setValue(static_cast<int>(done * 1000 / total));
            QApplication::processEvents();
            return !m_cancelled;
        });
        m_cancel->setEnabled(false);
        if (!ok) {
            const ImportResult &result = w->commitResult();
            m_summary->setText(result.cancelled ? QStringLiteral("The import was cancelled. Nothing was written.")
                                                : QStringLiteral("The import failed and nothing was written:\n%1")
                                                      .arg(result.issues.value(0).toString()));
            m_progress->setValue(0);
            return false;
        }
        return true;
    }

private:
    QLabel *m_summary;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    bool m_cancelled = false;
};

} // namespace

ImportWizard::ImportWizard(Store &store, const QString &path, QWidget *parent)
    : QWizard(parent), m_store(store), m_path(path), m_preview(new PreviewModel(this))
{
    setWindowTitle(QStringLiteral("Import a spreadsheet"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage, false);
    setPage(FilePage, new FileChoicePage);
    setPage(SheetPage, new SheetChoicePage);
    setPage(LayoutPage, new ColumnRolesPage);
    setPage(ValidationPage, new ValidationReportPage);
    setPage(ConflictsPage, new ConflictChoicePage);
    setPage(SummaryPage, new CommitPage);
    setStartId(FilePage);
    resize(960, 680);
}

ImportWizard::~ImportWizard() = default;

bool ImportWizard::openFile(const QString &path, QString *error)
{
    const QString name = QFileInfo(path).fileName();
    if (path.isEmpty() || !QFileInfo(path).isFile()) {
        *error = QStringLiteral("%1: no such file").arg(path.isEmpty() ? QStringLiteral("(none)") : path);
        return false;
    }
    m_path = path;
    m_reader = readerFor(path, error);
    if (!m_reader)
        return false;
    QString openError;
    if (!m_reader->open(path, &openError)) {
        *error = openError.contains(name) ? openError : QStringLiteral("%1: %2").arg(name, openError);
        m_reader.reset();
        return false;
    }
    QString planError;
    auto detected = detectPlan(*m_reader, name, &planError);
    m_matchedProfile.clear();
    if (detected) {
        m_plan = *detected;
        if (const auto saved = m_profiles.match(*detected)) {
            ImportPlan applied;
            if (applyProfile(*m_reader, *saved, &applied, &planError, name)) {
                m_plan = applied;
                m_matchedProfile = saved->profileName;
            }
        }
    } else {
        // Nothing recognisable: start from the first sheet and row 1 and let the officer choose.
        m_plan = ImportPlan{};
        QString ignored;
        describeHeader(*m_reader, m_plan, &ignored);
    }
    return reloadPreview(error);
}

bool ImportWizard::reloadPreview(QString *error)
{
    if (!m_reader)
        return false;
    QString readError;
    const bool ok = m_preview->load(*m_reader, m_plan.sheetIndex, previewRows, &readError);
    m_preview->setHeaderRow(m_plan.headerRow);
    if (!ok && error)
        *error = readError;
    return ok;
}

const ImportResult &ImportWizard::check()
{
    ImportOptions options;
    options.dryRun = true;
    options.policy = ConflictPolicy::Report;
    m_lastCheck = Importer(m_store).run(m_path, *m_reader, m_plan, options);
    return m_lastCheck;
}

bool ImportWizard::commit(const Progress &progress)
{
    ImportOptions options;
    options.policy = m_lastCheck.conflictCount > 0 ? policy : ConflictPolicy::Report;
    options.progress = progress;
    m_commit = Importer(m_store).run(m_path, *m_reader, m_plan, options);
    if (m_commit.committed)
        Q_EMIT imported(m_commit.batchId);
    return m_commit.committed;
}

int ImportWizard::nextId() const
{
    if (currentId() == ValidationPage)
        return m_lastCheck.conflictCount > 0 ? ConflictsPage : SummaryPage;
    return QWizard::nextId();
}

} // namespace oversight
