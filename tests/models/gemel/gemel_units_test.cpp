// GEMEL units: character table, name trie, retrieval, model shapes and gradients, constrained decoding.
#include <cmath>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "gemeltest.h"
#include "linkers/gemel/chartable.h"
#include "linkers/gemel/decoding.h"
#include "linkers/gemel/nametrie.h"
#include "linkers/gemel/retrieval.h"
#include "nn/scriptmodule.h"

namespace mel::models::gemel {
namespace {

using test::gemel::tinyChars;
using test::gemel::tinyConfig;
using test::gemel::tinyModel;

std::vector<std::int64_t> spell(const std::string& s)
{
    std::vector<std::int64_t> out;
    for (const char c : s)
        out.push_back(100 + c);
    return out;
}

TEST(GemelCharTable, EncodesDecodesAndRoundTrips)
{
    const auto table = CharTable::build({"Zürich\nab\\", "aab"});
    EXPECT_EQ(table.decode(table.encode("Zürich")), "Zürich");
    const auto ids = table.encode("aq");
    ASSERT_EQ(ids.size(), 2U);
    EXPECT_EQ(ids[1], CharTable::Unk);
    EXPECT_EQ(ids[0], CharTable::SpecialCount);  // the most frequent character first
    const auto back = CharTable::deserialize(table.serialize());
    EXPECT_EQ(back.size(), table.size());
    EXPECT_EQ(back.encode("Zürich\n\\"), table.encode("Zürich\n\\"));
    EXPECT_EQ(back.symbol(CharTable::Eos), "<eos>");
}

TEST(GemelTrie, AllowedChildrenEntitiesAndSharedNames)
{
    NameTrie trie;
    trie.setEos(CharTable::Eos);
    trie.add(spell("ab"), 0);
    trie.add(spell("abc"), 1);
    trie.add(spell("b"), 2);
    trie.add(spell("ab"), 3);  // a name shared by two entities
    trie.add({}, 4);           // empty names are never producible
    EXPECT_EQ(trie.nameCount(), 3U);
    EXPECT_EQ(trie.allowed(NameTrie::kRoot), (std::vector<std::int64_t>{100 + 'a', 100 + 'b'}));
    const auto ab = trie.walk(spell("ab"));
    ASSERT_NE(ab, NameTrie::kNone);
    // "ab" ends here and continues to "abc": both EOS and 'c' are allowed, sorted.
    EXPECT_EQ(trie.allowed(ab), (std::vector<std::int64_t>{CharTable::Eos, 100 + 'c'}));
    EXPECT_EQ(trie.entities(ab), (std::vector<std::int32_t>{0, 3}));
    EXPECT_EQ(trie.child(ab, CharTable::Eos), NameTrie::kNone);
    EXPECT_EQ(trie.walk(spell("ac")), NameTrie::kNone);
    EXPECT_TRUE(trie.contains(spell("abc")));
    EXPECT_FALSE(trie.contains(spell("a")));
    EXPECT_FALSE(trie.contains(spell("abcd")));
    EXPECT_THROW(trie.add({100 + 'x', CharTable::Eos}, 9), std::invalid_argument);
}

TEST(GemelTrie, AllowedMaskFollowsTheTargets)
{
    const auto chars = tinyChars();
    const auto nb = nameBatch({"Mary Smith", "Anna Smith"}, chars, 64);
    const auto trie = buildTrie(nb.tokens);
    const auto mask = allowedMask(trie, nb.targets, chars.size());
    // Position 0: 'M' and 'A' allowed; after "Mary Smith": only EOS.
    EXPECT_EQ(mask[0][0].sum().item<int>(), 2);
    const auto len = static_cast<std::int64_t>(nb.tokens[0].size());
    EXPECT_EQ(mask[0][len].sum().item<int>(), 1);
    EXPECT_TRUE(mask[0][len][CharTable::Eos].item<bool>());
    EXPECT_EQ(mask[0][1].sum().item<int>(), 1);  // only 'a' after 'M'
}

TEST(GemelRetrieval, ReturnsTheMostSimilarTrainingMentions)
{
    std::vector<Demonstration> bank{{1, "Barack Obama", "a", "Q76", "Barack Obama"},
                                    {2, "Obama", "b", "Q76", "Barack Obama"},
                                    {3, "Michelle Obama", "c", "Q13133", "Michelle Obama"},
                                    {4, "Paris", "d", "Q90", "Paris"},
                                    {5, "Obama", "e", "Q76", "Barack Obama"}};
    const DemoRetriever retriever(bank);
    core::MentionQuery q;
    q.surface = "obama";
    q.text = "x";
    const auto top = retriever.nearest(q, 3);
    ASSERT_EQ(top.size(), 3U);
    // The two identical surfaces (cosine 1) first, in bank order (stable ties), then the closest of the others.
    EXPECT_EQ(top[0].index, 1);
    EXPECT_EQ(top[1].index, 4);
    EXPECT_NEAR(top[0].cosine, 1.0, 1e-6);
    EXPECT_EQ(top[2].index, 0);
    EXPECT_GT(top[1].cosine, top[2].cosine);
    // Paris shares no trigram: never returned even when more are asked for.
    for (const auto& r : retriever.nearest(q, 10))
        EXPECT_NE(r.index, 3);
    // A training mention never retrieves itself, nor a copy with the same surface and sentence.
    q.mentionId = 5;
    q.surface = "Obama";
    q.text = "e";
    const auto self = retriever.nearest(q, 5);
    ASSERT_FALSE(self.empty());
    EXPECT_EQ(self[0].index, 1) << "the other 'Obama' stays";
    for (const auto& r : self)
        EXPECT_NE(r.index, 4);
    // A mention of another project whose row id happens to equal a bank item's is not that item: the ranking must
    // not depend on row ids (the rule used to skip bank items by mention id).
    q.mentionId = 2;
    q.text = "some other sentence";
    const auto other = retriever.nearest(q, 2);
    ASSERT_EQ(other.size(), 2U);
    EXPECT_EQ(other[0].index, 1);
    EXPECT_EQ(other[1].index, 4);
}

TEST(GemelRetrieval, ATrainingMentionWithALongSentenceNeverRetrievesItself)
{
    // The bank keeps the first 300 code points of a sentence; the query carries the whole of it.
    std::string sentence = "Ångström ";
    while (sentence.size() < 1200)
        sentence += "und Obama sprach lange ";
    ASSERT_NE(demoSentence(sentence), sentence);
    const DemoRetriever retriever(
        {{7, "Obama", demoSentence(sentence), "Q76", "Barack Obama"}, {8, "Obama", "short", "Q76", "Barack Obama"}});
    core::MentionQuery q;
    q.mentionId = 123;  // ids play no part
    q.surface = "Obama";
    q.text = sentence;
    const auto top = retriever.nearest(q, 5);
    ASSERT_EQ(top.size(), 1U);
    EXPECT_EQ(top[0].index, 1);
}

TEST(GemelModel, ShapesOfMemoryAndLogits)
{
    auto model = tinyModel();
    const auto chars = tinyChars();
    const auto retriever = test::gemel::tinyRetriever();
    const auto examples = test::gemel::smithExamples();
    std::vector<core::MentionQuery> queries{examples[0].query, examples[1].query};
    std::vector<std::vector<Retrieved>> demos{retriever->nearest(queries[0], 2), retriever->nearest(queries[1], 2)};
    const auto input = buildEncoderInput(queries, demos, *retriever, chars, tinyConfig().gemel);
    const auto memory = model->encode(input);
    ASSERT_EQ(memory.states.dim(), 3);
    EXPECT_EQ(memory.states.size(0), 2);
    EXPECT_EQ(memory.states.size(1), input.tokens.size(1) + 2);  // + the 2 visual prefix tokens
    EXPECT_EQ(memory.states.size(2), 16);
    EXPECT_EQ(memory.mask.sizes().vec(), memory.states.sizes().slice(0, 2).vec());
    EXPECT_FALSE(memory.imagePresent[0].item<bool>());
    EXPECT_TRUE(memory.imagePresent[1].item<bool>());
    const auto names = nameBatch({"John Smith", "Smithsonian", "Anna Smith"}, chars, 64);
    Memory one{memory.states.slice(0, 0, 1), memory.mask.slice(0, 0, 1), {}, {}, {}};
    const auto logits = model->decode(one, names.inputs);  // one mention's memory broadcast to 3 names
    EXPECT_EQ(logits.sizes().vec(), (std::vector<std::int64_t>{3, names.inputs.size(1), chars.size()}));
    // Broadcasting gives the same numbers as repeating the memory row.
    Memory repeated{one.states.expand({3, -1, -1}).contiguous(), one.mask.expand({3, -1}).contiguous(), {}, {}, {}};
    EXPECT_TRUE(torch::allclose(logits, model->decode(repeated, names.inputs), 1e-5, 1e-5));
}

void expectGradientsEverywhere(GemelModel model)
{
    const auto chars = tinyChars();
    const auto retriever = test::gemel::tinyRetriever();
    const auto examples = test::gemel::smithExamples();
    std::vector<core::MentionQuery> queries;
    std::vector<std::vector<Retrieved>> demos;
    std::vector<std::string> golds;
    for (std::size_t i = 0; i < 4; ++i)
    {
        queries.push_back(examples[i].query);
        demos.push_back(retriever->nearest(queries.back(), 2));
        golds.push_back(examples[i].gold.name);
    }
    model->train();
    const auto memory = model->encode(buildEncoderInput(queries, demos, *retriever, chars, tinyConfig().gemel));
    const auto names = nameBatch(golds, chars, 64);
    const auto logits = model->decode(memory, names.inputs);
    auto loss = torch::nn::functional::cross_entropy(
        logits.reshape({-1, chars.size()}), names.targets.reshape({-1}),
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(CharTable::Pad));
    loss.backward();
    for (const auto& p : model->named_parameters())
    {
        // GEMEL reads only the image encoder's global feature: the patch grid's "no image" placeholder is unused
        // by design (rows without an image get the learned global "no image" feature, which is checked).
        if (p.key() == "image.no_image_token")
            continue;
        ASSERT_TRUE(p.value().grad().defined()) << p.key();
        EXPECT_GT(p.value().grad().abs().sum().item<double>(), 0) << p.key();
    }
    if (model->scriptedDecoder())
        for (const auto& p : model->decoderScript()->named_parameters())
        {
            ASSERT_TRUE(p.value.grad().defined()) << p.name;
            EXPECT_GT(p.value.grad().abs().sum().item<double>(), 0) << p.name;
        }
}

TEST(GemelModel, GradientsReachEveryParameter)
{
    expectGradientsEverywhere(tinyModel(3));
}

TEST(GemelModel, GradientsReachTheTorchScriptDecoder)
{
    expectGradientsEverywhere(
        tinyModel(3, readFileBytes(std::string(MEL_GEMEL_FIXTURES) + "/gemel_decoder.pt")));
}

TEST(GemelModel, RejectsADecoderWithTheWrongContract)
{
    // The image encoder fixture of the other tests is no decoder: the error names the file.
    const std::string wrong = std::string(MEL_GEMEL_FIXTURES) + "/../../fixtures/image_encoder.pt";
    try
    {
        tinyModel(1, readFileBytes(wrong));
        FAIL() << "accepted a non-decoder";
    }
    catch (const core::Error& e)
    {
        EXPECT_NE(std::string(e.what()).find("decoder"), std::string::npos) << e.what();
    }
}

// Random names over a small alphabet, some sharing prefixes, some being prefixes of others.
std::vector<std::string> randomNames(std::mt19937_64& rng, int count)
{
    const std::string alphabet = "ab Smith";
    std::uniform_int_distribution<int> length(1, 7), letter(0, static_cast<int>(alphabet.size()) - 1);
    std::vector<std::string> names;
    for (int i = 0; i < count; ++i)
    {
        std::string n;
        for (int k = length(rng); k > 0; --k)
            n += alphabet[static_cast<std::size_t>(letter(rng))];
        names.push_back(n);
        if (i % 5 == 0)
            names.push_back(n + "a");  // a name with another as its prefix
    }
    return names;
}

TEST(GemelDecoding, ConstrainedBeamsAreAlwaysNamesOfTheTrie)
{
    const auto chars = tinyChars();
    const auto retriever = test::gemel::tinyRetriever();
    const auto examples = test::gemel::smithExamples();
    std::mt19937_64 rng(5);
    c10::InferenceMode guard;
    int beamsChecked = 0;
    for (int trial = 0; trial < 24; ++trial)
    {
        auto model = tinyModel(100 + static_cast<std::uint64_t>(trial));
        model->eval();
        const auto names = randomNames(rng, 3 + trial % 9);
        std::set<std::string> valid(names.begin(), names.end());
        const auto nb = nameBatch(names, chars, 64);
        const auto trie = buildTrie(nb.tokens);
        const auto& q = examples[static_cast<std::size_t>(trial) % examples.size()].query;
        const auto memory = model->encode(buildEncoderInput({q}, {retriever->nearest(q, 2)}, *retriever, chars,
                                                            tinyConfig().gemel));
        const int width = 1 + trial % 6;
        const auto beams = beamSearch(*model, memory, trie, width, 8);
        ASSERT_FALSE(beams.empty());
        EXPECT_LE(static_cast<int>(beams.size()), width);
        for (std::size_t b = 0; b < beams.size(); ++b)
        {
            const auto text = chars.decode(beams[b].tokens);
            EXPECT_TRUE(valid.count(text)) << "emitted '" << text << "', not a name of the trie";
            ASSERT_FALSE(beams[b].entities.empty());
            for (const auto e : beams[b].entities)
                EXPECT_EQ(names[static_cast<std::size_t>(e)], text);
            if (b > 0)
            {
                EXPECT_LE(beams[b].logProb, beams[b - 1].logProb);
            }
            ++beamsChecked;
        }
        // Renormalised over the trie, the teacher-forced probabilities of the distinct names sum to 1 and each
        // beam's log-probability is its name's teacher-forced one.
        const auto lp = constrainedTokenLogProbs(model->decode(memory, nb.inputs), nb.targets,
                                                 allowedMask(trie, nb.targets, chars.size()))
                            .sum(1);
        double total = 0;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (seen.insert(names[i]).second)
                total += std::exp(lp[static_cast<std::int64_t>(i)].item<double>());
        EXPECT_NEAR(total, 1.0, 1e-4);
        for (const auto& beam : beams)
            EXPECT_NEAR(beam.logProb, lp[beam.entities.front()].item<double>(), 1e-4);
        // With a beam as wide as the name count, the search is exhaustive: the best beam is the argmax name.
        if (width >= static_cast<int>(seen.size()))
        {
            EXPECT_NEAR(beams.front().logProb, lp.max().item<double>(), 1e-4);
        }
    }
    EXPECT_GT(beamsChecked, 40);
}

// The step log-probability of every trie edge is in the teacher-forced table of the trie's names, and ranking's
// one decoder evaluation per trie node gives the same numbers; the beam search driven by them gives the decoder-
// driven search's beams (tokens, entities, log-probabilities), on random models and name sets, the TorchScript
// decoder included.
TEST(GemelDecoding, TableDrivenBeamSearchGivesTheDecoderDrivenBeams)
{
    const auto chars = tinyChars();
    const auto retriever = test::gemel::tinyRetriever();
    const auto examples = test::gemel::smithExamples();
    const auto script = readFileBytes(std::string(MEL_GEMEL_FIXTURES) + "/gemel_decoder.pt");
    std::mt19937_64 rng(11);
    c10::InferenceMode guard;
    int beamsChecked = 0;
    for (int trial = 0; trial < 30; ++trial)
    {
        // Every fifth model has the TorchScript decoder, every third native one a two-layer GRU.
        auto model = tinyModel(300 + static_cast<std::uint64_t>(trial), trial % 5 == 4 ? script : "");
        if (trial % 5 != 4 && trial % 3 == 2)
        {
            torch::manual_seed(300 + static_cast<std::uint64_t>(trial));
            GemelParts parts;
            parts.config = tinyConfig();
            parts.config.gemel.decoderLayers = 2;
            parts.chars = chars;
            model = buildGemelModel(parts);
        }
        model->eval();
        const auto names = randomNames(rng, 3 + trial % 13);
        const auto nb = nameBatch(names, chars, 1 << 20);
        const auto trie = buildTrie(nb.tokens);
        const auto& q = examples[static_cast<std::size_t>(trial) % examples.size()].query;
        const auto memory = model->encode(buildEncoderInput({q}, {retriever->nearest(q, 2)}, *retriever, chars,
                                                            tinyConfig().gemel));
        const auto tokenLp =
            constrainedTokenLogProbs(model->decode(memory, nb.inputs), nb.targets,
                                     allowedMask(trie, nb.targets, chars.size()));
        const auto edges = edgeLogProbs(trie, nb.tokens, tokenLp);
        ASSERT_EQ(edges.size(), trie.nodeCount());
        for (std::size_t n = 0; n < edges.size(); ++n)
        {
            ASSERT_EQ(edges[n].size(), trie.allowed(static_cast<std::int32_t>(n)).size());
            for (const double e : edges[n])
                EXPECT_TRUE(std::isfinite(e) && e <= 1e-6) << "edge of node " << n << ": " << e;
        }
        // Ranking's one evaluation per trie node gives the same edges.
        const auto direct = trieEdgeLogProbs(*model, memory, nb, trie);
        ASSERT_EQ(direct.size(), edges.size());
        for (std::size_t n = 0; n < edges.size(); ++n)
        {
            ASSERT_EQ(direct[n].size(), edges[n].size());
            for (std::size_t j = 0; j < edges[n].size(); ++j)
                EXPECT_NEAR(direct[n][j], edges[n][j], 1e-5) << "trial " << trial << " node " << n;
        }
        const auto summed = tokenLp.sum(1);
        for (std::size_t k = 0; k < names.size(); ++k)
            EXPECT_NEAR(pathLogProb(trie, direct, nb.tokens[k]), summed[static_cast<std::int64_t>(k)].item<double>(),
                        1e-4);
        std::size_t longest = 0;
        for (const auto& t : nb.tokens)
            longest = std::max(longest, t.size());
        const int width = 1 + trial % 7;
        const auto oracle = beamSearch(*model, memory, trie, width, static_cast<int>(longest));
        const auto table = beamSearch(trie, edges, width, static_cast<int>(longest));
        ASSERT_EQ(table.size(), oracle.size()) << "trial " << trial;
        for (std::size_t b = 0; b < oracle.size(); ++b)
        {
            EXPECT_EQ(table[b].tokens, oracle[b].tokens) << "trial " << trial << " beam " << b;
            EXPECT_EQ(table[b].entities, oracle[b].entities) << "trial " << trial << " beam " << b;
            EXPECT_NEAR(table[b].logProb, oracle[b].logProb, 1e-4) << "trial " << trial << " beam " << b;
            ASSERT_EQ(table[b].stepLogProbs.size(), oracle[b].stepLogProbs.size());
            for (std::size_t s = 0; s < oracle[b].stepLogProbs.size(); ++s)
                EXPECT_NEAR(table[b].stepLogProbs[s], oracle[b].stepLogProbs[s], 1e-4);
            ++beamsChecked;
        }
    }
    EXPECT_GT(beamsChecked, 60);
}

// An edge no name gave (a trie over more names than the table) cannot be taken.
TEST(GemelDecoding, TableDrivenBeamSearchSkipsEdgesWithoutALogProbability)
{
    const std::vector<std::vector<std::int64_t>> names{spell("ab"), spell("ac"), spell("b")};
    const auto trie = buildTrie(names);
    // Per position: a, b, Eos | a, c, Eos ; the third name ("b") has no row.
    const auto lp = torch::tensor({{-0.1, -0.7, 0.0}, {-0.1, -0.7, 0.0}}, torch::kDouble).to(torch::kFloat);
    const auto edges = edgeLogProbs(trie, names, lp);
    const auto beams = beamSearch(trie, edges, 5, 3);
    ASSERT_EQ(beams.size(), 2u);
    for (const auto& b : beams)
        EXPECT_NE(b.tokens, spell("b"));
    EXPECT_NEAR(beams[0].logProb, -0.8, 1e-6);
}

} // namespace
} // namespace mel::models::gemel
