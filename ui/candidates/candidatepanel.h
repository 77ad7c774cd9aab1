// The candidate panel: the selected mention, ranked candidate cards, label buttons, KB search and history.
#pragma once

#include <memory>

#include <QThreadPool>
#include <QTimer>
#include <QKeySequence>
#include <QWidget>

#include "candidates/annotationcontroller.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QVBoxLayout;

namespace mel::ui {

class CandidateCard;

class CandidatePanel : public QWidget
{
    Q_OBJECT

public:
    CandidatePanel(AnnotationController& controller, Project& project, QWidget* parent = nullptr);
    ~CandidatePanel() override;

    QList<CandidateCard*> cards() const;
    // Shows the keys of the NIL and ambiguous actions on their buttons (they follow Edit > Preferences).
    void setShortcutHints(const QKeySequence& nil, const QKeySequence& ambiguous);
    QLineEdit* searchBox() { return m_search; }
    QListWidget* searchResults() { return m_results; }
    QListWidget* historyList() { return m_history; }
    // Runs the KB search now (the box otherwise waits 250 ms after typing). The search itself runs on a worker
    // thread with its own connection (a short prefix over a large KB takes long); only the newest query's results
    // are shown.
    void runSearch();
    bool isSearching() const { return m_searching; }

Q_SIGNALS:
    void showSamplesLinkedTo(const QString& qid);

protected:
    // A theme switch (light <-> dark) rebuilds the palette-derived colours of the header, status and cards.
    void changeEvent(QEvent* event) override;

private:
    void rebuildCards();
    void refreshHeader();
    void refreshHistory();

    AnnotationController& m_controller;
    Project& m_project;
    QLabel* m_header;
    QLabel* m_status;
    QWidget* m_cardHost;
    QVBoxLayout* m_cardLayout;
    QLineEdit* m_search;
    QListWidget* m_results;
    QListWidget* m_history;
    QPushButton* m_linked;
    QPushButton* m_nilButton = nullptr;
    QPushButton* m_ambiguousButton = nullptr;
    QTimer m_searchDelay;
    struct SearchConnection;  // the worker's own project connection, opened there
    std::shared_ptr<SearchConnection> m_searchConnection;
    QThreadPool m_searchPool;
    quint64 m_searchSerial = 0;
    bool m_searching = false;
    bool m_showAll = false;  // all ranked candidates as cards, not only the first kFirstCards
    static constexpr int kFirstCards = 10;
};

} // namespace mel::ui
