// Drawing with OpenCV only (no anti-aliasing, integer geometry), so the same layout gives the same pixels.
#include "grounding/render.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "grounding/random.h"
#include "mel/core/util/error.h"

namespace mel::models::grounding {

namespace {

constexpr std::array<const char*, kGroundingShapeCount> kShapes{"circle", "square", "triangle", "star",
                                                                "cross",  "diamond", "ring", "crescent"};
constexpr std::array<const char*, kColourCount> kColours{"red",     "green", "blue",   "yellow",
                                                         "magenta", "cyan",  "orange", "white"};
const std::array<cv::Vec3b, kColourCount> kBgr{cv::Vec3b{30, 30, 220},  cv::Vec3b{40, 170, 40},
                                               cv::Vec3b{210, 90, 20},  cv::Vec3b{20, 210, 230},
                                               cv::Vec3b{190, 40, 190}, cv::Vec3b{200, 190, 20},
                                               cv::Vec3b{10, 120, 250}, cv::Vec3b{235, 235, 235}};
constexpr std::array<const char*, kPatternCount> kPatterns{"plain", "striped", "dotted", "checked"};

std::vector<cv::Point> regularPolygon(double cx, double cy, double outer, double inner, int points, double phase)
{
    std::vector<cv::Point> out;
    const int n = inner > 0 ? 2 * points : points;
    for (int i = 0; i < n; ++i)
    {
        const double r = (inner > 0 && i % 2 == 1) ? inner : outer;
        const double a = phase + 2.0 * M_PI * i / n;
        out.emplace_back(static_cast<int>(std::lround(cx + r * std::cos(a))),
                         static_cast<int>(std::lround(cy + r * std::sin(a))));
    }
    return out;
}

// Whether pixel (px, py) of the object's square is drawn dark by the pattern.
bool patternDark(int pattern, int px, int py)
{
    switch (pattern)
    {
    case 1: return (py / 3) % 2 == 1;                                   // horizontal stripes, period 6
    case 2: return (px % 6 >= 2 && px % 6 <= 3) && (py % 6 >= 2 && py % 6 <= 3);  // 2x2 dots every 6 px
    case 3: return ((px / 4) + (py / 4)) % 2 == 1;                      // 4 px checks
    default: return false;
    }
}

} // namespace

const char* shapeName(int shape) { return kShapes.at(static_cast<std::size_t>(shape)); }
const char* colourName(int colour) { return kColours.at(static_cast<std::size_t>(colour)); }
const char* patternWord(int pattern) { return kPatterns.at(static_cast<std::size_t>(pattern)); }

cv::Mat shapeMask(int shape, int size)
{
    cv::Mat mask = cv::Mat::zeros(size, size, CV_8UC1);
    const double c = (size - 1) / 2.0;
    const double r = (size - 1) / 2.0;
    const cv::Scalar on(255);
    const auto centre = cv::Point(static_cast<int>(std::lround(c)), static_cast<int>(std::lround(c)));
    switch (shape)
    {
    case 0: cv::circle(mask, centre, static_cast<int>(r), on, cv::FILLED, cv::LINE_8); break;
    case 1:
    {
        const int inset = std::max(1, size / 10);
        cv::rectangle(mask, cv::Point(inset, inset), cv::Point(size - 1 - inset, size - 1 - inset), on, cv::FILLED);
        break;
    }
    case 2:
    {
        std::vector<cv::Point> tri{{static_cast<int>(std::lround(c)), 0}, {0, size - 1 - size / 8},
                                   {size - 1, size - 1 - size / 8}};
        cv::fillConvexPoly(mask, tri, on, cv::LINE_8);
        break;
    }
    case 3:
    {
        const auto star = regularPolygon(c, c + r * 0.08, r, r * 0.45, 5, -M_PI / 2);
        cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{star}, on, cv::LINE_8);
        break;
    }
    case 4:
    {
        const int t = std::max(3, size / 3);
        const int a = (size - t) / 2;
        cv::rectangle(mask, cv::Point(a, 0), cv::Point(a + t - 1, size - 1), on, cv::FILLED);
        cv::rectangle(mask, cv::Point(0, a), cv::Point(size - 1, a + t - 1), on, cv::FILLED);
        break;
    }
    case 5:
    {
        std::vector<cv::Point> d{{centre.x, 0}, {size - 1, centre.y}, {centre.x, size - 1}, {0, centre.y}};
        cv::fillConvexPoly(mask, d, on, cv::LINE_8);
        break;
    }
    case 6:
        cv::circle(mask, centre, static_cast<int>(r), on, cv::FILLED, cv::LINE_8);
        cv::circle(mask, centre, static_cast<int>(r * 0.5), cv::Scalar(0), cv::FILLED, cv::LINE_8);
        break;
    case 7:
        cv::circle(mask, centre, static_cast<int>(r), on, cv::FILLED, cv::LINE_8);
        cv::circle(mask, cv::Point(centre.x + static_cast<int>(std::lround(r * 0.55)), centre.y - static_cast<int>(std::lround(r * 0.2))),
                   static_cast<int>(r * 0.8), cv::Scalar(0), cv::FILLED, cv::LINE_8);
        break;
    default: throw core::Error(core::ErrorCode::Invalid, "grounding: unknown shape " + std::to_string(shape));
    }
    return mask;
}

