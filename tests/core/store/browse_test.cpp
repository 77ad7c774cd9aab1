// Browse queries: filters by dataset, split, label state, text and label value; page rows; identical mentions.
#include <gtest/gtest.h>

#include "mel/core/store/browse.h"
#include "testproject.h"

using namespace mel::core;

namespace {

struct BrowseFixture : ::testing::Test
{
    mel::test::TempDir dir;
    std::unique_ptr<Store> store = std::make_unique<Store>(dir / "p.melproj");
    RowId ds1 = 0, ds2 = 0;
    std::vector<RowId> samples;  // s0..s3 in ds1, s4 in ds2
    std::vector<RowId> mentions; // one per sample

    RowId addSample(RowId ds, const std::string& id, const std::string& split, const std::string& text,
                    const std::string& surface, int ordinal)
    {
        Sample s;
        s.datasetId = ds;
        s.sourceId = id;
        s.split = split;
        s.text = text;
        s.ordinal = ordinal;
        const RowId sid = store->insertSample(s);
        Mention m;
        m.sampleId = sid;
        m.surface = surface;
        mentions.push_back(store->insertMention(m));
        return sid;
    }

    void SetUp() override
    {
        ds1 = store->insertDataset({0, "one", "jsonl", "", "", "", "{}"});
        ds2 = store->insertDataset({0, "two", "jsonl", "", "", "", "{}"});
        samples.push_back(addSample(ds1, "a", "train", "Obama in Paris", "Obama", 0));
        samples.push_back(addSample(ds1, "b", "train", "Adams at a signing", "Adams", 1));
        samples.push_back(addSample(ds1, "c", "dev", "Mystery person", "Mystery", 2));
        samples.push_back(addSample(ds1, "d", "dev", "Who is Adams", "Adams", 3));
        samples.push_back(addSample(ds2, "e", "test", "OBAMA again", "OBAMA", 0));
        store->setLabel(mentions[0], "Q76", LabelSource::Dataset, "", "import");
        store->setLabel(mentions[1], "Q42", LabelSource::Dataset, "", "import");
        store->setLabel(mentions[2], kNil, LabelSource::Human, "ann");
        store->setLabel(mentions[4], kAmbiguous, LabelSource::Dataset, "", "import");
    }

    std::vector<RowId> ids(std::initializer_list<int> indices)
    {
        std::vector<RowId> out;
        for (int i : indices)
            out.push_back(samples[static_cast<std::size_t>(i)]);
        return out;
    }
};

} // namespace

TEST_F(BrowseFixture, Browse_NoFilterListsEverySampleInDatasetOrder)
{
    EXPECT_EQ(filterSampleIds(*store, {}), ids({0, 1, 2, 3, 4}));
}

TEST_F(BrowseFixture, Browse_FiltersByDatasetAndSplit)
{
    SampleFilter f;
    f.datasetId = ds1;
    f.split = "dev";
    EXPECT_EQ(filterSampleIds(*store, f), ids({2, 3}));
    f.datasetId = ds2;
    EXPECT_TRUE(filterSampleIds(*store, f).empty());
}

TEST_F(BrowseFixture, Browse_FiltersByLabelState)
{
    SampleFilter f;
    f.state = LabelStateFilter::Unlabeled;
    EXPECT_EQ(filterSampleIds(*store, f), ids({3}));
    f.state = LabelStateFilter::Linked;
    EXPECT_EQ(filterSampleIds(*store, f), ids({0, 1}));
    f.state = LabelStateFilter::Nil;
    EXPECT_EQ(filterSampleIds(*store, f), ids({2}));
    f.state = LabelStateFilter::Ambiguous;
    EXPECT_EQ(filterSampleIds(*store, f), ids({4}));
    f.state = LabelStateFilter::HumanChanged;
    EXPECT_EQ(filterSampleIds(*store, f), ids({2}));
}

TEST_F(BrowseFixture, Browse_TextSearchIsCaseInsensitive)
{
    SampleFilter f;
    f.text = "obama";
    EXPECT_EQ(filterSampleIds(*store, f), ids({0, 4}));
}

TEST_F(BrowseFixture, Browse_FiltersByLabelValue)
{
    SampleFilter f;
    f.labelValue = "Q42";
    EXPECT_EQ(filterSampleIds(*store, f), ids({1}));
}

TEST_F(BrowseFixture, Browse_ModelDisagreementAndUncertaintyUseTheRun)
{
    const RowId run = store->createRun({});
    store->insertPredictions(run, {{mentions[0], 1, "Q76", 0.9}, {mentions[0], 2, "Q1", 0.2},
                                   {mentions[1], 1, "Q7", 0.51}, {mentions[1], 2, "Q42", 0.5}});
    SampleFilter f;
    f.runId = run;
    f.state = LabelStateFilter::ModelDisagrees;
    EXPECT_EQ(filterSampleIds(*store, f), ids({1}));
    f.state = LabelStateFilter::Uncertain;
    f.margin = 0.05;
    EXPECT_EQ(filterSampleIds(*store, f), ids({1}));
}

