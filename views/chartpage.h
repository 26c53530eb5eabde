#pragma once

#include "period.h"

#include <QDate>
#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QButtonGroup;
class QLabel;
class QImage;
class QPrinter;
class QPushButton;

namespace oversight {

class Store;

namespace charts {
class Figure;
class FigureView;
} // namespace charts

// One chart or map on screen: its own choices (a category, a priority, shapes or tiles) above the
// figure, which follows the filter bar's area and period.
class ChartPage : public QWidget {
    Q_OBJECT
public:
    ChartPage(const Store &store, const QString &chartId, QWidget *parent = nullptr);
    ~ChartPage() override;

    QString chartId() const { return m_id; }
    charts::Figure *figure() const { return m_figure.get(); }
    charts::FigureView *figureView() const { return m_view; }
    // The filter bar's choices. A figure whose own choice is a quarter (the milestone board) turns
    // to the quarter chosen; its other choices (a category, a priority, shapes or tiles) stay.
    void setFilter(const QString &areaCode, QDate from, QDate to, const std::optional<Period> &quarter = {});
    // Draws again from the store (after annotations change).
    void refresh();
    bool isTimeChart() const;
    bool isMap() const;

    // The figure as on screen, to a file, the clipboard or a printer (the Export…, Copy and
    // Print… buttons). All draw through charts/figureexport.
    void exportChart();
    void copyChart();
    void printChart();
    // The image Copy puts on the clipboard: the figure at its on-screen size, at twice the detail.
    QImage clipboardImage() const;

Q_SIGNALS:
    // A borough was clicked on a map: the filter bar selects it.
    void areaActivated(const QString &areaCode);
    // The officer asked to edit the event markers.
    void editAnnotationsRequested();

private:
    void apply();
    void paintOnPrinter(QPrinter *printer);

    QString m_id;
    std::unique_ptr<charts::Figure> m_figure;
    charts::FigureView *m_view = nullptr;
    QComboBox *m_variant = nullptr;
    QButtonGroup *m_style = nullptr;
    QString m_area;
    QDate m_from;
    QDate m_to;
    std::optional<Period> m_quarter;
};

} // namespace oversight
