#include "mainwindow.h"

#include "annotations.h"
#include "annotationsdialog.h"
#include "boardpackdialog.h"
#include "catalog.h"
#include "chartpage.h"
#include "chartregistry.h"
#include "dashboardview.h"
#include "figure.h"
#include "filterbar.h"
#include "importhistoryview.h"
#include "importwizard.h"
#include "measureview.h"
#include "navigatormodel.h"
#include "period.h"
#include "reporttablemodel.h"
#include "seriesmodel.h"
#include "reporttable.h"
#include "store.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace oversight {

namespace {

// The navigator's "Charts and maps": the chart layer's catalogue (models cannot depend on charts).
QList<NavigatorModel::ChartEntry> chartEntries()
{
    QList<NavigatorModel::ChartEntry> entries;
    for (const charts::ChartInfo &c : charts::chartCatalogue())
        entries.append({c.id, c.title, c.group});
    return entries;
}

} // namespace

MainWindow::MainWindow(Store &store, QWidget *parent)
    : QMainWindow(parent), m_store(store), m_navigatorModel(new NavigatorModel(store, chartEntries(), this)),
      m_tree(new QTreeView(this)), m_filter(new FilterBar(store, this)), m_stack(new QStackedWidget(this)),
      m_placeholder(new QLabel(this)), m_asAt(new QLabel(this)), m_annotations(new AnnotationModel(store, this))
{
    setWindowTitle(QStringLiteral("Oversight — MOPAC performance and finance"));

    m_tree->setModel(m_navigatorModel);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAccessibleName(QStringLiteral("Navigator"));
    m_tree->expand(m_navigatorModel->index(0, 0));
    m_tree->setMinimumWidth(260);

    m_placeholder->setText(QStringLiteral("Choose a report table or a measure in the navigator."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_placeholder);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_filter);
    rightLayout->addWidget(m_stack, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_tree);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 1100});
    setCentralWidget(splitter);

    auto *fileMenu = menuBar()->addMenu(QStringLiteral("&File"));
    QAction *importAction = fileMenu->addAction(QStringLiteral("&Import a spreadsheet…"));
    importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(importAction, &QAction::triggered, this, [this] { importFiles({}); });
    QAction *history = fileMenu->addAction(QStringLiteral("Import &history"));
    history->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    connect(history, &QAction::triggered, this, [this] { showView(QStringLiteral("history")); });
    fileMenu->addSeparator();
    QAction *pack = fileMenu->addAction(QStringLiteral("&Board pack…"));
    pack->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    pack->setToolTip(QStringLiteral("Build the quarterly board pack as a PDF"));
    connect(pack, &QAction::triggered, this, [this] {
        BoardPackDialog dialog(m_store, this);
        dialog.exec();
    });
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(QStringLiteral("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    auto *viewMenu = menuBar()->addMenu(QStringLiteral("&View"));
    QAction *events = viewMenu->addAction(QStringLiteral("&Events on time charts…"));
    connect(events, &QAction::triggered, this, &MainWindow::editAnnotations);
    connect(m_annotations, &AnnotationModel::annotationsChanged, this, [this] {
        for (QWidget *view : std::as_const(m_views)) {
            if (auto *page = qobject_cast<ChartPage *>(view))
                page->refresh();
        }
    });
    QAction *focusNavigator = viewMenu->addAction(QStringLiteral("&Navigator"));
    focusNavigator->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(focusNavigator, &QAction::triggered, m_tree, qOverload<>(&QWidget::setFocus));

    m_asAt->setAccessibleName(QStringLiteral("Data as at"));
    updateAsAt();
    statusBar()->addWidget(m_asAt);
    setAcceptDrops(true);
    statusBar()->addPermanentWidget(new QLabel(QStringLiteral("Store: %1").arg(QFileInfo(store.path()).absoluteFilePath()), this));
    // How the store was opened (a check that ran out of time), said once where the officer looks.
    if (const QStringList notes = store.openNotes(); !notes.isEmpty())
        statusBar()->showMessage(notes.join(QLatin1Char(' ')), 30000);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        const QString id = NavigatorModel::viewId(current);
        if (!id.isEmpty())
            showView(id);
    });
    connect(m_filter, &FilterBar::changed, this, &MainWindow::applyFilter);
    restoreSettings();
}

