// CandidateCard layout: [n] [image] name (QID) / description / score bar.
#include "candidates/candidatecard.h"
#include "candidates/elidedlabel.h"
#include "style/themecolors.h"

#include <algorithm>

#include <QFileInfo>
#include <QImageReader>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPixmapCache>
#include <QProgressBar>
#include <QVBoxLayout>

namespace mel::ui {

namespace {

// A 64x64 (logical pixels) thumbnail, rendered at the screen's device pixel ratio so it stays sharp on high-DPI.
QPixmap thumbnail(const QString& path, qreal dpr)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return {};
    const QString key = path + QLatin1Char('@') + QString::number(dpr);
    QPixmap pixmap;
    if (!QPixmapCache::find(key, &pixmap)) {
        const int side = qRound(64 * dpr);
        // Oriented as the image view and the models see it (a JPEG's EXIF orientation applied); QPixmap(path) is not.
        QImageReader reader(path);
        reader.setAutoTransform(true);
        pixmap = QPixmap::fromImage(reader.read().scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        pixmap.setDevicePixelRatio(dpr);
        QPixmapCache::insert(key, pixmap);
    }
    return pixmap;
}

} // namespace

CandidateCard::CandidateCard(const RankedCandidate& c, int number, bool isCurrentLabel, QWidget* parent)
    : QFrame(parent)
    , m_qid(c.entity.qid)
    , m_number(number)
    , m_current(isCurrentLabel)
{
    setObjectName(QStringLiteral("candidate_%1").arg(QString::fromStdString(c.entity.qid)));
    setFrameShape(QFrame::StyledPanel);
    setCursor(Qt::PointingHandCursor);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    const QPalette pal = palette();
    setStyleSheet(isCurrentLabel ? QStringLiteral("CandidateCard { border: 2px solid %1; background: %2; }")
                                       .arg(cssColor(successColor(pal)), cssColor(successBackground(pal)))
                                 : QStringLiteral("CandidateCard { border: 1px solid %1; }").arg(cssColor(frameColor(pal))));
    auto* key = new QLabel(number > 0 && number <= 9 ? QString::number(number) : QStringLiteral("·"), this);
    key->setFixedWidth(18);
    key->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    key->setStyleSheet(QStringLiteral("font-weight: bold; color: %1;").arg(cssColor(accentColor(pal))));

    auto* image = new QLabel(this);
    image->setFixedSize(64, 64);
    image->setAlignment(Qt::AlignCenter);
    const QPixmap pix = thumbnail(QString::fromStdString(c.entity.imagePath), devicePixelRatioF());
    if (pix.isNull()) {
        image->setText(tr("no\nimage"));
        image->setStyleSheet(QStringLiteral("color: %1; border: 1px dashed %2;")
                                 .arg(cssColor(mutedTextColor(pal)), cssColor(frameColor(pal))));
    } else {
        image->setPixmap(pix);
    }

    // The title row is plain text: a rich-text, word-wrapped title cost the card panel most of its layout time
    // after every sample switch (ui_bench --slow-events).
    auto* name = new ElidedLabel(QString::fromStdString(c.entity.name), this);
    QFont bold = name->font();
    bold.setBold(true);
    name->setFont(bold);
    auto* qid = new QLabel(QString::fromStdString(c.entity.qid), this);
    qid->setTextFormat(Qt::PlainText);
    QPalette muted = qid->palette();
    muted.setColor(QPalette::WindowText, mutedTextColor(pal));
    qid->setPalette(muted);
    auto* title = new QHBoxLayout;
    title->setSpacing(6);
    title->addWidget(name, 0);
    title->addWidget(qid, 0);
    if (isCurrentLabel) {
        auto* mark = new QLabel(tr("✔ current label"), this);
        mark->setTextFormat(Qt::PlainText);
        QPalette success = mark->palette();
        success.setColor(QPalette::WindowText, successColor(pal));
        mark->setPalette(success);
        title->addWidget(mark, 0);
    }
    title->addStretch(1);
    // At most ~3 lines of attribute text; the full text is in the tooltip.
    QString about = QString::fromStdString(c.entity.description);
    if (about.size() > 170)
        about = about.left(170) + QStringLiteral("…");
    auto* description = new QLabel(about, this);
    description->setWordWrap(true);
    description->setToolTip(QString::fromStdString(c.entity.description));

    auto* score = new QProgressBar(this);
    score->setRange(0, 1000);
    score->setValue(static_cast<int>(std::clamp(c.score, 0.0, 1.0) * 1000));
    score->setFormat(c.rank > 0 ? tr("score %1").arg(c.score, 0, 'f', 3) : tr("not ranked"));
    score->setMaximumHeight(14);
    score->setTextVisible(true);

    auto* text = new QVBoxLayout;
    text->setSpacing(2);
    text->addLayout(title);
    text->addWidget(description);
    text->addWidget(score);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(key);
    layout->addWidget(image);
    layout->addLayout(text, 1);
}

void CandidateCard::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT activated(m_number, QString::fromStdString(m_qid));
    QFrame::mouseReleaseEvent(event);
}

} // namespace mel::ui
