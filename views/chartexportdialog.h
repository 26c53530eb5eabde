#pragma once

#include "figureexport.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QWidget;

namespace oversight {

namespace charts {
class Figure;
}

// Export one chart or map: PDF (A4 or A3, landscape or portrait), SVG or PNG (a size in pixels at
// 96 dpi, and a resolution for PNG), to a chosen file. Writing goes through charts::exportFigure;
// on failure a message names the file and the dialog stays open.
class ChartExportDialog : public QDialog {
    Q_OBJECT
public:
    // viewSize: the figure's size on screen, the default size for SVG and PNG.
    ChartExportDialog(charts::Figure *figure, const QSize &viewSize, QWidget *parent = nullptr);

    charts::ExportOptions options() const;
    QString path() const;
    void setPath(const QString &path);
    void setFormat(charts::ExportFormat format);

    // Writes the file (what OK does). Returns false after telling the officer why.
    bool exportNow();

    void accept() override;

private:
    void formatChanged();
    void updateSummary();
    void browse();

    charts::Figure *m_figure;
    QComboBox *m_format;
    QWidget *m_pageBox;
    QComboBox *m_page;
    QRadioButton *m_landscape;
    QRadioButton *m_portrait;
    QWidget *m_sizeBox;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QLabel *m_dpiLabel;
    QSpinBox *m_dpi;
    QLabel *m_summary;
    QLineEdit *m_path;
    QDialogButtonBox *m_buttons;
    QString m_confirmed; // a file the officer already agreed to replace
};

} // namespace oversight
