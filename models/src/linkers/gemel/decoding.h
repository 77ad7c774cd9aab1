// Trie-constrained scoring and beam search. Both renormalise the next-character distribution over the tokens the
// trie allows (GEMEL masks to -inf without renormalising; renormalised, the scores of all names in the trie sum to
// 1, so a beam's log-probability and a teacher-forced candidate's are the same number).
#pragma once

#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "linkers/gemel/gemelinput.h"
#include "linkers/gemel/gemelmodel.h"
#include "linkers/gemel/nametrie.h"

namespace mel::models::gemel {

// A trie over the given names (entity i = names[i]); empty names are left out.
NameTrie buildTrie(const std::vector<std::vector<std::int64_t>>& names);

// [N,T,V] bool: at position t of row i, the tokens the trie allows after targets[i][0..t). Positions after the
// end (Pad targets) or after leaving the trie allow nothing.
torch::Tensor allowedMask(const NameTrie& trie, const torch::Tensor& targets, std::int64_t vocabularySize);

// Per-position constrained log-probabilities [N,T] of the targets (0 at Pad positions), from logits [N,T,V].
torch::Tensor constrainedTokenLogProbs(const torch::Tensor& logits, const torch::Tensor& targets,
                                       const torch::Tensor& allowed);

struct Beam
{
    std::vector<std::int64_t> tokens;     // the name's characters (no Bos/Eos)
    double logProb = 0;                   // sum of the constrained step log-probabilities, Eos included
    std::vector<double> stepLogProbs;     // one per character, then Eos
    std::vector<std::int32_t> entities;   // trie entities whose name this is
};

// Constrained beam search for one mention (memory with one row): at each step every live beam is extended by
// each allowed token; the best `width` extensions survive, those ending in Eos become finished names. Stops when
// no beam is alive or when `width` names are finished and no live beam can still beat the worst of them (log-
// probabilities only decrease). Returns at most `width` finished names, best first (ties: token order).
// Calls the decoder once per step over the whole prefix of every live beam (any trie; the test oracle of the
// table-driven search below).
std::vector<Beam> beamSearch(GemelModelImpl& model, const Memory& memory, const NameTrie& trie, int width,
                             int maxSteps);

// The constrained step log-probability of every trie edge: edges[n][j] is log p(trie.allowed(n)[j] | prefix of
// node n), renormalised over trie.allowed(n) (NaN where no name gave it).
using EdgeLogProbs = std::vector<std::vector<double>>;

// Read off a teacher-forced table: tokenLogProbs [N,T] = constrainedTokenLogProbs of names[i] + Eos under `trie`
// (built by buildTrie(names)). The decoder is causal, so the step log-probability of edge (node, token) is the
// one at that position of any name passing through the edge; every edge of the trie has such a name.
EdgeLogProbs edgeLogProbs(const NameTrie& trie, const std::vector<std::vector<std::int64_t>>& names,
                          const torch::Tensor& tokenLogProbs);

// The same edges computed directly, one decoder evaluation per trie node (distinct name prefix) instead of one
// per padded position of every name (GemelModelImpl::decodePrefixes); `trie` = buildTrie(nb.tokens), memory with
// one row. The output layer is computed only for the names' characters (the specials keep their ids), which gives
// the full table's renormalised scores. What ranking uses; edgeLogProbs of the teacher-forced table is its test
// reference.
EdgeLogProbs trieEdgeLogProbs(GemelModelImpl& model, const Memory& memory, const NameBatch& nb, const NameTrie& trie);

// Sum of the edge log-probabilities along `name` + Eos: its constrained log p(name); -inf when it is not a name
// of the trie.
double pathLogProb(const NameTrie& trie, const EdgeLogProbs& edges, const std::vector<std::int64_t>& name);

// The same beam search (same steps, pruning and stopping rule) with the step log-probabilities looked up in
// `edges` instead of computed by the decoder: when the trie is exactly the scored names (ranking's candidates),
// the explanation's beams cost no decoder call.
std::vector<Beam> beamSearch(const NameTrie& trie, const EdgeLogProbs& edges, int width, int maxSteps);

} // namespace mel::models::gemel
