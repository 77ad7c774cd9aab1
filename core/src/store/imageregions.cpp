// Image regions: one table keyed by sample, replaced per kind so detectors can run again idempotently.
#include "mel/core/store/imageregions.h"

#include "mel/core/store/database.h"
#include "mel/core/util/error.h"

namespace mel::core {

std::vector<ImageRegion> imageRegions(Store& store, RowId sampleId, std::string_view kind)
{
    auto& st = store.cached("SELECT id, sample_id, kind, x, y, w, h, score, source FROM image_region "
                            "WHERE sample_id = ? AND (? = '' OR kind = ?) ORDER BY id");
    st.bind(1, sampleId).bind(2, kind).bind(3, kind);
    std::vector<ImageRegion> out;
    while (st.step()) {
        ImageRegion r;
        r.id = st.int64(0);
        r.sampleId = st.int64(1);
        r.kind = st.text(2);
        r.box = {st.real(3), st.real(4), st.real(5), st.real(6)};
        r.score = st.real(7);
        r.source = st.text(8);
        out.push_back(std::move(r));
    }
    st.reset();
    return out;
}

std::vector<RowId> replaceImageRegions(Store& store, RowId sampleId, std::string_view kind,
                                       const std::vector<ImageRegion>& regions)
{
    const auto sample = store.sample(sampleId);
    if (!sample)
        throw Error(ErrorCode::NotFound, "no sample with id " + std::to_string(sampleId));
    const ErrorContext where{store.path().string(), sample->sourceId, "image region"};
    if (kind.empty())
        throw Error(ErrorCode::Invalid, "an image region needs a kind", where);
    for (const auto& r : regions)
        if (!(r.box.w > 0) || !(r.box.h > 0))
            throw Error(ErrorCode::Invalid, "an image region needs a positive width and height", where);

    std::vector<RowId> ids;
    auto write = [&] {
        auto& del = store.cached("DELETE FROM image_region WHERE sample_id = ? AND kind = ?");
        del.bind(1, sampleId).bind(2, kind);
        del.exec();
        auto& ins = store.cached("INSERT INTO image_region(sample_id, kind, x, y, w, h, score, source) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        for (const auto& r : regions) {
            ins.bind(1, sampleId).bind(2, kind).bind(3, r.box.x).bind(4, r.box.y).bind(5, r.box.w).bind(6, r.box.h);
            ins.bind(7, r.score).bind(8, r.source);
            ins.step();
            ids.push_back(ins.int64(0));
            ins.reset();
        }
    };
    store.inTransaction(write);
    return ids;
}

} // namespace mel::core
