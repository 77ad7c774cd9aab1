// Helpers for the learned-linker widget tests (built with the models layer only): a tiny training configuration
// and one tiny checkpoint trained on the demo project, shared by the tests of a process.
#pragma once

#include <filesystem>

#include <QString>

#include "training/trainingjob.h"

namespace mel::test {

// A MIMIC configuration small enough to train an epoch on a few dozen demo mentions in seconds.
QString tinyModelConfigJson();
// Training settings on the demo's Wikidata-MEL with the tiny configuration (1 thread, few mentions).
ui::TrainingSettings tinyTrainingSettings(int epochs, int maxTrain = 24, int batchSize = 8);
// A MIMIC checkpoint trained for one epoch with tinyTrainingSettings (trained once per process).
const std::filesystem::path& tinyCheckpoint();

} // namespace mel::test
