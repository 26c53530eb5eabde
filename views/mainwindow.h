#pragma once

#include <QHash>
#include <QMainWindow>

class QStackedWidget;
class QTreeView;
class QLabel;

namespace oversight {

class AnnotationModel;
class FilterBar;
class NavigatorModel;
class Store;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Store &store, QWidget *parent = nullptr);

    // Shows a view by id: "table:revenue", "measure:crime.tno", "category:Burglary", "chart:map.lcpf".
    bool showView(const QString &viewId);
    QString currentViewId() const { return m_currentId; }
    QWidget *currentView() const;
    static QStringList viewIds(const Store &store);

    // Opens the import wizard for these files, one after another (an empty list asks for a file).
    void importFiles(const QStringList &paths);
    // After an import or undo: rebuilds the navigator, filter and views from the store.
    void reloadData();

    NavigatorModel *navigator() const { return m_navigatorModel; }
    FilterBar *filterBar() const { return m_filter; }
    QTreeView *navigatorView() const { return m_tree; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QWidget *createView(const QString &viewId);
    void applyFilter();
    void updateAsAt();
    void restoreSettings();
    void placeOnFirstStart();
    void editAnnotations();

    Store &m_store;
    NavigatorModel *m_navigatorModel;
    QTreeView *m_tree;
    FilterBar *m_filter;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QLabel *m_asAt;
    QStringList m_pendingImports;
    AnnotationModel *m_annotations;
    QHash<QString, QWidget *> m_views;
    QString m_currentId;
};

} // namespace oversight
