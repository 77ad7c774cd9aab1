// The learned linkers of the models layer (GHMF / MIMIC / DWE / GEMEL-style checkpoints) as the GUI sees them. This file compiles with
// and without the models layer (MEL_HAVE_MODELS); without it, learnedLinkersAvailable() is false and the loaders
// throw core::Error.
#pragma once

#include <memory>

#include <QString>

#include "linkers/linkerprovider.h"

namespace mel::ui {

bool learnedLinkersAvailable();

// What a checkpoint file holds, read from its header (models::inspectCheckpoint) without loading the weights.
struct CheckpointDescription
{
    QString file;             // absolute path
    QString linker;           // "ghmf" | "mimic" | "dwe" | "gemel"
    bool cachesEntityFeatures = false;  // models::cachesEntityFeatures: worth encoding the KB in the background
    QString dataset;          // the dataset it was trained on ("" when not recorded)
    int bestEpoch = 0;
    double devHits1 = -1;     // dev metrics of the kept epoch; -1 when not recorded
    double devMrr = -1;
    int trainExamples = 0;
    QString configJson;       // models::ModelConfig as JSON (what Retrain trains again)
    // FileTrust::fingerprint of the file when it was described (right after its trust check): a provider refuses to
    // load it again once it has changed, since a changed file would have to be trusted again.
    QString fingerprint;

    QString displayName() const;  // e.g. "MIMIC — mimic-20261123-1310.pt"
    QString summary() const;      // translated one-liner: linker, dataset, epoch, dev metrics
};

// Throws core::Error naming the file and the reason (unreadable, truncated, not a MELStudio checkpoint).
CheckpointDescription describeCheckpoint(const QString& file);

// Loads the linker of a checkpoint on the calling thread (a worker: it may take seconds) on `device`
// ("cpu" / "cuda"). Throws core::Error naming the file and the reason.
std::unique_ptr<core::Linker> loadCheckpointLinker(const QString& file, const QString& device);

// Whether a CUDA device can be used, and the device to use for the "cpu" / "cuda" preference (a GPU preference
// without CUDA gives "cpu").
bool cudaAvailable();
QString resolveDevice(const QString& preferred);

} // namespace mel::ui
