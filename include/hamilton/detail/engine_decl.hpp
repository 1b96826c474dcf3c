// hamilton/detail/engine_decl.hpp: class engine, the run-time half of a driver, declared: what
// the driver and the tools on it (graphviz, catalog, cli...) call, its optional parts (the
// adapters' hooks, the cache's binding, the thread pool: engine_parts) and its data. The member functions are
// defined by concern in the engine_*.hpp headers (engine.hpp lists them).
//
// Or, with HAMILTON_SEPARATE_COMPILATION defined (in every translation unit of the program),
// engine.hpp includes only this header and one translation unit includes <hamilton/impl/src.hpp>,
// which defines them once, the way BOOST_ASIO_SEPARATE_COMPILATION works: the other units then
// neither parse nor instantiate the engine's code.
#pragma once

#include <any>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include "../adapters.hpp"
#include "../config.hpp"
#include "../results.hpp"
#include "../variable.hpp"
#include "blocks.hpp"
#include "graph_view.hpp"
#include "layout.hpp"
#include "node_cache.hpp"
#include "node_description.hpp"
#include "plan.hpp"
#include "run_state.hpp"
#include "state.hpp"
#include "task_pool.hpp"

// How the engine's out-of-line member functions are defined: inline in every unit (header-only),
// or once, in the unit that includes <hamilton/impl/src.hpp>.
#ifdef HAMILTON_SEPARATE_COMPILATION
#define HAMILTON_DETAIL_DECL
#else
#define HAMILTON_DETAIL_DECL inline
#endif

namespace hamilton::detail {

class engine;

// One execute call run with hooks, as the adapters see it.
struct run_call {
    std::uint64_t run_id;
    const plan& steps;
    run_state& state;
    cache_run* cache;  // nullptr without a cache
};

// The engine's optional code. The engine reaches each part only through these pointers, which
// stay null until the builder member of its feature sets them: a program that does not use the
// feature neither instantiates nor optimizes the part. engine::use_hooks (with_adapters),
// engine::use_cache (with_cache) and engine::use_pool (with_executor(multithreading_executor),
// executor.hpp) set them.
struct engine_parts {
    // The adapters' hooks (engine_hooks.hpp): around the graph, around each node, at each fan-out.
    void (engine::*run_between_graph_hooks)(const run_call& c) const = nullptr;
    void (engine::*run_hooked)(const step& st, std::uint64_t run_id, std::byte* data,
                               const std::vector<std::size_t>& items) const = nullptr;
    void (engine::*fan_out_hooks)(const run_call& c, std::uint32_t expander, std::size_t count,
                                  const block_plan& body, const std::vector<std::size_t>& items) const = nullptr;
    // Binding the cache to the graph at build() (engine_cache.hpp).
    void (engine::*bind_cache)(std::vector<std::string>& problems) = nullptr;
    // Running the top block of a plan on the pool (engine_threads.hpp, which executor.hpp includes).
    void (engine::*run_on_pool)(const run_call& c) const = nullptr;
};

// What a driver runs nodes with, beyond its graph and config (see executor.hpp, adapters.hpp).
struct execution_options {
    std::shared_ptr<task_pool> pool;  // nullptr: the calling thread
    std::vector<std::shared_ptr<lifecycle_adapter>> adapters;
    std::shared_ptr<const node_cache> cache;  // nullptr: no cache
    cache_behaviors behaviors;
    engine_parts parts;
};

// The driver's run-time data: the active graph under one config, and the plan cache. Its member
// functions are defined by concern in the engine_*.hpp headers that engine.hpp includes.
class engine {
public:
    // `objects[n]` is node n's object and `metadata[n]` describes it. Throws the hamilton::error
    // of build() when the config selects two variants of a node or compares a value with a
    // condition of another kind.
    engine(const graph_view& view, node_objects objects, const std::vector<node_metadata>& metadata, config cfg,
           execution_options options = {});

