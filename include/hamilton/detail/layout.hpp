// hamilton/detail/layout.hpp: the graph's structure, computed by constexpr functions over arrays.
//
// Input: every node's name and dependency names. Output: one "slot" per distinct name (a node's
// value or an input), which slot each node fills and reads, who produces and consumes each
// slot, a topological order, and a cycle when there is one. These functions are templates on
// sizes only, not on node types, and run in time linear in nodes + dependencies (names are
// interned in a hash table), so graphs of thousands of nodes stay cheap to compile.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hamilton::detail {

inline constexpr std::uint32_t none = 0xFFFFFFFFu;

constexpr std::size_t hash_table_size(std::size_t names) {
    std::size_t size = 16;
    while (size < 2 * names) size *= 2;
    return size;
}

constexpr std::uint64_t hash_name(std::string_view text) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

// Nodes (N) and dependencies (D) as plain arrays: the input of compute_layout.
template <std::size_t N, std::size_t D>
struct graph_shape {
    std::array<std::string_view, N> node_name{};
    std::array<bool, N> gated{};
    std::array<bool, N> dynamic{};  // starts or ends a block (see parallel.hpp)
    std::array<std::uint32_t, N + 1> dep_offset{};
    std::array<std::string_view, D> dep_name{};
};

template <std::size_t N, std::size_t D>
struct graph_layout {
    static constexpr std::size_t max_slots = N + D;
    std::size_t slot_count = 0;
    std::array<std::string_view, max_slots> slot_name{};
    std::array<std::uint32_t, N> node_slot{};
    std::array<std::uint32_t, D> dep_slot{};
    std::array<std::uint32_t, D> dep_node{};          // the node a dependency belongs to
    std::array<bool, D> dep_repeated{};               // its node reads the same slot twice
    std::array<std::uint32_t, max_slots> producer_count{};
    std::array<std::uint32_t, max_slots> first_producer{};
    std::array<std::uint32_t, max_slots> first_ungated_producer{};
    std::array<std::uint32_t, max_slots> first_consumer_dep{};
    std::array<std::uint32_t, max_slots> producer_offset{};  // CSR: producers of each slot
    std::array<std::uint32_t, N> producer_list{};
    std::array<std::uint32_t, max_slots + 1> consumer_offset{};  // CSR: dependencies reading each slot
    std::array<std::uint32_t, D> consumer_list{};
    std::array<std::uint32_t, max_slots> slot_table{};       // hash table: name -> slot
    std::array<std::uint32_t, N> topological_order{};        // producers before consumers
    std::size_t ordered = 0;                                  // < N when there is a cycle
    std::array<std::uint32_t, N + 1> cycle{};                 // nodes on a cycle, in data-flow order
    std::size_t cycle_length = 0;

    static constexpr std::size_t table_size = hash_table_size(max_slots);

    [[nodiscard]] constexpr std::uint32_t find_slot(std::string_view name) const {
        if constexpr (max_slots == 0) {
            return none;
        } else {
            std::size_t at = hash_name(name) & (table_size - 1);
            while (true) {
                const std::uint32_t s = table_[at];
                if (s == none) return none;
                if (slot_name[s] == name) return s;
                at = (at + 1) & (table_size - 1);
            }
        }
    }

    std::array<std::uint32_t, table_size> table_{};
};

template <class T, std::size_t Size, class Value>
constexpr void fill_in_order(std::array<T, Size>& array, Value value) {
    for (auto& element : array) element = static_cast<T>(value);
}

template <std::size_t N, std::size_t D>
constexpr std::uint32_t intern(graph_layout<N, D>& g, std::string_view name) {
    constexpr std::size_t mask = graph_layout<N, D>::table_size - 1;
    std::size_t at = hash_name(name) & mask;
    while (g.table_[at] != none) {
        if (g.slot_name[g.table_[at]] == name) return g.table_[at];
        at = (at + 1) & mask;
    }
    const auto slot = static_cast<std::uint32_t>(g.slot_count++);
    g.table_[at] = slot;
    g.slot_name[slot] = name;
    return slot;
}

