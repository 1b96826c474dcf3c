// hamilton/adapters.hpp: lifecycle adapters, hooks a driver calls around a graph and each node.
//
//   auto timing = std::make_shared<hamilton::timing_report>();
//   auto dr = hamilton::builder().with_modules(m).with_adapters(timing).build();
//   dr.execute<"report">(inputs);
//   std::cout << timing->table();
//
// An adapter derives from lifecycle_adapter and overrides the hooks it needs; the others do
// nothing. Several adapters are layered: before-hooks are called in the order given to
// with_adapters, after-hooks in reverse order. Node hooks are called from the thread that runs
// the node, so an adapter used with a multithreading executor must be thread-safe. A hook that
// throws ends the call with a hamilton::adapter_error (error.hpp); every adapter whose
// before-hook ran still gets its after-hook (docs/adapters.md, "When a hook throws").
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/clock.hpp"

namespace hamilton {

// One execute call.
struct graph_run {
    std::uint64_t run_id = 0;                 // distinct for every execute call of the process
    std::span<const std::string_view> outputs;  // the requested outputs
    std::size_t node_count = 0;               // nodes the call runs, each node of a block counted once
};

struct graph_outcome {
    bool success = true;
    std::exception_ptr error;               // when !success: what execute throws
    std::chrono::nanoseconds duration{0};   // of the whole call
};

// One run of one node; a node inside a block runs once per item.
struct node_run {
    std::uint64_t run_id = 0;
    std::string_view name;      // the value it computes
    std::string_view function;  // its function's name (a variant's name carries its __suffix)
    const std::vector<std::pair<std::string, std::string>>* tags = nullptr;
    // Inside a block: the item index in each enclosing fan-out, outermost first. Empty outside.
    std::span<const std::size_t> items;
};

struct node_outcome {
    bool success = true;
    // When !success: what the node threw, or the adapter_error of a later adapter's before_node
    // (the node did not run).
    std::exception_ptr error;
    std::chrono::nanoseconds duration{0};  // measured only when an adapter's wants_timing() is true
};

// A fan-out node produced its items; its block will now run `items` times.
struct fan_out_run {
    node_run node;                 // the node returning parallelizable<T>
    std::size_t items = 0;
    std::size_t nodes_per_item = 0;  // nodes of the block the call runs for each item
};

class lifecycle_adapter {
public:
    virtual ~lifecycle_adapter() = default;

    virtual void before_graph(const graph_run&) {}
    virtual void after_graph(const graph_run&, const graph_outcome&) {}
    virtual void before_node(const node_run&) {}
    virtual void after_node(const node_run&, const node_outcome&) {}
    virtual void on_fan_out(const fan_out_run&) {}

    // Does after_node need node_outcome::duration? Measuring it reads the clock twice per node.
    [[nodiscard]] virtual bool wants_timing() const { return false; }
};

}  // namespace hamilton
