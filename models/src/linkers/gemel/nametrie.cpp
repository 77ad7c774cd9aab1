// Flat prefix tree with binary-searched child arrays.
#include "linkers/gemel/nametrie.h"

#include <algorithm>
#include <stdexcept>

namespace mel::models::gemel {

NameTrie::NameTrie() : m_nodes(1) {}

std::int32_t NameTrie::edge(std::int32_t node, std::int64_t token) const
{
    if (node < 0 || static_cast<std::size_t>(node) >= m_nodes.size())
        return -1;
    const auto& n = m_nodes[static_cast<std::size_t>(node)];
    const auto it = std::lower_bound(n.tokens.begin(), n.tokens.end(), token);
    if (it == n.tokens.end() || *it != token)
        return -1;
    return static_cast<std::int32_t>(it - n.tokens.begin());
}

std::int32_t NameTrie::child(std::int32_t node, std::int64_t token) const
{
    const auto e = edge(node, token);
    return e < 0 ? kNone : childAt(node, e);
}

void NameTrie::add(const std::vector<std::int64_t>& tokens, std::int32_t entity)
{
    if (tokens.empty())
        return;
    std::int32_t node = kRoot;
    for (const auto token : tokens)
    {
        if (token == m_eos)
            throw std::invalid_argument("NameTrie::add: a name token equals the end-of-name id");
        auto& n = m_nodes[static_cast<std::size_t>(node)];
        const auto it = std::lower_bound(n.tokens.begin(), n.tokens.end(), token);
        const auto pos = static_cast<std::size_t>(it - n.tokens.begin());
        if (it != n.tokens.end() && *it == token)
        {
            node = n.children[pos];
            continue;
        }
        const auto created = static_cast<std::int32_t>(m_nodes.size());
        n.tokens.insert(n.tokens.begin() + static_cast<std::ptrdiff_t>(pos), token);
        n.children.insert(n.children.begin() + static_cast<std::ptrdiff_t>(pos), created);
        m_nodes.emplace_back();  // invalidates `n`
        node = created;
    }
    auto& leaf = m_nodes[static_cast<std::size_t>(node)];
    if (leaf.entities.empty())
    {
        ++m_names;
        const auto it = std::lower_bound(leaf.tokens.begin(), leaf.tokens.end(), m_eos);
        const auto pos = static_cast<std::size_t>(it - leaf.tokens.begin());
        leaf.tokens.insert(leaf.tokens.begin() + static_cast<std::ptrdiff_t>(pos), m_eos);
        leaf.children.insert(leaf.children.begin() + static_cast<std::ptrdiff_t>(pos), kNone);
    }
    if (std::find(leaf.entities.begin(), leaf.entities.end(), entity) == leaf.entities.end())
        leaf.entities.push_back(entity);
}

std::int32_t NameTrie::walk(const std::vector<std::int64_t>& tokens) const
{
    std::int32_t node = kRoot;
    for (const auto token : tokens)
    {
        if (token == m_eos)
            return kNone;
        node = child(node, token);
        if (node == kNone)
            return kNone;
    }
    return node;
}

bool NameTrie::contains(const std::vector<std::int64_t>& tokens) const
{
    const auto node = walk(tokens);
    return node != kNone && !m_nodes[static_cast<std::size_t>(node)].entities.empty();
}

} // namespace mel::models::gemel