    // The same for a view linked at build() from modules compiled in several units (link.hpp),
    // which the engine keeps alive.
    engine(std::shared_ptr<const graph_view> view, node_objects objects, const std::vector<node_metadata>& metadata,
           config cfg, execution_options options = {});

    [[nodiscard]] const graph_view& view() const noexcept { return *view_; }

    [[nodiscard]] const config& configuration() const noexcept { return config_; }

    // The node that computes `slot` under this config, or none (an input).
    [[nodiscard]] std::uint32_t producer(std::uint32_t slot) const { return active_producer_[slot]; }

    // ---- execute (engine_execute.hpp, engine_run.hpp) -----------------------------------------

    // Checks names, finds or makes the plan, binds inputs and overrides into a fresh state.
    // Throws one hamilton::error listing every problem.
    [[nodiscard]] std::unique_ptr<run_state> prepare(const std::vector<std::uint32_t>& output_slots,
                                                     const std::vector<std::string_view>& output_names,
                                                     const values& inputs, const values& overrides,
                                                     bool by_name) const;

    // Runs the plan's steps in order; a node that throws becomes a node_error naming it.
    void run(run_state& state) const;

    // Called from a catch block when step `index` of the state's plan threw: keeps what the
    // completed steps own for cleanup, and rethrows as a node_error naming the node, with the
    // original nested.
    [[noreturn, gnu::cold]] void node_failed(run_state& state, std::size_t index) const;

    // Can a typed execute run its compile-time plan? Not on a thread pool or with adapters; nor
    // in a graph linked with compiled modules, whose nodes may compute what the plan takes as inputs.
    [[nodiscard]] bool runs_fixed_plans() const noexcept {
        return !options_.pool && options_.adapters.empty() && !node_cache_ && !linked_view_;
    }

    // Was the graph linked at build() from modules compiled in other units?
    [[nodiscard]] bool linked() const noexcept { return linked_view_ != nullptr; }

    // For a typed execute in a linked graph: throws when an output's value is not of the type the
    // calling unit's graph gives it (`types[i]`): a fan-out of another unit whose items it reads.
    void require_output_types(const std::vector<std::uint32_t>& output_slots,
                              const std::vector<const std::type_info*>& types,
                              const std::vector<std::string_view>& output_names) const;

    // Node n's callable and the defaults of its optional dependencies, for code that runs a fixed plan.
    [[nodiscard]] const void* const* callables() const noexcept { return callables_.data(); }

    [[nodiscard]] const void* const* defaults() const noexcept { return defaults_.data(); }

    [[nodiscard]] results collect(const run_state& state) const;

    // The slot of each name (none for an unknown one, which prepare reports).
    [[nodiscard]] std::vector<std::uint32_t> slots_of(const std::vector<std::string_view>& names) const;

    // ---- queries (engine_queries.hpp) -------------------------------------------------------------

    // The value of `name` (an input, or a node to override) that `text` spells, by its type.
    [[nodiscard]] std::any value_from_text(std::string_view name, std::string_view text) const;

    [[nodiscard]] variable describe(std::uint32_t slot) const;

    // Slots of the active graph, inputs first, then nodes in topological order.
    [[nodiscard]] std::vector<std::uint32_t> ordered_slots() const;

    [[nodiscard]] std::vector<variable> list_available_variables(const tag_filter& filter) const;

    // Marks everything upstream (direction = up) or downstream of `start`, itself included.
    [[nodiscard]] std::vector<bool> reachable(const std::vector<std::uint32_t>& start, bool up) const;

    // The slots named, or a hamilton::error listing the unknown names.
    [[nodiscard]] std::vector<std::uint32_t> require_names(const std::vector<std::string>& names,
                                                           std::string_view context) const;

    [[nodiscard]] std::vector<variable> variables_where(const std::vector<bool>& keep) const;

    [[nodiscard]] std::vector<std::string_view> known_names() const;

    // Every variant of the node `name`, active or not; empty for a value without variants.
    // Throws a hamilton::error for a name no function computes or reads.
    [[nodiscard]] std::vector<node_variant> variants_of(std::string_view name) const;

