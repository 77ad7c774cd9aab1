// The limits are far above anything trained here (defaults: 64-wide encoders, ~4M parameters) and far below what
// would exhaust memory, so a damaged header is refused before a single large tensor is allocated.
#include "train/checkpointcheck.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

#include <caffe2/serialize/inline_container.h>
#include <zlib.h>

#include "linkers/pairfeatures.h"
#include "mel/core/util/error.h"

namespace mel::models {

namespace {

constexpr double kMaxParameters = 1 << 28;  // 1 GiB of fp32 weights

[[noreturn]] void bad(const std::string& path, const std::string& field, const std::string& detail)
{
    throw core::Error(core::ErrorCode::Invalid, detail, {path, "config", field});
}

void range(const std::string& path, const char* field, double value, double lo, double hi)
{
    if (!std::isfinite(value) || value < lo || value > hi)
        bad(path, field, "value " + std::to_string(value) + " outside [" + std::to_string(lo) + ", " +
                             std::to_string(hi) + "]");
}

// A rough count of the weights the config asks for (dominant terms only).
double estimatedParameters(const ModelConfig& c, const Vocabulary& vocabulary, bool scriptedText)
{
    const double dt = c.text.dim, ff = c.text.ffn;
    double n = scriptedText ? 0.0 : static_cast<double>(vocabulary.totalIds()) * dt;
    n += c.text.maxLength * dt + c.text.layers * (4 * dt * dt + 2 * dt * ff);
    double in = 3;
    for (const int out : c.image.channels)
    {
        n += 9 * in * out;
        in = out;
    }
    n += 9 * in * c.image.dim + static_cast<double>(c.image.grid) * c.image.grid * c.image.dim;
    n += 9.0 * static_cast<double>(c.image.context.size()) * c.image.dim * c.image.dim;
    const double d = c.ghmf.dim, gf = c.ghmf.ffn;
    if (c.linker == "ghmf")
        n += 2 * 2 * c.ghmf.layers * (8 * d * d + 2 * d * gf) + 6 * d * d + 4 * d * d + d * c.ghmf.outDim;
    const double h = c.mimic.hidden;
    if (c.linker == "mimic")
        n += 6 * dt * h + 12 * h * h;
    const double w = c.dwe.hidden;  // projections, two enhancers and four attention pools of width w
    if (c.linker == "dwe")
        n += (dt + 2.0 * c.image.dim) * w + 40 * w * w;
    const auto& g = c.gemel;  // characters come from the file's table (bounded by its size), not from the config
    const double gd = g.dim;
    if (c.linker == "gemel")
        n += g.encoderLayers * (4 * gd * gd + 2 * gd * g.ffn) + g.decoderLayers * (6 * gd * gd + gd * gd) +
             8 * gd * gd + (4.0 + g.maxMention + g.maxDemoName + g.maxContext + g.demonstrations) * gd +
             (std::max(1, g.prefixTokens) + 1.0) * gd * c.image.dim +
             (g.prefixSource == "attention" ? gd * gd + (gd + c.image.dim) * c.image.dim : 0.0);
    return n;
}

} // namespace

void checkLoadableConfig(const ModelConfig& c, const Vocabulary& vocabulary, bool scriptedText,
                         const std::string& path)
{
    // The linker name itself is checked by makeLinkerModel (other linkers register there).
    range(path, "name_weight_init", c.nameWeightInit, -1e6, 1e6);
    range(path, "pair_feature_count", c.pairFeatureCount, 1, kPairFeatureCount);
    const auto& t = c.text;
    range(path, "text.dim", t.dim, 1, 4096);
    range(path, "text.heads", t.heads, 1, 64);
    if (t.dim % t.heads != 0)
        bad(path, "text.heads", "text.dim must be divisible by text.heads");
    range(path, "text.layers", t.layers, 0, 48);
    range(path, "text.ffn", t.ffn, 1, 16384);
    range(path, "text.dropout", t.dropout, 0, 0.99);
    range(path, "text.max_length", t.maxLength, 2, 4096);
    range(path, "text.buckets", t.buckets, 1, 1 << 24);
    range(path, "text.min_n", t.minN, 1, 32);
    range(path, "text.max_n", t.maxN, t.minN, 32);
    if (!scriptedText && (vocabulary.buckets() != t.buckets || vocabulary.minN() != t.minN ||
                          vocabulary.maxN() != t.maxN))
        bad(path, "text.buckets", "the vocabulary's n-gram settings differ from the config's");
    const auto& i = c.image;
    range(path, "image.image_size", i.imageSize, 8, 2048);
    range(path, "image.dim", i.dim, 1, 4096);
    range(path, "image.grid", i.grid, 1, 64);
    if (i.channels.size() > 8)
        bad(path, "image.channels", "more than 8 conv stages");
    for (const int ch : i.channels)
        range(path, "image.channels", ch, 1, 4096);
    if (i.context.size() > 8)
        bad(path, "image.context", "more than 8 context blocks");
    for (const int dilation : i.context)
        range(path, "image.context", dilation, 1, 64);
    if (i.mean.size() != 3 || i.std.size() != 3)
        bad(path, "image.mean", "mean and std need 3 values");
    for (int k = 0; k < 3; ++k)
    {
        range(path, "image.mean", i.mean[k], -1e3, 1e3);
        range(path, "image.std", i.std[k], 1e-6, 1e3);
    }
    const auto& g = c.ghmf;
    range(path, "ghmf.dim", g.dim, 1, 4096);
    range(path, "ghmf.heads", g.heads, 1, 64);
    if (g.dim % g.heads != 0)
        bad(path, "ghmf.heads", "ghmf.dim must be divisible by ghmf.heads");
    range(path, "ghmf.layers", g.layers, 1, 24);
    range(path, "ghmf.ffn", g.ffn, 1, 16384);
    range(path, "ghmf.dropout", g.dropout, 0, 0.99);
    range(path, "ghmf.out_dim", g.outDim, 1, 4096);
    range(path, "ghmf.max_tokens", g.maxTokens, 1, 4096);
    range(path, "ghmf.margin", g.margin, -100, 100);
    range(path, "ghmf.temperature", g.temperature, 1e-4, 1e4);
    range(path, "ghmf.contrastive_weight", g.contrastiveWeight, -1e4, 1e4);
    range(path, "ghmf.listwise_weight", g.listwiseWeight, -1e4, 1e4);
    range(path, "ghmf.listwise_temperature", g.listwiseTemperature, 1e-4, 1e4);
    if (g.entityImagePool != "mean" && g.entityImagePool != "max")
        bad(path, "ghmf.entity_image_pool", "must be \"mean\" or \"max\"");
    auto imageMatch = [&](const char* key, const std::string& value) {
        if (value != "none" && value != "max" && value != "attention")
            bad(path, key, "must be \"none\", \"max\" or \"attention\"");
    };
    imageMatch("ghmf.image_match", g.imageMatch);
    range(path, "mimic.hidden", c.mimic.hidden, 1, 4096);
    range(path, "mimic.unit_scale", c.mimic.unitScale, -1e6, 1e6);
    range(path, "mimic.vdlu_smooth", c.mimic.vdluSmooth, 0, 16);
    const auto& w = c.dwe;
    range(path, "dwe.hidden", w.hidden, 1, 4096);
    range(path, "dwe.heads", w.heads, 1, 64);
    if (w.hidden % w.heads != 0)
        bad(path, "dwe.heads", "dwe.hidden must be divisible by dwe.heads");
    range(path, "dwe.dropout", w.dropout, 0, 0.99);
    range(path, "dwe.max_faces", w.maxFaces, 0, 256);
    range(path, "dwe.logit_scale", w.logitScale, 1e-4, 1e4);
    range(path, "dwe.unit_loss_weight", w.unitLossWeight, -1e4, 1e4);
    range(path, "dwe.align_weight", w.alignWeight, -1e4, 1e4);
    range(path, "dwe.feature_scale", w.featureScale, 1e-4, 1e4);
    range(path, "dwe.triplet_weight", w.tripletWeight, -1e4, 1e4);
    range(path, "dwe.triplet_margin", w.tripletMargin, -1e4, 1e4);
    imageMatch("dwe.image_match", w.imageMatch);
    // GEMEL's lengths also size its position table and bound every decode and beam search.
    const auto& m = c.gemel;
    range(path, "gemel.dim", m.dim, 1, 4096);
    range(path, "gemel.heads", m.heads, 1, 64);
    if (m.dim % m.heads != 0)
        bad(path, "gemel.heads", "gemel.dim must be divisible by gemel.heads");
    range(path, "gemel.encoder_layers", m.encoderLayers, 0, 48);
    range(path, "gemel.ffn", m.ffn, 1, 16384);
    range(path, "gemel.decoder_layers", m.decoderLayers, 1, 16);
    range(path, "gemel.dropout", m.dropout, 0, 0.99);
    range(path, "gemel.prefix_tokens", m.prefixTokens, 0, 256);
    if (m.prefixSource != "global" && m.prefixSource != "attention")
        bad(path, "gemel.prefix_source", "must be \"global\" or \"attention\"");
    range(path, "gemel.demonstrations", m.demonstrations, 0, 256);
    range(path, "gemel.max_mention", m.maxMention, 1, 4096);
    range(path, "gemel.max_context", m.maxContext, 0, 4096);
    range(path, "gemel.max_demo_name", m.maxDemoName, 1, 4096);
    range(path, "gemel.max_name", m.maxName, 1, 1024);
    range(path, "gemel.beams", m.beams, 1, 64);
    range(path, "gemel.lm_weight", m.lmWeight, -1e4, 1e4);
    range(path, "gemel.prior_weight", m.priorWeight, -1e6, 1e6);
    const double parameters = estimatedParameters(c, vocabulary, scriptedText);
    if (parameters > kMaxParameters)
        bad(path, "", "the config asks for about " + std::to_string(static_cast<long long>(parameters)) +
                          " parameters (limit " + std::to_string(static_cast<long long>(kMaxParameters)) + ")");
}

// ---- Archive screening before LibTorch reads a file ----

namespace {

std::uint64_t le(const std::string& b, std::size_t at, int bytes)
{
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

std::string readAt(std::istream& in, std::uint64_t offset, std::uint64_t size)
{
    std::string out(static_cast<std::size_t>(size), '\0');
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(out.data(), static_cast<std::streamsize>(size));
    if (in.gcount() != static_cast<std::streamsize>(size))
        throw core::Error(core::ErrorCode::Invalid, "not a zip archive (short read)");
    return out;
}

bool isIdent(std::string_view s)
{
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// Attribute types OutputArchive writes: plain values, tensors and submodules (__torch__.<mangled>.Module).
bool isAttributeType(std::string_view t)
{
    static const std::set<std::string_view> simple{"Tensor", "str", "int", "float", "bool", "NoneType"};
    if (simple.count(t))
        return true;
    for (const std::string_view wrap : {"Optional[", "List["})
        if (t.size() > wrap.size() && t.substr(0, wrap.size()) == wrap && t.back() == ']')
            return simple.count(t.substr(wrap.size(), t.size() - wrap.size() - 1)) > 0;
    if (t.substr(0, 10) != "__torch__.")
        return false;
    t.remove_prefix(10);
    for (std::size_t dot; (dot = t.find('.')) != std::string_view::npos; t.remove_prefix(dot + 1))
        if (!isIdent(t.substr(0, dot)))
            return false;
    return isIdent(t);
}

bool isNameList(std::string_view s)  // ["a", "b", ] as TorchScript prints __parameters__ / __buffers__
{
    if (s.size() < 2 || s.front() != '[' || s.back() != ']')
        return false;
    s = s.substr(1, s.size() - 2);
    while (!s.empty())
    {
        if (s.size() < 4 || s[0] != '"')
            return false;
        const auto close = s.find('"', 1);
        if (close == std::string_view::npos || !isIdent(s.substr(1, close - 1)) || s.substr(close + 1, 2) != ", ")
            return false;
        s.remove_prefix(close + 3);
    }
    return true;
}

// One line of a weights-only class: what torch::serialize::OutputArchive writes and nothing else.
bool isWeightsOnlyLine(std::string_view line)
{
    if (line.empty() || line == "class Module(Module):")
        return true;
    if (line.substr(0, 2) != "  ")
        return false;
    line.remove_prefix(2);
    for (const std::string_view list : {"__parameters__ = ", "__buffers__ = "})
        if (line.substr(0, list.size()) == list)
            return isNameList(line.substr(list.size()));
    if (line == "__annotations__ = []")
        return true;
    if (line.substr(0, 17) == "__annotations__[\"")
    {
        const auto close = line.find("\"] = ");
        return close != std::string_view::npos && close >= 17 &&
               line.substr(17, close - 17).find_first_of("\"\\") == std::string_view::npos &&
               isAttributeType(line.substr(close + 5));
    }
    const auto colon = line.find(" : ");
    return colon != std::string_view::npos && isIdent(line.substr(0, colon)) && isAttributeType(line.substr(colon + 3));
}

// A class-level statement of arbitrary TorchScript that LibTorch 1.13's importer handles without crashing: an
// assignment is one of its special lists or a typed `name : Final[T] = value` constant (an untyped one reaches
// ScriptTypeParser::parseClassConstant, which dereferences the missing type: SEGV).
bool isSafeClassStatement(std::string_view line)
{
    const auto eq = line.find(" = ");
    if (eq == std::string_view::npos || line.substr(0, 4) == "def " || line.front() == '@')
        return true;
    const auto lhs = line.substr(0, eq);
    if (lhs == "__parameters__" || lhs == "__buffers__" || lhs == "__annotations__" ||
        lhs == "__forward_hooks__" || lhs == "__forward_pre_hooks__" || lhs.substr(0, 17) == "__annotations__[\"")
        return true;
    const auto colon = lhs.find(" : ");
    return colon != std::string_view::npos && isIdent(lhs.substr(0, colon)) &&
           lhs.substr(colon + 3, 6) == "Final[" && lhs.back() == ']';
}

struct ZipEntry
{
    std::string name;
    std::uint64_t size = 0;
    bool deflated = false;
    std::uint32_t crc = 0;        // of the uncompressed data
    std::uint64_t headerAt = 0;   // the entry's local header
};

// Walks the zip central directory: every entry's sizes must fit the file (a forged size would make LibTorch's
// reader allocate it), methods stored or deflate only. Returns the entries.
std::vector<ZipEntry> zipEntries(std::istream& in, std::uint64_t fileSize)
{
    auto bad = [](const std::string& why) { throw core::Error(core::ErrorCode::Invalid, "not a valid zip archive (" + why + ")"); };
    if (fileSize < 22)
        bad("too short");
    const std::uint64_t tailSize = std::min<std::uint64_t>(fileSize, 22 + 65535 + 20);
    const std::string tail = readAt(in, fileSize - tailSize, tailSize);
    std::size_t eocd = std::string::npos;
    for (std::size_t i = tail.size() - 22 + 1; i-- > 0;)
        if (le(tail, i, 4) == 0x06054b50)
        {
            eocd = i;
            break;
        }
    if (eocd == std::string::npos)
        bad("no end of central directory");
    std::uint64_t count = le(tail, eocd + 10, 2), cdSize = le(tail, eocd + 12, 4), cdOffset = le(tail, eocd + 16, 4);
    if (count == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF)  // zip64: the locator sits just before
    {
        if (eocd < 20 || le(tail, eocd - 20, 4) != 0x07064b50)
            bad("zip64 locator missing");
        const std::uint64_t at = le(tail, eocd - 20 + 8, 8);
        if (at > fileSize || fileSize - at < 56)
            bad("zip64 record outside the file");
        const std::string rec = readAt(in, at, 56);
        if (le(rec, 0, 4) != 0x06064b50)
            bad("zip64 record missing");
        count = le(rec, 32, 8);
        cdSize = le(rec, 40, 8);
        cdOffset = le(rec, 48, 8);
    }
    if (cdOffset > fileSize || cdSize > fileSize - cdOffset || count > cdSize / 46)
        bad("central directory outside the file");
    const std::string cd = readAt(in, cdOffset, cdSize);
    std::vector<ZipEntry> entries;
    std::size_t p = 0;
    for (std::uint64_t i = 0; i < count; ++i)
    {
        if (cd.size() - p < 46 || le(cd, p, 4) != 0x02014b50)
            bad("broken central directory");
        const auto method = le(cd, p + 10, 2);
        std::uint64_t packed = le(cd, p + 20, 4), size = le(cd, p + 24, 4), offset = le(cd, p + 42, 4);
        const std::size_t nameLen = le(cd, p + 28, 2), extraLen = le(cd, p + 30, 2), commentLen = le(cd, p + 32, 2);
        if (cd.size() - p - 46 < nameLen + extraLen + commentLen)
            bad("broken central directory");
        ZipEntry e{cd.substr(p + 46, nameLen), 0, method == 8, static_cast<std::uint32_t>(le(cd, p + 16, 4)), 0};
        for (std::size_t x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;)  // zip64 extended sizes
        {
            const std::size_t id = le(cd, x, 2), len = le(cd, x + 2, 2);
            if (x + 4 + len > p + 46 + nameLen + extraLen)
                bad("broken extra field");
            if (id == 1)
            {
                std::size_t f = x + 4;
                for (std::uint64_t* v : {&size, &packed, &offset})
                    if (*v == 0xFFFFFFFF)
                    {
                        if (f + 8 > x + 4 + len)
                            bad("broken zip64 field");
                        *v = le(cd, f, 8);
                        f += 8;
                    }
            }
            x += 4 + len;
        }
        if (method != 0 && method != 8)
            bad("compression method " + std::to_string(method));
        if (offset > fileSize || packed > fileSize - offset || (method == 0 && size != packed) ||
            (method == 8 && size > packed * 1032 + 1024))
            bad("entry '" + e.name + "' larger than the file can hold");
        e.size = size;
        e.headerAt = offset;
        entries.push_back(std::move(e));
        p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
}

// A stored entry's data against the CRC-32 its directory records: LibTorch does not check it, so a damaged tensor
// (a bad disk block, a partial copy over an older file) would load as finite garbage weights.
void checkStoredCrc(std::istream& in, std::uint64_t fileSize, const ZipEntry& e)
{
    auto bad = [&](const std::string& why) {
        throw core::Error(core::ErrorCode::Invalid, "damaged archive: entry '" + e.name + "' " + why);
    };
    if (e.headerAt > fileSize || fileSize - e.headerAt < 30)
        bad("has no local header");
    const std::string header = readAt(in, e.headerAt, 30);
    if (le(header, 0, 4) != 0x04034b50)
        bad("has no local header");
    std::uint64_t at = e.headerAt + 30 + le(header, 26, 2) + le(header, 28, 2);
    if (at > fileSize || e.size > fileSize - at)
        bad("runs past the end of the file");
    uLong crc = crc32(0L, Z_NULL, 0);
    constexpr std::uint64_t kChunk = 1 << 20;
    for (std::uint64_t left = e.size; left > 0;)
    {
        const std::uint64_t n = std::min(left, kChunk);
        const std::string chunk = readAt(in, at, n);
        crc = crc32(crc, reinterpret_cast<const Bytef*>(chunk.data()), static_cast<uInt>(chunk.size()));
        at += n;
        left -= n;
    }
    if (static_cast<std::uint32_t>(crc) != e.crc)
        bad("fails its CRC-32 check: the file was damaged or changed after it was written");
}

void screenArchive(std::istream& in, std::uint64_t size, bool weightsOnly)
{
    const auto entries = zipEntries(in, size);
    for (const auto& e : entries)
        if (!e.deflated)
            checkStoredCrc(in, size, e);
    std::vector<std::string> code;
    for (const auto& e : entries)
    {
        const bool isCode = e.name.find("/code/") != std::string::npos && e.name.size() > 3 &&
                            e.name.compare(e.name.size() - 3, 3, ".py") == 0;
        if (isCode && e.size > (1u << 24))
            throw core::Error(core::ErrorCode::Invalid, "TorchScript code entry over 16 MiB (" + e.name + ")");
        if (weightsOnly && e.deflated && !isCode)  // LibTorch stores tensors and pickles uncompressed
            throw core::Error(core::ErrorCode::Invalid, "compressed data entry (" + e.name + ")");
        if (isCode)
            code.push_back(e.name.substr(e.name.find('/') + 1));
    }
    if (code.empty())
        return;
    in.clear();
    in.seekg(0);
    caffe2::serialize::PyTorchStreamReader reader(&in);
    for (const auto& name : code)
    {
        if (!reader.hasRecord(name))
            continue;
        const auto [data, bytes] = reader.getRecord(name);
        const std::string_view text(static_cast<const char*>(data.get()), bytes);
        std::size_t start = 0;
        bool inClass = false;  // module-level functions have 2-space bodies too
        while (start < text.size())
        {
            auto end = text.find('\n', start);
            if (end == std::string_view::npos)
                end = text.size();
            const auto line = text.substr(start, end - start);
            start = end + 1;
            if (!line.empty() && line[0] != ' ')
                inClass = line.substr(0, 6) == "class ";
            const bool classLevel = inClass && line.size() > 2 && line.substr(0, 2) == "  " && line[2] != ' ';
            if (weightsOnly ? !isWeightsOnlyLine(line) : classLevel && !isSafeClassStatement(line.substr(2)))
                throw core::Error(core::ErrorCode::Invalid,
                                  weightsOnly ? "holds TorchScript code beyond weight declarations (" + name + ")"
                                              : "malformed TorchScript class statement in " + name);
        }
    }
}

} // namespace

void checkArchiveBeforeLoad(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!in || ec)
        throw core::Error(core::ErrorCode::Io, "cannot read the file", {path, {}, {}});
    screenArchive(in, size, true);
}

void checkScriptBeforeLoad(const std::string& bytes)
{
    std::istringstream in(bytes);
    screenArchive(in, bytes.size(), false);
}

std::map<std::string, TensorSpec> tensorSpecs(const torch::nn::Module& module)
{
    std::map<std::string, TensorSpec> out;
    for (const auto& item : module.named_parameters(true))
        out[item.key()] = {item.value().sizes().vec(), item.value().scalar_type()};
    for (const auto& item : module.named_buffers(true))
        out[item.key()] = {item.value().sizes().vec(), item.value().scalar_type()};
    return out;
}

void checkLoadedWeights(const torch::nn::Module& module, const std::map<std::string, TensorSpec>& expected,
                        const std::string& path)
{
    const auto loaded = tensorSpecs(module);
    if (loaded.size() != expected.size())
        throw core::Error(core::ErrorCode::Invalid, "the weights do not match the config (tensor count)",
                          {path, "weights", {}});
    for (const auto& [name, spec] : expected)
    {
        const auto it = loaded.find(name);
        if (it == loaded.end() || it->second.sizes != spec.sizes || it->second.dtype != spec.dtype)
            throw core::Error(core::ErrorCode::Invalid, "shape or type differs from what the config implies",
                              {path, "weights", name});
    }
    torch::NoGradGuard noGrad;
    for (const auto& item : module.named_parameters(true))
        if (item.value().is_floating_point() && !torch::isfinite(item.value()).all().item<bool>())
            throw core::Error(core::ErrorCode::Invalid, "holds NaN or infinite values", {path, "weights", item.key()});
}

} // namespace mel::models
