// Constrained decoding over a NameTrie.
#include "linkers/gemel/decoding.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "linkers/gemel/chartable.h"

namespace mel::models::gemel {

NameTrie buildTrie(const std::vector<std::vector<std::int64_t>>& names)
{
    NameTrie trie;
    trie.setEos(CharTable::Eos);
    for (std::size_t i = 0; i < names.size(); ++i)
        trie.add(names[i], static_cast<std::int32_t>(i));
    return trie;
}

torch::Tensor allowedMask(const NameTrie& trie, const torch::Tensor& targets, std::int64_t V)
{
    const auto N = targets.size(0), T = targets.size(1);
    auto mask = torch::zeros({N, T, V}, torch::kBool);
    auto* m = mask.data_ptr<bool>();
    const auto tg = targets.accessor<std::int64_t, 2>();
    for (std::int64_t i = 0; i < N; ++i)
    {
        std::int32_t node = NameTrie::kRoot;
        for (std::int64_t t = 0; t < T && node != NameTrie::kNone; ++t)
        {
            const auto target = tg[i][t];
            if (target == CharTable::Pad)
                break;
            for (const auto token : trie.allowed(node))
                if (token < V)
                    m[(i * T + t) * V + token] = true;
            node = target == CharTable::Eos ? NameTrie::kNone : trie.child(node, target);
        }
    }
    return mask;
}

torch::Tensor constrainedTokenLogProbs(const torch::Tensor& logits, const torch::Tensor& targets,
                                       const torch::Tensor& allowed)
{
    const auto dev = logits.device();
    auto t = targets.to(dev);
    auto a = allowed.to(dev);
    // -1e9, not -inf: a row that allows nothing stays finite, so its (unused) gradient is not NaN.
    auto masked = logits.masked_fill(a.logical_not(), -1e9);
    auto logZ = torch::logsumexp(masked, -1);
    auto picked = logits.gather(-1, t.unsqueeze(-1)).squeeze(-1);
    auto valid = t.ne(CharTable::Pad) & a.any(-1);
    // Where is the target itself not allowed? Then it can never be produced: -inf (callers see a miss).
    auto targetAllowed = a.gather(-1, t.unsqueeze(-1)).squeeze(-1);
    auto lp = torch::where(valid, picked - logZ, torch::zeros_like(picked));
    auto impossible = t.ne(CharTable::Pad) & targetAllowed.logical_not();
    return lp.masked_fill(impossible, -std::numeric_limits<float>::infinity());
}

namespace {

// The candidates' names over a local output vocabulary: the specials keep their ids, each other character of the
// names gets the next id. Scores over it equal those over the whole table (renormalised over trie-allowed ids).
struct LocalVocabulary
{
    torch::Tensor outputs;                                  // [U] int64: global id of each local id
    std::unordered_map<std::int64_t, std::int64_t> local;   // global id -> local id (specials: themselves)
    std::int64_t of(std::int64_t id) const { return id < CharTable::SpecialCount ? id : local.at(id); }
};

LocalVocabulary localVocabulary(const std::vector<std::vector<std::int64_t>>& names)
{
    std::vector<std::int64_t> global(CharTable::SpecialCount);
    std::iota(global.begin(), global.end(), 0);
    LocalVocabulary out;
    for (const auto& name : names)
        for (const auto id : name)
            if (id >= CharTable::SpecialCount && out.local.emplace(id, static_cast<std::int64_t>(global.size())).second)
                global.push_back(id);
    out.outputs = torch::tensor(global, torch::kLong);
    return out;
}

struct Live
{
    std::vector<std::int64_t> tokens;
    std::int32_t node = NameTrie::kRoot;
    double logProb = 0;
    std::vector<double> steps;
};

// One allowed continuation of a live beam: the token and its constrained step log-probability.
struct StepOption
{
    std::int64_t token;
    double stepLp;
};

// The step log-probabilities of every live beam's allowed tokens (per beam, in allowed-token order; a token
// left out cannot be taken).
using StepFunction = std::function<std::vector<std::vector<StepOption>>(const std::vector<Live>&, int step)>;

std::vector<Beam> search(const NameTrie& trie, int width, int maxSteps, const StepFunction& stepLogProbs)
{
    std::vector<Beam> finished;
    std::vector<Live> live{Live{}};
    width = std::max(1, width);
    for (int step = 0; step <= maxSteps && !live.empty(); ++step)
    {
        const auto perBeam = stepLogProbs(live, step);
        struct Option
        {
            std::size_t beam;
            std::int64_t token;
            double stepLp;
            double total;
        };
        std::vector<Option> options;
        for (std::size_t i = 0; i < live.size(); ++i)
            for (const auto& o : perBeam[i])
                options.push_back({i, o.token, o.stepLp, live[i].logProb + o.stepLp});
        std::stable_sort(options.begin(), options.end(),
                         [](const Option& a, const Option& b) { return a.total > b.total; });
        std::vector<Live> next;
        for (const auto& o : options)
        {
            if (static_cast<int>(next.size()) >= width)
                break;
            const auto& from = live[o.beam];
            if (o.token == CharTable::Eos)
            {
                Beam b;
                b.tokens = from.tokens;
                b.logProb = o.total;
                b.stepLogProbs = from.steps;
                b.stepLogProbs.push_back(o.stepLp);
                b.entities = trie.entities(from.node);
                finished.push_back(std::move(b));
                continue;
            }
            Live l = from;
            l.tokens.push_back(o.token);
            l.node = trie.child(from.node, o.token);
            l.logProb = o.total;
            l.steps.push_back(o.stepLp);
            next.push_back(std::move(l));
        }
        live = std::move(next);
        std::stable_sort(finished.begin(), finished.end(),
                         [](const Beam& a, const Beam& b) { return a.logProb > b.logProb; });
        if (static_cast<int>(finished.size()) >= width)
        {
            finished.resize(static_cast<std::size_t>(width));
            const double bestLive = live.empty() ? -std::numeric_limits<double>::infinity() : live.front().logProb;
            if (bestLive <= finished.back().logProb)
                break;
        }
    }
    return finished;
}

} // namespace

std::vector<Beam> beamSearch(GemelModelImpl& model, const Memory& memory, const NameTrie& trie, int width,
                             int maxSteps)
{
    return search(trie, width, maxSteps, [&](const std::vector<Live>& live, int step) {
        const auto N = static_cast<std::int64_t>(live.size());
        const auto T = static_cast<std::int64_t>(step + 1);
        auto inputs = torch::zeros({N, T}, torch::kLong);
        auto in = inputs.accessor<std::int64_t, 2>();
        for (std::int64_t i = 0; i < N; ++i)
        {
            in[i][0] = CharTable::Bos;
            for (std::int64_t j = 0; j < step; ++j)
                in[i][j + 1] = live[static_cast<std::size_t>(i)].tokens[static_cast<std::size_t>(j)];
        }
        const auto last = torch::log_softmax(model.decode(memory, inputs).select(1, step), -1)
                              .to(torch::kCPU)
                              .to(torch::kDouble)
                              .contiguous();
        const auto* lp = last.data_ptr<double>();
        const auto V = last.size(1);
        std::vector<std::vector<StepOption>> out(live.size());
        for (std::size_t i = 0; i < live.size(); ++i)
        {
            const auto& allowed = trie.allowed(live[i].node);
            double z = -std::numeric_limits<double>::infinity();
            for (const auto token : allowed)
                if (token < V)
                {
                    const double x = lp[static_cast<std::int64_t>(i) * V + token];
                    z = std::max(z, x) + std::log1p(std::exp(-std::abs(z - x)));
                }
            for (const auto token : allowed)
                if (token < V)
                    out[i].push_back({token, lp[static_cast<std::int64_t>(i) * V + token] - z});
        }
        return out;
    });
}

EdgeLogProbs edgeLogProbs(const NameTrie& trie, const std::vector<std::vector<std::int64_t>>& names,
                          const torch::Tensor& tokenLogProbs)
{
    EdgeLogProbs edges(trie.nodeCount());
    for (std::size_t n = 0; n < edges.size(); ++n)
        edges[n].assign(trie.allowed(static_cast<std::int32_t>(n)).size(), std::numeric_limits<double>::quiet_NaN());
    const auto table = tokenLogProbs.to(torch::kCPU).to(torch::kDouble).contiguous();
    const auto T = table.size(1);
    const auto* lp = table.data_ptr<double>();
    for (std::size_t i = 0; i < names.size() && static_cast<std::int64_t>(i) < table.size(0); ++i)
    {
        const auto& name = names[i];
        if (name.empty())
            continue;
        std::int32_t node = NameTrie::kRoot;
        for (std::size_t t = 0; t <= name.size() && static_cast<std::int64_t>(t) < T && node != NameTrie::kNone; ++t)
        {
            const auto e = trie.edge(node, t < name.size() ? name[t] : trie.eos());
            if (e < 0)
                break;
            auto& slot = edges[static_cast<std::size_t>(node)][static_cast<std::size_t>(e)];
            if (std::isnan(slot))
                slot = lp[static_cast<std::int64_t>(i) * T + static_cast<std::int64_t>(t)];
            node = trie.childAt(node, e);
        }
    }
    return edges;
}

std::vector<Beam> beamSearch(const NameTrie& trie, const EdgeLogProbs& edges, int width, int maxSteps)
{
    return search(trie, width, maxSteps, [&](const std::vector<Live>& live, int) {
        std::vector<std::vector<StepOption>> out(live.size());
        for (std::size_t i = 0; i < live.size(); ++i)
        {
            const auto node = static_cast<std::size_t>(live[i].node);
            const auto& allowed = trie.allowed(live[i].node);
            for (std::size_t j = 0; j < allowed.size(); ++j)
                if (node < edges.size() && j < edges[node].size() && !std::isnan(edges[node][j]))
                    out[i].push_back({allowed[j], edges[node][j]});
        }
        return out;
    });
}

EdgeLogProbs trieEdgeLogProbs(GemelModelImpl& model, const Memory& memory, const NameBatch& nb, const NameTrie& trie)
{
    if (trie.nameCount() == 0)
        return EdgeLogProbs(trie.nodeCount());
    // Trie nodes are created after their parents, so they already are a PrefixTree's order.
    const auto T = nb.inputs.size(1);
    const auto P = static_cast<std::int64_t>(trie.nodeCount());
    PrefixTree tree;
    tree.parent.assign(static_cast<std::size_t>(P), -1);
    tree.last.assign(static_cast<std::size_t>(P), CharTable::Bos);
    tree.at.assign(static_cast<std::size_t>(P), -1);
    tree.inputs = nb.inputs;
    for (std::int32_t n = 0; n < static_cast<std::int32_t>(P); ++n)
        for (const auto token : trie.allowed(n))
        {
            const auto c = trie.child(n, token);
            if (c != NameTrie::kNone)
            {
                tree.parent[static_cast<std::size_t>(c)] = n;
                tree.last[static_cast<std::size_t>(c)] = token;
            }
        }
    for (std::size_t k = 0; k < nb.tokens.size(); ++k)
    {
        const auto& name = nb.tokens[k];
        if (name.empty())
            continue;
        std::int32_t node = NameTrie::kRoot;
        for (std::size_t t = 0; t <= name.size() && node != NameTrie::kNone; ++t)
        {
            auto& first = tree.at[static_cast<std::size_t>(node)];
            if (first < 0)
                first = static_cast<std::int64_t>(k) * T + static_cast<std::int64_t>(t);
            if (t < name.size())
                node = trie.child(node, name[t]);
        }
    }
    const auto vocabulary = localVocabulary(nb.tokens);
    const auto U = vocabulary.outputs.size(0);
    auto allowed = torch::zeros({P, U}, torch::kBool);
    auto* a = allowed.data_ptr<bool>();
    for (std::int64_t n = 0; n < P; ++n)
        for (const auto token : trie.allowed(static_cast<std::int32_t>(n)))
            a[n * U + vocabulary.of(token)] = true;
    const auto logits = model.decodePrefixes(memory, tree, vocabulary.outputs);
    const auto logZ = torch::logsumexp(logits.masked_fill(allowed.to(logits.device()).logical_not(), -1e9), -1, true);
    const auto lp = (logits - logZ).to(torch::kCPU).to(torch::kDouble).contiguous();
    const auto* l = lp.data_ptr<double>();
    EdgeLogProbs edges(static_cast<std::size_t>(P));
    for (std::int64_t n = 0; n < P; ++n)
        for (const auto token : trie.allowed(static_cast<std::int32_t>(n)))
            edges[static_cast<std::size_t>(n)].push_back(l[n * U + vocabulary.of(token)]);
    return edges;
}

double pathLogProb(const NameTrie& trie, const EdgeLogProbs& edges, const std::vector<std::int64_t>& name)
{
    double sum = 0;
    std::int32_t node = NameTrie::kRoot;
    for (std::size_t t = 0; t <= name.size(); ++t)
    {
        const auto e = trie.edge(node, t < name.size() ? name[t] : trie.eos());
        if (e < 0)
            return -std::numeric_limits<double>::infinity();
        sum += edges[static_cast<std::size_t>(node)][static_cast<std::size_t>(e)];
        node = trie.childAt(node, e);
    }
    return sum;
}

} // namespace mel::models::gemel
