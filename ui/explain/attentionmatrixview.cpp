// AttentionMatrixView: values are min-max normalised per map and drawn with the heatmap colours.
#include "explain/attentionmatrixview.h"

#include <algorithm>

#include <QMouseEvent>
#include <QPainter>

#include "explain/heatmap.h"

namespace mel::ui {

namespace {
constexpr int kLabelWidth = 90;
constexpr int kHeaderHeight = 18;
}

AttentionMatrixView::AttentionMatrixView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName("attentionMatrix");
    setMinimumSize(200, 120);
}

void AttentionMatrixView::setMap(const core::AttentionMap& map)
{
    m_map = map;
    if (m_map.values.size() != static_cast<std::size_t>(m_map.rows) * static_cast<std::size_t>(m_map.cols))
        m_map = {};
    if (!m_map.values.empty()) {
        const auto [lo, hi] = std::minmax_element(m_map.values.begin(), m_map.values.end());
        m_lo = *lo;
        m_hi = *hi;
    }
    updateGeometry();
    update();
}

void AttentionMatrixView::setColormap(Colormap map)
{
    m_colormap = map;
    update();
}

void AttentionMatrixView::clearMap()
{
    m_map = {};
    update();
}

QSize AttentionMatrixView::sizeHint() const { return QSize(kLabelWidth + 12 * std::max(m_map.cols, 10), 240); }

QRectF AttentionMatrixView::matrixRect() const
{
    return QRectF(kLabelWidth, kHeaderHeight, width() - kLabelWidth - 4, height() - kHeaderHeight - 4);
}

QPoint AttentionMatrixView::cellAt(const QPoint& point) const
{
    const QRectF r = matrixRect();
    if (!hasMap() || !r.contains(point))
        return {-1, -1};
    const int col = static_cast<int>((point.x() - r.left()) / r.width() * m_map.cols);
    const int row = static_cast<int>((point.y() - r.top()) / r.height() * m_map.rows);
    return {std::min(col, m_map.cols - 1), std::min(row, m_map.rows - 1)};
}

void AttentionMatrixView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (!hasMap()) {
        p.setPen(Qt::gray);
        p.drawText(rect(), Qt::AlignCenter, tr("The active linker gives no attention maps"));
        return;
    }
    const QRectF r = matrixRect();
    const double cw = r.width() / m_map.cols;
    const double ch = r.height() / m_map.rows;
    const float span = m_hi > m_lo ? m_hi - m_lo : 1.f;
    for (int row = 0; row < m_map.rows; ++row)
        for (int col = 0; col < m_map.cols; ++col) {
            const float v = (m_map.values[static_cast<std::size_t>(row) * m_map.cols + col] - m_lo) / span;
            p.fillRect(QRectF(r.left() + col * cw, r.top() + row * ch, cw + 0.5, ch + 0.5), heatColor(v, m_colormap));
        }
    p.setPen(palette().text().color());
    QFont small = font();
    small.setPointSizeF(std::max(6.0, std::min(9.0, ch * 0.7)));
    p.setFont(small);
    for (int row = 0; row < m_map.rows && ch >= 7; ++row) {
        const QString label = row < static_cast<int>(m_map.rowLabels.size())
                                  ? QString::fromStdString(m_map.rowLabels[static_cast<std::size_t>(row)])
                                  : QString::number(row);
        p.drawText(QRectF(0, r.top() + row * ch, kLabelWidth - 4, ch), Qt::AlignRight | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(label, Qt::ElideRight, kLabelWidth - 4));
    }
    const QString title = QStringLiteral("%1 · layer %2%3 · %4×%5")
                              .arg(QString::fromStdString(m_map.name))
                              .arg(m_map.layer)
                              .arg(m_map.head >= 0 ? QStringLiteral(" head %1").arg(m_map.head) : QString())
                              .arg(m_map.rows)
                              .arg(m_map.cols);
    p.drawText(QRectF(kLabelWidth, 0, r.width(), kHeaderHeight), Qt::AlignLeft | Qt::AlignVCenter, title);
}

void AttentionMatrixView::mousePressEvent(QMouseEvent* event)
{
    const QPoint cell = cellAt(event->position().toPoint());
    if (cell.y() >= 0)
        Q_EMIT rowClicked(cell.y());
}

} // namespace mel::ui
