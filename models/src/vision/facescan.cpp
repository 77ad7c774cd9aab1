// Storing detected faces as "face" image regions of a dataset's samples.
#include <filesystem>

#include "mel/core/store/browse.h"
#include "mel/core/util/error.h"
#include "mel/models/faces.h"

namespace mel::models {

std::vector<core::RowId> storeFaceRegions(core::Store& store, core::RowId sampleId,
                                          const std::vector<core::BoundingBox>& faces, std::string_view source)
{
    std::vector<core::ImageRegion> regions;
    regions.reserve(faces.size());
    for (const auto& box : faces)
    {
        core::ImageRegion r;
        r.box = box;
        r.source = std::string(source);
        regions.push_back(std::move(r));
    }
    return core::replaceImageRegions(store, sampleId, kFaceRegionKind, regions);
}

FaceScanSummary detectFacesInDataset(core::Store& store, std::string_view dataset, std::string_view split,
                                     FaceDetector& detector, const core::JobContext& job)
{
    const core::Dataset ds = core::requireDataset(store, dataset);
    const auto samples = store.samples(ds.id, split);
    const std::filesystem::path root = ds.rootDir;
    const auto source = detector.sourceName();
    FaceScanSummary summary;
    for (std::size_t i = 0; i < samples.size(); ++i)
    {
        if (job.isCancelled())
            throw core::Error(core::ErrorCode::Cancelled, "face detection cancelled");
        const auto& sample = samples[i];
        ++summary.samples;
        if (sample.imageStatus != core::ImageStatus::Present || sample.imagePath.empty())
            continue;
        const auto path = (root / sample.imagePath).string();
        FaceDetection found;
        try
        {
            found = detector.detect(path);
        }
        catch (const core::Error& e)
        {
            if (e.code() != core::ErrorCode::Io)
                throw;
            ++summary.unreadable;
            if (summary.unreadableExamples.size() < 10)
                summary.unreadableExamples.push_back(sample.sourceId + ": " + e.what());
            job.report(static_cast<double>(i + 1) / samples.size(), std::string("skipped: ") + e.what());
            continue;
        }
        ++summary.images;
        storeFaceRegions(store, sample.id, found.faces, source);
        if (!found.faces.empty())
            ++summary.withFaces;
        summary.faces += static_cast<int>(found.faces.size());
        job.report(static_cast<double>(i + 1) / samples.size(),
                   sample.sourceId + ": " + std::to_string(found.faces.size()) + " face(s)");
    }
    job.report(1.0, std::to_string(summary.faces) + " faces in " + std::to_string(summary.images) + " images");
    return summary;
}

} // namespace mel::models
