// Text encoder: the from-scratch subword transformer, or a user's TorchScript encoder behind a trained adapter.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include <torch/script.h>
#include <torch/torch.h>

#include "encoderoutputs.h"
#include "mel/models/config.h"
#include "text/transformerlayer.h"
#include "text/vocabulary.h"
#include "text/wordpiece.h"

namespace mel::models {

class TextEncoderImpl : public torch::nn::Module
{
public:
    // From scratch: EmbeddingBag over word + n-gram ids (mean), learned positions and segments, pre-LN layers.
    TextEncoderImpl(const TextEncoderConfig& config, Vocabulary vocabulary);
    // TorchScript: `scriptBytes` are the file's contents; `origin` names it in errors. The script module is
    // frozen (no gradient); a Linear + LayerNorm adapter maps its width H to config.dim and is trained.
    // Contract of the script: forward(ids [B,L] int64, mask [B,L] int64) -> [B,L,H] (or a tuple starting with
    // it), position 0 = summary token; attribute `vocab: List[str]` (WordPiece, with [CLS] [SEP] [PAD] [UNK]);
    // optional attribute `do_lower_case: bool` (default true).
    TextEncoderImpl(const TextEncoderConfig& config, std::string scriptBytes, const std::string& origin);

    // Tokens [B,L,dim] (L = longest input of the batch), mask, global = final state of [CLS].
    TextFeatures forward(const std::vector<TextInput>& inputs);

    int dim() const { return m_config.dim; }
    bool scripted() const { return m_script != nullptr; }
    const Vocabulary& vocabulary() const { return m_vocabulary; }
    const std::string& scriptBytes() const { return m_scriptBytes; }
    torch::Device device() const;

    using torch::nn::Module::to;
    void to(torch::Device device, bool nonBlocking = false) override;

    // The from-scratch embedding table (words + n-gram buckets), undefined for a TorchScript encoder.
    torch::Tensor embeddingWeight() const;

private:
    TextFeatures forwardScratch(const std::vector<TextInput>& inputs);

    // One input's tokens and subword ids, kept across batches: entity texts come back in every epoch and in many
    // batches (as hard negatives), and tokenising + hashing n-grams cost more than the embedding lookup itself.
    struct Tokenized
    {
        std::vector<std::string> tokens;
        std::vector<int> segments;
        std::vector<std::int64_t> ids;     // every token's subword ids, concatenated
        std::vector<std::int32_t> starts;  // token i's ids are ids[starts[i] .. starts[i+1])
    };
    const Tokenized& tokenized(const TextInput& input);
    TextFeatures forwardScript(const std::vector<TextInput>& inputs);

    TextEncoderConfig m_config;
    Vocabulary m_vocabulary;
    torch::nn::EmbeddingBag m_embedding{nullptr};
    torch::nn::Embedding m_position{nullptr}, m_segment{nullptr};
    torch::nn::ModuleList m_layers{nullptr};
    torch::nn::LayerNorm m_norm{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    std::unordered_map<std::string, Tokenized> m_tokenCache;
    std::mutex m_tokenMutex;

    std::string m_scriptBytes;
    std::string m_origin;
    std::shared_ptr<torch::jit::Module> m_script;
    std::optional<WordPiece> m_wordPiece;
    torch::nn::Linear m_adapter{nullptr};
};
TORCH_MODULE(TextEncoder);

} // namespace mel::models
