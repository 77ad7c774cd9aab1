// A training recorded as a model run of the project, for the app's training job and `melstudio-cli train` alike.
#pragma once

#include "mel/core/store/store.h"
#include "mel/models/training.h"

namespace mel::models {

// train(store, options, job) with its model run: the row is created first (status "training", owned by this
// process, so a killed run shows as interrupted later), every checkpoint write stores the epochs and best dev
// figures so far (a run that fails later still offers its file), and the row ends as "trained" or "cancelled" with
// the final figures, or "cancelled" / "failed" with the error that stopped it (then rethrown). Returns the
// trainer's result; result.cancelled says whether it stopped early.
TrainResult trainRecorded(core::Store& store, const TrainOptions& options, const core::JobContext& job = {});

} // namespace mel::models
