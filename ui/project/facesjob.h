// Image > Detect faces: the models layer's OpenCV face detector over a dataset's images, as a job; the faces are
// stored as "face" image regions of the samples and drawn in the image view.
#pragma once

#include <string>

#include "jobs/jobrunner.h"
#include "project/project.h"

namespace mel::ui {

// Whether this build has the face detector (models layer with mel/models/faces.h).
bool faceDetectionAvailable();

// Detects the faces of every present image of `dataset` ("" = every dataset), replacing earlier face regions.
JobWork detectFacesJob(Project& project, const std::string& dataset);

} // namespace mel::ui
