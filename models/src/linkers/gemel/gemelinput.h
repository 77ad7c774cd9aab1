// Turning mentions + their retrieved demonstrations into the encoder's character sequences, and entity names
// into decoder targets.
#pragma once

#include <string>
#include <vector>

#include "linkers/gemel/chartable.h"
#include "linkers/gemel/gemelmodel.h"
#include "linkers/gemel/retrieval.h"
#include "mel/core/linker/linker.h"

namespace mel::models::gemel {

// Row b: [M] mention, [T] sentence window around the mention, then per demonstration j (most similar first)
// [D] its surface [A] its gold name — GEMEL's "[Question] ... [Answer] target" chunks, as characters.
EncoderInput buildEncoderInput(const std::vector<core::MentionQuery>& mentions,
                               const std::vector<std::vector<Retrieved>>& demos, const DemoRetriever& retriever,
                               const CharTable& chars, const GemelConfig& config);

// Up to maxContext code points of `text` centred on the mention (its span, else its first occurrence).
std::u32string contextWindow(const core::MentionQuery& mention, int maxContext);

// Decoder tensors for names: inputs [N,T] = Bos + name, targets [N,T] = name + Eos (Pad after). Names are cut to
// maxLength characters (then they have no Eos: only the training loss uses this).
struct NameBatch
{
    torch::Tensor inputs;
    torch::Tensor targets;
    std::vector<std::vector<std::int64_t>> tokens;  // per name, uncut
};
NameBatch nameBatch(const std::vector<std::string>& names, const CharTable& chars, int maxLength);

} // namespace mel::models::gemel
