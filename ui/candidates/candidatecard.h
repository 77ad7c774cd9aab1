// One ranked candidate: number key, entity image, name, QID, description, score bar, "current label" mark.
#pragma once

#include <QFrame>

#include "candidates/rankingservice.h"

class QLabel;
class QProgressBar;

namespace mel::ui {

class CandidateCard : public QFrame
{
    Q_OBJECT

public:
    // `number` is the 1-based rank (keys 1-9 accept the first nine); 0 for a card outside the ranking.
    CandidateCard(const RankedCandidate& candidate, int number, bool isCurrentLabel, QWidget* parent = nullptr);
    const std::string& qid() const { return m_qid; }
    int number() const { return m_number; }
    bool isCurrentLabel() const { return m_current; }

Q_SIGNALS:
    void activated(int number, const QString& qid);

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    std::string m_qid;
    int m_number;
    bool m_current;
};

} // namespace mel::ui
