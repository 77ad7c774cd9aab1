// `melstudio-cli faces`: detect faces in a dataset's images (OpenCV cascade) and store them as image regions.
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "mel/core/store/browse.h"
#include "mel/core/store/store.h"
#include "mel/models/faces.h"
#include "progress.h"

namespace mel::cli {

void addFacesCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("faces", "Detect faces in a dataset's images and store them as image regions");
    static std::string db;
    static std::string dataset;
    static std::string split;
    static models::FaceDetectorOptions options;
    static bool asJson = false;
    cmd->add_option("--db", db, "Project file")->required()->check(kExistingProject);
    cmd->add_option("--dataset", dataset, "Dataset name")->required();
    cmd->add_option("--split", split, "Only this split (default: every split)");
    cmd->add_option("--cascade", options.cascadePath, "Cascade XML (default: Debian opencv-data frontal face)");
    cmd->add_option("--min-neighbors", options.minNeighbors, "Overlapping hits needed per face")
        ->check(kNonNegativeNumber);
    cmd->add_flag("--json", asJson, "Print the summary as JSON");
    cmd->callback([] {
        core::Store store(db);
        core::requireSplit(store, core::requireDataset(store, dataset), split);
        models::FaceDetector detector(options);
        const auto s = models::detectFacesInDataset(store, dataset, split, detector, progressContext("faces"));
        const nlohmann::ordered_json out{{"dataset", dataset},       {"split", split},
                                         {"cascade", detector.cascadePath()},
                                         {"samples", s.samples},     {"images", s.images},
                                         {"unreadable", s.unreadable}, {"images_with_faces", s.withFaces},
                                         {"faces", s.faces},
                                         {"unreadable_examples", s.unreadableExamples}};
        if (asJson)
            std::cout << out.dump(2) << '\n';
        else
            std::cout << s.faces << " faces in " << s.withFaces << " of " << s.images << " images (" << s.samples
                      << " samples, " << s.unreadable << " unreadable) stored as '" << models::kFaceRegionKind
                      << "' regions\n";
        for (const auto& example : s.unreadableExamples)  // progress notes are thinned: name them here
            std::cerr << "  unreadable: " << example << '\n';
    });
}

} // namespace mel::cli
