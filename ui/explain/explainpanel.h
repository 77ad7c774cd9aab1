// The explain panel: gate weights and per-unit scores as Qt Charts, the attention matrix and heatmap controls.
#pragma once

#include <vector>

#include <QWidget>

#include "candidates/rankingservice.h"

class QChartView;
class QComboBox;
class QLabel;
class QSlider;
class QCheckBox;

namespace mel::ui {

class AttentionMatrixView;

class ExplainPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ExplainPanel(QWidget* parent = nullptr);

    // Shows whatever the ranking's Explanation holds (any linker; empty parts say so).
    void setRanking(const Ranking& ranking);
    int gateBarCount() const;   // bars in the gate chart
    int unitSeriesCount() const;  // one bar set per unit
    QComboBox* mapSelector() { return m_maps; }
    QSlider* opacitySlider() { return m_opacity; }
    AttentionMatrixView* matrixView() { return m_matrix; }

Q_SIGNALS:
    // The heat over the image patches to overlay (empty heat = none), and its opacity 0..1.
    void heatmapChanged(const std::vector<float>& heat, int gridRows, int gridCols);
    void heatmapOpacityChanged(double opacity);

protected:
    // Follows a theme switch: the notes' colour and the charts' light/dark theme.
    void changeEvent(QEvent* event) override;

private:
    void showMap(int index);

    std::vector<core::AttentionMap> m_attention;
    QChartView* m_gates;
    QChartView* m_units;
    QComboBox* m_maps;
    QSlider* m_opacity;
    QCheckBox* m_overlay;
    AttentionMatrixView* m_matrix;
    QLabel* m_notes;
    int m_tokenRow = -1;
};

} // namespace mel::ui