// Per sample, every filter may only look rows up by key: the run's predictions are found by (run, mention, rank),
// never by scanning the run (which made the disagreement filter quadratic in the project size).
TEST_F(BrowseFixture, Browse_EveryFilterLooksUpPredictionsByKeyNeverScansTheRun)
{
    const RowId run = store->createRun({});
    store->insertPredictions(run, {{mentions[0], 1, "Q76", 0.9}, {mentions[0], 2, "Q1", 0.2}});
    for (const auto state : {LabelStateFilter::Any, LabelStateFilter::Unlabeled, LabelStateFilter::Linked,
                             LabelStateFilter::Nil, LabelStateFilter::Ambiguous, LabelStateFilter::HumanChanged,
                             LabelStateFilter::ModelDisagrees, LabelStateFilter::Uncertain}) {
        SampleFilter f;
        f.state = state;
        f.runId = run;
        f.labelValue = "Q76";
        const auto plan = filterQueryPlan(*store, f);
        ASSERT_FALSE(plan.empty());
        for (const auto& step : plan) {
            SCOPED_TRACE("filter " + std::to_string(static_cast<int>(state)) + ": " + step);
            if (step.rfind("SCAN", 0) == 0) {
                EXPECT_EQ(step.rfind("SCAN s", 0), 0u) << "only the outer sample list may be scanned";
            }
            if (step.find("prediction") != std::string::npos || step.rfind("SEARCH p", 0) == 0) {
                EXPECT_NE(step.find("mention_id=?"), std::string::npos) << "predictions found by mention";
            }
        }
    }
}

TEST_F(BrowseFixture, Browse_RowsKeepRequestedOrderAndCountLabels)
{
    const auto wanted = ids({3, 0, 2});
    const auto rows = sampleRows(*store, wanted, 5);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].id, samples[3]);
    EXPECT_EQ(rows[0].unlabeled, 1);
    EXPECT_EQ(rows[1].preview, "Obama");
    EXPECT_EQ(rows[1].linked, 1);
    EXPECT_EQ(rows[1].dataset, "one");
    EXPECT_EQ(rows[2].nil, 1);
    EXPECT_EQ(rows[2].human, 1);
    EXPECT_EQ(rows[2].split, "dev");
}

TEST_F(BrowseFixture, Browse_SplitNamesAndIdenticalMentions)
{
    EXPECT_EQ(splitNames(*store, ds1), (std::vector<std::string>{"dev", "train"}));
    EXPECT_EQ(splitNames(*store), (std::vector<std::string>{"dev", "test", "train"}));
    EXPECT_EQ(mentionsWithSurface(*store, "Adams"), (std::vector<RowId>{mentions[1], mentions[3]}));
    EXPECT_EQ(mentionsWithSurface(*store, "Adams", ds1), (std::vector<RowId>{mentions[1], mentions[3]}));
    EXPECT_TRUE(mentionsWithSurface(*store, "Adams", ds2).empty());
    EXPECT_EQ(mentionsWithSurface(*store, "OBAMA", ds2), (std::vector<RowId>{mentions[4]}));
}

TEST_F(BrowseFixture, Browse_IdenticalMentionsComeWithTheirLabelsInOneRead)
{
    store->setLabel(mentions[3], "Q5", LabelSource::Human, "ann");
    const auto adams = labelsOfMentionsWithSurface(*store, "Adams");
    ASSERT_EQ(adams.size(), 2u);
    EXPECT_EQ(adams[0].mentionId, mentions[1]);
    ASSERT_TRUE(adams[0].label);
    EXPECT_EQ(adams[0].label->value, "Q42");
    EXPECT_EQ(adams[0].label->source, LabelSource::Dataset);
    EXPECT_EQ(adams[1].mentionId, mentions[3]);
    ASSERT_TRUE(adams[1].label);
    EXPECT_EQ(adams[1].label->source, LabelSource::Human);
    EXPECT_EQ(adams[1].label->annotator, "ann");
    EXPECT_EQ(adams[1].label->updatedAt, store->label(mentions[3])->updatedAt);
    EXPECT_TRUE(labelsOfMentionsWithSurface(*store, "Adams", ds2).empty());

    store->clearLabel(mentions[3], "ann");
    const auto after = labelsOfMentionsWithSurface(*store, "Adams", ds1);
    ASSERT_EQ(after.size(), 2u);
    EXPECT_FALSE(after[1].label);  // an unlabelled mention is listed, without a label
}

TEST_F(BrowseFixture, Browse_LatestRunIsTheNewestFinishedOneOfTheDataset)
{
    EXPECT_FALSE(latestRun(*store, "one"));
    ModelRun r;
    r.datasetName = "one";
    r.linker = "name";
    const RowId a = store->createRun(r);
    store->finishRun(a, "done", "{}");
    const RowId b = store->createRun(r);
    store->finishRun(b, "cancelled", "{}");
    ASSERT_TRUE(latestRun(*store, "one"));
    EXPECT_EQ(latestRun(*store, "one")->id, a);
}
