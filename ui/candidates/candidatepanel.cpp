// CandidatePanel: rebuilt from the controller's ranking; every button calls the controller.
#include "candidates/candidatepanel.h"

#include "mel/core/pipeline/kbsearch.h"
#include "style/themecolors.h"

#include <QAction>
#include <QEvent>
#include <QFutureWatcher>

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "candidates/candidatecard.h"

namespace mel::ui {

CandidatePanel::CandidatePanel(AnnotationController& controller, Project& project, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_project(project)
    , m_header(new QLabel(this))
    , m_status(new QLabel(this))
    , m_cardHost(new QWidget)
    , m_cardLayout(new QVBoxLayout(m_cardHost))
    , m_search(new QLineEdit(this))
    , m_results(new QListWidget(this))
    , m_history(new QListWidget(this))
    , m_linked(new QPushButton(tr("Samples linked to this entity"), this))
{
    m_searchPool.setMaxThreadCount(1);  // queries run in order; a superseded one is simply not shown
    setObjectName("candidatePanel");
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_status->setStyleSheet(QStringLiteral("color: %1;").arg(cssColor(mutedTextColor(palette()))));

    auto* nil = new QPushButton(this);
    auto* ambiguous = new QPushButton(this);
    m_nilButton = nil;
    m_ambiguousButton = ambiguous;
    setShortcutHints(QKeySequence(Qt::Key_N), QKeySequence(Qt::Key_A));
    auto* clear = new QPushButton(tr("Clear"), this);
    // Click: this dataset, keeping what people decided; the arrow offers the whole project and replacing.
    auto* identical = new QToolButton(this);
    identical->setObjectName("applyIdentical");
    identical->setPopupMode(QToolButton::MenuButtonPopup);
    identical->setToolButtonStyle(Qt::ToolButtonTextOnly);
    identical->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    using Scope = AnnotationController::IdenticalScope;
    const auto apply = [this](Scope scope, bool replaceHumanLabels) {
        return [this, scope, replaceHumanLabels] { m_controller.applyToIdenticalMentions(scope, replaceHumanLabels); };
    };
    auto* inDataset = new QAction(tr("Apply to identical mentions"), identical);
    inDataset->setToolTip(tr("Give the other mentions with the same surface text in this dataset this mention's label "
                             "(labels a person gave stay)"));
    connect(inDataset, &QAction::triggered, &m_controller, apply(Scope::Dataset, false));
    auto* menu = new QMenu(identical);
    menu->addAction(tr("In this dataset"), &m_controller, apply(Scope::Dataset, false));
    menu->addAction(tr("In every dataset of the project"), &m_controller, apply(Scope::Project, false));
    menu->addAction(tr("In every dataset, replacing labels people gave"), &m_controller, apply(Scope::Project, true));
    identical->setMenu(menu);
    identical->setDefaultAction(inDataset);
    for (QWidget* b : std::initializer_list<QWidget*>{nil, ambiguous, clear, identical, m_linked})
        b->setFocusPolicy(Qt::NoFocus);
    connect(nil, &QPushButton::clicked, &m_controller, &AnnotationController::markNil);
    connect(ambiguous, &QPushButton::clicked, &m_controller, &AnnotationController::markAmbiguous);
    connect(clear, &QPushButton::clicked, &m_controller, &AnnotationController::clearLabel);
    connect(m_linked, &QPushButton::clicked, this, [this] {
        if (const auto label = m_controller.currentLabel())
            Q_EMIT showSamplesLinkedTo(QString::fromStdString(label->value));
    });

    m_cardLayout->setContentsMargins(0, 0, 0, 0);
    m_cardLayout->setSpacing(4);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_cardHost);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_search->setObjectName("kbSearch");
    m_search->setPlaceholderText(tr("Search the KB (name, alias, description)…"));
    m_search->setClearButtonEnabled(true);
    m_results->setObjectName("kbResults");
    m_results->setMaximumHeight(120);
    m_results->hide();  // shown while a search has results
    m_results->setToolTip(tr("Double-click or press Enter to link the mention to this entity"));
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(250);
    connect(&m_searchDelay, &QTimer::timeout, this, &CandidatePanel::runSearch);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &CandidatePanel::runSearch);
    connect(m_results, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        m_controller.assign(item->data(Qt::UserRole).toString().toStdString());
    });
    // Results name entities of the KB they were searched in: another project or a re-imported KB searches again
    // (a closed project clears them), so a double-click never links to an entity this KB does not hold.
    connect(&m_project, &Project::opened, this, &CandidatePanel::runSearch);
    connect(&m_project, &Project::closed, this, &CandidatePanel::runSearch);
    connect(&m_project, &Project::kbChanged, this, &CandidatePanel::runSearch);

    m_history->setObjectName("labelHistory");
    m_history->setMaximumHeight(90);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(nil);
    buttons->addWidget(ambiguous);
    buttons->addWidget(clear);
    auto* buttons2 = new QHBoxLayout;
    buttons2->addWidget(identical);
    buttons2->addWidget(m_linked);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addLayout(buttons);
    layout->addLayout(buttons2);
    layout->addWidget(m_status);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_search);
    layout->addWidget(m_results);
    layout->addWidget(new QLabel(tr("History of this mention"), this));
    layout->addWidget(m_history);

    connect(&m_controller, &AnnotationController::mentionChanged, this, [this] {
        m_showAll = false;
        refreshHeader();
        rebuildCards();
        refreshHistory();
    });
    connect(&m_controller, &AnnotationController::rankingChanged, this, &CandidatePanel::rebuildCards);
    connect(&m_controller, &AnnotationController::labelsChanged, this, [this] {
        refreshHeader();
        rebuildCards();
        refreshHistory();
    });
    refreshHeader();
}

