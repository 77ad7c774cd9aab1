// grounding_probe: can the bench's image tower learn the grounding task at all, and where does an ideal
// attention point? A diagnostic, not a test (EXCLUDE_FROM_ALL; `ninja grounding_probe`).
//
// Trains the bench's CNN (ImageEncoder, groundingModelConfig's image part) with a minimal head on the generated
// data: the text side is taken as solved (only the gold's namesakes are candidates, as the pair features already
// make it), so the image alone must pick the family member.
//   mention pooling  max   max over the scene's projected patches (a bag of colours: no localisation)
//                    attn  one softmax attention over the patches with a learned query per surname (the
//                          mechanism the pointing game rewards); its argmax cell is scored like the bench's
//                    mil   candidate-conditioned: each namesake's entity vector against every patch, the score
//                          from the best patch (multiple-instance matching); the top candidate's patch logits
//                          are the map (MIMIC's vdlu_match "max")
//                    lse   the same with the log-sum-exp over the patches (vdlu_match "lse")
//   entity side      mean  projection of the reference image's global feature (LayerNorm of the patch mean, what
//                          GHMF's entity side and the other linkers use)
//                    max   projection of the max over the reference image's patches
//                    ent   a learned vector per entity (what a perfect reading of the description would give)
//                    centre  (mil/lse) projection of the reference image's centre patch(es)
// Cosine / 0.1, cross-entropy over the namesakes, AdamW, batch 32, one thread.
// Usage: grounding_probe POOL ENTITY [TRAIN=4000] [EPOCHS=10] [LR=2e-3] [IMAGE_SIZE] [GRID] [CHANNELS=16,32]
//        [CONTEXT=-] [SMOOTH=0] [REALIGN=0]
// (image size, grid and the CNN's stage widths default to groundingModelConfig's; CONTEXT: the encoder's context
// dilations, e.g. 1,2, "-" = none; SMOOTH: mil/lse cell logits averaged over a (2 SMOOTH + 1)^2 window first, as
// MIMIC's vdlu_smooth; REALIGN=1: the scene's grid shifted by the stride-2 convs' (2^n - 1) / 2 px offset so each
// feature sits on its cell's centre. 3,000 x 8 on 56 px, grid 14, channels 16, "ent": no context 0.610 strict, context 1
// 0.845 (on a distractor 2%, just outside 13.5%), context 1 + smooth 1 0.61 after 6, context 1 + realign 0.76 after 4).
// Prints per epoch: train loss, dev accuracy among namesakes, pointing (cell centre in the gold box), with an
// 8 px tolerance, argmax cell overlapping the box, the mean peak attention weight, and where the misses went
// (argmax on a distractor's box, or elsewhere).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>

#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "grounding/render.h"
#include "mel/models/grounding.h"
#include "vision/imageencoder.h"

using namespace mel::models;

namespace {

torch::Tensor toTensor(const cv::Mat& bgr, const ImageEncoderConfig& c)
{
    cv::Mat resized, rgb;
    cv::resize(bgr, resized, cv::Size(c.imageSize, c.imageSize), 0, 0, cv::INTER_AREA);  // as loadImage does
    cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(rgb, CV_32FC3, 1.0 / 255.0);
    auto t = torch::from_blob(rgb.data, {c.imageSize, c.imageSize, 3}, torch::kFloat).permute({2, 0, 1}).clone();
    for (int i = 0; i < 3; ++i)
        t[i].sub_(c.mean[static_cast<std::size_t>(i)]).div_(c.std[static_cast<std::size_t>(i)]);
    return t;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3)
    {
        std::fprintf(stderr,
                     "usage: %s max|attn|mil|lse mean|max|ent|centre [train=4000] [epochs=10] [lr=2e-3] [image_size]"
                     " [grid] [channels] [context] [smooth] [realign]\n",
                     argv[0]);
        return 2;
    }
    const std::string pool = argv[1];
    const std::string entitySide = argv[2];
    const int train = argc > 3 ? std::atoi(argv[3]) : 4000;
    const int epochs = argc > 4 ? std::atoi(argv[4]) : 10;
    const double lr = argc > 5 ? std::atof(argv[5]) : 2e-3;
    torch::set_num_threads(1);
    torch::manual_seed(1);

