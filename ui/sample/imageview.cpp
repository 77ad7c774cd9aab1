// ImageView: a QGraphicsScene with the image, box items tagged with mention ids, and the heat overlay on top.
#include "sample/imageview.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <QApplication>
#include <QGraphicsPixmapItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QImageReader>
#include <QMouseEvent>
#include <QWheelEvent>

#include "explain/heatmap.h"

namespace mel::ui {

namespace {

constexpr int kMentionIdKey = 0;  // QGraphicsItem::data key holding a box's mention id
constexpr int kRegionKey = 1;     // QGraphicsItem::data key marking a detected region's rectangle

}

ImageView::ImageView(QWidget* parent)
    : QGraphicsView(parent)
{
    setObjectName("sampleImage");
    setScene(new QGraphicsScene(this));
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setRenderHints(QPainter::Antialiasing | QPainter::SmoothPixmapTransform);
    setBackgroundBrush(QColor(0x30, 0x30, 0x30));
    showImage({});
}

void ImageView::showImage(const QString& path)
{
    scene()->clear();
    m_boxes.clear();
    m_regions.clear();
    m_rubber = nullptr;
    m_heat = nullptr;
    m_image = nullptr;
    m_note = nullptr;
    m_userZoomed = false;
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QImage image = path.isEmpty() ? QImage() : reader.read();
    if (image.isNull()) {
        m_note = scene()->addSimpleText(path.isEmpty() ? tr("No image for this sample")
                                                       : tr("Cannot read %1: %2").arg(path, reader.errorString()));
        m_note->setBrush(Qt::lightGray);
        scene()->setSceneRect(m_note->boundingRect());
        resetTransform();
        return;
    }
    m_image = scene()->addPixmap(QPixmap::fromImage(image));
    m_image->setTransformationMode(Qt::SmoothTransformation);
    // Smooth-scaling the photo is most of a repaint; keep it scaled until the zoom changes, so the repaints that
    // boxes, captions and the heat overlay cause after a sample switch only copy it.
    m_image->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    scene()->setSceneRect(m_image->boundingRect());
    fitImage();
}

bool ImageView::hasImage() const { return m_image != nullptr; }

QSize ImageView::imageSize() const { return m_image ? m_image->pixmap().size() : QSize(); }

void ImageView::setBoxes(const std::vector<MentionBox>& boxes, core::RowId selected)
{
    for (auto* item : m_boxes)
        delete item;
    m_boxes.clear();
    if (!m_image)
        return;
    for (const auto& b : boxes) {
        const bool isSelected = b.mentionId == selected;
        QColor color(stateColor(b.state));
        auto* rect = scene()->addRect(QRectF(b.box.x, b.box.y, b.box.w, b.box.h),
                                      QPen(isSelected ? QColor(0x1a, 0x73, 0xe8) : color, isSelected ? 4 : 2));
        rect->setPen([&] {
            QPen pen = rect->pen();
            pen.setCosmetic(true);
            return pen;
        }());
        rect->setData(kMentionIdKey, QVariant::fromValue<qlonglong>(b.mentionId));
        rect->setToolTip(b.surface);
        rect->setZValue(2);
        auto* caption = scene()->addSimpleText(b.surface);
        caption->setBrush(color);
        caption->setPos(b.box.x, b.box.y - caption->boundingRect().height());
        caption->setZValue(2);
        m_boxes.push_back(rect);
        m_boxes.push_back(caption);
    }
}

void ImageView::setRegions(const std::vector<core::BoundingBox>& regions)
{
    for (auto* item : m_regions)
        delete item;
    m_regions.clear();
    if (!m_image)
        return;
    QPen pen(palette().color(QPalette::Highlight), 2, Qt::DashLine);
    pen.setCosmetic(true);
    for (const auto& r : regions) {
        auto* rect = scene()->addRect(QRectF(r.x, r.y, r.w, r.h), pen);
        rect->setZValue(1.5);
        rect->setToolTip(tr("Detected face"));
        rect->setData(kRegionKey, QRectF(r.x, r.y, r.w, r.h));
        m_regions.push_back(rect);
    }
}

void ImageView::setHeatmap(const std::vector<float>& heat, int gridRows, int gridCols)
{
    clearHeatmap();
    if (!m_image)
        return;
    const QImage overlay = heatmapImage(heat, gridRows, gridCols, imageSize(), m_colormap);
    if (overlay.isNull())
        return;
    m_heatValues = heat;
    m_heatRows = gridRows;
    m_heatCols = gridCols;
    m_heat = scene()->addPixmap(QPixmap::fromImage(overlay));
    m_heat->setOpacity(m_opacity);
    m_heat->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    m_heat->setZValue(1);
    m_heat->setAcceptedMouseButtons(Qt::NoButton);
}

void ImageView::clearHeatmap()
{
    delete m_heat;
    m_heat = nullptr;
    m_heatValues.clear();
}

void ImageView::setColormap(Colormap map)
{
    m_colormap = map;
    if (m_heat) {
        const auto heat = m_heatValues;
        setHeatmap(heat, m_heatRows, m_heatCols);
    }
}

QImage ImageView::heatmapOverlay() const { return m_heat ? m_heat->pixmap().toImage() : QImage(); }

bool ImageView::hasHeatmap() const { return m_heat != nullptr; }

void ImageView::setHeatmapOpacity(double opacity)
{
    m_opacity = std::clamp(opacity, 0.0, 1.0);
    if (m_heat)
        m_heat->setOpacity(m_opacity);
}

double ImageView::zoom() const { return transform().m11(); }

void ImageView::zoomBy(double factor)
{
    const double next = zoom() * factor;
    if (next < 0.02 || next > 40)
        return;
    m_userZoomed = true;
    scale(factor, factor);
}

void ImageView::fitImage()
{
    m_userZoomed = false;
    if (m_image)
        fitInView(m_image, Qt::KeepAspectRatio);
}

void ImageView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomBy(std::pow(1.2, steps));
    event->accept();
}

