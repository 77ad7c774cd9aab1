// GEMEL-style generative linker configuration (spec/dwe-gemel-detail.md part C): a small encoder-decoder trained
// from scratch generates the entity name character by character, constrained by a trie of entity names.
#pragma once

#include <string>

namespace mel::models {

struct GemelConfig
{
    // Sized so one Wikidata-MEL epoch trains in minutes on 2 CPU cores (the original: frozen OPT-6.7B).
    int dim = 96;               // character embedding / encoder / decoder width
    int encoderLayers = 1;      // pre-LN transformer layers over [visual prefix, mention, context, demonstrations]
    int heads = 4;
    int ffn = 192;
    int decoderLayers = 1;      // GRU layers of the native decoder (Luong attention over the encoder memory)
    double dropout = 0.1;
    int prefixTokens = 4;       // visual prefix: Linear(image feature -> prefixTokens * dim), as GEMEL's k = 4
    // The image feature the prefix maps: "global" (GEMEL's P(v): the image encoder's global feature, a mean over
    // the scene) or "attention" (the mention's characters query the patch grid by cosine; the attention-weighted
    // sum of the patches less their mean is mapped instead, and the attention is the explanation's
    // "prefix/text->image" map). "attention"
    // ties the prefix to the object the mention names (the grounding bench's scenes hold several objects).
    std::string prefixSource = "global";
    int demonstrations = 4;     // retrieved training mentions (surface + gold name) in the context (GEMEL: 16)
    int maxMention = 24;        // characters of the mention kept
    int maxContext = 48;        // characters of sentence context around the mention
    int maxDemoName = 32;       // characters of a demonstration's entity name
    int maxName = 48;           // longest generated name (characters, EOS excluded)
    int beams = 5;              // beam width of the explanation's constrained beam search
    double lmWeight = 0.5;      // training: weight of the unconstrained next-character loss beside the trie one
    // Ranking score = g + priorWeight * prior, where g is the constrained log p(name) (meanLogProb: divided by the
    // number of generated characters, Eos included, so long names are not penalised for their length) and prior
    // is the name baseline's own ranking key as one number, (WRatio + ratio / 101) / 100. The trainer picks both
    // on dev after each epoch when tunePrior (priorWeight 0 = the pure generative score); models/README.md (GEMEL).
    double priorWeight = 0.0;
    bool meanLogProb = false;
    bool tunePrior = true;
    // A TorchScript decoder file, "" for the native GRU decoder. Contract: forward(inputs [B,T,dim] float,
    // memory [B,S,dim] float, memory_mask [B,S] bool) -> [B,T,H] (causal in T); attribute hidden_size: int = H.
    std::string decoderTorchScriptPath;
};

} // namespace mel::models