QStringList MainWindow::viewIds(const Store &store)
{
    QStringList ids;
    for (const QString &table : reporttables::ids())
        ids.append(QStringLiteral("table:") + table);
    NavigatorModel model(store);
    QList<QModelIndex> stack;
    for (int r = 0; r < model.rowCount(); ++r)
        stack.append(model.index(r, 0));
    while (!stack.isEmpty()) {
        const QModelIndex idx = stack.takeFirst();
        const QString id = NavigatorModel::viewId(idx);
        if (id.startsWith(QLatin1String("measure:")) || id.startsWith(QLatin1String("category:"))
            || id.startsWith(QLatin1String("chart:")))
            ids.append(id);
        for (int r = 0; r < model.rowCount(idx); ++r)
            stack.append(model.index(r, 0, idx));
    }
    ids.append(QStringLiteral("history"));
    return ids;
}

QWidget *MainWindow::createView(const QString &viewId)
{
    if (viewId == QLatin1String("history")) {
        auto *history = new ImportHistoryView(m_store, this);
        connect(history, &ImportHistoryView::storeChanged, this, &MainWindow::reloadData);
        return history;
    }
    if (viewId.startsWith(QLatin1String("chart:"))) {
        const QString id = viewId.mid(6);
        const auto all = charts::chartCatalogue();
        if (std::none_of(all.begin(), all.end(), [&](const charts::ChartInfo &c) { return c.id == id; }))
            return nullptr;
        auto *page = new ChartPage(m_store, id, this);
        connect(page, &ChartPage::areaActivated, this, [this](const QString &code) {
            m_filter->setAreaCode(code); // every view follows the filter bar
        });
        connect(page, &ChartPage::editAnnotationsRequested, this, &MainWindow::editAnnotations);
        return page;
    }
    const QModelIndex index = m_navigatorModel->find(viewId);
    if (viewId.startsWith(QLatin1String("table:")))
        return reporttables::ids().contains(viewId.mid(6)) ? new DashboardView(m_store, viewId.mid(6), m_filter->quarter(), this) : nullptr;
    if (!index.isValid())
        return nullptr;
    const QStringList keys = index.data(static_cast<int>(NavigatorModel::Role::MeasureKeys)).toStringList();
    QString title = index.data(Qt::DisplayRole).toString();
    if (viewId.startsWith(QLatin1String("category:")))
        title = QStringLiteral("%1 (all categories)").arg(title);
    return new MeasureView(m_store, title, keys, this);
}

bool MainWindow::showView(const QString &viewId)
{
    QWidget *view = m_views.value(viewId);
    if (!view) {
        // Views are built the first time they are shown, so start-up stays fast.
        view = createView(viewId);
        if (!view)
            return false;
        m_views.insert(viewId, view);
        m_stack->addWidget(view);
    }
    m_currentId = viewId;
    m_stack->setCurrentWidget(view);
    applyFilter();
    const QModelIndex index = m_navigatorModel->find(viewId);
    if (index.isValid() && m_tree->currentIndex() != index) {
        m_tree->setCurrentIndex(index);
        m_tree->scrollTo(index);
    }
    return true;
}

QWidget *MainWindow::currentView() const
{
    return m_stack->currentWidget();
}

// Only the view on screen is brought up to the filter bar's choices; the others follow when shown.
void MainWindow::applyFilter()
{
    // The view and its "data as at" from one state of the store, whatever another process commits.
    const Store::ReadSnapshot snapshot(m_store);
    // Report tables and finance charts show the chosen quarter as the report states it, for the
    // report's own areas; area and months drive the measure views, time charts and maps.
    QWidget *current = m_stack->currentWidget();
    auto *page = qobject_cast<ChartPage *>(current);
    const bool filtered = qobject_cast<MeasureView *>(current) || (page && page->figure() && page->figure()->usesFilter());
    m_filter->setAreaAndMonthsEnabled(filtered, page ? QStringLiteral("This chart shows the quarter chosen, as the report states it.")
                                                     : QStringLiteral("Report tables show the quarter chosen, for the report's own areas."));
    const auto quarter = m_filter->quarter();
    if (auto *table = qobject_cast<DashboardView *>(current))
        table->setQuarter(quarter);
    if (auto *measure = qobject_cast<MeasureView *>(current))
        measure->setFilter(m_filter->areaCode(), m_filter->from(), m_filter->to());
    if (page)
        page->setFilter(m_filter->areaCode(), m_filter->from(), m_filter->to(), quarter);
    updateAsAt();
}

