// The grounding generator: deterministic files, boxes that are the rendered objects, mentions that only the
// image can resolve, and an import through the real importers.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "grounding/render.h"
#include "mel/core/kb/wratio.h"
#include "mel/core/pipeline/linkjob.h"
#include "mel/core/util/error.h"
#include "mel/models/grounding.h"

namespace fs = std::filesystem;
using namespace mel;

namespace {

models::GroundingSpec tinySpec(std::uint64_t seed = 5)
{
    models::GroundingSpec spec;
    spec.seed = seed;
    spec.trainSamples = 12;
    spec.devSamples = 3;
    spec.testSamples = 5;
    return spec;
}

struct TempDir
{
    fs::path path;
    TempDir()
    {
        path = fs::temp_directory_path() / ("mel-grounding-test-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::map<std::string, std::string> readTree(const fs::path& dir)
{
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file())
        {
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream bytes;
            bytes << in.rdbuf();
            files[fs::relative(entry.path(), dir).generic_string()] = bytes.str();
        }
    return files;
}

} // namespace

TEST(GroundingGenerator, SameSeedWritesIdenticalFiles)
{
    TempDir a, b, c;
    models::writeGroundingDataset(models::makeGroundingDataset(tinySpec(5)), a.path);
    models::writeGroundingDataset(models::makeGroundingDataset(tinySpec(5)), b.path);
    models::writeGroundingDataset(models::makeGroundingDataset(tinySpec(6)), c.path);
    const auto first = readTree(a.path), second = readTree(b.path), other = readTree(c.path);
    ASSERT_EQ(first.size(), 5u + 20u + models::makeGroundingDataset(tinySpec(5)).entities.size());
    EXPECT_EQ(first, second);
    EXPECT_NE(first.at("samples.jsonl"), other.at("samples.jsonl"));
    EXPECT_NE(first.at("images/train-00001.png"), other.at("images/train-00001.png"));
}

TEST(GroundingGenerator, BoxesAreTheRenderedObjectsInsideTheImage)
{
    TempDir dir;
    const auto d = models::makeGroundingDataset(tinySpec());
    const auto files = models::writeGroundingDataset(d, dir.path);
    const int S = d.spec.imageSize;
    for (std::size_t i = 0; i < d.samples.size(); ++i)
    {
        const auto& s = d.samples[i];
        SCOPED_TRACE(s.id);
        // The PNG on disk is the rendered scene, pixel for pixel.
        const cv::Mat scene = models::grounding::renderScene(d, i);
        const cv::Mat onDisk = cv::imread((files.dir / s.imageFile).string(), cv::IMREAD_COLOR);
        ASSERT_EQ(onDisk.rows, S);
        ASSERT_EQ(onDisk.cols, S);
        EXPECT_EQ(cv::norm(scene, onDisk, cv::NORM_INF), 0.0);
        const cv::Mat background = models::grounding::renderScene(d, i, false);
        cv::Mat changed;
        cv::compare(scene.reshape(1), background.reshape(1), changed, cv::CMP_NE);
        changed = changed.reshape(3);
        std::vector<cv::Mat> channels;
        cv::split(changed, channels);
        cv::Mat any = channels[0] | channels[1] | channels[2];
        ASSERT_GE(s.objects.size(), 3u);
        for (std::size_t k = 0; k < s.objects.size(); ++k)
        {
            const auto& o = s.objects[k];
            const auto& b = o.box;
            EXPECT_GE(b.x, 0);
            EXPECT_GE(b.y, 0);
            EXPECT_LE(b.x + b.w, S);
            EXPECT_LE(b.y + b.h, S);
            EXPECT_GE(b.w, 16);  // at least one 7x7-grid cell centre always falls inside
            EXPECT_GE(b.h, 16);
            // The changed pixels within the object's square span exactly its box.
            const cv::Rect square(o.x, o.y, o.size, o.size);
            const cv::Rect tight = cv::boundingRect(any(square)) + square.tl();
            EXPECT_EQ(tight, cv::Rect(static_cast<int>(b.x), static_cast<int>(b.y), static_cast<int>(b.w),
                                      static_cast<int>(b.h)));
            // Objects never overlap, and nothing changed outside the objects' squares.
            for (std::size_t j = k + 1; j < s.objects.size(); ++j)
                EXPECT_TRUE((square & cv::Rect(s.objects[j].x, s.objects[j].y, s.objects[j].size,
                                               s.objects[j].size)).empty());
            any(square).setTo(0);
        }
        EXPECT_EQ(cv::countNonZero(any), 0);
    }
}

TEST(GroundingGenerator, OnlyTheImageResolvesTheMention)
{
    const auto d = models::makeGroundingDataset(tinySpec());
    std::map<std::string, int> perSurname;
    for (const auto& e : d.entities)
        ++perSurname[e.surname];
    double chance = 0;
    int tests = 0;
    for (const auto& s : d.samples)
    {
        SCOPED_TRACE(s.id);
        const auto& gold = d.entities[static_cast<std::size_t>(s.gold)];
        EXPECT_EQ(s.text.substr(static_cast<std::size_t>(s.begin), static_cast<std::size_t>(s.end - s.begin)), s.surface);
        EXPECT_EQ(s.surface, gold.surname);
        // The surface fits >= 2 entities, all equally well by name (the candidate generator's WRatio).
        std::vector<double> scores;
        for (const auto& e : d.entities)
            if (e.surname == s.surface)
                scores.push_back(core::fuzz::wratio(s.surface, e.name));
        ASSERT_GE(scores.size(), 2u);
        for (const double v : scores)
            EXPECT_EQ(v, scores.front());
        for (const auto& e : d.entities)  // no other first name or sentence word names a family member
            if (e.surname == s.surface && e.qid != gold.qid)
            {
                EXPECT_EQ(s.text.find(e.name.substr(0, e.name.find(' '))), std::string::npos);
            }
        // The gold's shape (its family) occurs once in the image: the image picks one family member.
        EXPECT_EQ(s.objects.front().entity, s.gold);
        for (std::size_t k = 1; k < s.objects.size(); ++k)
            EXPECT_NE(d.entities[static_cast<std::size_t>(s.objects[k].entity)].surname, s.surface);
        if (s.split == "test")
        {
            chance += 1.0 / perSurname.at(s.surface);
            ++tests;
        }
    }
    EXPECT_NEAR(models::textOnlyChance(d, "test"), chance / tests, 1e-12);
    // Family members differ by colour: the reference images tell them apart.
    for (const auto& a : d.entities)
        for (const auto& b : d.entities)
            if (a.qid != b.qid && a.surname == b.surname)
            {
                EXPECT_NE(a.colour, b.colour);
            }
}

TEST(GroundingGenerator, ImportsThroughTheRealImporters)
{
    TempDir dir;
    const auto d = models::makeGroundingDataset(tinySpec());
    const auto files = models::writeGroundingDataset(d, dir.path / "data");
    core::Store store(dir.path / "g.melproj");
    models::importGroundingDataset(store, files, "grounding");
    const auto entities = store.entities();
    ASSERT_EQ(entities.size(), d.entities.size());
    for (const auto& e : entities)
    {
        EXPECT_FALSE(e.imagePath.empty()) << e.qid;
        EXPECT_TRUE(fs::exists(e.imagePath)) << e.qid;
    }
    const auto test = core::loadSplitMentions(store, "grounding", "test");
    ASSERT_EQ(test.queries.size(), 5u);
    for (std::size_t i = 0; i < test.queries.size(); ++i)
    {
        const auto& s = d.samples[d.samples.size() - 5 + i];
        const auto& q = test.queries[i];
        EXPECT_EQ(test.labels[i], d.entities[static_cast<std::size_t>(s.gold)].qid);
        EXPECT_EQ(q.surface, s.surface);
        EXPECT_FALSE(q.imagePath.empty());
        ASSERT_TRUE(q.box.has_value());
        EXPECT_EQ(q.box->x, s.goldBox().x);
        EXPECT_EQ(q.box->y, s.goldBox().y);
        EXPECT_EQ(q.box->w, s.goldBox().w);
        EXPECT_EQ(q.box->h, s.goldBox().h);
    }
}

TEST(GroundingGenerator, RejectsImpossibleSpecs)
{
    auto spec = tinySpec();
    spec.families = 9;
    EXPECT_THROW(models::makeGroundingDataset(spec), core::Error);
    spec = tinySpec();
    spec.maxObjects = spec.families + 1;
    EXPECT_THROW(models::makeGroundingDataset(spec), core::Error);
    spec = tinySpec();
    spec.imageSize = 40;  // four 34 px objects cannot fit
    EXPECT_THROW(models::makeGroundingDataset(spec), core::Error);
}
