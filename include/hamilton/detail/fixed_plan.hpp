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

#include "layout.hpp"

namespace hamilton::detail {

// Where one node's slots are, and how it reads its dependencies, as constants.
template <std::size_t Arity>
struct fixed_step {
    std::uint32_t node;
    std::array<std::uint32_t, Arity + 1> offsets;  // of its own slot, then of each dependency's
    std::uint64_t release;   // bit k: dependency k is read for the last time here and not requested
    std::uint64_t computed;  // bit k: dependency k was computed earlier in this run (not an input)
};

template <std::size_t N, std::size_t D>
struct fixed_plan {
    bool fixed = true;  // false: a node it would run has variants; plan at run time
    std::size_t count = 0;
    std::array<std::uint32_t, N> node{};  // in the order they run
    std::array<std::uint64_t, N> release{};
    std::array<std::uint64_t, N> computed{};
    std::array<std::uint32_t, N + D> offsets{};  // per step: its slot's, then its dependencies'
    std::array<std::uint32_t, N + 1> offsets_begin{};

    template <std::size_t Arity>
    [[nodiscard]] constexpr fixed_step<Arity> step(std::size_t i) const {
        fixed_step<Arity> s{node[i], {}, release[i], computed[i]};
        for (std::size_t k = 0; k <= Arity; ++k) s.offsets[k] = offsets[offsets_begin[i] + k];
        return s;
    }
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
    std::size_t depth = 0;
    for (auto s : outputs) {
        requested[s] = true;
        if (!reached[s]) reached[s] = true, stack[depth++] = s;
    }
    while (depth > 0) {
        const std::uint32_t s = stack[--depth];
        if (layout.producer_count[s] == 0) continue;  // an input
        const std::uint32_t producer = layout.first_producer[s];
        if (layout.producer_count[s] > 1 || shape.gated[producer]) {
            plan.fixed = false;
            return plan;
        }
        runs[producer] = true;
        for (auto d = shape.dep_offset[producer]; d < shape.dep_offset[producer + 1]; ++d)
            if (const auto dep = layout.dep_slot[d]; !reached[dep]) reached[dep] = true, stack[depth++] = dep;
    }

    std::array<std::uint32_t, max_slots> last_reader{};
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
