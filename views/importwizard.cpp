#include "importwizard.h"
#include "formatting.h"

#include "catalog.h"
#include "importmodels.h"
#include "importproblems.h"
#include "reader.h"
#include "reporttablelayout.h"
#include "returnlayout.h"
#include "store.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QWizardPage>

#include <functional>

namespace oversight {

using namespace import;

namespace {

constexpr int previewRows = 200;

QString enGB(qint64 n)
{
    return formatting::enGB().toString(n);
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

// The units a new measure may have, as the measure table's CHECK lists them, in officers' words.
const QList<std::pair<QString, QString>> &measureUnits()
{
    static const QList<std::pair<QString, QString>> units = {
        {QStringLiteral("count"), QStringLiteral("Number (a count)")},
        {QStringLiteral("percent"), QStringLiteral("Per cent (%)")},
        {QStringLiteral("gbp_m"), QStringLiteral("£m")},
        {QStringLiteral("gbp"), QStringLiteral("£")},
        {QStringLiteral("points"), QStringLiteral("Percentage points")},
        {QStringLiteral("ratio"), QStringLiteral("Ratio or rate")},
    };
    return units;
}

// A measure the file needs and the store does not have: its name, theme and unit. Nothing is
// written here; the measure is created with the import's batch (ImportPlan::newMeasures).
class NewMeasureDialog : public QDialog {
public:
    NewMeasureDialog(Store &store, const QString &name, const QString &unit, const QString &theme, QWidget *parent)
        : QDialog(parent), m_store(store)
    {
        setWindowTitle(QStringLiteral("New measure"));
        auto *layout = new QVBoxLayout(this);
        auto *intro = new QLabel(QStringLiteral("The measure is created when the import is written, with its batch: "
                                                "cancelling the import leaves no measure behind."),
                                 this);
        intro->setWordWrap(true);
        layout->addWidget(intro);
        auto *form = new QFormLayout;
        m_name = new QLineEdit(name, this);
        m_theme = new QComboBox(this);
        QStringList themes;
        for (const MeasureInfo &m : catalog::measures(store)) {
            if (!m.theme.isEmpty() && !themes.contains(m.theme))
                themes.append(m.theme);
        }
        m_theme->addItems(themes);
        m_theme->setCurrentIndex(std::max(0, m_theme->findText(theme)));
        m_unit = new QComboBox(this);
        for (const auto &[key, label] : measureUnits())
            m_unit->addItem(label, key);
        m_unit->setCurrentIndex(std::max(0, m_unit->findData(unit)));
        form->addRow(QStringLiteral("&Name:"), m_name);
        form->addRow(QStringLiteral("&Theme:"), m_theme);
        form->addRow(QStringLiteral("&Unit:"), m_unit);
        layout->addLayout(form);
        m_message = new QLabel(this);
        m_message->setWordWrap(true);
        layout->addWidget(m_message);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
        buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("&Create with the import"));
        layout->addWidget(buttons);
        connect(buttons, &QDialogButtonBox::accepted, this, &NewMeasureDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        resize(520, sizeHint().height());
    }

    NewMeasure measure() const
    {
        return {m_name->text().simplified(), m_theme->currentText(), m_unit->currentData().toString()};
    }

    void accept() override
    {
        const NewMeasure m = measure();
        if (m.name.isEmpty()) {
            m_message->setText(QStringLiteral("Give the measure a name."));
            return;
        }
        // A name the store already has is that measure: choose it rather than make a second.
        for (const MeasureInfo &existing : catalog::measures(m_store)) {
            if (existing.key == m.key() || existing.name.compare(m.name, Qt::CaseInsensitive) == 0) {
                m_message->setText(QStringLiteral("The store already has '%1' (%2, unit %3): choose it from the list instead.")
                                       .arg(existing.name, existing.key, existing.unit));
                return;
            }
        }
        QDialog::accept();
    }

private:
    Store &m_store;
    QLineEdit *m_name;
    QComboBox *m_theme;
    QComboBox *m_unit;
    QLabel *m_message;
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
        m_measure->setAccessibleName(QStringLiteral("Measure"));
        // Long measure names would widen the wizard past the screen: the lists are wide, the boxes not.
        for (QComboBox *box : {m_measure, m_area}) {
            box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            box->setMinimumContentsLength(30);
        }
        m_period = new QLineEdit(this);
        m_period->setPlaceholderText(QStringLiteral("e.g. Q1 2017/18, 2017/18, June 2017"));
        m_unit = new QComboBox(this);
        for (const auto &[key, label] : measureUnits())
            m_unit->addItem(label, key);
        auto *measureRow = new QHBoxLayout;
        measureRow->addWidget(m_measure, 1);
        auto *newMeasure = new QPushButton(QStringLiteral("&New measure…"), this);
        measureRow->addWidget(newMeasure);
        auto *measureLabel = new QLabel(QStringLiteral("&Measure when no column says:"), this);
        measureLabel->setBuddy(m_measure);
        fixed->addRow(measureLabel, measureRow);
        connect(newMeasure, &QPushButton::clicked, this, [this] {
            auto *w = importWizard();
            const int value = w->plan().columnOf(ColumnRole::Value);
            const QString header = value >= 0 ? w->plan().headers.value(value) : QString();
            NewMeasureDialog dialog(w->store(), header.isEmpty() ? QString() : measureNameFromHeader(header),
                                    header.isEmpty() ? m_unit->currentData().toString() : unitFromHeader(header), w->plan().newMeasureTheme, this);
            if (dialog.exec() != QDialog::Accepted)
                return;
            const NewMeasure created = dialog.measure();
            w->plan().newMeasures.append(created);
            m_measure->addItem(QStringLiteral("%1 (new: %2)").arg(created.name, created.key()), created.key());
            m_measure->setCurrentIndex(m_measure->count() - 1);
        });
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
        // A measure created on the validation page since this page was filled.
        for (const NewMeasure &m : plan.newMeasures) {
            if (m_measure->findData(m.key()) < 0)
                m_measure->addItem(QStringLiteral("%1 (new: %2)").arg(m.name, m.key()), m.key());
        }
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
        // A measure chosen for the figures is theirs, over the one a value column's header named.
        const QString measure = m_measure->currentData().toString();
        if (!measure.isEmpty() && measure != plan.fixedMeasureKey && plan.layout == Layout::Long)
            useMeasure(plan, measure);
        plan.fixedMeasureKey = measure;
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
        w->saveProfile = m_saveProfile->isChecked();
        if (m_saveProfile->isChecked()) {
            plan.profileName = m_profileName->text().trimmed();
            QString error;
            bool created = false;
            if (!w->profiles().save(plan, &error, &created)) {
                m_message->setText(error);
                return false;
            }
            if (created)
                w->profileCreated(plan.profileName);
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
        setSubTitle(QStringLiteral("Every cell is checked before anything is written. Each kind of problem is listed once "
                                   "with the rows it is in and what puts it right."));
        auto *layout = new QVBoxLayout(this);
        m_summary = new QLabel(this);
        m_summary->setWordWrap(true);
        layout->addWidget(m_summary);
        auto *splitter = new QSplitter(Qt::Vertical, this);
        m_splitter = splitter;
        m_problemsArea = new QScrollArea(splitter);
        m_problemsArea->setWidgetResizable(true);
        m_problemsArea->setFrameShape(QFrame::NoFrame);
        m_problemsArea->setAccessibleName(QStringLiteral("Problems"));
        auto *lists = new QWidget(splitter);
        auto *listsLayout = new QVBoxLayout(lists);
        listsLayout->setContentsMargins(0, 0, 0, 0);
        m_filter = new QLineEdit(lists);
        m_filter->setPlaceholderText(QStringLiteral("Filter every issue and note…"));
        m_filter->setClearButtonEnabled(true);
        listsLayout->addWidget(m_filter);
        auto *tables = new QSplitter(Qt::Horizontal, lists);
        m_issuesModel = new IssuesModel(this);
        m_proxy = new QSortFilterProxyModel(this);
        m_proxy->setSourceModel(m_issuesModel);
        m_proxy->setFilterKeyColumn(-1);
        m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
        m_issues = new QTableView(tables);
        m_issues->setModel(m_proxy);
        m_issues->setSortingEnabled(true);
        m_issues->setSelectionBehavior(QAbstractItemView::SelectRows);
        m_issues->horizontalHeader()->setStretchLastSection(true);
        m_issues->verticalHeader()->setVisible(false);
        m_issues->setAccessibleName(QStringLiteral("Validation issues"));
        // Headings stay in sight over columns wider than the view.
        m_issues->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        m_grid = new QTableView(tables);
        m_grid->setAccessibleName(QStringLiteral("Preview"));
        tables->setStretchFactor(0, 3);
        tables->setStretchFactor(1, 2);
        listsLayout->addWidget(tables, 1);
        splitter->setStretchFactor(0, 3);
        splitter->setStretchFactor(1, 2);
        layout->addWidget(splitter, 1);
        connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
        connect(m_issues, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
            const QModelIndex source = m_proxy->mapToSource(index);
            const qint64 row = m_issuesModel->data(source, static_cast<int>(IssuesModel::Role::Row)).toLongLong();
            const int column = m_issuesModel->data(source, static_cast<int>(IssuesModel::Role::Column)).toInt();
            showCell(row, column);
        });
    }

    void initializePage() override
    {
        auto *w = importWizard();
        m_grid->setModel(w->preview());
        m_summary->setText(QStringLiteral("Checking %1…").arg(QFileInfo(w->path()).fileName()));
        QApplication::processEvents();
        recheck();
    }

    // Checks the file again with the plan as the fixes left it, and shows what is still wrong.
    void recheck()
    {
        auto *w = importWizard();
        const ImportResult &result = w->check();
        m_issuesModel->setIssues(result.issues);
        m_issues->resizeColumnsToContents();
        // Every place names the same file: its width goes to the issue's words.
        m_issues->setColumnWidth(IssuesModel::LocationColumn, std::min(m_issues->columnWidth(IssuesModel::LocationColumn), 190));
        m_issues->setColumnWidth(IssuesModel::MessageColumn, std::clamp(m_issues->columnWidth(IssuesModel::MessageColumn), 300, 640));
        m_summaryText = QStringLiteral("%1 and %2 read: %3 new, %4 already stored, %5 differ from stored values, "
                                       "%6 with no figure. %7, %8.")
                            .arg(count(result.rowsRead, QStringLiteral("row"), QStringLiteral("rows")),
                                 count(result.valuesRead, QStringLiteral("value"), QStringLiteral("values")), enGB(result.added),
                                 enGB(result.unchanged), enGB(result.conflictCount),
                                 count(result.skipped, QStringLiteral("cell"), QStringLiteral("cells")),
                                 count(result.errorCount, QStringLiteral("error"), QStringLiteral("errors")),
                                 count(result.warningCount, QStringLiteral("warning"), QStringLiteral("warnings")));
        // What the plan lacks stops the check before any row is read: no counts to give yet.
        if (result.rowsRead == 0 && result.errorCount > 0)
            m_summaryText = QStringLiteral("Nothing was read yet: the file needs the %1 below first.")
                                .arg(result.errorCount == 1 ? QStringLiteral("choice") : QStringLiteral("choices"));
        if (result.skippedRows > 0)
            m_summaryText += QStringLiteral(" %1 left out as you chose; the batch records why.")
                                 .arg(count(result.skippedRows, QStringLiteral("row"), QStringLiteral("rows")));
        if (result.errorCount > 0)
            m_summaryText += QStringLiteral("\nPut every error right below (or in the file) before importing.");
        else if (!result.unconfirmedUnits.isEmpty())
            m_summaryText += QStringLiteral("\nConfirm the units below, or choose another measure, before importing.");
        m_summary->setText(m_summaryText);
        showProblems(groupProblems(result.issues), result.issues);
        Q_EMIT completeChanged();
    }

    bool isComplete() const override
    {
        const ImportResult &result = importWizard()->lastCheck();
        return result.errorCount == 0 && result.valuesRead > 0 && result.unconfirmedUnits.isEmpty();
    }

    // Back to the columns: that page shows the plan as this page's fixes left it, not as it was.
    void cleanupPage() override
    {
        if (auto *columns = dynamic_cast<ColumnRolesPage *>(wizard()->page(ImportWizard::LayoutPage)))
            columns->showPlan();
    }

private:
    void showCell(qint64 row, int column)
    {
        const int modelRow = importWizard()->preview()->modelRowOf(row);
        if (modelRow < 0) {
            m_summary->setText(m_summaryText + QStringLiteral("\nRow %1 is beyond the %2 rows the preview shows.").arg(row).arg(previewRows));
            return;
        }
        const QModelIndex cell = importWizard()->preview()->index(modelRow, std::max(0, column));
        m_grid->setCurrentIndex(cell);
        m_grid->scrollTo(cell, QAbstractItemView::PositionAtCenter);
    }

    static QString rowList(const QList<qint64> &rows)
    {
        QStringList numbers;
        for (const qint64 row : rows) {
            if (row > 0)
                numbers.append(enGB(row));
        }
        if (numbers.isEmpty())
            return {};
        if (numbers.size() > 12)
            numbers = numbers.mid(0, 10) << QStringLiteral("… (%1 rows in all)").arg(numbers.size());
        return (rows.size() == 1 ? QStringLiteral("Row ") : QStringLiteral("Rows ")) + numbers.join(QStringLiteral(", "));
    }

    // One box per kind of problem: what it is, how many and where, and the buttons that fix it.
    void showProblems(const QList<ProblemGroup> &groups, const QList<ImportIssue> &issues)
    {
        auto *panel = new QWidget;
        auto *layout = new QVBoxLayout(panel);
        layout->setContentsMargins(0, 0, 0, 0);
        if (groups.isEmpty()) {
            auto *none = new QLabel(QStringLiteral("No problems: nothing in the file needs putting right."), panel);
            layout->addWidget(none);
        }
        for (const ProblemGroup &group : groups) {
            auto *box = new QGroupBox(panel);
            const bool error = group.severity == ImportIssue::Severity::Error;
            // A unit warning is about a measure, boroughs as measures about a column: their messages
            // name the first cell, and no rows are listed or offered for skipping.
            const bool aboutColumn = group.fix == ProblemFix::ConfirmUnits || group.fix == ProblemFix::AreaColumn;
            QList<qint64> rows = group.rows();
            rows.removeAll(0);
            const QString kind = error ? QStringLiteral("Error") : QStringLiteral("Warning");
            box->setTitle(rows.isEmpty() || aboutColumn ? kind : QStringLiteral("%1 in %2").arg(kind, count(rows.size(), QStringLiteral("row"), QStringLiteral("rows"))));
            auto *boxLayout = new QVBoxLayout(box);
            QString text = group.message;
            if (!text.isEmpty())
                text[0] = text.at(0).toUpper();
            if (group.issues.size() > 1)
                text += QStringLiteral(" (and %1 like it)").arg(group.issues.size() - 1);
            const QString where = aboutColumn ? QString() : rowList(group.rows());
            if (!where.isEmpty())
                text += QStringLiteral("\n%1%2").arg(where, group.column >= 0 ? QStringLiteral(", column %1").arg(columnName(group.column)) : QString());
            // Quoted, as the cells' own texts may hold commas ("994,233").
            QStringList texts;
            for (const QString &cell : group.texts().mid(0, 6))
                texts.append(QStringLiteral("'%1'").arg(cell));
            if (!texts.isEmpty() && !aboutColumn)
                text += QStringLiteral("\nThe cells hold: %1%2").arg(texts.join(QStringLiteral(", ")), group.texts().size() > 6 ? QStringLiteral(" …") : QString());
            auto *label = new QLabel(text, box);
            label->setWordWrap(true);
            label->setTextInteractionFlags(Qt::TextSelectableByMouse);
            boxLayout->addWidget(label);
            addFixes(group, box, boxLayout);
            layout->addWidget(box);
        }
        // Rows left out can be put back: a skip clicked by mistake is not for ever.
        if (const auto &skipped = importWizard()->plan().skipRows; !skipped.isEmpty()) {
            auto *box = new QGroupBox(QStringLiteral("Rows you left out"), panel);
            auto *boxLayout = new QVBoxLayout(box);
            QStringList lines;
            for (auto it = skipped.cbegin(); it != skipped.cend(); ++it)
                lines.append(QStringLiteral("Row %1: %2").arg(it.key()).arg(it.value()));
            auto *label = new QLabel(lines.mid(0, 8).join(QLatin1Char('\n'))
                                         + (lines.size() > 8 ? QStringLiteral("\n… and %1 more").arg(lines.size() - 8) : QString()),
                                     box);
            label->setWordWrap(true);
            boxLayout->addWidget(label);
            auto *row = new QHBoxLayout;
            button(QStringLiteral("&Put these rows back"), box, row, [this] { importWizard()->plan().skipRows.clear(); });
            row->addStretch(1);
            boxLayout->addLayout(row);
            layout->addWidget(box);
        }
        // What Oversight decided for the file is read here in full, after the problems and before anything is written;
        // the list below keeps it with every row's note.
        QStringList decided;
        for (const ImportIssue &issue : issues) {
            if (issue.severity == ImportIssue::Severity::Note && issue.row == 0)
                decided.append(QStringLiteral("• ") + issue.message);
        }
        if (!decided.isEmpty()) {
            auto *box = new QGroupBox(QStringLiteral("What Oversight decided"), panel);
            auto *boxLayout = new QVBoxLayout(box);
            auto *label = new QLabel(decided.join(QLatin1Char('\n')), box);
            label->setWordWrap(true);
            label->setTextInteractionFlags(Qt::TextSelectableByMouse);
            boxLayout->addWidget(label);
            layout->addWidget(box);
        }
        layout->addStretch(1);
        // A fix's own button is among the old boxes: they go once its click has been handled.
        if (QWidget *old = m_problemsArea->takeWidget())
            old->deleteLater();
        m_problemsArea->setWidget(panel);
        // The problems take the room they need, up to half the page; the lists below the rest.
        const int total = std::max(200, m_splitter->height());
        const int wanted = std::min(panel->sizeHint().height() + 8, total / 2);
        m_splitter->setSizes({wanted, total - wanted});
    }

    QPushButton *button(const QString &text, QWidget *parent, QHBoxLayout *row, std::function<void()> action)
    {
        auto *b = new QPushButton(text, parent);
        row->addWidget(b);
        connect(b, &QPushButton::clicked, this, [this, action] {
            action();
            recheck();
        });
        return b;
    }

    void addFixes(const ProblemGroup &group, QGroupBox *box, QVBoxLayout *boxLayout)
    {
        auto *w = importWizard();
        auto *row = new QHBoxLayout;
        switch (group.fix) {
        case ProblemFix::ChooseMeasure:
        case ProblemFix::ConfirmUnits: {
            if (group.fix == ProblemFix::ConfirmUnits) {
                auto *confirm = new QCheckBox(QStringLiteral("I have checked: these figures are in the measure's unit"), box);
                connect(confirm, &QCheckBox::toggled, this, [this, w](bool on) {
                    if (!on)
                        return;
                    w->plan().confirmedUnits.append(w->lastCheck().unconfirmedUnits);
                    recheck();
                });
                boxLayout->addWidget(confirm);
            }
            auto *measures = new QComboBox(box);
            measures->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            measures->setMinimumContentsLength(30);
            for (const MeasureInfo &m : catalog::measures(w->store()))
                measures->addItem(QStringLiteral("%1 (%2)").arg(m.name, catalog::unitLabel(m.unit)), m.key);
            for (const NewMeasure &m : std::as_const(w->plan().newMeasures))
                measures->addItem(QStringLiteral("%1 (new, %2)").arg(m.name, catalog::unitLabel(m.unit)), m.key());
            measures->setAccessibleName(QStringLiteral("Measure for the figures"));
            measures->setCurrentIndex(std::max(0, measures->findData(w->plan().fixedMeasureKey)));
            row->addWidget(new QLabel(QStringLiteral("Measure:"), box));
            row->addWidget(measures, 1);
            button(QStringLiteral("&Use this measure"), box, row, [w, measures] { useMeasure(w->plan(), measures->currentData().toString()); });
            button(QStringLiteral("&New measure…"), box, row, [this, w] {
                NewMeasureDialog dialog(w->store(), suggestedName(w->plan()), suggestedUnit(w->plan()), w->plan().newMeasureTheme, this);
                if (dialog.exec() != QDialog::Accepted)
                    return;
                const NewMeasure created = dialog.measure();
                w->plan().newMeasures.append(created);
                useMeasure(w->plan(), created.key());
            });
            break;
        }
        case ProblemFix::ChoosePeriod: {
            auto *period = new QLineEdit(box);
            period->setPlaceholderText(QStringLiteral("e.g. 2023/24, Q1 2023/24, June 2023"));
            period->setAccessibleName(QStringLiteral("Period of the whole file"));
            row->addWidget(new QLabel(QStringLiteral("Period of every figure:"), box));
            row->addWidget(period, 1);
            auto *message = new QLabel(box);
            button(QStringLiteral("&Apply"), box, row, [w, period, message] {
                const auto parsed = Period::parse(period->text().trimmed());
                if (!parsed) {
                    message->setText(QStringLiteral("'%1' is not a period.").arg(period->text().trimmed()));
                    return;
                }
                w->plan().fixedPeriodCode = parsed->code();
            });
            row->addWidget(message);
            break;
        }
        case ProblemFix::ChooseValueColumn: {
            auto *columns = new QComboBox(box);
            const ImportPlan &plan = w->plan();
            for (int c = 0; c < plan.headers.size(); ++c) {
                if (plan.roles.value(c) == ColumnRole::Ignore)
                    columns->addItem(QStringLiteral("%1: %2").arg(columnName(c), plan.headers.at(c)), c);
            }
            row->addWidget(new QLabel(QStringLiteral("The figures are in:"), box));
            row->addWidget(columns, 1);
            button(QStringLiteral("&Use this column"), box, row, [w, columns] {
                const int c = columns->currentData().toInt();
                if (c >= 0 && c < w->plan().roles.size())
                    w->plan().roles[c] = ColumnRole::Value;
            })->setEnabled(columns->count() > 0);
            break;
        }
        case ProblemFix::ChooseLayout: {
            auto *back = new QPushButton(QStringLiteral("&Back to the layout and columns"), box);
            row->addWidget(back);
            connect(back, &QPushButton::clicked, this, [this] { wizard()->back(); });
            break;
        }
        case ProblemFix::AreaColumn:
            button(QStringLiteral("Read column %1 as the &area").arg(columnName(group.column)), box, row,
                   [w, column = group.column] { useAsAreaColumn(w->plan(), column); });
            break;
        case ProblemFix::MapArea: {
            const QStringList names = group.texts();
            for (const QString &name : names.mid(0, 3)) {
                auto *mapRow = new QHBoxLayout;
                auto *areas = new QComboBox(box);
                // No area is proposed: a name mapped to the wrong borough is a wrong figure.
                areas->addItem(QStringLiteral("(choose the area)"), QString());
                for (const AreaInfo &a : catalog::areas(w->store())) {
                    if (a.kind != QLatin1String("ward"))
                        areas->addItem(a.name, a.code);
                }
                areas->setAccessibleName(QStringLiteral("Area for '%1'").arg(name));
                mapRow->addWidget(new QLabel(QStringLiteral("'%1' is").arg(name), box));
                mapRow->addWidget(areas, 1);
                QPushButton *map = button(QStringLiteral("Map"), box, mapRow, [w, name, areas] {
                    if (!areas->currentData().toString().isEmpty())
                        w->plan().areaMappings.insert(name, areas->currentData().toString());
                });
                map->setEnabled(false);
                connect(areas, &QComboBox::currentIndexChanged, map, [map, areas] { map->setEnabled(!areas->currentData().toString().isEmpty()); });
                boxLayout->addLayout(mapRow);
            }
            break;
        }
        case ProblemFix::SkipRows:
        case ProblemFix::None:
            break;
        }
        // Rows in error can be put right by leaving them out, with the reason kept (canSkipRows).
        QList<qint64> rows = group.rows();
        rows.removeAll(0);
        if (group.canSkipRows()) {
            button(rows.size() == 1 ? QStringLiteral("&Skip this row") : QStringLiteral("&Skip these %1 rows").arg(rows.size()), box, row,
                   [w, group] {
                       for (const ImportIssue &issue : group.issues) {
                           if (issue.row > 0 && !w->plan().skipRows.contains(issue.row))
                               w->plan().skipRows.insert(issue.row, issue.cellText.isEmpty()
                                                                        ? issue.message
                                                                        : QStringLiteral("%1 (cell holds '%2')").arg(issue.message, issue.cellText));
                       }
                   });
        }
        if (row->count() > 0) {
            row->addStretch(0);
            boxLayout->addLayout(row);
        } else {
            delete row;
        }
    }

    // What the value column's header says the new measure is called and counted in ("ASB calls").
    static QString suggestedName(const ImportPlan &plan)
    {
        const int value = plan.columnOf(ColumnRole::Value);
        return value >= 0 ? measureNameFromHeader(plan.headers.at(value)) : QString();
    }
    static QString suggestedUnit(const ImportPlan &plan)
    {
        const int value = plan.columnOf(ColumnRole::Value);
        return value >= 0 ? unitFromHeader(plan.headers.at(value)) : plan.newMeasureUnit;
    }

    QLabel *m_summary;
    QString m_summaryText;
    QSplitter *m_splitter;
    QScrollArea *m_problemsArea;
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
        // Everything the import writes besides its figures is said before it is written.
        QString extra;
        if (!check.newMeasures.isEmpty())
            extra += QStringLiteral("\nNew %1 created with it: %2.")
                         .arg(check.newMeasures.size() == 1 ? QStringLiteral("measure") : QStringLiteral("measures"),
                              check.newMeasures.mid(0, 6).join(QStringLiteral(", "))
                                  + (check.newMeasures.size() > 6 ? QStringLiteral(" and %1 more").arg(check.newMeasures.size() - 6) : QString()));
        if (check.skippedRows > 0)
            extra += QStringLiteral("\n%1 left out as you chose; the batch records which and why.")
                         .arg(count(check.skippedRows, QStringLiteral("row"), QStringLiteral("rows")));
        m_summary->setText(QStringLiteral("Ready to import %1 (sheet %2): %3 new, %4 already stored.%5%6\n"
                                          "The import is one transaction: if it is cancelled or fails, the store is "
                                          "left exactly as it was, with no new measure.")
                               .arg(QFileInfo(w->path()).fileName(), w->plan().sheetName, enGB(check.added),
                                    enGB(check.unchanged), conflicts, extra));
        m_progress->setValue(0);
        setButtonText(QWizard::FinishButton, QStringLiteral("&Import"));
    }

    bool validatePage() override
    {
        auto *w = importWizard();
        // Saved again with what was put right on the validation page (a measure, a period, a mapping).
        QString profileError;
        if (w->saveProfile && !w->profiles().save(w->plan(), &profileError)) {
            m_summary->setText(QStringLiteral("The profile could not be saved, so nothing was imported: %1").arg(profileError));
            return false;
        }
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
    if (m_commit.committed && !m_createdProfile.isEmpty() && m_createdProfile == m_plan.profileName) {
        // A profile this wizard made goes when its import is undone.
        QString error;
        if (!Importer::recordSavedProfile(m_store, m_commit.batchId, m_createdProfile, m_profiles.pathFor(m_createdProfile), &error)) {
            ++m_commit.warningCount;
            m_commit.issues.append({ImportIssue::Severity::Warning, m_commit.fileName, m_plan.sheetName, 0, -1, QString(),
                                    QStringLiteral("the profile '%1' stays if this import is undone: %2").arg(m_createdProfile, error)});
        }
    }
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