cv::Rect shapeBox(int shape, int size)
{
    return cv::boundingRect(shapeMask(shape, size));
}

void drawObject(cv::Mat& canvas, const GroundingEntity& look, int x, int y, int size)
{
    const cv::Mat mask = shapeMask(look.shape, size);
    const cv::Vec3b base = kBgr.at(static_cast<std::size_t>(look.colour));
    const cv::Vec3b dark(static_cast<uchar>(base[0] * 0.3), static_cast<uchar>(base[1] * 0.3),
                         static_cast<uchar>(base[2] * 0.3));
    // Border pixels of the mask (a mask pixel with a 4-neighbour outside it) get the outline colour.
    for (int py = 0; py < size; ++py)
        for (int px = 0; px < size; ++px)
        {
            if (!mask.at<uchar>(py, px))
                continue;
            const int cx = x + px, cy = y + py;
            if (cx < 0 || cy < 0 || cx >= canvas.cols || cy >= canvas.rows)
                continue;
            const bool border = px == 0 || py == 0 || px == size - 1 || py == size - 1 || !mask.at<uchar>(py - 1, px) ||
                                !mask.at<uchar>(py + 1, px) || !mask.at<uchar>(py, px - 1) || !mask.at<uchar>(py, px + 1);
            canvas.at<cv::Vec3b>(cy, cx) = border ? cv::Vec3b(35, 35, 35) : (patternDark(look.pattern, px, py) ? dark : base);
        }
}

cv::Mat renderBackground(int size, std::uint64_t seed)
{
    SplitMix rng(seed);
    const int grey = rng.uniform(70, 150);
    const cv::Vec3d tint(rng.uniform(-15, 15), rng.uniform(-15, 15), rng.uniform(-15, 15));
    const double gx = rng.uniform(-25.0, 25.0) / size, gy = rng.uniform(-25.0, 25.0) / size;
    cv::Mat image(size, size, CV_8UC3);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
        {
            const double v = grey + gx * (x - size / 2.0) + gy * (y - size / 2.0);
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(v + tint[0]), cv::saturate_cast<uchar>(v + tint[1]),
                                                  cv::saturate_cast<uchar>(v + tint[2]));
        }
    // Clutter in desaturated colours: it must not look like an entity (entities are saturated and outlined).
    auto clutterColour = [&] {
        const int v = rng.uniform(40, 210);
        return cv::Scalar(v + rng.uniform(-10, 10), v + rng.uniform(-10, 10), v + rng.uniform(-10, 10));
    };
    const int items = rng.uniform(18, 30);
    for (int i = 0; i < items; ++i)
    {
        const cv::Point a(rng.uniform(0, size - 1), rng.uniform(0, size - 1));
        switch (rng.uniform(0, 3))
        {
        case 0:
            cv::line(image, a, cv::Point(rng.uniform(0, size - 1), rng.uniform(0, size - 1)), clutterColour(),
                     rng.uniform(1, 2), cv::LINE_8);
            break;
        case 1:
            cv::ellipse(image, a, cv::Size(rng.uniform(4, 20), rng.uniform(4, 20)), rng.uniform(0, 179), 0,
                        rng.uniform(90, 360), clutterColour(), 1, cv::LINE_8);
            break;
        case 2:
            cv::circle(image, a, rng.uniform(2, 6), clutterColour(), cv::FILLED, cv::LINE_8);
            break;
        default:
        {
            const int w = rng.uniform(3, 14), h = rng.uniform(2, 6);
            cv::rectangle(image, cv::Rect(a.x, a.y, w, h), clutterColour(), cv::FILLED);
            break;
        }
        }
    }
    cv::Mat noise(size, size, CV_16SC3);
    cv::RNG cvRng(seed | 1u);
    cvRng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(6));
    cv::Mat wide;
    image.convertTo(wide, CV_16SC3);
    wide += noise;
    wide.convertTo(image, CV_8UC3);
    return image;
}

cv::Mat renderScene(const GroundingDataset& dataset, std::size_t sample, bool withObjects)
{
    const auto& s = dataset.samples.at(sample);
    cv::Mat image = renderBackground(dataset.spec.imageSize, streamSeed(dataset.spec.seed, 2, sample));
    if (withObjects)
        for (const auto& o : s.objects)
            drawObject(image, dataset.entities.at(static_cast<std::size_t>(o.entity)), o.x, o.y, o.size);
    return image;
}

cv::Mat renderReference(const GroundingDataset& dataset, std::size_t entity)
{
    const int size = dataset.spec.imageSize;
    cv::Mat image(size, size, CV_8UC3, cv::Scalar(128, 128, 128));
    cv::Mat noise(size, size, CV_16SC3);
    cv::RNG cvRng(streamSeed(dataset.spec.seed, 3, entity) | 1u);
    cvRng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(4));
    cv::Mat wide;
    image.convertTo(wide, CV_16SC3);
    wide += noise;
    wide.convertTo(image, CV_8UC3);
    const int side = (dataset.spec.minObjectSize + dataset.spec.maxObjectSize) / 2;
    drawObject(image, dataset.entities.at(entity), (size - side) / 2, (size - side) / 2, side);
    return image;
}

} // namespace mel::models::grounding
