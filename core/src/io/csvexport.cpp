// CSV export with formula-injection protection.
#include "mel/core/io/csvexport.h"

#include "exportrows.h"
#include "mel/core/io/atomicfile.h"
#include "mel/core/store/browse.h"

#include <cstdint>

namespace mel::core {

std::string csvCell(std::string_view text)
{
    std::string cell;
    cell.reserve(text.size() + 3);
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r'))
        cell += '\'';
    cell += text;
    if (cell.find_first_of(",\"\r\n") == std::string::npos)
        return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

namespace {

// Columns the export fills with numbers it formats itself (mention ordinal, begin, end, box): written as they are,
// so that a box at a negative x stays a number ("-3.5", not the text "'-3.5"); every other cell goes through
// csvCell's formula guard.
// Bit i: column i (mention 5, begin 7, end 8, box_x..box_h 9..12).
constexpr std::uint32_t kNumberColumns = (1u << 5) | (1u << 7) | (1u << 8) | (0xFu << 9);

void writeRow(std::ostream& out, const std::vector<std::string>& cells, bool header = false)
{
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0)
            out << ',';
        const bool number = !header && i < 32 && ((kNumberColumns >> i) & 1u) != 0;
        out << (number ? cells[i] : csvCell(cells[i]));
    }
    out << "\r\n";
}

std::string optionalNumber(const std::optional<int>& value) { return value ? std::to_string(*value) : std::string(); }

} // namespace

ExportSummary exportCsv(Store& store, std::string_view datasetName, const std::filesystem::path& output,
                        std::string_view split)
{
    const Dataset dataset = requireDataset(store, datasetName);
    const auto samples = io::loadExportSamples(store, dataset.id, split);
    ExportSummary summary;
    io::refuseProjectFile(store, output);
    AtomicFileWriter writer(output);
    std::ostream& out = writer.stream();
    writeRow(out, {"dataset", "split", "sample_id", "text", "image", "mention", "surface", "begin", "end", "box_x",
                   "box_y", "box_w", "box_h", "gold", "gold_name", "label", "label_name", "label_source", "annotator",
                   "updated_at"},
             true);
    for (const auto& s : samples) {
        const std::vector<std::string> sampleCells = {dataset.name, s.sample.split, s.sample.sourceId, s.sample.text,
                                                      s.sample.imagePath};
        if (s.mentions.empty()) {
            auto cells = sampleCells;
            cells.resize(20);
            writeRow(out, cells);
        }
        for (const auto& em : s.mentions) {
            const Mention& m = em.mention;
            auto cells = sampleCells;
            const std::string current = io::currentValue(em);
            if (current != m.goldQid)
                ++summary.changedLabels;
            cells.insert(cells.end(),
                         {std::to_string(m.ordinal), m.surface, optionalNumber(m.begin), optionalNumber(m.end),
                          m.box ? io::formatNumber(m.box->x) : "", m.box ? io::formatNumber(m.box->y) : "",
                          m.box ? io::formatNumber(m.box->w) : "", m.box ? io::formatNumber(m.box->h) : "",
                          m.goldQid, m.goldName, current, em.labelName,
                          em.label ? toString(em.label->source) : "", em.label ? em.label->annotator : "",
                          em.label ? em.label->updatedAt : ""});
            writeRow(out, cells);
            ++summary.mentions;
        }
        ++summary.samples;
    }
    writer.commit();
    summary.files.push_back(output);
    return summary;
}

} // namespace mel::core