template <std::size_t N, std::size_t D>
constexpr graph_layout<N, D> compute_layout(const graph_shape<N, D>& shape) {
    graph_layout<N, D> g{};
    // Every array is written in order first: g++ evaluates a write to a not yet written element
    // by inserting into a sorted list, so writing a large array out of order takes quadratic time.
    fill_in_order(g.slot_name, std::string_view{});
    fill_in_order(g.node_slot, 0u);
    fill_in_order(g.dep_slot, 0u);
    fill_in_order(g.dep_node, 0u);
    fill_in_order(g.dep_repeated, false);
    fill_in_order(g.producer_count, 0u);
    fill_in_order(g.first_producer, none);
    fill_in_order(g.first_ungated_producer, none);
    fill_in_order(g.first_consumer_dep, none);
    fill_in_order(g.producer_offset, 0u);
    fill_in_order(g.producer_list, 0u);
    fill_in_order(g.consumer_offset, 0u);
    fill_in_order(g.consumer_list, 0u);
    fill_in_order(g.slot_table, 0u);
    fill_in_order(g.topological_order, 0u);
    fill_in_order(g.cycle, 0u);
    fill_in_order(g.table_, none);

    // Slots: node names first (so a node's slot index is stable), then input names.
    for (std::size_t n = 0; n < N; ++n) g.node_slot[n] = intern(g, shape.node_name[n]);
    for (std::size_t d = 0; d < D; ++d) g.dep_slot[d] = intern(g, shape.dep_name[d]);
    for (std::size_t n = 0; n < N; ++n)
        for (std::uint32_t d = shape.dep_offset[n]; d < shape.dep_offset[n + 1]; ++d) {
            g.dep_node[d] = static_cast<std::uint32_t>(n);
            for (std::uint32_t e = shape.dep_offset[n]; e < shape.dep_offset[n + 1]; ++e)
                if (e != d && g.dep_slot[e] == g.dep_slot[d]) g.dep_repeated[d] = true;
        }

    // Producers.
    for (std::size_t n = 0; n < N; ++n) {
        const auto s = g.node_slot[n];
        if (g.producer_count[s]++ == 0) g.first_producer[s] = static_cast<std::uint32_t>(n);
        if (!shape.gated[n] && g.first_ungated_producer[s] == none)
            g.first_ungated_producer[s] = static_cast<std::uint32_t>(n);
    }
    {
        std::uint32_t offset = 0;
        for (std::size_t s = 0; s < g.slot_count; ++s) {
            g.producer_offset[s] = offset;
            offset += g.producer_count[s];
        }
        std::array<std::uint32_t, N + D> fill{};
        fill_in_order(fill, 0u);
        for (std::size_t n = 0; n < N; ++n) {
            const auto s = g.node_slot[n];
            g.producer_list[g.producer_offset[s] + fill[s]++] = static_cast<std::uint32_t>(n);
        }
    }

    // Consumers (CSR over dependencies).
    {
        std::array<std::uint32_t, N + D + 1> count{};
        fill_in_order(count, 0u);
        for (std::size_t d = 0; d < D; ++d) {
            ++count[g.dep_slot[d]];
            if (g.first_consumer_dep[g.dep_slot[d]] == none)
                g.first_consumer_dep[g.dep_slot[d]] = static_cast<std::uint32_t>(d);
        }
        std::uint32_t offset = 0;
        for (std::size_t s = 0; s <= g.slot_count; ++s) {
            g.consumer_offset[s] = offset;
            offset += count[s];
        }
        std::array<std::uint32_t, N + D> fill{};
        fill_in_order(fill, 0u);
        for (std::size_t d = 0; d < D; ++d) {
            const auto s = g.dep_slot[d];
            g.consumer_list[g.consumer_offset[s] + fill[s]++] = static_cast<std::uint32_t>(d);
        }
    }

    // Topological order (Kahn), ties broken by registration order. A node waits for every
    // producer of every slot it reads: all variants, since config picks them only at build().
    std::array<std::uint32_t, N> waiting{};
    fill_in_order(waiting, 0u);
    for (std::size_t n = 0; n < N; ++n)
        for (std::uint32_t d = shape.dep_offset[n]; d < shape.dep_offset[n + 1]; ++d)
            waiting[n] += g.producer_count[g.dep_slot[d]];
    std::size_t head = 0;
    for (std::size_t n = 0; n < N; ++n)
        if (waiting[n] == 0) g.topological_order[g.ordered++] = static_cast<std::uint32_t>(n);
    while (head < g.ordered) {
        const auto n = g.topological_order[head++];
        const auto s = g.node_slot[n];
        for (std::uint32_t c = g.consumer_offset[s]; c < g.consumer_offset[s + 1]; ++c) {
            const auto consumer = g.dep_node[g.consumer_list[c]];
            if (--waiting[consumer] == 0) g.topological_order[g.ordered++] = consumer;
        }
    }

    // A cycle: from a node left waiting, keep following a dependency whose producer is also
    // left waiting; the walk must revisit a node, and the loop from there is a cycle.
    if (g.ordered < N) {
        std::array<std::uint32_t, N> position{};
        for (auto& p : position) p = none;
        std::array<std::uint32_t, N + 1> walk{};
        std::size_t length = 0;
        std::uint32_t current = none;
        for (std::size_t n = 0; n < N && current == none; ++n)
            if (waiting[n] != 0) current = static_cast<std::uint32_t>(n);
        while (position[current] == none) {
            position[current] = static_cast<std::uint32_t>(length);
            walk[length++] = current;
            std::uint32_t next = none;
            for (std::uint32_t d = shape.dep_offset[current]; d < shape.dep_offset[current + 1] && next == none; ++d) {
                const auto s = g.dep_slot[d];
                for (std::uint32_t p = g.producer_offset[s]; p < g.producer_offset[s] + g.producer_count[s]; ++p)
                    if (waiting[g.producer_list[p]] != 0) {
                        next = g.producer_list[p];
                        break;
                    }
            }
            current = next;
        }
        // walk[position[current]..length) is the cycle, consumer before producer: reverse it
        // so that it reads in data-flow order, and close it.
        for (std::size_t i = length; i-- > position[current];) g.cycle[g.cycle_length++] = walk[i];
        g.cycle[g.cycle_length++] = walk[length - 1];
    }
    return g;
}

