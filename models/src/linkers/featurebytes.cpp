// Layout: "MELF" u8(version) u8(tensor count) { u8(field) u8(dtype) u8(ndim) i64(dims)... raw data }
//         i32(gridRows) i32(gridCols) u32(label rows) { u32(labels) { u32(length) bytes }... }
// in the machine's byte order (a project's features are only read back on a machine of the same kind: the key
// names the device).
#include "linkers/featurebytes.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "mel/core/util/error.h"

namespace mel::models {

namespace {

constexpr char kMagic[4] = {'M', 'E', 'L', 'F'};
constexpr std::uint8_t kVersion = 1;

// The tensor fields of a cached row, in a fixed order (the index is the stored field id).
constexpr std::array<torch::Tensor EncodedSide::*, 11> kFields = {
    &EncodedSide::tokens, &EncodedSide::mask,      &EncodedSide::global,   &EncodedSide::patches,
    &EncodedSide::patchMask, &EncodedSide::imageGlobal, &EncodedSide::present, &EncodedSide::vector,
    &EncodedSide::fused,  &EncodedSide::fusedGate, &EncodedSide::fusedAttention};

constexpr std::array<torch::ScalarType, 5> kDtypes = {torch::kFloat, torch::kBFloat16, torch::kHalf, torch::kBool,
                                                      torch::kLong};
constexpr std::array<std::size_t, 5> kDtypeSizes = {4, 2, 2, 1, 8};
// A patch grid is a few cells a side (the image encoder's grid); anything beyond this is damage.
constexpr std::int32_t kMaxGridSide = 64;

template <typename T>
void put(std::string& out, T value)
{
    out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

class Reader
{
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
    template <typename T>
    T get()
    {
        T value;
        std::memcpy(&value, take(sizeof(T)), sizeof(T));
        return value;
    }
    const char* take(std::size_t n)
    {
        if (n > m_bytes.size() - m_at)
            fail("truncated");
        const char* p = m_bytes.data() + m_at;
        m_at += n;
        return p;
    }
    bool done() const { return m_at == m_bytes.size(); }
    std::size_t remaining() const { return m_bytes.size() - m_at; }
    [[noreturn]] static void fail(const std::string& why)
    {
        throw core::Error(core::ErrorCode::Invalid, std::string("stored entity features: ") + why);
    }

private:
    std::string_view m_bytes;
    std::size_t m_at = 0;
};

} // namespace

std::string entityRowToBytes(const EncodedSide& row)
{
    std::string out(kMagic, sizeof(kMagic));
    put<std::uint8_t>(out, kVersion);
    std::uint8_t count = 0;
    for (auto field : kFields)
        count += (row.*field).defined() ? 1 : 0;
    put<std::uint8_t>(out, count);
    for (std::size_t f = 0; f < kFields.size(); ++f) {
        const auto& t = row.*kFields[f];
        if (!t.defined())
            continue;
        const auto cpu = t.to(torch::kCPU).contiguous();
        std::size_t code = 0;
        while (code < kDtypes.size() && kDtypes[code] != cpu.scalar_type())
            ++code;
        if (code == kDtypes.size())
            Reader::fail(std::string("cannot store a tensor of type ") + c10::toString(cpu.scalar_type()));
        put<std::uint8_t>(out, static_cast<std::uint8_t>(f));
        put<std::uint8_t>(out, static_cast<std::uint8_t>(code));
        put<std::uint8_t>(out, static_cast<std::uint8_t>(cpu.dim()));
        for (const auto d : cpu.sizes())
            put<std::int64_t>(out, d);
        out.append(static_cast<const char*>(cpu.data_ptr()), cpu.nbytes());
    }
    put<std::int32_t>(out, row.gridRows);
    put<std::int32_t>(out, row.gridCols);
    put<std::uint32_t>(out, static_cast<std::uint32_t>(row.labels.size()));
    for (const auto& labels : row.labels) {
        put<std::uint32_t>(out, static_cast<std::uint32_t>(labels.size()));
        for (const auto& label : labels) {
            put<std::uint32_t>(out, static_cast<std::uint32_t>(label.size()));
            out.append(label);
        }
    }
    return out;
}

EncodedSide entityRowFromBytes(std::string_view bytes, const torch::Device& device)
{
    Reader in(bytes);
    if (std::memcmp(in.take(sizeof(kMagic)), kMagic, sizeof(kMagic)) != 0)
        Reader::fail("not a MELStudio feature row");
    if (in.get<std::uint8_t>() != kVersion)
        Reader::fail("another format version");
    EncodedSide row;
    const auto count = in.get<std::uint8_t>();
    for (std::uint8_t i = 0; i < count; ++i) {
        const auto field = in.get<std::uint8_t>();
        const auto code = in.get<std::uint8_t>();
        const auto dims = in.get<std::uint8_t>();
        if (field >= kFields.size() || code >= kDtypes.size() || dims > 4)
            Reader::fail("unknown field or type");
        std::vector<std::int64_t> shape(dims);
        // Bytes checked against what is left before anything is allocated.
        std::size_t bytes = kDtypeSizes[code];
        for (auto& d : shape) {
            d = in.get<std::int64_t>();
            if (d < 0 || static_cast<std::size_t>(d) > in.remaining())
                Reader::fail("implausible tensor shape");
            bytes *= static_cast<std::size_t>(d);
            if (bytes > in.remaining())
                Reader::fail("truncated");
        }
        auto t = torch::empty(shape, torch::TensorOptions().dtype(kDtypes[code]));
        std::memcpy(t.data_ptr(), in.take(t.nbytes()), t.nbytes());
        row.*kFields[field] = device.is_cpu() ? t : t.to(device);
    }
    row.gridRows = in.get<std::int32_t>();
    row.gridCols = in.get<std::int32_t>();
    if (row.gridRows < 0 || row.gridCols < 0 || row.gridRows > kMaxGridSide || row.gridCols > kMaxGridSide)
        Reader::fail("implausible patch grid");
    const auto labelRows = in.get<std::uint32_t>();
    if (labelRows > 1)
        Reader::fail("more than one row");
    for (std::uint32_t r = 0; r < labelRows; ++r) {
        const auto n = in.get<std::uint32_t>();
        if (n > in.remaining() / sizeof(std::uint32_t))
            Reader::fail("truncated");
        auto& labels = row.labels.emplace_back(n);
        for (auto& label : labels) {
            const auto n = in.get<std::uint32_t>();
            label.assign(in.take(n), n);
        }
    }
    if (!in.done())
        Reader::fail("trailing bytes");
    return row;
}

bool sameLayout(const EncodedSide& row, const EncodedSide& reference)
{
    // Sequence fields vary in length (dimension 1) from entity to entity; everything else must match exactly.
    const auto isSequence = [](std::size_t f) {
        const auto field = kFields[f];
        return field == &EncodedSide::tokens || field == &EncodedSide::mask || field == &EncodedSide::patches ||
               field == &EncodedSide::patchMask || field == &EncodedSide::fusedAttention;
    };
    for (std::size_t f = 0; f < kFields.size(); ++f) {
        const auto& a = row.*kFields[f];
        const auto& b = reference.*kFields[f];
        if (a.defined() != b.defined())
            return false;
        if (!a.defined())
            continue;
        if (a.scalar_type() != b.scalar_type() || a.dim() != b.dim() || a.size(0) != 1)
            return false;
        for (std::int64_t d = 1; d < a.dim(); ++d)
            if (!(d == 1 && isSequence(f)) && a.size(d) != b.size(d))
                return false;
    }
    const auto length = [](const torch::Tensor& t) { return t.defined() ? t.size(1) : -1; };
    if (length(row.tokens) != length(row.mask) || length(row.patches) != length(row.patchMask))
        return false;
    if (row.fusedAttention.defined() && length(row.fusedAttention) != length(row.patches))
        return false;
    // The patch grid is only bounded (entityRowFromBytes): a batch without images may report none.
    return row.labels.size() == reference.labels.size();
}

} // namespace mel::models
