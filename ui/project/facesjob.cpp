// The face detection job (compiled to a clear error where the models layer or its face detector is missing).
#include "project/facesjob.h"

#include <QCoreApplication>
#include <QPointer>

#include "mel/core/util/error.h"

#if defined(MEL_HAVE_MODELS) && __has_include("mel/models/faces.h")
#define MEL_HAVE_FACES 1
#include "mel/models/faces.h"
#endif

namespace mel::ui {

bool faceDetectionAvailable()
{
#ifdef MEL_HAVE_FACES
    return true;
#else
    return false;
#endif
}

JobWork detectFacesJob(Project& project, const std::string& dataset)
{
    const auto file = project.path();
    QPointer<Project> target(&project);
    return [file, dataset, target](const core::JobContext& job) -> JobResult {
#ifdef MEL_HAVE_FACES
        core::Store store(file);
        models::FaceDetector detector;  // throws core::Error(NotFound) naming where it looked for the cascade
        std::vector<std::string> names;
        if (!dataset.empty())
            names.push_back(dataset);
        else
            for (const auto& d : store.datasets())
                names.push_back(d.name);
        models::FaceScanSummary total;
        for (const auto& name : names) {
            const auto s = models::detectFacesInDataset(store, name, "", detector, job);
            total.samples += s.samples;
            total.images += s.images;
            total.unreadable += s.unreadable;
            for (const auto& example : s.unreadableExamples)
                if (total.unreadableExamples.size() < 10)
                    total.unreadableExamples.push_back(name + ": " + example);
            total.withFaces += s.withFaces;
            total.faces += s.faces;
        }
        const QString summary =
            QCoreApplication::translate("mel::ui::Jobs", "%1 images scanned, %2 with faces, %3 faces stored (%4 unreadable)")
                .arg(total.images)
                .arg(total.withFaces)
                .arg(total.faces)
                .arg(total.unreadable);
        QString notes;  // the images it could not decode, named
        if (!total.unreadableExamples.empty()) {
            notes = QCoreApplication::translate("mel::ui::Jobs", "Images that could not be decoded: %1")
                        .arg(total.unreadable);
            for (const auto& example : total.unreadableExamples)
                notes += QStringLiteral("\n    ") + QString::fromStdString(example);
        }
        return JobResult{summary,
                         [target] {
                             if (target)
                                 target->notifyDataChanged();
                         },
                         notes};
#else
        (void)job;
        throw core::Error(core::ErrorCode::Invalid,
                          QCoreApplication::translate("mel::ui::Jobs", "this build has no face detector").toStdString());
#endif
    };
}

} // namespace mel::ui
