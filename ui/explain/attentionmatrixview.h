// Paints an attention matrix (tokens x patches) as coloured cells with row and column labels.
#pragma once

#include <QWidget>

#include "explain/heatmap.h"
#include "mel/core/linker/linker.h"

namespace mel::ui {

class AttentionMatrixView : public QWidget
{
    Q_OBJECT

public:
    explicit AttentionMatrixView(QWidget* parent = nullptr);
    void setMap(const core::AttentionMap& map);
    void clearMap();
    void setColormap(Colormap map);
    bool hasMap() const { return m_map.rows > 0 && m_map.cols > 0; }
    QSize sizeHint() const override;
    // The matrix cell under a widget point, (-1, -1) outside.
    QPoint cellAt(const QPoint& point) const;

Q_SIGNALS:
    void rowClicked(int row);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRectF matrixRect() const;

    core::AttentionMap m_map;
    float m_lo = 0, m_hi = 1;
    Colormap m_colormap = Colormap::Jet;
};

} // namespace mel::ui
