// Prefix tree over entity names (character ids), stored flat: per node a sorted array of allowed next tokens,
// the child reached by each, and the entities whose name ends there. Constrained decoding only ever follows
// these arrays, so whatever it emits is a name that was added (spec/dwe-gemel-detail.md B2.7 and C5).
#pragma once

#include <cstdint>
#include <vector>

namespace mel::models::gemel {

class NameTrie
{
public:
    static constexpr std::int32_t kRoot = 0;
    static constexpr std::int32_t kNone = -1;

    NameTrie();

    // Adds the name spelt by `tokens` (no BOS/EOS) for `entity` (an index the caller maps to a QID). Adding the
    // same name again appends the entity to that name's list (names shared by several QIDs). Tokens must not be
    // `eos`. An empty name is ignored (it could never be generated).
    void add(const std::vector<std::int64_t>& tokens, std::int32_t entity);

    // Tokens allowed after the prefix that led to `node`, ascending: its children's tokens, plus `eos` when a name
    // ends at `node`.
    const std::vector<std::int64_t>& allowed(std::int32_t node) const { return m_nodes[node].tokens; }
    // The node after `token`, kNone when the token is not allowed. EOS leads to kNone too (the name is complete).
    std::int32_t child(std::int32_t node, std::int64_t token) const;
    // Index of `token` in allowed(node) (the edge's slot in per-edge tables), -1 when it is not allowed.
    std::int32_t edge(std::int32_t node, std::int64_t token) const;
    // The node at the end of edge `edge` of `node` (as child(), without searching again).
    std::int32_t childAt(std::int32_t node, std::int32_t edge) const { return m_nodes[node].children[edge]; }
    // Entities whose name ends at `node` (in the order they were added).
    const std::vector<std::int32_t>& entities(std::int32_t node) const { return m_nodes[node].entities; }
    // Follows `tokens` from the root; kNone when they leave the trie.
    std::int32_t walk(const std::vector<std::int64_t>& tokens) const;
    // True when `tokens` + EOS is a complete name in the trie.
    bool contains(const std::vector<std::int64_t>& tokens) const;

    std::size_t nodeCount() const { return m_nodes.size(); }
    std::size_t nameCount() const { return m_names; }
    std::int64_t eos() const { return m_eos; }
    void setEos(std::int64_t eos) { m_eos = eos; }

private:
    struct Node
    {
        std::vector<std::int64_t> tokens;    // sorted
        std::vector<std::int32_t> children;  // parallel to tokens; kNone for eos
        std::vector<std::int32_t> entities;
    };
    std::vector<Node> m_nodes;
    std::size_t m_names = 0;
    std::int64_t m_eos = 2;
};

} // namespace mel::models::gemel
