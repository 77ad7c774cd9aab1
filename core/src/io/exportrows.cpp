// One join over sample, mention, label and entity for the exporters.
#include "exportrows.h"

#include <charconv>

#include "mel/core/io/atomicfile.h"
#include "mel/core/util/error.h"

namespace mel::core::io {

void refuseProjectFile(Store& store, const std::filesystem::path& output) { refuseProjectOutput(store.path(), output); }

std::vector<ExportSample> loadExportSamples(Store& store, RowId datasetId, std::string_view split)
{
    auto& st = store.cached(
        "SELECT s.id, s.source_id, s.split, s.text, s.image_path, s.image_status, s.image_sha1, s.ordinal, "
        "m.id, m.ordinal, m.surface, m.char_begin, m.char_end, m.bbox_x, m.bbox_y, m.bbox_w, m.bbox_h, m.gold_qid, "
        "m.gold_name, l.value, l.source, l.annotator, l.updated_at, e.name "
        "FROM sample s LEFT JOIN mention m ON m.sample_id = s.id LEFT JOIN label l ON l.mention_id = m.id "
        "LEFT JOIN entity e ON e.qid = l.value "
        "WHERE s.dataset_id = ?1 AND (?2 = '' OR s.split = ?2) ORDER BY s.ordinal, s.id, m.ordinal");
    // A default std::string_view has a null data pointer, which SQLite binds as NULL rather than ''.
    st.bind(1, datasetId).bind(2, std::string(split));
    std::vector<ExportSample> out;
    while (st.step()) {
        const RowId sampleId = st.int64(0);
        if (out.empty() || out.back().sample.id != sampleId) {
            ExportSample s;
            s.sample.id = sampleId;
            s.sample.datasetId = datasetId;
            s.sample.sourceId = st.text(1);
            s.sample.split = st.text(2);
            s.sample.text = st.text(3);
            s.sample.imagePath = st.text(4);
            s.sample.imageStatus = static_cast<ImageStatus>(st.int32(5));
            s.sample.imageSha1 = st.text(6);
            s.sample.ordinal = st.int32(7);
            out.push_back(std::move(s));
        }
        if (st.isNull(8))
            continue;  // a sample without mentions
        ExportMention em;
        Mention& m = em.mention;
        m.id = st.int64(8);
        m.sampleId = sampleId;
        m.ordinal = st.int32(9);
        m.surface = st.text(10);
        if (!st.isNull(11))
            m.begin = st.int32(11);
        if (!st.isNull(12))
            m.end = st.int32(12);
        if (!st.isNull(13))
            m.box = BoundingBox{st.real(13), st.real(14), st.real(15), st.real(16)};
        m.goldQid = st.text(17);
        m.goldName = st.text(18);
        if (!st.isNull(19))
            em.label = Label{m.id, st.text(19), labelSourceFromString(st.text(20)), st.text(21), st.text(22)};
        em.labelName = st.text(23);
        out.back().mentions.push_back(std::move(em));
    }
    return out;
}

std::string formatNumber(double value)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

} // namespace mel::core::io
