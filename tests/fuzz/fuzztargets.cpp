// Fuzz target bodies: one scratch folder and one project per process, reused across inputs.
#include "fuzztargets.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "mel/core/io/imageprobe.h"
#include "mel/core/io/jsonl.h"
#include "mel/core/io/kbimport.h"
#include "mel/core/io/melbench.h"
#include "mel/core/store/store.h"
#include "mel/core/util/error.h"

namespace mel::fuzz {

namespace {

namespace fs = std::filesystem;
using namespace mel::core;

struct Scratch
{
    fs::path dir;
    std::unique_ptr<Store> store;
    Scratch()
    {
        const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        dir = base / ("mel-fuzz-" + std::to_string(getpid()));
        fs::create_directories(dir / "images");
        store = std::make_unique<Store>(dir / "p.melproj");
        std::ofstream(dir / "qid2abs.json") << R"({"Q1": "Sex: male."})";
    }
    ~Scratch() { std::error_code ec; fs::remove_all(dir, ec); }
};

Scratch& scratch()
{
    static Scratch s;
    return s;
}

fs::path writeInput(const std::string& name, const std::uint8_t* data, std::size_t size)
{
    const fs::path file = scratch().dir / name;
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return file;
}

// Runs an import; bad input must surface as mel::core::Error, and a successful import is undone so the project
// does not grow across inputs.
template <typename Fn>
void expectCleanOutcome(Fn&& fn)
{
    try {
        fn();
    } catch (const Error&) {
        return;
    }
    Store& store = *scratch().store;
    if (const auto d = store.dataset("fuzz"))
        store.deleteDataset(d->id);
}

} // namespace

void importJsonlBytes(const std::uint8_t* data, std::size_t size)
{
    const fs::path file = writeInput("in.jsonl", data, size);
    expectCleanOutcome([&] { importJsonl(*scratch().store, {"fuzz", file, {}, false}); });
}

void importMelBenchBytes(const std::uint8_t* data, std::size_t size)
{
    const fs::path file = writeInput("in.json", data, size);
    expectCleanOutcome([&] {
        importMelBench(*scratch().store, {"fuzz", {{file, ""}}, {}, scratch().dir / "images", false});
    });
}

void importKbNamesBytes(const std::uint8_t* data, std::size_t size)
{
    const fs::path file = writeInput("qid2ne.json", data, size);
    expectCleanOutcome([&] { importKb(*scratch().store, {file, scratch().dir / "qid2abs.json", {}, {}}); });
}

void probeImageBytes(const std::uint8_t* data, std::size_t size)
{
    const ImageProbe p = probeImage(writeInput("in.img", data, size));
    if (p.ok && (p.width <= 0 || p.height <= 0 || p.width > kMaxImageSide || p.height > kMaxImageSide))
        std::abort();  // an accepted image must have a sane size
}

Target targetNamed(const std::string& name)
{
    if (name == "jsonl")
        return importJsonlBytes;
    if (name == "melbench")
        return importMelBenchBytes;
    if (name == "kb")
        return importKbNamesBytes;
    if (name == "image")
        return probeImageBytes;
    return nullptr;
}

} // namespace mel::fuzz
