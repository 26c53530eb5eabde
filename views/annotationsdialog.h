#pragma once

#include <QDialog>

class QTableView;

namespace oversight {

class AnnotationModel;

// Add, edit, hide and remove the events drawn as markers on time charts. Edits are saved as
// they are made; the charts redraw at once.
class AnnotationsDialog : public QDialog {
    Q_OBJECT
public:
    AnnotationsDialog(AnnotationModel *model, QWidget *parent = nullptr);

private:
    void addEvent();
    void removeSelected();
    void showError();

    AnnotationModel *m_model;
    QTableView *m_table;
};

} // namespace oversight