    GroundingSpec spec;
    spec.trainSamples = train;
    spec.devSamples = 200;
    spec.testSamples = 0;
    const auto d = makeGroundingDataset(spec);
    auto c = groundingModelConfig().image;
    if (argc > 6)
        c.imageSize = std::atoi(argv[6]);
    if (argc > 7)
        c.grid = std::atoi(argv[7]);
    auto intList = [](const char* s) {
        std::vector<int> out;
        while (*s && *s != '-')
        {
            char* end = nullptr;
            out.push_back(static_cast<int>(std::strtol(s, &end, 10)));
            s = *end == ',' ? end + 1 : end;
        }
        return out;
    };
    if (argc > 8)
        c.channels = intList(argv[8]);
    if (argc > 9)
        c.context = intList(argv[9]);
    const int smooth = argc > 10 ? std::atoi(argv[10]) : 0;
    const bool realign = argc > 11 && std::atoi(argv[11]) != 0;
    ImageEncoder encoder(c);
    const int D = 64;
    torch::nn::Linear qProjection(c.dim, D), eProjection(c.dim, D), kProjection(c.dim, D);
    torch::nn::Embedding surnameQuery(spec.families, D), entityVector(static_cast<std::int64_t>(d.entities.size()), D);
    std::vector<torch::Tensor> parameters = encoder->parameters();
    for (auto* m : {static_cast<torch::nn::Module*>(qProjection.get()), static_cast<torch::nn::Module*>(eProjection.get()),
                    static_cast<torch::nn::Module*>(kProjection.get()), static_cast<torch::nn::Module*>(surnameQuery.get()),
                    static_cast<torch::nn::Module*>(entityVector.get())})
        for (auto& p : m->parameters())
            parameters.push_back(p);
    torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(lr).weight_decay(0.01));

    std::vector<std::optional<torch::Tensor>> scenes, references;
    for (std::size_t i = 0; i < d.samples.size(); ++i)
        scenes.push_back(toTensor(grounding::renderScene(d, i), c));
    for (std::size_t i = 0; i < d.entities.size(); ++i)
        references.push_back(toTensor(grounding::renderReference(d, i), c));
    const auto E = static_cast<std::int64_t>(d.entities.size());
    auto namesakes = torch::zeros({E, E}, torch::kBool);
    for (std::int64_t a = 0; a < E; ++a)
        for (std::int64_t b = 0; b < E; ++b)
            namesakes[a][b] = d.entities[static_cast<std::size_t>(a)].shape == d.entities[static_cast<std::size_t>(b)].shape;

    // Logits [B,E] (non-namesakes masked) and the gold indices; `attention` gets [B,P] in attn mode.
    auto forward = [&](const std::vector<std::size_t>& rows, torch::Tensor* attention) {
        std::vector<std::optional<torch::Tensor>> images;
        std::vector<std::int64_t> gold, family;
        for (const auto r : rows)
        {
            images.push_back(scenes[r]);
            gold.push_back(d.samples[r].gold);
            family.push_back(d.entities[static_cast<std::size_t>(d.samples[r].gold)].shape);
        }
        auto scene = encoder->encode(images);
        if (realign)
        {
            // A stride-2 3x3 conv (padding 1) centres output i on input 2i, not on its block's middle: after n stages
            // a cell's feature sits (2^n - 1) / 2 px up-left of the cell's centre. Shift the grid back by that much
            // (bilinear between a cell and its right / lower neighbour, the edge repeated).
            const double stages = static_cast<double>(c.channels.size() + 1);
            const double w = (std::pow(2.0, stages) - 1) / 2 / (static_cast<double>(c.imageSize) / c.grid);
            const auto B = scene.patches.size(0), Dm = scene.patches.size(2);
            auto x = scene.patches.view({B, c.grid, c.grid, Dm});
            auto next = [](const torch::Tensor& t, int dim) {
                return torch::cat({t.narrow(dim, 1, t.size(dim) - 1), t.narrow(dim, t.size(dim) - 1, 1)}, dim);
            };
            x = (1 - w) * x + w * next(x, 1);
            x = (1 - w) * x + w * next(x, 2);
            scene.patches = x.reshape({B, c.grid * c.grid, Dm});
        }
        namespace F = torch::nn::functional;
        if (pool == "mil" || pool == "lse")
        {
            // Candidate-conditioned matching: each namesake's query against every scene patch, the score from the
            // best-matching patch (hard max) or a soft max; the top candidate's patch logits are the map.
            torch::Tensor e;
            if (entitySide == "ent")
                e = entityVector(torch::arange(E));
            else
            {
                const auto reference = encoder->encode(references);
                const auto g = c.grid;
                const auto centre = reference.patches.view({E, g, g, -1})
                                        .slice(1, (g - 1) / 2, g / 2 + 1)
                                        .slice(2, (g - 1) / 2, g / 2 + 1)
                                        .mean({1, 2});
                e = eProjection(entitySide == "max" ? reference.patches.amax(1)
                                : entitySide == "centre" ? centre : reference.global);
            }
            auto k = F::normalize(kProjection(scene.patches), F::NormalizeFuncOptions().dim(2));  // [B,P,D]
            e = F::normalize(e, F::NormalizeFuncOptions().dim(1));
            auto cells = torch::einsum("bpd,ed->bep", {k, e}) / 0.1;                              // [B,E,P]
            if (smooth > 0)
            {
                const auto B = cells.size(0), P = cells.size(2);
                cells = F::avg_pool2d(cells.reshape({B * E, 1, c.grid, c.grid}),
                                      F::AvgPool2dFuncOptions(2 * smooth + 1).stride(1).padding(smooth).count_include_pad(false))
                            .view({B, E, P});
            }
            auto g = torch::tensor(gold);
            auto allowed = namesakes.index_select(0, g);
            auto logits = (pool == "mil" ? cells.amax(2) : torch::logsumexp(cells, 2)).masked_fill(allowed.logical_not(), -1e9);
            if (attention)
            {
                auto top = logits.argmax(1);
                *attention = torch::softmax(cells.index({torch::arange(cells.size(0)), top}), 1).detach();
            }
            return std::make_pair(logits, g);
        }
        torch::Tensor q;
        if (pool == "max")
            q = qProjection(scene.patches).amax(1);
        else
        {
            auto scores = torch::einsum("bpd,bd->bp", {kProjection(scene.patches), surnameQuery(torch::tensor(family))}) /
                          std::sqrt(static_cast<double>(D));
            auto a = torch::softmax(scores, 1);
            if (attention)
                *attention = a.detach();
            q = qProjection((a.unsqueeze(2) * scene.patches).sum(1));
        }
        torch::Tensor e;
        if (entitySide == "ent")
            e = entityVector(torch::arange(E));
        else
        {
            const auto reference = encoder->encode(references);
            e = eProjection(entitySide == "max" ? reference.patches.amax(1) : reference.global);
        }
        q = F::normalize(q, F::NormalizeFuncOptions().dim(1));
        e = F::normalize(e, F::NormalizeFuncOptions().dim(1));
        auto g = torch::tensor(gold);
        auto logits = (torch::matmul(q, e.t()) / 0.1).masked_fill(namesakes.index_select(0, g).logical_not(), -1e9);
        return std::make_pair(logits, g);
    };

    std::vector<std::size_t> trainRows, devRows;
    for (std::size_t i = 0; i < d.samples.size(); ++i)
        (d.samples[i].split == "train" ? trainRows : devRows).push_back(i);
    std::mt19937 rng(1);
    for (int epoch = 1; epoch <= epochs; ++epoch)
    {
        const auto cpuStarted = std::clock();
        encoder->train();
        std::shuffle(trainRows.begin(), trainRows.end(), rng);
        double lossSum = 0;
        int batches = 0;
        for (std::size_t s = 0; s < trainRows.size(); s += 32)
        {
            const std::vector<std::size_t> rows(trainRows.begin() + static_cast<std::ptrdiff_t>(s),
                                                trainRows.begin() + static_cast<std::ptrdiff_t>(std::min(trainRows.size(), s + 32)));
            auto [logits, gold] = forward(rows, nullptr);
            auto loss = torch::nn::functional::cross_entropy(logits, gold);
            optimizer.zero_grad();
            loss.backward();
            torch::nn::utils::clip_grad_norm_(parameters, 1.0);
            optimizer.step();
            lossSum += loss.item<double>();
            ++batches;
        }
        const double trainCpu = static_cast<double>(std::clock() - cpuStarted) / CLOCKS_PER_SEC;
        encoder->eval();
        torch::NoGradGuard noGrad;
        int hits = 0, pointed = 0, pointed8 = 0, overlap = 0, missDistractor = 0, missBackground = 0;
        double peak = 0;
        for (std::size_t s = 0; s < devRows.size(); s += 64)
        {
            const std::vector<std::size_t> rows(devRows.begin() + static_cast<std::ptrdiff_t>(s),
                                                devRows.begin() + static_cast<std::ptrdiff_t>(std::min(devRows.size(), s + 64)));
            torch::Tensor a;
            auto [logits, gold] = forward(rows, &a);
            hits += (logits.argmax(1) == gold).sum().item<int>();
            if (!a.defined())
                continue;
            for (std::size_t i = 0; i < rows.size(); ++i)
            {
                MentionAttention m;
                m.gridRows = m.gridCols = c.grid;
                const auto row = a[static_cast<std::int64_t>(i)].contiguous();
                m.values.assign(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
                const auto box = d.samples[rows[i]].goldBox();
                const auto o = pointingGame(m, spec.imageSize, spec.imageSize, box);
                pointed += o.hit;
                if (!o.hit)
                {
                    const auto& objects = d.samples[rows[i]].objects;
                    bool onDistractor = false;
                    for (std::size_t j = 1; j < objects.size(); ++j)
                        onDistractor = onDistractor || pointingGame(m, spec.imageSize, spec.imageSize, objects[j].box).hit;
                    (onDistractor ? missDistractor : missBackground) += 1;
                }
                pointed8 += pointingGame(m, spec.imageSize, spec.imageSize, box, 8).hit;
                const double cell = static_cast<double>(spec.imageSize) / c.grid;
                overlap += (o.col + 1) * cell > box.x && o.col * cell < box.x + box.w && (o.row + 1) * cell > box.y &&
                           o.row * cell < box.y + box.h;
                peak += row.max().item<double>();
            }
        }
        const double n = static_cast<double>(devRows.size());
        std::printf("epoch %d loss %.3f dev acc %.3f pointing %.3f tol8 %.3f overlap %.3f peak %.3f miss on distractor %.3f background %.3f train cpu %.1f s\n",
                    epoch, lossSum / batches, hits / n, pointed / n, pointed8 / n, overlap / n, peak / n,
                    missDistractor / n, missBackground / n, trainCpu);
        std::fflush(stdout);
    }
    std::printf("chance among namesakes (dev) %.3f\n", textOnlyChance(d, "dev"));
    return 0;
}
