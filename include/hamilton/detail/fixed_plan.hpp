// hamilton/detail/fixed_plan.hpp: the plan of a typed execute, computed at compile time.
//
// execute<"out">() knows its outputs at compile time. When no node it would run has config
// variants, no config can change which nodes run, in what order, or when each value is read
// for the last time: the plan is fixed. The typed execute then runs the plan's nodes as
// straight-line code, one direct step per node with constant slot offsets, instead of walking
// the engine's run-time plan; with overrides (which cut the graph at run time) it uses the
// engine's plan. Both plans list the same nodes in the same order (the graph's topological
// order, restricted to the outputs' upstream), so a run_state serves either.
//
// Like layout.hpp, these are constexpr functions templated on sizes only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "always_inline.hpp"
#include "layout.hpp"
#include "type_list.hpp"

namespace hamilton::detail {

// Steps run by one function: a long plan is split into chunks, so that the compiler optimizes
// many small functions instead of one huge one (its cost grows faster than the code's size).
inline constexpr std::size_t fixed_chunk_size = 64;

// Steps [first, first + Count) of a fixed plan, with their offsets counted from the chunk's start.
template <std::size_t Count, std::size_t Offsets>
struct fixed_chunk {
    std::uint32_t first;
    std::array<std::uint32_t, Count> node;
    std::array<std::uint64_t, Count> release;   // bit k: dependency k is read for the last time, and not requested
    std::array<std::uint64_t, Count> computed;  // bit k: dependency k was computed earlier in this run
    std::array<std::uint32_t, Count + 1> offsets_begin;
    std::array<std::uint32_t, Offsets> offsets;  // per step: its slot's, then its dependencies'
};

template <std::size_t N, std::size_t D>
struct fixed_plan {
    bool fixed = true;  // false: a node it would run has variants or starts or ends a block; plan at run time
    std::size_t count = 0;
    std::array<std::uint32_t, N> node{};  // in the order they run
    std::array<std::uint64_t, N> release{};
    std::array<std::uint64_t, N> computed{};
    std::array<std::uint32_t, N + D> offsets{};  // per step: its slot's, then its dependencies'
    std::array<std::uint32_t, N + 1> offsets_begin{};

    [[nodiscard]] constexpr std::size_t chunk_count() const { return (count + fixed_chunk_size - 1) / fixed_chunk_size; }
    [[nodiscard]] constexpr std::size_t chunk_begin(std::size_t c) const { return c * fixed_chunk_size; }
    [[nodiscard]] constexpr std::size_t chunk_end(std::size_t c) const {
        return count < (c + 1) * fixed_chunk_size ? count : (c + 1) * fixed_chunk_size;
    }
    [[nodiscard]] constexpr std::size_t chunk_steps(std::size_t c) const { return chunk_end(c) - chunk_begin(c); }
    [[nodiscard]] constexpr std::size_t chunk_offsets(std::size_t c) const {
        return offsets_begin[chunk_end(c)] - offsets_begin[chunk_begin(c)];
    }

