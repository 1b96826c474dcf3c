// hamilton/detail/plan.hpp: how one execute call runs: its steps in order, the inputs it needs,
// and, with fan-out blocks or a thread pool, its block plans (see blocks.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "blocks.hpp"
#include "state.hpp"

namespace hamilton::detail {

// How one execute call runs: computed once per (outputs, overridden names), then cached.
struct plan {
    struct input {
        std::uint32_t slot;
        bool required;
        std::uint32_t consumer;  // a node reading it, or none when it is requested itself
        std::uint32_t output;    // the requested output that needs it
    };
    std::vector<step> steps;
    std::vector<std::uint32_t> outputs;
    std::vector<input> inputs;
    std::vector<std::uint32_t> overridden;
    // Empty: the steps run in order, in the calling thread. Otherwise the execution has blocks or
    // runs on a thread pool: blocks[0] is the top block (see blocks.hpp), and the steps are run
    // by its units.
    std::vector<block_plan> blocks;
    std::vector<std::uint32_t> readers;  // threaded: per slot of the top frame, the units reading it
    std::size_t node_units = 0;          // nodes the plan runs, each node of a block counted once
};

}  // namespace hamilton::detail