// The nodes that stay when modules are added with module overrides allowed. `names` lists every
// node in groups of `group_size[g]` nodes: the builder's nodes, then each module's in order. A
// node is dropped when a later group has a node of its name (all variants of a name go
// together); within one group both stay, and the graph reports the duplicate. `index` lists the
// survivors' positions in `names`, in order. Linear in the number of nodes: names are hashed.
template <std::size_t N>
struct survivors {
    std::size_t count = 0;
    std::array<std::uint32_t, N> index{};
};

template <std::size_t N, std::size_t G>
constexpr survivors<N> surviving_nodes(const std::array<std::string_view, N>& names,
                                       const std::array<std::size_t, G>& group_size) {
    std::array<std::uint32_t, N> group{};
    for (std::size_t g = 0, n = 0; g < G; ++g)
        for (std::size_t k = 0; k < group_size[g]; ++k) group[n++] = static_cast<std::uint32_t>(g);
    // For each name, the last node that has it; groups only grow along `names`.
    constexpr std::size_t size = hash_table_size(N);
    std::array<std::uint32_t, size> last{};
    for (auto& t : last) t = none;
    std::array<std::uint32_t, N> entry{};
    for (std::size_t n = 0; n < N; ++n) {
        std::size_t at = hash_name(names[n]) & (size - 1);
        while (last[at] != none && names[last[at]] != names[n]) at = (at + 1) & (size - 1);
        last[at] = static_cast<std::uint32_t>(n);
        entry[n] = static_cast<std::uint32_t>(at);
    }
    survivors<N> out{};
    for (std::size_t n = 0; n < N; ++n)
        if (group[last[entry[n]]] == group[n]) out.index[out.count++] = static_cast<std::uint32_t>(n);
    return out;
}

}  // namespace hamilton::detail