    // ---- the optional parts (engine_parts), set by what needs them ------------------------------

    // The adapters' hooks (engine_hooks.hpp), the cache's binding (engine_cache.hpp), the run
    // on a thread pool (engine_threads.hpp).
    static void use_hooks(engine_parts& parts);
    static void use_cache(engine_parts& parts);
    static void use_pool(engine_parts& parts);

    // (engine_plan.hpp)
    // The plan for these outputs and overridden slots (sorted).
    [[nodiscard]] std::shared_ptr<const plan> find_plan(const std::vector<std::uint32_t>& outputs,
                                                        const std::vector<std::uint32_t>& overridden) const;

private:
    // ---- at build(): variants (engine_build.hpp), blocks (engine_blocks.hpp), cache (engine_cache.hpp)

    // (engine_build.hpp)
    void choose_variants(std::vector<std::string> problems);

    // "raw__csv [when(source=\"csv\")], raw__const [...]": variant functions and their conditions.
    [[nodiscard, gnu::cold]] std::string variants_text(const std::vector<std::uint32_t>& nodes) const;

    // (engine_blocks.hpp)
    // At build(): which block each node is in; a mistake in a block becomes a line of `problems`.
    void find_blocks(std::vector<std::string>& problems);

    // The fan-out whose block computes slot s, or none.
    [[nodiscard]] std::uint32_t inside_block(std::uint32_t s) const {
        const auto p = active_producer_[s];
        return p == none ? none : blocks_.scope(p);
    }

    // ---- planning an execution (engine_plan.hpp, engine_blocks.hpp, engine_execute.hpp) ---------

    static constexpr std::size_t plan_cache_capacity = 256;
    struct plan_cache;

    [[nodiscard]] plan make_plan(const std::vector<std::uint32_t>& outputs,
                                 const std::vector<std::uint32_t>& overridden) const;

    [[nodiscard]] std::uint32_t consumer_of(std::uint32_t dep) const;

    // Orders the nodes of `in_plan` into block plans (plan::blocks), with their steps.
    void plan_blocks(plan& p, const std::vector<bool>& in_plan) const;

    // Sorts a block's units so that each comes after the units it waits for.
    void order_units(block_plan& block) const;

    [[nodiscard, gnu::cold]] std::string missing_input_message(const plan::input& need, const values& inputs) const;

    // ---- running (engine_run.hpp, engine_fan_out.hpp, engine_threads.hpp) ---------------------

    using call = run_call;

    static std::uint64_t next_run_id();

    // Runs a plan with blocks, or on the pool, or with adapters (between their graph hooks), or a cache.
    void run_with_hooks(run_state& state) const;

    // Runs a plan without blocks in order, each step through run_node.
    void run_steps(const call& c) const;

    // Runs the plan of a call: its steps, or its top block in the calling thread or on the pool.
    void run_plan(const call& c) const;

    // Runs the plan between the adapters' graph hooks (engine_hooks.hpp).
    void run_between_graph_hooks(const call& c) const;

    // Runs the plan's top block on the pool (engine_threads.hpp).
    void run_on_pool(const call& c) const;

    // Runs a block's units in order, in one frame, in the calling thread.
    void run_block(const call& c, const block_plan& b, std::byte* data, collected_values& collected,
                   std::vector<std::size_t>& items) const;

    // The number of items of fan-out node e, in the frame `data`; tells the adapters.
    std::size_t announce_fan_out(const call& c, std::uint32_t e, const std::byte* data, const block_plan& body,
                                 const std::vector<std::size_t>& items) const;

    // The values of one fan-out's items that a collect<U> takes (engine_fan_out.hpp).
    class gatherings;

    static constexpr std::size_t no_item = static_cast<std::size_t>(-1);
    inline static const std::vector<std::size_t> no_items{};  // the item path of a node outside blocks