// "Data as at" in the status bar is that of the figures the current view shows: a report table's
// quarter end, a measure's last period shown, a chart's own; where a view shows no figures, the
// chosen quarter's end, and the store's newest figure only when it holds no quarter (the Q1 2017/18
// tables once said 31 January 2024, the open data's last month).
void MainWindow::updateAsAt()
{
    QDate asAt;
    QString text;
    QWidget *current = m_stack->currentWidget();
    const auto chosen = m_filter->quarter();
    if (auto *table = qobject_cast<DashboardView *>(current)) {
        const ReportTable &shown = table->model()->table();
        if (const auto period = Period::parse(reporttables::quarterOf(shown)))
            asAt = period->end();
        else if (!shown.rows.isEmpty() && table->quarter())
            asAt = table->quarter()->end(); // a table of the year holding the quarter (the LCPF's)
    } else if (auto *measure = qobject_cast<MeasureView *>(current)) {
        for (const SeriesModel::Point &p : measure->seriesModel()->points())
            asAt = std::max(asAt, p.period.end());
    } else if (auto *page = qobject_cast<ChartPage *>(current); page && page->figure()) {
        text = page->figure()->text().asAt;
    } else {
        asAt = chosen ? chosen->end() : catalog::dataAsAt(m_store);
    }
    if (text.isEmpty())
        text = charts::asAtText(asAt);
    m_asAt->setText(text.isEmpty() ? QStringLiteral("Data as at —") : text);
}

void MainWindow::importFiles(const QStringList &paths)
{
    m_pendingImports.append(paths.isEmpty() ? QStringList{QString()} : paths);
    if (findChild<ImportWizard *>())
        return; // the open wizard takes the next file when it closes
    const QString path = m_pendingImports.takeFirst();
    auto *wizard = new ImportWizard(m_store, path, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &ImportWizard::imported, this, [this](qint64 batchId) {
        reloadData();
        statusBar()->showMessage(QStringLiteral("Imported batch %1.").arg(batchId), 10000);
    });
    connect(wizard, &QObject::destroyed, this, [this] {
        if (!m_pendingImports.isEmpty()) {
            const QStringList rest = m_pendingImports;
            m_pendingImports.clear();
            QTimer::singleShot(0, this, [this, rest] { importFiles(rest); });
        }
    });
    wizard->open();
}

void MainWindow::editAnnotations()
{
    auto *dialog = findChild<AnnotationsDialog *>();
    if (!dialog) {
        dialog = new AnnotationsDialog(m_annotations, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    dialog->show();
    dialog->raise();
}

void MainWindow::reloadData()
{
    const Store::ReadSnapshot snapshot(m_store); // every list and view rebuilt from one state
    m_annotations->reload();
    const QString current = m_currentId;
    // Views hold what they read when built: rebuild them from the store as it now is.
    for (auto it = m_views.begin(); it != m_views.end(); ++it) {
        m_stack->removeWidget(it.value());
        it.value()->deleteLater();
    }
    m_views.clear();
    m_stack->setCurrentWidget(m_placeholder);
    m_navigatorModel->reload();
    m_tree->expand(m_navigatorModel->index(0, 0));
    m_filter->reload();
    updateAsAt();
    if (!current.isEmpty() && !showView(current))
        showView(QStringLiteral("table:recorded-crime-12m"));
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (url.isLocalFile() && (suffix == QLatin1String("xlsx") || suffix == QLatin1String("csv") || suffix == QLatin1String("ods"))) {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        importFiles(paths);
    }
}

// The first start (no saved geometry): about 80% of the screen, at least 1280×800 where the screen
// has room, centred; not Qt's size from the widgets' hints (1003×249 showed two table rows).
void MainWindow::placeOnFirstStart()
{
    const QScreen *screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    const QSize size(std::min(available.width(), std::max(1280, available.width() * 4 / 5)),
                     std::min(available.height(), std::max(800, available.height() * 4 / 5)));
    resize(size);
    move(available.center() - QPoint(size.width() / 2, size.height() / 2));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        placeOnFirstStart();
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QString area = settings.value(QStringLiteral("filter/area")).toString();
    if (!area.isEmpty())
        m_filter->setAreaCode(area);
    const QString last = settings.value(QStringLiteral("view/last"), QStringLiteral("table:recorded-crime-12m")).toString();
    // The last view is built right after the window first paints, so the window appears at once.
    m_currentId = last;
    QTimer::singleShot(0, this, [this, last] {
        if (m_stack->currentWidget() == m_placeholder && !showView(last))
            showView(QStringLiteral("table:recorded-crime-12m"));
    });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("filter/area"), m_filter->areaCode());
    settings.setValue(QStringLiteral("view/last"), m_currentId);
    event->accept();
}

} // namespace oversight