QRectF ImageView::imageRect(const QPoint& from, const QPoint& to) const
{
    if (!m_image)
        return {};
    const QRectF r = QRectF(mapToScene(from), mapToScene(to)).normalized();
    return r.intersected(m_image->boundingRect());
}

void ImageView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier) && m_image) {
        // Shift+drag draws a region instead of panning.
        m_drawFrom = event->position().toPoint();
        m_rubber = scene()->addRect(QRectF(), QPen(QColor(0x1a, 0x73, 0xe8), 0, Qt::DashLine));
        m_rubber->setZValue(3);
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton)
        m_pressAt = event->position().toPoint();
    QGraphicsView::mousePressEvent(event);
}

void ImageView::clickAt(const QPoint& at)
{
    // Mention boxes win over the detected regions under them (items() lists the topmost first).
    for (QGraphicsItem* item : items(at)) {
        if (const QVariant id = item->data(kMentionIdKey); id.isValid()) {
            Q_EMIT boxClicked(id.toLongLong());
            return;
        }
        if (const QVariant region = item->data(kRegionKey); region.isValid()) {
            Q_EMIT regionClicked(region.toRectF());
            return;
        }
    }
}

void ImageView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_rubber) {
        m_rubber->setRect(imageRect(m_drawFrom, event->position().toPoint()));
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void ImageView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_rubber) {
        const QRectF box = imageRect(m_drawFrom, event->position().toPoint());
        delete m_rubber;
        m_rubber = nullptr;
        if (box.width() >= 2 && box.height() >= 2)
            Q_EMIT boxDrawn(box);
        event->accept();
        return;
    }
    const std::optional<QPoint> pressAt = std::exchange(m_pressAt, std::nullopt);
    QGraphicsView::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton && pressAt &&
        (event->position().toPoint() - *pressAt).manhattanLength() < QApplication::startDragDistance())
        clickAt(*pressAt);
}

void ImageView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if (!m_userZoomed)
        fitImage();
}

} // namespace mel::ui
