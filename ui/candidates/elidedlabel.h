// One line of plain text that elides on the right when the space is short (the full text is in the tooltip).
// Cheap to lay out: unlike a word-wrapped or rich-text QLabel it has no height-for-width, so a panel of cards
// re-lays out without shaping every text again.
#pragma once

#include <QWidget>

namespace mel::ui {

class ElidedLabel : public QWidget
{
    Q_OBJECT

public:
    explicit ElidedLabel(const QString& text, QWidget* parent = nullptr);
    const QString& text() const { return m_text; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_text;
};

} // namespace mel::ui
