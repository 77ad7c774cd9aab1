// The sample image: zoom (wheel), pan (drag), mention boxes (click to select) and a heatmap overlay.
#pragma once

#include <optional>

#include <vector>

#include <QGraphicsView>

#include "explain/heatmap.h"

#include "sample/mentiontext.h"

class QGraphicsPixmapItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace mel::ui {

struct MentionBox
{
    core::RowId mentionId = 0;
    core::BoundingBox box;
    MentionState state = MentionState::Unlabeled;
    QString surface;
};

class ImageView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit ImageView(QWidget* parent = nullptr);

    // Shows the image file (or a "no image" note when `path` is empty or unreadable) and fits it in view.
    void showImage(const QString& path);
    bool hasImage() const;
    QSize imageSize() const;
    void setBoxes(const std::vector<MentionBox>& boxes, core::RowId selected);
    // Detected regions (e.g. faces) drawn as dashed boxes under the mention boxes; clicking one (outside any
    // mention box) emits regionClicked so the selected mention can be tied to it.
    void setRegions(const std::vector<core::BoundingBox>& regions);
    int regionCount() const { return static_cast<int>(m_regions.size()); }
    // Overlays a heat grid (row-major gridRows x gridCols, values 0..1) stretched over the whole image.
    void setHeatmap(const std::vector<float>& heat, int gridRows, int gridCols);
    void clearHeatmap();
    bool hasHeatmap() const;
    void setHeatmapOpacity(double opacity);
    double heatmapOpacity() const { return m_opacity; }
    // The gradient of the heatmap overlay (Edit > Preferences); redraws the current overlay.
    void setColormap(Colormap map);
    Colormap colormap() const { return m_colormap; }
    // The current overlay as drawn (null without a heatmap), for tests.
    QImage heatmapOverlay() const;
    double zoom() const;
    void zoomBy(double factor);
    void fitImage();

    // Image-pixel rectangle between two viewport points (clipped to the image).
    QRectF imageRect(const QPoint& from, const QPoint& to) const;

Q_SIGNALS:
    void boxClicked(core::RowId mentionId);
    // Shift+drag drew a region (image pixels) for the selected mention.
    void boxDrawn(const QRectF& box);
    // A detected region (image pixels) was clicked: the selected mention may take it as its box.
    void regionClicked(const QRectF& box);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void clickAt(const QPoint& at);  // boxClicked / regionClicked for what lies under `at`

    QGraphicsPixmapItem* m_image = nullptr;
    QGraphicsPixmapItem* m_heat = nullptr;
    QGraphicsSimpleTextItem* m_note = nullptr;
    std::vector<QGraphicsItem*> m_boxes;
    std::vector<QGraphicsItem*> m_regions;
    QGraphicsRectItem* m_rubber = nullptr;  // the box being drawn
    QPoint m_drawFrom;
    // A plain left press, kept until release: it is a click on a box or region only if the mouse barely moved (a
    // drag pans the view and must not select a mention or set a box).
    std::optional<QPoint> m_pressAt;
    double m_opacity = 0.5;
    Colormap m_colormap = Colormap::Jet;
    std::vector<float> m_heatValues;  // kept to redraw when the colormap changes
    int m_heatRows = 0, m_heatCols = 0;
    bool m_userZoomed = false;
};

} // namespace mel::ui
