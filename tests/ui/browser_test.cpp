// The sample browser stays virtual (rows are read a page at a time) and its filters follow the store.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QLineEdit>
#include <QTableView>

#include "browser/browserwidget.h"
#include "mel/core/store/store.h"
#include "uitest.h"

using namespace mel;
using mel::test::waitFor;

namespace {

// `count` samples with one mention each; every third mention is labelled NIL, every seventh text says "needle".
std::unique_ptr<core::Store> syntheticStore(const std::filesystem::path& file, int count)
{
    auto store = std::make_unique<core::Store>(file);
    core::Transaction tx(store->db());
    const core::RowId ds = store->insertDataset({0, "synthetic", "jsonl", "", "", "", "{}"});
    for (int i = 0; i < count; ++i) {
        core::Sample s;
        s.datasetId = ds;
        s.sourceId = std::to_string(i);
        s.split = i % 2 ? "train" : "dev";
        s.text = (i % 7 == 0 ? "needle sample " : "sample ") + std::to_string(i);
        s.ordinal = i;
        const core::RowId sid = store->insertSample(s);
        core::Mention m;
        m.sampleId = sid;
        m.surface = "sample";
        const core::RowId mid = store->insertMention(m);
        if (i % 3 == 0)
            store->setLabel(mid, core::kNil, core::LabelSource::Dataset, "", "import");
    }
    tx.commit();
    return store;
}

} // namespace

TEST(Browser, SampleTable_ReadsOnlyThePagesItShows)
{
    test::app();
    test::UiTempDir dir;
    auto store = syntheticStore(dir / "big.melproj", 20000);
    ui::BrowserWidget browser;
    browser.resize(800, 600);
    browser.setStore(store.get());
    browser.show();
    ASSERT_TRUE(waitFor([&] { return !browser.isLoading(); }));
    ASSERT_EQ(browser.model()->rowCount(), 20000);
    waitFor([] { return false; }, 50);  // let the view paint its visible rows
    EXPECT_LE(browser.model()->pagesFetched(), 2);
    browser.view()->scrollToBottom();
    waitFor([] { return false; }, 50);
    EXPECT_LE(browser.model()->pagesFetched(), 4);
    const auto last = browser.model()->index(19998, ui::SampleTableModel::TextColumn);
    EXPECT_EQ(browser.model()->data(last, Qt::DisplayRole).toString().toStdString(), "sample 19998");
}

TEST(Browser, Browser_FiltersByLabelStateAndText)
{
    test::app();
    test::UiTempDir dir;
    auto store = syntheticStore(dir / "p.melproj", 300);
    ui::BrowserWidget browser;
    browser.setStore(store.get());
    auto settled = [&] { return waitFor([&] { return !browser.isLoading(); }); };
    ASSERT_TRUE(settled());
    ASSERT_EQ(browser.model()->rowCount(), 300);

    browser.stateBox()->setCurrentIndex(browser.stateBox()->findData(static_cast<int>(core::LabelStateFilter::Nil)));
    ASSERT_TRUE(settled());
    EXPECT_EQ(browser.model()->rowCount(), 100);
    browser.stateBox()->setCurrentIndex(
        browser.stateBox()->findData(static_cast<int>(core::LabelStateFilter::Unlabeled)));
    ASSERT_TRUE(settled());
    EXPECT_EQ(browser.model()->rowCount(), 200);

    browser.searchBox()->setText("needle");  // applied 200 ms after the last keystroke
    EXPECT_TRUE(waitFor([&] { return browser.model()->rowCount() < 200 && !browser.isLoading(); }));
    // i % 7 == 0 and i % 3 != 0 among 0..299: 43 multiples of 7, 15 of them multiples of 21.
    EXPECT_EQ(browser.model()->rowCount(), 43 - 15);
}

TEST(Browser, Browser_StepMovesTheSelectionAndAnnouncesTheSample)
{
    test::app();
    test::UiTempDir dir;
    auto store = syntheticStore(dir / "p.melproj", 10);
    ui::BrowserWidget browser;
    browser.setStore(store.get());
    ASSERT_TRUE(waitFor([&] { return !browser.isLoading(); }));
    core::RowId announced = 0;
    QObject::connect(&browser, &ui::BrowserWidget::sampleSelected, [&](core::RowId id) { announced = id; });
    ASSERT_TRUE(browser.selectRow(0));
    ASSERT_TRUE(browser.step(+1));
    EXPECT_EQ(announced, browser.model()->sampleIdAt(1));
    EXPECT_FALSE(browser.selectRow(10));
}

TEST(Browser, Browser_KeepsTheSelectedSampleAcrossFiltersThatStillMatchIt)
{
    test::app();
    test::UiTempDir dir;
    auto store = syntheticStore(dir / "p.melproj", 30);
    ui::BrowserWidget browser;
    browser.setStore(store.get());
    ASSERT_TRUE(waitFor([&] { return !browser.isLoading(); }));
    EXPECT_EQ(browser.currentSampleId(), browser.model()->sampleIdAt(0)) << "the first sample is selected on load";
    const core::RowId nilSample = browser.model()->sampleIdAt(3);  // i = 3 is NIL
    ASSERT_TRUE(browser.selectSample(nilSample));
    browser.stateBox()->setCurrentIndex(browser.stateBox()->findData(static_cast<int>(core::LabelStateFilter::Nil)));
    ASSERT_TRUE(waitFor([&] { return !browser.isLoading(); }));
    EXPECT_EQ(browser.currentSampleId(), nilSample);
}