QList<CandidateCard*> CandidatePanel::cards() const
{
    QList<CandidateCard*> out;
    for (int i = 0; i < m_cardLayout->count(); ++i)
        if (auto* card = qobject_cast<CandidateCard*>(m_cardLayout->itemAt(i)->widget()))
            out << card;
    return out;
}

struct CandidatePanel::SearchConnection
{
    std::filesystem::path file;
    std::unique_ptr<core::Store> store;  // opened lazily on the pool thread
};

CandidatePanel::~CandidatePanel() { m_searchPool.waitForDone(); }

void CandidatePanel::runSearch()
{
    m_searchDelay.stop();
    const quint64 serial = ++m_searchSerial;  // a search still running is no longer shown
    m_results->clear();
    m_results->hide();
    const QString query = m_search->text().trimmed();
    if (!m_project.isOpen())
        m_searchConnection.reset();
    if (query.isEmpty() || !m_project.isOpen()) {
        m_searching = false;
        return;
    }
    if (!m_searchConnection || m_searchConnection->file != m_project.path()) {
        m_searchConnection = std::make_shared<SearchConnection>();
        m_searchConnection->file = m_project.path();
    }
    m_searching = true;
    using Result = std::pair<std::vector<core::KbSearchHit>, QString>;  // hits, or an error message
    auto work = [connection = m_searchConnection, kb = m_project.kb(), text = query.toStdString()]() -> Result {
        try {
            if (!connection->store)
                connection->store = std::make_unique<core::Store>(connection->file);
            // Full-text hits, then fuzzy name matches (typos) once the KB index is built.
            std::vector<core::KbSearchHit> hits;
            if (kb) {
                hits = core::searchKb(*connection->store, *kb, text, 20);
            } else {
                for (auto& hit : connection->store->searchEntities(text, 20))
                    hits.push_back({std::move(hit.entity), false, hit.rank});
            }
            return {std::move(hits), {}};
        } catch (const std::exception& e) {
            return {{}, QString::fromStdString(e.what())};
        }
    };
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        if (serial != m_searchSerial)
            return;  // a newer query (or a closed project) replaced it
        m_searching = false;
        const Result result = watcher->result();
        if (!result.second.isEmpty())
            m_status->setText(tr("Search failed: %1").arg(result.second));
        for (const auto& hit : result.first) {
            auto* item = new QListWidgetItem(QStringLiteral("%1%2 (%3) — %4")
                                                 .arg(hit.fuzzy ? QStringLiteral("≈ ") : QString(),
                                                      QString::fromStdString(hit.entity.name),
                                                      QString::fromStdString(hit.entity.qid),
                                                      QString::fromStdString(hit.entity.description).left(80)),
                                             m_results);
            item->setData(Qt::UserRole, QString::fromStdString(hit.entity.qid));
        }
        m_results->setVisible(m_results->count() > 0);
    });
    watcher->setFuture(QtConcurrent::run(&m_searchPool, std::move(work)));
}

