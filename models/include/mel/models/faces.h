// Face detection with OpenCV's cascade classifiers, and storing the faces as image regions of samples.
// No torch and no OpenCV in this header (the GUI includes it).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mel/core/linker/linker.h"
#include "mel/core/store/imageregions.h"
#include "mel/core/store/store.h"
#include "mel/core/store/types.h"

namespace mel::models {

struct FaceDetectorOptions
{
    // A cascade XML file; "" = findFaceCascade() (the Debian opencv-data location).
    std::string cascadePath;
    double scaleFactor = 1.1;  // image pyramid step of detectMultiScale
    int minNeighbors = 5;      // overlapping hits needed to accept a face (higher = fewer false faces)
    double minFace = 0.04;     // smallest face side as a share of the image's shorter side (at least 20 px)
    int maxSide = 800;         // images are downscaled to this longer side before detection (speed); boxes are
                               // reported in the original image's pixels
};

struct FaceDetection
{
    int imageWidth = 0;                    // of the decoded image, in pixels
    int imageHeight = 0;
    std::vector<core::BoundingBox> faces;  // image pixels, top-left corner + size; left to right, then top down
};

// The standard frontal-face cascade: $MEL_OPENCV_DATA/<name> or haarcascades/lbpcascades/<name> under
// /usr/share/opencv4, /usr/share/opencv, /usr/local/share/opencv4. Throws core::Error(NotFound) naming the
// places it looked (install Debian's opencv-data) when none has it.
std::string findFaceCascade(std::string_view name = "haarcascade_frontalface_alt2.xml");

// Thread contract: one detector per thread (OpenCV's CascadeClassifier is not re-entrant).
class FaceDetector
{
public:
    // Loads the cascade; throws core::Error(NotFound) when it cannot be found, (Invalid) when it does not load.
    explicit FaceDetector(FaceDetectorOptions options = {});
    ~FaceDetector();
    FaceDetector(FaceDetector&&) noexcept;
    FaceDetector& operator=(FaceDetector&&) noexcept;

    // Decodes the image file and finds the faces in it. Throws core::Error(Io) naming the file when it cannot be
    // read or decoded.
    FaceDetection detect(const std::string& imagePath);
    const std::string& cascadePath() const;
    // "opencv:<cascade file name>": the source recorded with stored regions.
    std::string sourceName() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The kind of region stored for faces.
inline constexpr const char* kFaceRegionKind = "face";

// Replaces the sample's "face" regions by `faces` (core::replaceImageRegions). Returns the new region ids.
std::vector<core::RowId> storeFaceRegions(core::Store& store, core::RowId sampleId,
                                          const std::vector<core::BoundingBox>& faces, std::string_view source);

struct FaceScanSummary
{
    int samples = 0;          // samples looked at
    int images = 0;           // with a present image that was decoded and scanned
    int unreadable = 0;       // present according to the store but not decodable now (skipped, noted in progress)
    std::vector<std::string> unreadableExamples;  // the first few of them, "sample id: reason"
    int withFaces = 0;        // images with at least one face
    int faces = 0;            // faces stored in total
};

// Detects faces in every present image of the dataset's split ("" = every split) and stores them as the
// samples' "face" regions (replacing earlier ones). Progress after every image; cancellation is checked before
// each image (core::Error(Cancelled); regions stored so far stay). Throws core::Error(NotFound) for an unknown
// dataset.
FaceScanSummary detectFacesInDataset(core::Store& store, std::string_view dataset, std::string_view split,
                                     FaceDetector& detector, const core::JobContext& job = {});

} // namespace mel::models
