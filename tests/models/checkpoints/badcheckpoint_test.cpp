// Checkpoint robustness (#9): every damaged or foreign file gives core::Error naming the file and the reason,
// never a crash or a stray c10::Error; damaged copies of a real checkpoint either load and work or are refused.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "fuzz/checkpointtarget.h"
#include "mel/core/util/error.h"
#include "mel/models/linkers.h"
#include "nn/scriptmodule.h"
#include "text/textencoder.h"
#include "train/checkpoint.h"
#include "vision/imageencoder.h"

namespace mel::models {
namespace {

namespace fs = std::filesystem;

struct Scratch
{
    fs::path dir = fs::temp_directory_path() / ("mel-badckpt-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch()
    {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

std::string slurp(const fs::path& p)
{
    return readFileBytes(p.string());
}

void spit(const fs::path& p, const std::string& bytes)
{
    std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The error must be ours and say which file.
void expectRefused(const fs::path& file, const std::string& reasonPart = "")
{
    try
    {
        loadLinker(file.string(), {"cpu", 1});
        ADD_FAILURE() << file << " was accepted";
    }
    catch (const core::Error& e)
    {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
        if (!reasonPart.empty())
        {
            EXPECT_NE(std::string(e.what()).find(reasonPart), std::string::npos) << e.what();
        }
    }
    try
    {
        inspectCheckpoint(file.string());  // reads the header only: a file may pass it and fail on its weights
    }
    catch (const core::Error& e)
    {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
}

std::vector<fs::path> corpus()
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(MEL_BAD_CHECKPOINTS))
        if (entry.is_regular_file() && entry.path().extension() != ".py" && entry.path().extension() != ".md")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

TEST(BadCheckpoints, CommittedForeignAndFakeFilesAreRefusedWithTheirPath)
{
    const auto files = corpus();
    ASSERT_GE(files.size(), 20u);
    for (const auto& file : files)
    {
        if (file.parent_path().filename() == "regressions")
            continue;  // fuzz finds: replayed below (some may be valid)
        SCOPED_TRACE(file.string());
        expectRefused(file);
    }
}

// A header written the way saveCheckpoint writes it (attributes only, no TorchScript methods), with the given
// entries; the fake-* files of the corpus carry a forward() method, which the archive screen refuses first.
void forgeHeader(const fs::path& file, const std::string& format, const std::string& config, const std::string& vocab,
                 const c10::IValue& textScript = {})
{
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(format));
    archive.write("linker", c10::IValue(std::string("ghmf")));
    archive.write("config", c10::IValue(config));
    archive.write("meta", c10::IValue(std::string("{}")));
    archive.write("vocab", c10::IValue(vocab));
    if (!textScript.isNone())
        archive.write("text_script", textScript);
    archive.save_to(file.string());
}

TEST(BadCheckpoints, ReasonsNameWhatIsWrong)
{
    const fs::path dir = MEL_BAD_CHECKPOINTS;
    expectRefused(dir / "empty.pt", "empty file");
    for (const char* fake : {"fake-wrong-format.pt", "fake-linker-mismatch.pt", "fake-config-huge.pt",
                             "fake-vocab-truncated.pt", "fake-no-weights.pt", "fake-script-not-bytes.pt"})
        expectRefused(dir / fake, "TorchScript code");
    expectRefused(dir / "torch-save-dict.pt", "not a MELStudio linker checkpoint");

    Scratch s;
    const auto good = s.dir / "good.pt";
    fuzz::writeTinyCheckpoint(good.string());
    const auto info = inspectCheckpoint(good.string());
    const std::string config = toJson(info.config);
    torch::serialize::InputArchive in;
    in.load_from(good.string());
    c10::IValue vocabValue;
    ASSERT_TRUE(in.try_read("vocab", vocabValue));
    const std::string vocab = vocabValue.toStringRef();
    auto with = [&](const std::string& key, const std::string& value) {
        auto c = nlohmann::json::parse(config);
        c[nlohmann::json::json_pointer(key)] = nlohmann::json::parse(value);
        return c.dump();
    };
    const auto forged = s.dir / "forged.pt";
    forgeHeader(forged, "melstudio-linker/0", config, vocab);
    expectRefused(forged, "unsupported checkpoint format");
    forgeHeader(forged, kCheckpointFormat, with("/linker", "\"mimic\""), vocab);
    expectRefused(forged, "linker");
    forgeHeader(forged, kCheckpointFormat, with("/ghmf/dim", "4096"), vocab);
    expectRefused(forged, "parameters");
    forgeHeader(forged, kCheckpointFormat, with("/ghmf/dim", "-8"), vocab);
    expectRefused(forged, "ghmf.dim");
    forgeHeader(forged, kCheckpointFormat, with("/gemel/max_mention", "2147483647"), vocab);
    expectRefused(forged, "gemel.max_mention");
    forgeHeader(forged, kCheckpointFormat, with("/dwe/hidden", "100000000"), vocab);
    expectRefused(forged, "dwe.hidden");
    forgeHeader(forged, kCheckpointFormat, config, vocab.substr(0, vocab.size() / 2));
    expectRefused(forged, "vocabulary");
    forgeHeader(forged, kCheckpointFormat, with("/text/buckets", "32"), vocab);
    expectRefused(forged, "n-gram");
    forgeHeader(forged, kCheckpointFormat, config, vocab);
    expectRefused(forged, "weights");
    forgeHeader(forged, kCheckpointFormat, config, vocab, c10::IValue(torch::zeros({4})));
    expectRefused(forged, "byte tensor");
}

TEST(BadCheckpoints, FuzzRegressionsLoadCleanlyOrAreRefused)
{
    for (const auto& file : corpus())
    {
        SCOPED_TRACE(file.string());
        fuzz::loadCheckpointFile(file.string());  // aborts on a crash-class outcome
    }
}

// The fuzzer's seeds (tests/fuzz/checkpointmain.cpp): a tiny checkpoint of every linker kind loads and ranks.
TEST(BadCheckpoints, TinyCheckpointsOfEveryLinkerLoad)
{
    Scratch s;
    for (const char* linker : {"ghmf", "mimic", "dwe", "gemel"})
    {
        SCOPED_TRACE(linker);
        const auto path = s.dir / (std::string(linker) + ".pt");
        fuzz::writeTinyCheckpoint(path.string(), linker);
        EXPECT_EQ(inspectCheckpoint(path.string()).linker, linker);
        EXPECT_TRUE(fuzz::loadCheckpointFile(path.string()));
    }
}

TEST(BadCheckpoints, MissingFileIsAnIoError)
{
    try
    {
        loadLinker("/nonexistent/model.pt");
        FAIL();
    }
    catch (const core::Error& e)
    {
        EXPECT_EQ(e.code(), core::ErrorCode::Io);
        EXPECT_NE(std::string(e.what()).find("/nonexistent/model.pt"), std::string::npos);
    }
    Scratch s;  // a folder given as the checkpoint says so (it used to say "no such checkpoint file")
    try
    {
        loadLinker(s.dir.string());
        FAIL();
    }
    catch (const core::Error& e)
    {
        EXPECT_EQ(e.code(), core::ErrorCode::Io);
        EXPECT_NE(std::string(e.what()).find("a folder, not a checkpoint file"), std::string::npos) << e.what();
    }
}

TEST(BadCheckpoints, DamagedCopiesOfARealCheckpointNeverCrash)
{
    Scratch s;
    const auto good = s.dir / "good.pt";
    fuzz::writeTinyCheckpoint(good.string());
    ASSERT_TRUE(fuzz::loadCheckpointFile(good.string()));
    const std::string bytes = slurp(good);
    ASSERT_GT(bytes.size(), 1000u);
    const auto damaged = s.dir / "damaged.pt";
    int refused = 0, loaded = 0;
    auto attempt = [&](const std::string& variant) {
        spit(damaged, variant);
        (fuzz::loadCheckpointFile(damaged.string()) ? loaded : refused)++;
    };
    for (const double fraction : {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99})
        attempt(bytes.substr(0, static_cast<std::size_t>(fraction * static_cast<double>(bytes.size()))));
    attempt(bytes.substr(0, bytes.size() - 1));
    std::mt19937 rng(5);
    std::uniform_int_distribution<std::size_t> offset(0, bytes.size() - 1);
    for (int i = 0; i < 48; ++i)
    {
        std::string v = bytes;
        v[offset(rng)] ^= static_cast<char>(1 << (i % 8));
        attempt(v);
    }
    for (int i = 0; i < 16; ++i)
    {
        std::string v = bytes;
        const auto at = offset(rng);
        std::fill(v.begin() + static_cast<std::ptrdiff_t>(at),
                  v.begin() + static_cast<std::ptrdiff_t>(std::min(v.size(), at + 64)), '\0');
        attempt(v);
    }
    EXPECT_GE(refused, 9);  // every truncation breaks the zip directory at the end
    EXPECT_EQ(refused + loaded, 73);
}

// A header that promises one shape and weights of another: refused before any forward pass, naming the tensor.
TEST(BadCheckpoints, WeightsOfTheWrongShapeAreRefused)
{
    Scratch s;
    const auto good = s.dir / "good.pt";
    fuzz::writeTinyCheckpoint(good.string());
    auto loaded = loadCheckpoint(good.string(), torch::kCPU);

    ModelParts parts;
    parts.config = loaded.info.config;
    parts.config.ghmf.outDim = 4;  // the weights of a narrower model
    torch::serialize::InputArchive in;
    in.load_from(good.string());
    c10::IValue vocab;
    ASSERT_TRUE(in.try_read("vocab", vocab));
    parts.vocabulary = Vocabulary::deserialize(vocab.toStringRef());
    auto other = buildModel(parts);

    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
    archive.write("linker", c10::IValue(std::string("ghmf")));
    archive.write("config", c10::IValue(toJson(loaded.info.config)));
    archive.write("meta", c10::IValue(std::string("{}")));
    archive.write("vocab", vocab);
    torch::serialize::OutputArchive weights;
    other->save(weights);
    archive.write("model", weights);
    const auto bad = s.dir / "shape.pt";
    archive.save_to(bad.string());
    expectRefused(bad, "weights");
}

TEST(BadCheckpoints, NonFiniteWeightsAreRefused)
{
    Scratch s;
    const auto good = s.dir / "good.pt";
    fuzz::writeTinyCheckpoint(good.string());
    auto loaded = loadCheckpoint(good.string(), torch::kCPU);
    {
        torch::NoGradGuard noGrad;
        loaded.model->parameters().front().view(-1)[0] = std::numeric_limits<float>::quiet_NaN();
    }
    const auto bad = s.dir / "nan.pt";
    saveCheckpoint(bad.string(), *loaded.model, "{}");
    expectRefused(bad, "NaN");
}

// Finite garbage in a tensor (a damaged disk block, a copy cut short over an older file) loaded silently and ranked
// at random: the zip entry's CRC-32 catches it.
TEST(BadCheckpoints, DamagedTensorDataFailsItsChecksum)
{
    Scratch s;
    const auto good = s.dir / "good.pt";
    fuzz::writeTinyCheckpoint(good.string());
    std::string bytes = slurp(good);
    const auto name = bytes.find("/data/0");  // the first tensor's local header names it
    ASSERT_NE(name, std::string::npos);
    const std::size_t header = bytes.rfind("PK\x03\x04", name);
    ASSERT_NE(header, std::string::npos);
    const auto le16 = [&](std::size_t at) {
        return static_cast<std::size_t>(static_cast<unsigned char>(bytes[at])) |
               static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + 1])) << 8;
    };
    const std::size_t data = header + 30 + le16(header + 26) + le16(header + 28);
    const float pi = 3.14159274f;
    ASSERT_NE(bytes.compare(data, sizeof pi, reinterpret_cast<const char*>(&pi), sizeof pi), 0);
    bytes.replace(data, sizeof pi, reinterpret_cast<const char*>(&pi), sizeof pi);
    const auto bad = s.dir / "damaged.pt";
    spit(bad, bytes);
    expectRefused(bad, "fails its CRC-32 check");
}

// The same files handed over as user TorchScript encoders (--text-torchscript / --image-torchscript).
TEST(BadCheckpoints, BadTorchScriptEncoderFilesAreRefusedWithTheirPath)
{
    TextEncoderConfig text;
    text.dim = 8;
    text.heads = 2;
    ImageEncoderConfig image;
    for (const auto& file : corpus())
    {
        // Fuzz finds that exhaust LibTorch's TorchScript compiler (memory, time) when taken as code: refused in
        // milliseconds as checkpoints (no code allowed there), but a user's encoder is code by nature, compiled
        // in-process after the untrusted-file confirmation; not bounded here (known limit, see the fuzz notes).
        const auto name = file.filename().string();
        if (name.rfind("oom-", 0) == 0 || name.rfind("slow-", 0) == 0)
            continue;
        SCOPED_TRACE(file.string());
        const std::string bytes = slurp(file);
        for (int side = 0; side < 2; ++side)
        {
            try
            {
                if (side == 0)
                    TextEncoder(text, bytes, file.string());
                else
                    ImageEncoder(image, bytes, file.string());
                ADD_FAILURE() << "accepted as a " << (side == 0 ? "text" : "image") << " encoder";
            }
            catch (const core::Error& e)
            {
                EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
            }
        }
    }
}

// The bounded stand-in for the libFuzzer run (scripts/fuzz.sh checkpoint needs a clang + ASan build of the whole
// models layer): random mutations of valid GHMF/MIMIC checkpoints and of the committed corpus — bit flips, byte
// overwrites, truncation, inserted/duplicated chunks, splices of two files. 60 inputs by default; set
// MEL_CHECKPOINT_MUTATION_SECONDS for a longer run. The input being tried is at <tmp>/mel-mutation-current.pt, so
// a crash leaves it behind to be kept under tests/data/bad/checkpoints/regressions/.
TEST(BadCheckpoints, RandomMutationLoop)
{
    Scratch s;
    std::vector<std::string> seeds;
    for (const char* linker : {"ghmf", "mimic"})
    {
        const auto path = s.dir / (std::string(linker) + ".pt");
        fuzz::writeTinyCheckpoint(path.string(), linker);
        seeds.push_back(slurp(path));
    }
    for (const auto& file : corpus())
        seeds.push_back(slurp(file));
    const char* env = std::getenv("MEL_CHECKPOINT_MUTATION_SECONDS");
    const double seconds = env ? std::atof(env) : 0.0;
    const int minimum = seconds > 0 ? 0 : 60;
    const auto current = fs::temp_directory_path() / "mel-mutation-current.pt";
    std::mt19937_64 rng(seconds > 0 ? static_cast<std::uint64_t>(std::time(nullptr)) : 17);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const auto started = std::chrono::steady_clock::now();
    int runs = 0, loaded = 0;
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    while (runs < minimum || elapsed() < seconds)
    {
        // Mostly the two valid checkpoints: mutations of those reach the deepest code.
        std::string v = seeds[pick(4) < 3 ? pick(2) : pick(seeds.size())];
        for (int k = 0, n = 1 + static_cast<int>(pick(4)); k < n && !v.empty(); ++k)
        {
            switch (pick(6))
            {
            case 0: v[pick(v.size())] ^= static_cast<char>(1 << pick(8)); break;
            case 1: v[pick(v.size())] = static_cast<char>(pick(256)); break;
            case 2: v.resize(pick(v.size())); break;
            case 3: v.insert(pick(v.size()), std::string(1 + pick(64), static_cast<char>(pick(256)))); break;
            case 4: { const auto at = pick(v.size()); v.insert(pick(v.size()), v.substr(at, 1 + pick(256))); break; }
            default: { const auto& o = seeds[pick(seeds.size())]; if (!o.empty()) v = v.substr(0, pick(v.size())) + o.substr(pick(o.size())); }
            }
        }
        spit(current, v);
        loaded += fuzz::loadCheckpointFile(current.string()) ? 1 : 0;
        ++runs;
    }
    fs::remove(current);
    std::printf("[ mutation ] %d inputs in %.1f s, %d loaded as linkers, the rest refused with core::Error\n", runs,
                elapsed(), loaded);
    EXPECT_GE(runs, minimum);
}

} // namespace
} // namespace mel::models