    template <std::size_t Count, std::size_t Offsets>
    [[nodiscard]] constexpr fixed_chunk<Count, Offsets> chunk(std::size_t c) const {
        fixed_chunk<Count, Offsets> out{};
        const std::size_t first = chunk_begin(c), base = offsets_begin[first];
        out.first = static_cast<std::uint32_t>(first);
        for (std::size_t j = 0; j < Count; ++j) {
            out.node[j] = node[first + j];
            out.release[j] = release[first + j];
            out.computed[j] = computed[first + j];
            out.offsets_begin[j] = static_cast<std::uint32_t>(offsets_begin[first + j] - base);
        }
        out.offsets_begin[Count] = static_cast<std::uint32_t>(Offsets);
        for (std::size_t k = 0; k < Offsets; ++k) out.offsets[k] = offsets[base + k];
        return out;
    }
};

// Runs the steps of `Chunk`; Runners are their nodes' detail::node_runner types. `done` counts
// the steps of the plan that completed, for the cleanup when one throws.
template <auto Chunk, class... Runners>
struct fixed_chunk_call {
    [[gnu::noinline]] static void run(std::byte* data, const void* const* callables, const void* const* defaults,
                                      std::size_t& done) {
        // A local count (not `done` itself): a store through a reference between two steps
        // would make the compiler reload the value the first step just computed.
        std::size_t completed = 0;
        try {
            run_steps(data, callables, defaults, completed, std::index_sequence_for<Runners...>{});
        } catch (...) {
            done = Chunk.first + completed;
            throw;
        }
    }

private:
    template <std::size_t... J>
    HAMILTON_DETAIL_ALWAYS_INLINE static void run_steps(std::byte* data, const void* const* callables,
                                                        const void* const* defaults, std::size_t& completed,
                                                        std::index_sequence<J...>) {
        ((Runners::template execute_fixed<Chunk.computed[J]>(data, Chunk.offsets.data() + Chunk.offsets_begin[J],
                                                              Chunk.release[J], callables[Chunk.node[J]],
                                                              defaults[Chunk.node[J]]),
          completed = J + 1),
         ...);
    }
};

// The fixed_chunk_call of `Chunk`, its runners found in `Runners` (a type_list, one per node of
// the graph). A type, not a function: no compiled name spells out the whole graph.
template <auto Chunk, class Runners, class Steps = std::make_index_sequence<Chunk.node.size()>>
struct fixed_chunk_of;
template <auto Chunk, class Runners, std::size_t... J>
struct fixed_chunk_of<Chunk, Runners, std::index_sequence<J...>> {
    using type = fixed_chunk_call<Chunk, type_at<Chunk.node[J], Runners>...>;
};

// The fixed plan computing `outputs` (slots) of a valid graph; `slot_offsets` are the slots'
// offsets in the state buffer.
template <std::size_t N, std::size_t D, std::size_t Outputs, std::size_t Slots>
constexpr fixed_plan<N, D> make_fixed_plan(const graph_shape<N, D>& shape, const graph_layout<N, D>& layout,
                                           const std::array<std::size_t, Slots>& slot_offsets,
                                           const std::array<std::uint32_t, Outputs>& outputs) {
    constexpr std::size_t max_slots = graph_layout<N, D>::max_slots;
    fixed_plan<N, D> plan;
    std::array<bool, max_slots> reached{}, requested{};
    std::array<bool, N> runs{};
    std::array<std::uint32_t, max_slots> stack{};
    fill_in_order(reached, false);  // see compute_layout
    fill_in_order(requested, false);
    fill_in_order(runs, false);
    fill_in_order(plan.release, 0u);
    fill_in_order(plan.computed, 0u);
    std::size_t depth = 0;
    for (auto s : outputs) {
        requested[s] = true;
        if (!reached[s]) reached[s] = true, stack[depth++] = s;
    }
    while (depth > 0) {
        const std::uint32_t s = stack[--depth];
        if (layout.producer_count[s] == 0) continue;  // an input
        const std::uint32_t producer = layout.first_producer[s];
        if (layout.producer_count[s] > 1 || shape.gated[producer] || shape.dynamic[producer]) {
            plan.fixed = false;
            return plan;
        }
        runs[producer] = true;
        for (auto d = shape.dep_offset[producer]; d < shape.dep_offset[producer + 1]; ++d)
            if (const auto dep = layout.dep_slot[d]; !reached[dep]) reached[dep] = true, stack[depth++] = dep;
    }

    std::array<std::uint32_t, max_slots> last_reader{};
    fill_in_order(last_reader, 0u);
    for (std::uint32_t n : layout.topological_order) {
        if (!runs[n]) continue;
        const auto i = static_cast<std::uint32_t>(plan.count++);
        plan.node[i] = n;
        for (auto d = shape.dep_offset[n]; d < shape.dep_offset[n + 1]; ++d) last_reader[layout.dep_slot[d]] = i;
    }
    std::size_t at = 0;
    for (std::size_t i = 0; i < plan.count; ++i) {
        const std::uint32_t n = plan.node[i];
        plan.offsets_begin[i] = static_cast<std::uint32_t>(at);
        plan.offsets[at++] = static_cast<std::uint32_t>(slot_offsets[layout.node_slot[n]]);
        for (auto d = shape.dep_offset[n]; d < shape.dep_offset[n + 1]; ++d) {
            const auto s = layout.dep_slot[d];
            const std::uint64_t bit = std::uint64_t{1} << (d - shape.dep_offset[n]);
            plan.offsets[at++] = static_cast<std::uint32_t>(slot_offsets[s]);
            if (last_reader[s] == i && !requested[s]) plan.release[i] |= bit;
            if (layout.producer_count[s] != 0) plan.computed[i] |= bit;
        }
    }
    plan.offsets_begin[plan.count] = static_cast<std::uint32_t>(at);
    return plan;
}

}  // namespace hamilton::detail