    // Runs the items of a fan-out's block that `claim` hands out (until it returns no_item), one
    // after the other, each in a frame whose values from outside the block are those of the frame
    // `outer`. Stops early once `stop` is set.
    template <class Claim>
    void run_items(const call& c, const block_plan& body, const std::byte* outer, Claim&& claim, gatherings& g,
                   std::vector<std::size_t>& items, const std::atomic<bool>* stop) const;

    // The top block of one execute call on the pool (engine_threads.hpp).
    class threaded_run;

    // Called in a catch block: rethrows as a node_error naming node n and its items.
    [[noreturn, gnu::cold]] void throw_node_error(std::uint32_t n, const std::vector<std::size_t>& items) const;

    // Where node n runs on `items`: "item 3 of fan-out 'city', in item 1 of fan-out 'region'",
    // the innermost first; empty outside blocks.
    [[nodiscard, gnu::cold]] std::string items_text(std::uint32_t n, const std::vector<std::size_t>& items) const;

    // ---- the cache (engine_cache.hpp) -------------------------------------------------------------

    void bind_cache(std::vector<std::string>& problems);

    // Runs one step; a node outside blocks goes through the cache when there is one: taken from
    // it when its key is there, else run and kept. A node that throws (or a cache failing on it)
    // becomes a node_error naming it and its items.
    void run_node(const call& c, const step& st, std::byte* data, const std::vector<std::size_t>& items) const;

    // Releases the values step `st` reads for the last time, as running it would have: for a node
    // taken from the cache, which does not run.
    void release_read_last(const step& st, std::byte* data) const;

    // ---- the adapters' hooks (engine_hooks.hpp) ---------------------------------------------------

    // Runs one step; a node that throws becomes a node_error naming it and its items. With
    // adapters, between their node hooks (run_hooked).
    void run_step(const step& st, std::uint64_t run_id, std::byte* data, const std::vector<std::size_t>& items) const;

    // Runs one step between the adapters' node hooks.
    void run_hooked(const step& st, std::uint64_t run_id, std::byte* data, const std::vector<std::size_t>& items) const;

    // Tells the adapters that fan-out node e has `count` items.
    void fan_out_hooks(const call& c, std::uint32_t e, std::size_t count, const block_plan& body,
                       const std::vector<std::size_t>& items) const;

    // Calls a before-hook of every adapter, in the order given, and returns how many ran. One
    // that throws stops it: `failure` is then its adapter_error, and it is not counted (like a
    // constructor that threw, it gets no after-hook).
    template <class Hook>
    std::size_t before_hooks(const Hook& hook, std::string_view name, std::uint32_t node,
                             const std::vector<std::size_t>& items, std::exception_ptr& failure) const;

    // Calls an after-hook of the first `count` adapters, the last given first. One that throws
    // does not keep the others from being called; returns the first one's adapter_error, or null.
    template <class Hook>
    [[nodiscard]] std::exception_ptr after_hooks(std::size_t count, const Hook& hook, std::string_view name,
                                                 std::uint32_t node, const std::vector<std::size_t>& items) const;

    // Called in a catch block: the adapter_error of hook `name` of adapter a, called for node n
    // (none for a graph hook) on `items`, with the adapter's exception nested.
    [[nodiscard]] std::exception_ptr adapter_failure(std::size_t a, std::string_view name, std::uint32_t n,
                                                     const std::vector<std::size_t>& items) const;

    const graph_view* view_;
    std::shared_ptr<const graph_view> linked_view_;  // the view, when build() linked it (else a static)
    node_objects node_objects_;
    std::vector<const void*> callables_, defaults_;  // inside node_objects_
    config config_;
    std::vector<node_description> described_;
    std::vector<std::uint32_t> active_producer_;
    std::vector<bool> in_graph_;
    std::vector<bool> dep_selected_;  // per dependency: false when a config_group leaves it out
    std::shared_ptr<plan_cache> cache_;
    execution_options options_;
    std::shared_ptr<const bound_cache> node_cache_;  // nullptr without a cache
    bool timing_ = false;  // an adapter wants node durations
    block_structure blocks_;
};

}  // namespace hamilton::detail
