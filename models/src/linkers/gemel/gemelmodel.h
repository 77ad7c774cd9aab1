// The GEMEL-style network: a visual prefix (image feature -> k token embeddings, GEMEL's only trained layer; the
// feature is the image's global one, or with prefixSource "attention" its patches weighted by the mention's query), a
// small transformer encoder over [prefix, mention, context, retrieved demonstrations], and a decoder that
// predicts the entity name character by character (native GRU + attention, or a user's TorchScript decoder).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/script.h>
#include <torch/torch.h>

#include "mel/models/config.h"
#include "text/transformerlayer.h"
#include "vision/imageencoder.h"

namespace mel::models::gemel {

// Encoder input of B mentions (built by gemelinput.h): character ids after the visual prefix.
struct EncoderInput
{
    torch::Tensor tokens;     // [B,S] int64 (CharTable ids, Pad beyond the row's length)
    torch::Tensor segments;   // [B,S] int64: 0 mention, 1 context, 2 + j demonstration j
    torch::Tensor positions;  // [B,S] int64: position inside the segment
    torch::Tensor demoCosine; // [B,S] float: the retrieval cosine of the demonstration a token belongs to, else 0
    torch::Tensor mask;       // [B,S] bool
    std::vector<std::string> images;  // image path per row ("" = none)
};

// Prefixes of names as a tree: prefix p is prefix parent[p] followed by the token last[p]; prefix 0 is the empty
// one (parent -1, last Bos) and every parent comes before its children. at[p] = row * T + t: a position of the
// teacher-forced rows `inputs` [N,T] (Bos + name) whose input so far is prefix p.
struct PrefixTree
{
    std::vector<std::int64_t> parent;
    std::vector<std::int64_t> last;
    std::vector<std::int64_t> at;
    torch::Tensor inputs;
};

struct Memory
{
    torch::Tensor states;  // [B,M,d], M = prefixTokens + S
    torch::Tensor mask;    // [B,M] bool
    torch::Tensor prefixNorms;  // [B,k]: norms of the visual prefix rows (explanation)
    torch::Tensor imagePresent; // [B] bool
    // prefixSource "attention": the mention's attention over its image's patches [B,P] (rows without an image put
    // all of it on the "no image" token, P = 1 when no row has an image); undefined with "global".
    torch::Tensor imageAttention;
    int gridRows = 0;  // the patch grid of imageAttention (rows with an image)
    int gridCols = 0;
};

class GemelModelImpl : public torch::nn::Module
{
public:
    // decoderScript: TorchScript file bytes, "" for the native decoder.
    GemelModelImpl(const ModelConfig& config, std::int64_t vocabularySize, ImageEncoder image,
                   std::string decoderScript, const std::string& decoderOrigin);

    Memory encode(const EncoderInput& input);
    // Next-character logits for every position of `inputs` ([N,T] int64, starting with Bos). The memory has N rows
    // or 1 row (broadcast to all N: one mention's candidate names scored at once).
    torch::Tensor decode(const Memory& memory, const torch::Tensor& inputs);
    // The same logits after each prefix of a tree of names, for the output ids `outputs` only ([P,|outputs|],
    // column j = id outputs[j]), for one mention (memory with one row). Ranking evaluates each distinct prefix of
    // the candidate names (trie node) once instead of every padded position of every name, and renormalises over
    // the characters the trie allows, all of them among the candidates' characters, so the output layer over the
    // whole character table (~1.5 k on Wikidata-MEL) need not be computed. The native decoder steps its recurrence
    // once per prefix; a TorchScript decoder runs the teacher-forced rows and is read at `at`.
    torch::Tensor decodePrefixes(const Memory& memory, const PrefixTree& tree, const torch::Tensor& outputs);

    const ModelConfig& config() const { return m_config; }
    std::int64_t vocabularySize() const { return m_vocab; }
    ImageEncoder image() const { return m_image; }
    bool scriptedDecoder() const { return m_script != nullptr; }
    const std::string& decoderScriptBytes() const { return m_scriptBytes; }
    std::shared_ptr<torch::jit::Module> decoderScript() const { return m_script; }
    torch::Device device() const;

    using torch::nn::Module::to;
    void to(torch::Device device, bool nonBlocking = false) override;
    // Train/eval also switch the TorchScript decoder (it is not a registered submodule).
    void train(bool on = true) override;

    // Every trainable tensor, the TorchScript decoder's included.
    std::vector<torch::Tensor> trainableParameters();

private:
    // Decoder states before the output layer [N,T,H].
    torch::Tensor hidden(const Memory& memory, const torch::Tensor& inputs);
    torch::Tensor nativeHidden(const Memory& memory, const torch::Tensor& inputs);
    torch::Tensor initialState(const Memory& memory);                                   // [Bm,layers*d]
    torch::Tensor nativeRecurrent(const Memory& memory, const torch::Tensor& inputs);  // GRU states [N,T,d]
    torch::Tensor nativePrefixRecurrent(const Memory& memory, const PrefixTree& tree);  // GRU states [P,d]
    torch::Tensor nativeAttend(const Memory& memory, const torch::Tensor& h);           // [N,T,d] -> [N,T,d]
    // prefixSource "attention": the image feature [B,di] the prefix maps, the attention-weighted patches, queried
    // by the mention's characters (x: the embedded encoder input [B,S,d]); fills memory.imageAttention.
    torch::Tensor attendedImage(const ImageFeatures& image, const torch::Tensor& x, const EncoderInput& input,
                                Memory& memory);

    ModelConfig m_config;
    std::int64_t m_vocab;
    ImageEncoder m_image{nullptr};
    torch::nn::Embedding m_chars{nullptr}, m_segments{nullptr}, m_positions{nullptr};
    torch::nn::Linear m_prefix{nullptr}, m_demoCosine{nullptr};
    torch::Tensor m_prefixPositions;  // [k,d]
    // prefixSource "attention": mention summary -> query over the image (two layers), patches -> keys.
    torch::nn::Linear m_prefixQueryHidden{nullptr}, m_prefixQuery{nullptr}, m_prefixKey{nullptr};
    torch::nn::ModuleList m_layers{nullptr};
    torch::nn::LayerNorm m_encoderNorm{nullptr};
    // Native decoder
    torch::nn::GRU m_gru{nullptr};
    torch::nn::Linear m_init{nullptr}, m_query{nullptr}, m_key{nullptr}, m_value{nullptr}, m_combine{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    // Output head (both decoders)
    torch::nn::Linear m_out{nullptr};
    // TorchScript decoder
    std::string m_scriptBytes;
    std::string m_origin;
    std::shared_ptr<torch::jit::Module> m_script;
};
TORCH_MODULE(GemelModel);

} // namespace mel::models::gemel