void CandidatePanel::refreshHeader()
{
    const int index = m_controller.currentMentionIndex();
    if (index < 0) {
        m_header->setText(tr("<i>Select a sample, then a mention</i>"));
        m_linked->setEnabled(false);
        return;
    }
    const auto& m = m_controller.mentions()[static_cast<std::size_t>(index)];
    const auto label = m_controller.currentLabel();
    QString labelText = tr("unlabeled");
    if (label) {
        labelText = QString::fromStdString(label->value);
        if (m_project.isOpen() && label->value.rfind('Q', 0) == 0)
            if (const auto e = m_project.store().entity(label->value))
                labelText += QStringLiteral(" — ") + QString::fromStdString(e->name).toHtmlEscaped();
        labelText += QStringLiteral(" <span style=\"color:%3\">(%1%2)</span>")
                         .arg(QString::fromUtf8(core::toString(label->source)),
                              label->annotator.empty() ? QString()
                                                       : QStringLiteral(", ") + QString::fromStdString(label->annotator),
                              cssColor(mutedTextColor(palette())));
    }
    m_header->setText(tr("Mention %1/%2: <b>%3</b><br>Label: %4")
                          .arg(index + 1)
                          .arg(m_controller.mentions().size())
                          .arg(QString::fromStdString(m.surface).toHtmlEscaped(), labelText));
    m_linked->setEnabled(label && label->value.rfind('Q', 0) == 0);
}

void CandidatePanel::rebuildCards()
{
    // deleteLater: the rebuild may run inside a card's or button's own click handler.
    while (QLayoutItem* item = m_cardLayout->takeAt(0)) {
        if (QWidget* w = item->widget()) {
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    const Ranking& ranking = m_controller.ranking();
    if (m_controller.currentMention() == 0) {
        m_status->clear();
    } else if (!m_controller.rankingReady()) {
        m_status->setText(tr("Ranking candidates…"));
    } else if (!ranking.error.isEmpty()) {
        m_status->setText(ranking.error);
    } else {
        m_status->setText(tr("%n candidate(s) ranked by %1; keys 1–9 accept", nullptr,
                             static_cast<int>(ranking.candidates.size()))
                              .arg(ranking.linker));
        const auto label = m_controller.currentLabel();
        const std::string current = label ? label->value : std::string();
        bool currentShown = false;
        int built = 0;
        for (const auto& c : ranking.candidates) {
            const bool isCurrent = c.entity.qid == current;
            if (!m_showAll && built >= kFirstCards && !isCurrent)
                continue;  // cards are costly to lay out; the rest come with "Show all"
            ++built;
            currentShown = currentShown || isCurrent;
            auto* card = new CandidateCard(c, c.rank, isCurrent, m_cardHost);
            connect(card, &CandidateCard::activated, this, [this](int number, const QString& qid) {
                if (number > 0)
                    m_controller.acceptCandidate(number);
                else
                    m_controller.assign(qid.toStdString());
            });
            m_cardLayout->addWidget(card);
        }
        // The current label may lie outside the ranked list (the candidate generator missed it): show it first.
        if (!currentShown && !current.empty() && current != core::kNil && current != core::kAmbiguous &&
            m_project.kb())
            if (const core::Entity* e = m_project.kb()->entity(current)) {
                RankedCandidate rc;
                rc.entity = m_project.kb()->toCandidate(*e);
                auto* card = new CandidateCard(rc, 0, true, m_cardHost);
                m_cardLayout->insertWidget(0, card);
            }
        if (built < static_cast<int>(ranking.candidates.size())) {
            auto* more = new QPushButton(tr("Show all %1 candidates").arg(ranking.candidates.size()), m_cardHost);
            more->setObjectName("showAllCandidates");
            more->setFocusPolicy(Qt::NoFocus);
            connect(more, &QPushButton::clicked, this, [this] {
                m_showAll = true;
                rebuildCards();
            });
            m_cardLayout->addWidget(more);
        }
    }
    m_cardLayout->addStretch(1);
}

void CandidatePanel::refreshHistory()
{
    m_history->clear();
    for (const auto& change : m_controller.currentHistory())
        m_history->addItem(QStringLiteral("%1  %2  %3 → %4  %5")
                               .arg(QString::fromStdString(change.changedAt.substr(0, 19)),
                                    QString::fromStdString(change.action),
                                    QString::fromStdString(change.oldValue.value_or("–")),
                                    QString::fromStdString(change.newValue.value_or("–")),
                                    QString::fromStdString(change.annotator)));
    m_history->scrollToBottom();
}

void CandidatePanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    m_status->setStyleSheet(QStringLiteral("color: %1;").arg(cssColor(mutedTextColor(palette()))));
    refreshHeader();
    rebuildCards();
}

void CandidatePanel::setShortcutHints(const QKeySequence& nil, const QKeySequence& ambiguous)
{
    m_nilButton->setText(tr("NIL (%1)").arg(nil.toString(QKeySequence::NativeText)));
    m_ambiguousButton->setText(tr("Ambiguous (%1)").arg(ambiguous.toString(QKeySequence::NativeText)));
}

} // namespace mel::ui
