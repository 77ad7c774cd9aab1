// GEMEL checkpoints: the same LibTorch archive as the other linkers (format tag, linker "gemel", config JSON,
// meta), plus the character table, the demonstration bank (retrieval needs the training mentions at inference),
// the embedded TorchScript decoder/image encoder files and the (fine-tuned) TorchScript decoder weights.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "linkers/gemel/chartable.h"
#include "linkers/gemel/gemellinker.h"
#include "linkers/gemel/gemelmodel.h"
#include "linkers/gemel/retrieval.h"
#include "mel/models/linkers.h"

namespace mel::models::gemel {

struct GemelParts
{
    ModelConfig config;
    CharTable chars;
    std::string imageScript;    // TorchScript file bytes, "" for the CNN
    std::string decoderScript;  // "" for the native GRU decoder
};

// Fresh weights from the current torch seed.
GemelModel buildGemelModel(const GemelParts& parts);

// Writes model + tables (the score rule stored in config.gemel.priorWeight / meanLogProb) via a temporary
// sibling + rename. Throws core::Error(Io).
void saveGemelCheckpoint(const std::string& path, GemelModelImpl& model, const CharTable& chars,
                         const DemoRetriever& retriever, const ScoreRule& rule, const std::string& metaJson);

// Throws core::Error(Io) when unreadable, core::Error(Invalid) when it is not a GEMEL checkpoint or its weights
// do not match its config.
std::unique_ptr<GemelLinker> loadGemelLinker(const std::string& path, const torch::Device& device, int threads);

// Demonstration bank <-> JSON (array of [mention id, surface, text, qid, name]).
std::string bankToJson(const std::vector<Demonstration>& bank);
std::vector<Demonstration> bankFromJson(const std::string& json, const std::string& path);

} // namespace mel::models::gemel
