// hamilton/detail/engine.hpp: the run-time half of a driver, shared by every graph type.
//
// The compile-time graph (graph.hpp) is turned once into a graph_view: plain vectors plus
// function pointers to the typed code (run a node, bind a value to a slot). Everything that
// depends on config, inputs or requested outputs works on that view and is compiled once,
// not once per graph: choosing variants at build(), planning an execution (the upstream
// closure, the order, when each value can be released), checking inputs, running the steps.
#pragma once

#include <algorithm>
#include <any>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "../config.hpp"
#include "../adapters.hpp"
#include "../error.hpp"
#include "../node.hpp"
#include "../results.hpp"
#include "../variable.hpp"
#include "layout.hpp"
#include "names.hpp"
#include "blocks.hpp"
#include "graph_view.hpp"
#include "node_cache.hpp"
#include "state.hpp"
#include "task_pool.hpp"

namespace hamilton {

namespace detail {

// The nodes of a graph (each node's node_fields: its function, documentation, defaults), each
// owned on its own.
using node_objects = std::vector<std::shared_ptr<const void>>;


// One node under the driver's config: does it exist, and what the catalog says of it.
struct node_description {
    bool active = true;
    std::string documentation;
    std::vector<std::pair<std::string, std::string>> tags;
    std::vector<std::string> conditions;
    std::vector<std::string_view> condition_keys;
};

inline node_description describe_node(std::string_view function_name, const node_metadata& node, const config& cfg,
                                      std::vector<std::string>& problems) {
    node_description d;
    d.active = node.conditions.hold(cfg, problems, function_name);
    d.documentation = std::string(node.documentation);
    // A generated node's documentation may name the node it documents (see parameterize.hpp).
    const auto name = node.conditions.conditions.empty() ? function_name : strip_variant_suffix(function_name);
    for (auto at = d.documentation.find("{output}"); at != std::string::npos;
         at = d.documentation.find("{output}", at + name.size()))
        d.documentation.replace(at, 8, name);
    for (const auto& t : node.tags) d.tags.emplace_back(std::string(t.key), std::string(t.value));
    d.conditions = node.conditions.texts();
    for (const auto& c : node.conditions.conditions) d.condition_keys.push_back(c.key);
    return d;
}

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

// The collect<U> values a frame's fan-outs gathered; destroyed with the frame.
class collected_values {
public:
    collected_values() = default;
    collected_values(const collected_values&) = delete;
    collected_values& operator=(const collected_values&) = delete;
    ~collected_values() { clear(); }

    // Owns `value` from now on, also when this throws.
    void add(void* value, void (*destroy)(void*)) {
        std::lock_guard lock(mutex_);
        try {
            values_.emplace_back(value, destroy);
        } catch (...) {
            destroy(value);
            throw;
        }
    }
    void clear() noexcept {
        for (auto& [value, destroy] : values_) destroy(value);
        values_.clear();
    }

private:
    std::mutex mutex_;  // fan-outs of the top frame finish on several threads
    std::vector<std::pair<void*, void (*)(void*)>> values_;
};

// The values of one execution. Destroys whatever the slots still own when it goes, also when a
// node threw midway: the slots of inputs, overrides, and of the steps that completed.
class run_state {
public:
    run_state(const graph_view& view, std::shared_ptr<const plan> p)
        : view_(&view), plan_(std::move(p)), buffer_(view.state_size, view.state_alignment) {
        for (const auto& in : plan_->inputs) ::new (slot(in.slot)) slot_header{nullptr, false};
        for (auto s : plan_->overridden) ::new (slot(s)) slot_header{nullptr, false};
        // Steps of a block plan complete in no fixed order: every slot starts empty.
        if (!plan_->blocks.empty())
            for (auto s : plan_->blocks.front().own) ::new (slot(s)) slot_header{nullptr, false};
    }
    run_state(const run_state&) = delete;
    run_state& operator=(const run_state&) = delete;
    ~run_state() {
        auto release = [&](std::uint32_t s) {
            if (header(s)->owns) view_->slots[s].reset(slot(s));
        };
        for (const auto& in : plan_->inputs) release(in.slot);
        for (auto s : plan_->overridden) release(s);
        if (!plan_->blocks.empty()) {
            for (auto s : plan_->blocks.front().own) release(s);
        } else if (finished) {  // every other computed value was released by its last reader
            for (auto s : plan_->outputs)
                if (!std::binary_search(plan_->overridden.begin(), plan_->overridden.end(), s)) release(s);
        } else {
            for (std::size_t i = 0; i < completed; ++i) release(view_->node_slot[plan_->steps[i].node]);
        }
    }

    [[nodiscard]] const plan& steps() const noexcept { return *plan_; }
    [[nodiscard]] std::byte* data() const noexcept { return buffer_.data(); }
    [[nodiscard]] std::byte* slot(std::uint32_t s) const noexcept { return buffer_.data() + view_->slot_offset[s]; }

    bool finished = false;      // every step ran
    // Otherwise (plans without blocks): the steps whose slots may own a value, those that ran
    // before one threw (and, run with hooks, that one: its slot was emptied before it ran).
    std::size_t completed = 0;
    collected_values collected;
    // This call's use of the cache, which holds the values taken from the cache that slots refer
    // to: kept until the results are read.
    std::unique_ptr<cache_run> cache;

private:
    [[nodiscard]] slot_header* header(std::uint32_t s) const noexcept {
        return std::launder(reinterpret_cast<slot_header*>(slot(s)));
    }

    const graph_view* view_;
    std::shared_ptr<const plan> plan_;
    state_buffer buffer_;
};

// What a driver runs nodes with, beyond its graph and config (see executor.hpp, adapters.hpp).
struct execution_options {
    std::shared_ptr<task_pool> pool;  // nullptr: the calling thread
    std::vector<std::shared_ptr<lifecycle_adapter>> adapters;
    std::shared_ptr<const node_cache> cache;  // nullptr: no cache
    cache_behaviors behaviors;
};

// The driver's run-time data: the active graph under one config, and the plan cache.
class engine {
public:
    // `objects[n]` is node n's object and `metadata[n]` describes it. Throws the hamilton::error
    // of build() when the config selects two variants of a node or compares a value with a
    // condition of another kind.
    engine(const graph_view& view, node_objects objects, const std::vector<node_metadata>& metadata, config cfg,
           execution_options options = {})
        : view_(&view), node_objects_(std::move(objects)), config_(std::move(cfg)), options_(std::move(options)) {
        for (const auto& a : options_.adapters) timing_ = timing_ || a->wants_timing();
        std::vector<std::string> problems;
        dep_selected_.assign(view.dep_slot.size(), true);
        for (std::size_t n = 0; n < metadata.size(); ++n) {
            const node_metadata& m = metadata[n];
            described_.push_back(describe_node(view.function_name[n], m, config_, problems));
            callables_.push_back(m.function);
            defaults_.push_back(m.defaults);
            // Only a dependency with a default can be left out: the node reads that instead.
            for (auto d = view.dep_offset[n]; d < view.dep_offset[n + 1]; ++d)
                dep_selected_[d] = !view.dep_optional[d] || m.conditions.selected(config_, view.slot_name[view.dep_slot[d]]);
        }
        choose_variants(std::move(problems));
    }

    [[nodiscard]] const graph_view& view() const noexcept { return *view_; }
    [[nodiscard]] const config& configuration() const noexcept { return config_; }

    // The node that computes `slot` under this config, or none (an input).
    [[nodiscard]] std::uint32_t producer(std::uint32_t slot) const { return active_producer_[slot]; }

    // ---- execute ---------------------------------------------------------------------------------

    // Checks names, finds or makes the plan, binds inputs and overrides into a fresh state.
    // Throws one hamilton::error listing every problem.
    [[nodiscard]] std::unique_ptr<run_state> prepare(const std::vector<std::uint32_t>& output_slots,
                                                     const std::vector<std::string_view>& output_names,
                                                     const values& inputs, const values& overrides,
                                                     bool by_name) const {
        std::vector<std::string> problems;
        std::vector<std::uint32_t> outputs;  // the known ones, each once
        for (std::size_t i = 0; i < output_slots.size(); ++i) {
            const auto s = output_slots[i];
            if (s == none) {
                problems.push_back(fmt::format("no node produces '{}' and no node takes it as an input{}",
                                               output_names[i], suggest(output_names[i], known_names())));
            } else if (std::find(outputs.begin(), outputs.end(), s) != outputs.end()) {
                problems.push_back(fmt::format("'{}' is requested twice; request each output once", output_names[i]));
            } else {
                outputs.push_back(s);
            }
        }
        std::vector<std::uint32_t> overridden;
        for (const auto& [name, value] : overrides) {
            const auto s = view_->find(name);
            if (s == none) {
                problems.push_back(fmt::format("override '{}' names nothing in the graph{}", name,
                                               suggest(name, known_names())));
                continue;
            }
            overridden.push_back(s);
            if (!view_->slots[s].accepts(value))
                problems.push_back(fmt::format("override '{}' has the wrong type: expected {}, given {}", name,
                                               view_->slot_type[s], type_name(value.type())));
        }
        for (const auto& [name, value] : inputs) {
            const auto s = view_->find(name);
            if (config_.count(name) != 0)
                problems.push_back(fmt::format(
                    "'{}' is given both as config and as an input; give it in only one place", name));
            else if (s == none)
                problems.push_back(fmt::format("input '{}' names nothing in the graph{}", name,
                                               suggest(name, known_names())));
            else if (active_producer_[s] != none)
                problems.push_back(fmt::format(
                    "input '{}' is computed by node '{}' (function {}); to replace a computed value, "
                    "pass it as an override",
                    name, name, view_->function_name[active_producer_[s]]));
            else if (!view_->slots[s].accepts(value))  // checked even when this call does not need it
                problems.push_back(fmt::format("input '{}' has the wrong type: expected {}, given {}", name,
                                               view_->slot_type[s], type_name(value.type())));
        }

        std::sort(overridden.begin(), overridden.end());
        if (blocks_.any()) {
            for (auto s : outputs)
                if (const auto e = inside_block(s); e != none)
                    problems.push_back(fmt::format(
                        "'{}' is computed once per item, inside the block of fan-out '{}'; request a node that "
                        "collects it (a parameter hamilton::collect<T> {}) instead",
                        view_->slot_name[s], view_->node_name[e], view_->slot_name[s]));
            for (auto s : overridden)
                if (const auto e = inside_block(s); e != none)
                    problems.push_back(fmt::format(
                        "override '{}' names a node inside the block of fan-out '{}', which runs once per item; "
                        "override the fan-out '{}' (its items) or a node outside the block",
                        view_->slot_name[s], view_->node_name[e], view_->node_name[e]));
        }
        // Outputs that could not be handed back are found now, before anything runs.
        for (std::size_t i = 0; i < outputs.size(); ++i) {
            const auto s = outputs[i];
            if (view_->slots[s].copyable) continue;
            const auto name = view_->slot_name[s];
            if (active_producer_[s] == none || std::binary_search(overridden.begin(), overridden.end(), s))
                problems.push_back(fmt::format(
                    "'{}' is the caller's own value (an input or override) of type {}, which cannot be copied "
                    "into the results; use your own instead of requesting it",
                    name, view_->slot_type[s]));
            else if (by_name)
                problems.push_back(fmt::format(
                    "'{}' is a {}, which cannot be returned by name (std::any needs a copyable type); request "
                    "it with the typed execute<\"{}\">(...)",
                    name, view_->slot_type[s], name));
        }
        auto state = std::make_unique<run_state>(*view_, find_plan(outputs, overridden));
        const plan& p = state->steps();
        for (const auto& [name, value] : overrides)
            if (const auto s = view_->find(name); s != none) (void)view_->slots[s].bind(state->slot(s), value);
        for (const auto& need : p.inputs) {
            if (std::binary_search(overridden.begin(), overridden.end(), need.slot)) continue;
            const auto name = view_->slot_name[need.slot];
            if (auto given = inputs.find(name); given != inputs.end()) {
                (void)view_->slots[need.slot].bind(state->slot(need.slot), given->second);  // type checked above
            } else if (auto from_config = config_.find(name); from_config != config_.end()) {
                auto why = view_->slots[need.slot].bind_config(state->slot(need.slot), from_config->second);
                if (!why.empty()) problems.push_back(fmt::format("config value '{}' {}", name, why));
            } else if (need.required) {
                problems.push_back(missing_input_message(need, inputs));
            }
        }
        if (!problems.empty()) throw error(fmt::format("execute {}", quoted_list(output_names)), std::move(problems));
        return state;
    }

    // Runs the plan's steps in order; a node that throws becomes a node_error naming it.
    void run(run_state& state) const {
        if (!state.steps().blocks.empty() || !options_.adapters.empty() || node_cache_) {
            run_with_hooks(state);
            return;
        }
        const plan& p = state.steps();
        std::byte* const data = state.data();
        const step* const first = p.steps.data();
        const step* const last = first + p.steps.size();
        const step* at = first;
        try {
            for (; at != last; ++at) at->run(data, *at);
            state.finished = true;
        } catch (...) {
            node_failed(state, static_cast<std::size_t>(at - first));
        }
    }

    // Called from a catch block when step `index` of the state's plan threw: keeps what the
    // completed steps own for cleanup, and rethrows as a node_error naming the node, with the
    // original nested.
    [[noreturn]] void node_failed(run_state& state, std::size_t index) const {
        state.completed = index;
        const auto node = state.steps().steps[index].node;
        const std::string what = current_exception_message();
        std::throw_with_nested(
            node_error(std::string(view_->node_name[node]), std::string(view_->function_name[node]), what));
    }

    // Can a typed execute run its compile-time plan? Not on a thread pool or with adapters.
    [[nodiscard]] bool runs_fixed_plans() const noexcept {
        return !options_.pool && options_.adapters.empty() && !node_cache_;
    }

    // Node n's callable and the defaults of its optional dependencies, for code that runs a fixed plan.
    [[nodiscard]] const void* const* callables() const noexcept { return callables_.data(); }
    [[nodiscard]] const void* const* defaults() const noexcept { return defaults_.data(); }

    [[nodiscard]] results collect(const run_state& state) const {
        results out;
        for (auto s : state.steps().outputs)
            out.add(std::string(view_->slot_name[s]), view_->slots[s].take(state.slot(s)));
        return out;
    }

    [[nodiscard]] std::vector<std::uint32_t> slots_of(const std::vector<std::string>& names,
                                                      std::vector<std::string_view>& as_views) const {
        std::vector<std::uint32_t> out;
        for (const auto& n : names) {
            out.push_back(view_->find(n));
            as_views.push_back(n);
        }
        return out;
    }

    // ---- queries ---------------------------------------------------------------------------------

    // The value of `name` (an input, or a node to override) that `text` spells, by its type.
    [[nodiscard]] std::any value_from_text(std::string_view name, std::string_view text) const {
        const auto s = view_->find(name);
        if (s == none || !in_graph_[s])
            throw error("value_from_text", {fmt::format("'{}' is not in the graph{}", name, suggest(name, known_names()))});
        const auto& type = view_->slot_type[s];
        if (view_->slots[s].from_text == nullptr)
            throw error("value_from_text",
                        {fmt::format("'{}' is a {}, which cannot be read from text: give it from code, or make it a "
                                     "number, bool, std::string, std::string_view, std::filesystem::path or a "
                                     "std::vector of them",
                                     name, type)});
        try {
            return view_->slots[s].from_text(text);
        } catch (const std::invalid_argument& e) {
            throw error("value_from_text", {fmt::format("'{}' of type {}: {}", name, type, e.what())});
        }
    }

    [[nodiscard]] variable describe(std::uint32_t slot) const {
        variable v;
        v.name = std::string(view_->slot_name[slot]);
        v.type = view_->slot_type[slot];
        const auto p = active_producer_[slot];
        v.is_input = p == none;
        v.from_config = v.is_input && config_.count(v.name) != 0;
        if (v.is_input) {
            v.is_optional = true;
            for (auto c : view_->consumers[slot])
                if (described_[c].active)
                    for (auto k = view_->dep_offset[c]; k < view_->dep_offset[c + 1]; ++k)
                        if (view_->dep_slot[k] == slot && !view_->dep_optional[k]) v.is_optional = false;
        }
        if (p != none) {
            const auto& d = described_[p];
            v.documentation = d.documentation;
            v.tags = d.tags;
            v.function = std::string(view_->function_name[p]);
            v.conditions = d.conditions;
            if (view_->producers[slot].size() > 1 || !d.conditions.empty())
                for (auto n : view_->producers[slot])
                    v.variants.push_back(fmt::format("{} [{}]", view_->function_name[n],
                                                     fmt::join(described_[n].conditions, " and ")));
            for (auto k = view_->dep_offset[p]; k < view_->dep_offset[p + 1]; ++k)
                (view_->dep_optional[k] ? v.optional_dependencies : v.required_dependencies)
                    .emplace_back(view_->slot_name[view_->dep_slot[k]]);
        }
        return v;
    }

    // Slots of the active graph, inputs first, then nodes in topological order.
    [[nodiscard]] std::vector<std::uint32_t> ordered_slots() const {
        std::vector<std::uint32_t> out;
        for (std::uint32_t s = 0; s < view_->slot_count; ++s)
            if (in_graph_[s] && active_producer_[s] == none) out.push_back(s);
        for (auto n : view_->topological_order)
            if (described_[n].active) out.push_back(view_->node_slot[n]);
        return out;
    }

    [[nodiscard]] std::vector<variable> list_available_variables(const tag_filter& filter) const {
        std::vector<variable> out;
        for (auto s : ordered_slots()) {
            variable v = describe(s);
            bool keep = true;
            for (const auto& wanted : filter) {
                auto it = std::find_if(v.tags.begin(), v.tags.end(),
                                       [&](const auto& t) { return t.first == wanted.first; });
                const auto& accepted = wanted.second;
                keep = keep && it != v.tags.end() &&
                       (accepted.empty() || std::find(accepted.begin(), accepted.end(), it->second) != accepted.end());
            }
            if (keep) out.push_back(std::move(v));
        }
        return out;
    }

    // Marks everything upstream (direction = up) or downstream of `start`, itself included.
    [[nodiscard]] std::vector<bool> reachable(const std::vector<std::uint32_t>& start, bool up) const {
        std::vector<bool> seen(view_->slot_count, false);
        std::vector<std::uint32_t> stack = start;
        while (!stack.empty()) {
            const auto s = stack.back();
            stack.pop_back();
            if (seen[s]) continue;
            seen[s] = true;
            if (up) {
                if (const auto p = active_producer_[s]; p != none)
                    for (auto k = view_->dep_offset[p]; k < view_->dep_offset[p + 1]; ++k) stack.push_back(view_->dep_slot[k]);
            } else {
                for (auto c : view_->consumers[s])
                    if (described_[c].active) stack.push_back(view_->node_slot[c]);
            }
        }
        return seen;
    }

    // The slots named, or a hamilton::error listing the unknown names.
    [[nodiscard]] std::vector<std::uint32_t> require_names(const std::vector<std::string>& names,
                                                           std::string_view context) const {
        std::vector<std::uint32_t> out;
        std::vector<std::string> problems;
        for (const auto& n : names) {
            const auto s = view_->find(n);
            if (s == none || !in_graph_[s])
                problems.push_back(fmt::format("'{}' is not in the graph{}", n, suggest(n, known_names())));
            else
                out.push_back(s);
        }
        if (!problems.empty()) throw error(std::string(context), std::move(problems));
        return out;
    }

    [[nodiscard]] std::vector<variable> variables_where(const std::vector<bool>& keep) const {
        std::vector<variable> out;
        for (auto s : ordered_slots())
            if (keep[s]) out.push_back(describe(s));
        return out;
    }

    [[nodiscard]] std::vector<std::string_view> known_names() const {
        std::vector<std::string_view> out;
        for (std::uint32_t s = 0; s < view_->slot_count; ++s)
            if (in_graph_[s]) out.push_back(view_->slot_name[s]);
        return out;
    }

    // The plan for these outputs and overridden slots (sorted).
    [[nodiscard]] std::shared_ptr<const plan> find_plan(const std::vector<std::uint32_t>& outputs,
                                                        const std::vector<std::uint32_t>& overridden) const {
        std::string key;
        key.reserve(4 * (outputs.size() + overridden.size() + 1));
        auto append = [&](std::uint32_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
        for (auto s : outputs) append(s);
        append(none);
        for (auto s : overridden) append(s);
        {
            std::shared_lock lock(cache_->mutex);
            if (auto it = cache_->plans.find(key); it != cache_->plans.end()) return it->second;
        }
        auto made = std::make_shared<const plan>(make_plan(outputs, overridden));
        std::unique_lock lock(cache_->mutex);
        if (cache_->plans.size() >= plan_cache_capacity) cache_->plans.clear();
        return cache_->plans.emplace(std::move(key), std::move(made)).first->second;
    }

private:
    static constexpr std::size_t plan_cache_capacity = 256;

    struct plan_cache {
        std::shared_mutex mutex;
        std::unordered_map<std::string, std::shared_ptr<const plan>> plans;
    };

    void choose_variants(std::vector<std::string> problems) {
        const auto& v = *view_;
        active_producer_.assign(v.slot_count, none);
        in_graph_.assign(v.slot_count, false);
        for (std::uint32_t s = 0; s < v.slot_count; ++s) {
            std::vector<std::uint32_t> active;
            for (auto n : v.producers[s])
                if (described_[n].active) active.push_back(n);
            if (active.size() > 1) {
                std::string keys;
                for (auto n : active) {
                    for (auto k : described_[n].condition_keys)
                        if (keys.find(fmt::format("'{}'", k)) == std::string::npos)
                            keys += fmt::format("{}'{}'", keys.empty() ? "" : ", ", k);
                }
                problems.push_back(fmt::format(
                    "config selects {} variants of node '{}': {}; change config key(s) {} so that exactly one "
                    "condition holds",
                    active.size(), v.slot_name[s], variants_text(active), keys));
            } else if (active.size() == 1) {
                active_producer_[s] = active.front();
                if (config_.count(v.slot_name[s]) != 0)
                    problems.push_back(fmt::format(
                        "config key '{}' has the name of node '{}' (function {}); rename the key or the node",
                        v.slot_name[s], v.slot_name[s], v.function_name[active.front()]));
            }
        }
        for (std::uint32_t n = 0; n < v.node_count; ++n) {
            if (!described_[n].active) continue;
            in_graph_[v.node_slot[n]] = true;
            for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) in_graph_[v.dep_slot[k]] = true;
        }
        if (problems.empty()) find_blocks(problems);
        if (problems.empty() && options_.cache) bind_cache(problems);
        if (!problems.empty()) throw error("build", std::move(problems));
    }

    [[nodiscard]] plan make_plan(const std::vector<std::uint32_t>& outputs,
                                 const std::vector<std::uint32_t>& overridden) const {
        const auto& v = *view_;
        plan p;
        p.outputs = outputs;
        p.overridden = overridden;
        std::vector<bool> in_plan(v.node_count, false), seen(v.slot_count, false);
        std::vector<std::uint32_t> input_index(v.slot_count, none);
        auto is_overridden = [&](std::uint32_t s) { return std::binary_search(overridden.begin(), overridden.end(), s); };
        // (slot, output it serves, dependency that reached it or none)
        // A dependency the config does not select (config_group) is not computed: its slot stays
        // empty, like an optional input nobody gave, and the node uses its default.
        struct visit { std::uint32_t slot, output, via_dep; };
        std::vector<visit> stack;
        for (auto s : outputs) stack.push_back({s, s, none});
        while (!stack.empty()) {
            const auto [s, output, via] = stack.back();
            stack.pop_back();
            if (is_overridden(s)) continue;
            const bool unselected = via != none && !dep_selected_[via];
            const auto producer = unselected ? none : active_producer_[s];
            if (producer == none) {
                const bool required = !unselected && (via == none || !v.dep_optional[via]);
                const auto consumer = via == none ? none : consumer_of(via);
                if (input_index[s] == none) {
                    input_index[s] = static_cast<std::uint32_t>(p.inputs.size());
                    p.inputs.push_back({s, required, consumer, output});
                } else if (required && !p.inputs[input_index[s]].required) {
                    p.inputs[input_index[s]] = {s, true, consumer, output};
                }
                continue;
            }
            if (seen[s]) continue;
            seen[s] = true;
            in_plan[producer] = true;
            for (auto k = v.dep_offset[producer]; k < v.dep_offset[producer + 1]; ++k)
                stack.push_back({v.dep_slot[k], output, k});
        }
        if (blocks_.any() || options_.pool) {
            plan_blocks(p, in_plan);
            return p;
        }
        std::vector<std::uint32_t> last_reader(v.slot_count, none);
        for (auto n : v.topological_order) {
            if (!in_plan[n]) continue;
            const auto index = static_cast<std::uint32_t>(p.steps.size());
            p.steps.push_back({v.run[n], callables_[n], defaults_[n], &v.offsets[n + v.dep_offset[n]], 0, n});
            for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k)
                if (dep_selected_[k]) last_reader[v.dep_slot[k]] = index;
        }
        std::vector<bool> requested(v.slot_count, false);
        for (auto s : outputs) requested[s] = true;
        for (std::uint32_t i = 0; i < p.steps.size(); ++i) {
            const auto n = p.steps[i].node;
            for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) {
                const auto s = v.dep_slot[k];
                if (dep_selected_[k] && last_reader[s] == i && !requested[s])
                    p.steps[i].release |= std::uint64_t{1} << (k - v.dep_offset[n]);
            }
        }
        return p;
    }

    // ---- blocks, thread pools and adapters (see blocks.hpp) ----------------------------------------

    // At build(): which block each node is in; a mistake in a block becomes a line of `problems`.
    void find_blocks(std::vector<std::string>& problems) {
        std::vector<bool> active(view_->node_count);
        for (std::size_t n = 0; n < active.size(); ++n) active[n] = described_[n].active;
        blocks_ = block_structure(*view_, active, active_producer_, dep_selected_, view_->dep_collects, problems);
        if (!blocks_.any() || !problems.empty()) return;
        // Blocks that need each other are found by planning every node once.
        plan everything;
        try {
            plan_blocks(everything, active);
        } catch (const error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }

    // The fan-out whose block computes slot s, or none.
    [[nodiscard]] std::uint32_t inside_block(std::uint32_t s) const {
        const auto p = active_producer_[s];
        return p == none ? none : blocks_.scope(p);
    }

    // Orders the nodes of `in_plan` into block plans (plan::blocks), with their steps.
    void plan_blocks(plan& p, const std::vector<bool>& in_plan) const {
        const auto& v = *view_;
        const bool threaded = options_.pool != nullptr;
        auto& blocks = p.blocks;
        blocks.emplace_back();
        std::vector<std::uint32_t> block_of(v.node_count, none);     // expander -> its block
        std::vector<std::uint32_t> unit_of(v.node_count, none);      // node -> its unit in its block
        std::vector<std::uint32_t> fan_out_of(v.node_count, none);   // expander -> its unit in the enclosing block
        auto block_index = [&](std::uint32_t scope) -> std::uint32_t {
            std::vector<std::uint32_t> missing;
            for (auto e = scope; e != none && block_of[e] == none; e = blocks_.scope(e)) missing.push_back(e);
            for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
                const auto e = *it;
                const auto parent = blocks_.scope(e) == none ? 0u : block_of[blocks_.scope(e)];
                block_of[e] = static_cast<std::uint32_t>(blocks.size());
                blocks.push_back({e, parent, {}, {}, {}, {}, 0});
                fan_out_of[e] = static_cast<std::uint32_t>(blocks[parent].units.size());
                blocks[parent].units.push_back({e, block_of[e], none, {}, {}, {}, 0});
            }
            return scope == none ? 0u : block_of[scope];
        };
        for (auto n : v.topological_order) {
            if (!in_plan[n]) continue;
            const auto b = block_index(blocks_.scope(n));
            unit_of[n] = static_cast<std::uint32_t>(blocks[b].units.size());
            blocks[b].units.push_back({n, none, static_cast<std::uint32_t>(p.steps.size()), {}, {}, {}, 0});
            blocks[b].own.push_back(v.node_slot[n]);
            p.steps.push_back({v.run[n], callables_[n], defaults_[n], &v.offsets[n + v.dep_offset[n]], 0, n});
        }
        // The unit of block b that runs node n (n is in b or in a block inside it).
        auto unit_in = [&](std::uint32_t b, std::uint32_t n) {
            const auto target = blocks[b].expander;
            auto scope = blocks_.scope(n);
            if (scope == target) return unit_of[n];
            while (blocks_.scope(scope) != target) scope = blocks_.scope(scope);
            return fan_out_of[scope];
        };
        auto add_once = [](std::vector<std::uint32_t>& list, std::uint32_t value) {
            if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
        };
        auto add_edge = [&](std::uint32_t b, std::uint32_t from, std::uint32_t to) {
            auto& next = blocks[b].units[from].next;
            if (from == to || std::find(next.begin(), next.end(), to) != next.end()) return;
            next.push_back(to);
            ++blocks[b].units[to].waits_for;
        };
        auto is_overridden = [&](std::uint32_t s) {
            return std::binary_search(p.overridden.begin(), p.overridden.end(), s);
        };
        for (auto n : v.topological_order) {
            if (!in_plan[n]) continue;
            const auto own_block = block_index(blocks_.scope(n));
            for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) {
                if (!dep_selected_[k]) continue;
                const auto s = v.dep_slot[k];
                const auto producer = active_producer_[s];
                // The block whose frames hold the value n reads, and the unit there computing it.
                std::uint32_t holder = 0, from = none;
                if (producer == none || is_overridden(s) || !in_plan[producer]) {
                    holder = 0;  // an input or override, bound in the top frame
                } else if (v.dep_collects[k] && !blocks_.expands(producer)) {
                    const auto e = blocks_.scope(producer);  // gathered by e's fan-out into the block around it
                    holder = block_index(blocks_.scope(e));
                    from = fan_out_of[e];
                    auto& gathered = blocks[block_of[e]].gathered;
                    if (std::none_of(gathered.begin(), gathered.end(), [&](const auto& g) { return g.slot == s; }))
                        gathered.push_back({s, v.dep_gather[k]});
                } else if (!v.dep_collects[k] && blocks_.expands(producer)) {
                    holder = block_index(producer);  // an item, set in each frame of producer's block
                } else {
                    holder = block_index(blocks_.scope(producer));
                    from = unit_of[producer];
                }
                for (auto b = own_block; b != holder; b = blocks[b].parent) add_once(blocks[b].imports, s);
                const auto to = unit_in(holder, n);
                if (from != none) add_edge(holder, from, to);
                add_once(blocks[holder].units[to].reads, s);
            }
        }
        for (std::uint32_t b = 1; b < blocks.size(); ++b) {
            const auto e = blocks[b].expander, parent = blocks[b].parent, unit = fan_out_of[e];
            const auto e_slot = v.node_slot[e];
            if (in_plan[e] && !is_overridden(e_slot)) add_edge(parent, unit_of[e], unit);
            add_once(blocks[parent].units[unit].reads, e_slot);
            for (auto s : blocks[b].imports) add_once(blocks[parent].units[unit].reads, s);
        }
        for (const auto& step : p.steps)
            for (auto b = block_index(blocks_.scope(step.node)); b != 0; b = blocks[b].parent) ++blocks[b].nodes_per_item;
        p.node_units = p.steps.size();
        for (auto& block : blocks) order_units(block);

        // When each value of a frame is read for the last time: then it is released.
        std::vector<bool> keep(v.slot_count, false), releasable(v.slot_count, false);
        std::vector<std::uint32_t> last(v.slot_count, none);
        p.readers.assign(v.slot_count, 0);
        for (std::uint32_t b = 0; b < blocks.size(); ++b) {
            auto& block = blocks[b];
            for (auto s : (b == 0 ? p.outputs : std::vector<std::uint32_t>{})) keep[s] = true;
            for (const auto& g : block.gathered) keep[g.slot] = true;
            for (auto s : block.own) releasable[s] = !keep[s];
            for (const auto& u : block.units)
                if (u.body != none)
                    for (const auto& g : blocks[u.body].gathered) releasable[g.slot] = true;
            const bool counted = threaded && b == 0;
            for (std::uint32_t i = 0; i < block.units.size(); ++i)
                for (auto s : block.units[i].reads) {
                    last[s] = i;
                    if (counted && releasable[s]) ++p.readers[s];
                }
            for (std::uint32_t i = 0; i < block.units.size(); ++i) {
                auto& u = block.units[i];
                for (auto s : u.reads) {
                    if (!releasable[s] || last[s] != i || (counted && p.readers[s] != 1)) continue;
                    if (u.body != none) {
                        if (!counted) u.release.push_back(s);
                        continue;
                    }
                    const auto n = u.node;
                    for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k)
                        if (dep_selected_[k] && v.dep_slot[k] == s)
                            p.steps[u.step].release |= std::uint64_t{1} << (k - v.dep_offset[n]);
                }
            }
            for (const auto& u : block.units)
                for (auto s : u.reads) keep[s] = releasable[s] = false, last[s] = none;
            for (auto s : block.own) keep[s] = releasable[s] = false;
            for (const auto& g : block.gathered) keep[g.slot] = false;
        }
    }

    // Sorts a block's units so that each comes after the units it waits for.
    void order_units(block_plan& block) const {
        const auto count = block.units.size();
        std::vector<std::uint32_t> order, waits(count), position(count, none);
        for (std::uint32_t u = 0; u < count; ++u)
            if ((waits[u] = block.units[u].waits_for) == 0) order.push_back(u);
        for (std::size_t i = 0; i < order.size(); ++i)
            for (auto w : block.units[order[i]].next)
                if (--waits[w] == 0) order.push_back(w);
        if (order.size() < count) {
            // The units left wait for each other, or for those that do: keep only the former,
            // by dropping again and again the units no other unit left waits for.
            std::vector<bool> left(count);
            for (std::uint32_t u = 0; u < count; ++u) left[u] = waits[u] != 0;
            for (bool dropped = true; dropped;) {
                dropped = false;
                std::vector<bool> awaited(count, false);
                for (std::uint32_t u = 0; u < count; ++u)
                    if (left[u])
                        for (auto w : block.units[u].next) awaited[u] = awaited[u] || left[w];
                for (std::uint32_t u = 0; u < count; ++u)
                    if (left[u] && !awaited[u]) left[u] = false, dropped = true;
            }
            std::vector<std::string> stuck;
            for (std::uint32_t u = 0; u < count; ++u)
                if (left[u])
                    stuck.push_back(block.units[u].body == none
                                        ? fmt::format("node '{}'", view_->node_name[block.units[u].node])
                                        : fmt::format("the block of fan-out '{}'", view_->node_name[block.units[u].node]));
            throw error("build", {fmt::format("{} need each other: a node inside the block needs a value computed "
                                              "from the block's collect; compute that value without the collect, "
                                              "or move the node out of the block",
                                              fmt::join(stuck, " and "))});
        }
        std::vector<block_unit> sorted;
        sorted.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) position[order[i]] = i;
        for (auto u : order) {
            sorted.push_back(std::move(block.units[u]));
            for (auto& w : sorted.back().next) w = position[w];
        }
        block.units = std::move(sorted);
    }

    // One execute call, as the adapters see it.
    struct call {
        std::uint64_t run_id;
        const plan& steps;
        run_state& state;
        cache_run* cache;  // nullptr without a cache
    };

    static std::uint64_t next_run_id() {
        static std::atomic<std::uint64_t> last{0};
        return last.fetch_add(1, std::memory_order_relaxed) + 1;
    }

    // Runs a plan with blocks, or on the pool, or with adapters, between the graph hooks.
    void run_with_hooks(run_state& state) const {
        const plan& p = state.steps();
        const auto run_id = next_run_id();
        if (node_cache_) state.cache = node_cache_->begin(run_id);
        const call c{run_id, p, state, state.cache.get()};
        std::vector<std::string_view> outputs;
        for (auto s : p.outputs) outputs.push_back(view_->slot_name[s]);
        const graph_run g{c.run_id, outputs, p.blocks.empty() ? p.steps.size() : p.node_units};
        const auto start = std::chrono::steady_clock::now();
        std::exception_ptr failure;
        const auto started = before_hooks([&](lifecycle_adapter& a) { a.before_graph(g); }, "before_graph", none,
                                          no_items, failure);
        if (!failure) {
            try {
                if (p.blocks.empty()) {
                    run_steps(c);
                } else if (options_.pool && !options_.pool->in_pool()) {
                    std::make_shared<threaded_run>(*this, c)->run();
                } else {
                    std::vector<std::size_t> items;
                    run_block(c, p.blocks.front(), state.data(), state.collected, items);
                }
            } catch (...) {
                failure = std::current_exception();
            }
        }
        if (failure) {  // an after_graph throwing now is dropped: the call's own error wins
            const graph_outcome outcome{false, failure, std::chrono::steady_clock::now() - start};
            (void)after_hooks(started, [&](lifecycle_adapter& a) { a.after_graph(g, outcome); }, "after_graph", none,
                              no_items);
            std::rethrow_exception(failure);
        }
        state.finished = true;
        const graph_outcome outcome{true, nullptr, std::chrono::steady_clock::now() - start};
        if (auto e = after_hooks(started, [&](lifecycle_adapter& a) { a.after_graph(g, outcome); }, "after_graph", none,
                                 no_items))
            std::rethrow_exception(e);
    }

    // Runs a plan without blocks in order, calling the node hooks.
    void run_steps(const call& c) const {
        std::byte* const data = c.state.data();
        std::size_t i = 0;
        try {
            for (; i < c.steps.steps.size(); ++i) {
                // Empty until the node's value is in it: when a hook or the cache throws after the
                // node ran, the state then releases that value.
                ::new (c.state.slot(view_->node_slot[c.steps.steps[i].node])) slot_header{nullptr, false};
                run_node(c, c.steps.steps[i], data, no_items);
            }
        } catch (...) {
            c.state.completed = i + 1;  // the error is on its way
            throw;
        }
    }

    // Runs one step; a node outside blocks goes through the cache when there is one: taken from
    // it when its key is there, else run and kept. A node that throws (or a cache failing on it)
    // becomes a node_error naming it and its items.
    void run_node(const call& c, const step& st, std::byte* data, const std::vector<std::size_t>& items) const {
        if (c.cache == nullptr || !items.empty()) {
            run_hooked(st, c.run_id, data, items);
            return;
        }
        bool restored = false;
        try {
            restored = c.cache->restore(st.node, data);
        } catch (...) {
            throw_node_error(st.node, items);
        }
        if (restored) {
            release_read_last(st, data);
            return;
        }
        run_hooked(st, c.run_id, data, items);
        try {
            c.cache->store(st.node, data);
        } catch (...) {
            throw_node_error(st.node, items);
        }
    }

    // Releases the values step `st` reads for the last time, as running it would have: for a node
    // taken from the cache, which does not run.
    void release_read_last(const step& st, std::byte* data) const {
        const auto first = view_->dep_offset[st.node];
        for (std::uint32_t k = 0; first + k < view_->dep_offset[st.node + 1]; ++k)
            if ((st.release >> k & 1u) != 0) view_->slots[view_->dep_slot[first + k]].reset(data + st.offsets[k + 1]);
    }

    // Runs one step between the adapters' node hooks.
    void run_hooked(const step& st, std::uint64_t run_id, std::byte* data, const std::vector<std::size_t>& items) const {
        if (options_.adapters.empty()) {
            try {
                st.run(data, st);
            } catch (...) {
                throw_node_error(st.node, items);
            }
            return;
        }
        const node_run r{run_id, view_->node_name[st.node], view_->function_name[st.node], &described_[st.node].tags,
                         items};
        node_outcome outcome;
        const auto after_node = [&](lifecycle_adapter& a) { a.after_node(r, outcome); };
        const auto started = before_hooks([&](lifecycle_adapter& a) { a.before_node(r); }, "before_node", st.node,
                                          items, outcome.error);
        if (outcome.error) {  // the node does not run; the adapters that saw it start see it fail
            outcome.success = false;
            (void)after_hooks(started, after_node, "after_node", st.node, items);
            std::rethrow_exception(outcome.error);
        }
        const auto start = timing_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
        try {
            st.run(data, st);
        } catch (...) {
            outcome.success = false;
            outcome.error = std::current_exception();
            if (timing_) outcome.duration = std::chrono::steady_clock::now() - start;
            (void)after_hooks(started, after_node, "after_node", st.node, items);  // the node's error wins
            throw_node_error(st.node, items);
        }
        if (timing_) outcome.duration = std::chrono::steady_clock::now() - start;
        if (auto e = after_hooks(started, after_node, "after_node", st.node, items)) std::rethrow_exception(e);
    }

    // Calls a before-hook of every adapter, in the order given, and returns how many ran. One
    // that throws stops it: `failure` is then its adapter_error, and it is not counted (like a
    // constructor that threw, it gets no after-hook).
    template <class Hook>
    std::size_t before_hooks(const Hook& hook, std::string_view name, std::uint32_t node,
                             const std::vector<std::size_t>& items, std::exception_ptr& failure) const {
        std::size_t a = 0;
        try {
            for (; a < options_.adapters.size(); ++a) hook(*options_.adapters[a]);
        } catch (...) {
            failure = adapter_failure(a, name, node, items);
        }
        return a;
    }

    // Calls an after-hook of the first `count` adapters, the last given first. One that throws
    // does not keep the others from being called; returns the first one's adapter_error, or null.
    template <class Hook>
    [[nodiscard]] std::exception_ptr after_hooks(std::size_t count, const Hook& hook, std::string_view name,
                                                 std::uint32_t node, const std::vector<std::size_t>& items) const {
        std::exception_ptr first;
        std::size_t a = count;
        while (a != 0) {
            try {  // around the loop, not each call: nothing to set up per hook
                for (; a != 0; --a) hook(*options_.adapters[a - 1]);
            } catch (...) {
                if (!first) first = adapter_failure(a - 1, name, node, items);
                --a;
            }
        }
        return first;
    }

    // Called in a catch block: the adapter_error of hook `name` of adapter a, called for node n
    // (none for a graph hook) on `items`, with the adapter's exception nested.
    [[nodiscard]] std::exception_ptr adapter_failure(std::size_t a, std::string_view name, std::uint32_t n,
                                                     const std::vector<std::size_t>& items) const {
        const auto& adapter = *options_.adapters[a];
        try {
            std::throw_with_nested(adapter_error(std::string(name), a + 1, type_name(typeid(adapter)),
                                                 n == none ? std::string() : std::string(view_->node_name[n]),
                                                 current_exception_message(), items,
                                                 n == none ? std::string() : items_text(n, items)));
        } catch (...) {
            return std::current_exception();
        }
    }

    void bind_cache(std::vector<std::string>& problems) {
        std::vector<cached_node> nodes;
        for (std::size_t n = 0; n < described_.size(); ++n) {
            cached_node info{described_[n].active, {}};
            for (const auto& [key, value] : described_[n].tags)
                if (key == version_tag) info.version = value;
            nodes.push_back(info);
        }
        node_cache_ = options_.cache->bind(*view_, nodes, dep_selected_, options_.behaviors, problems);
    }

    // Called in a catch block: rethrows as a node_error naming node n and its items.
    [[noreturn]] void throw_node_error(std::uint32_t n, const std::vector<std::size_t>& items) const {
        std::throw_with_nested(node_error(std::string(view_->node_name[n]), std::string(view_->function_name[n]),
                                          current_exception_message(), items, items_text(n, items)));
    }

    // Where node n runs on `items`: "item 3 of fan-out 'city', in item 1 of fan-out 'region'",
    // the innermost first; empty outside blocks.
    [[nodiscard]] std::string items_text(std::uint32_t n, const std::vector<std::size_t>& items) const {
        std::string where;
        auto e = blocks_.scope(n);
        for (auto i = items.rbegin(); i != items.rend() && e != none; ++i, e = blocks_.scope(e))
            where += fmt::format("{}item {} of fan-out '{}'", where.empty() ? "" : ", in ", *i, view_->node_name[e]);
        return where;
    }

    // Runs a block's units in order, in one frame, in the calling thread.
    void run_block(const call& c, const block_plan& b, std::byte* data, collected_values& collected,
                   std::vector<std::size_t>& items) const {
        for (const auto& u : b.units) {
            if (u.body == none) {
                run_node(c, c.steps.steps[u.step], data, items);
            } else {
                const auto& body = c.steps.blocks[u.body];
                gatherings g(*view_, body, announce_fan_out(c, u.node, data, body, items));
                std::size_t next = 0;
                run_items(c, body, data, [&] { return next < g.items() ? next++ : no_item; }, g, items, nullptr);
                g.finish_into(data, collected);
            }
            for (auto s : u.release) view_->slots[s].reset(data + view_->slot_offset[s]);
        }
    }

    // The number of items of fan-out node e, in the frame `data`; tells the adapters.
    std::size_t announce_fan_out(const call& c, std::uint32_t e, const std::byte* data, const block_plan& body,
                                 const std::vector<std::size_t>& items) const {
        const auto s = view_->node_slot[e];
        const auto count = view_->slots[s].item_count(data + view_->slot_offset[s]);
        if (!options_.adapters.empty()) {
            const fan_out_run f{{c.run_id, view_->node_name[e], view_->function_name[e], &described_[e].tags, items},
                                count, body.nodes_per_item};
            std::exception_ptr failure;
            (void)before_hooks([&](lifecycle_adapter& a) { a.on_fan_out(f); }, "on_fan_out", e, items, failure);
            if (failure) std::rethrow_exception(failure);
        }
        return count;
    }

    // The values of one fan-out's items that a collect<U> takes, gathered item by item.
    class gatherings {
    public:
        gatherings(const graph_view& v, const block_plan& body, std::size_t items)
            : view_(&v), body_(&body), items_(items) {
            values_.reserve(body.gathered.size());
            for (const auto& g : body.gathered) values_.push_back(g.ops->create(items));
        }
        gatherings(const gatherings&) = delete;
        gatherings& operator=(const gatherings&) = delete;
        ~gatherings() {
            for (std::size_t i = 0; i < values_.size(); ++i)
                if (values_[i] != nullptr) body_->gathered[i].ops->destroy_gathering(values_[i]);
        }

        [[nodiscard]] std::size_t items() const noexcept { return items_; }

        // Takes item i's values from its frame.
        void put(std::size_t item, std::byte* frame) {
            for (std::size_t i = 0; i < values_.size(); ++i) {
                const auto s = body_->gathered[i].slot;
                body_->gathered[i].ops->put(values_[i], item, frame + view_->slot_offset[s]);
            }
        }

        // Makes each collect<U>, owned by `collected`, and points its slot in the frame `data` at it.
        void finish_into(std::byte* data, collected_values& collected) {
            for (std::size_t i = 0; i < values_.size(); ++i) {
                const auto& g = body_->gathered[i];
                void* gathering = std::exchange(values_[i], nullptr);
                void* value = g.ops->finish(gathering);
                collected.add(value, g.ops->destroy_collected);
                ::new (data + view_->slot_offset[g.slot]) slot_header{value, false};
            }
        }

    private:
        const graph_view* view_;
        const block_plan* body_;
        std::size_t items_;
        std::vector<void*> values_;
    };

    static constexpr std::size_t no_item = static_cast<std::size_t>(-1);
    inline static const std::vector<std::size_t> no_items{};  // the item path of a node outside blocks

    // Runs the items of a fan-out's block that `claim` hands out (until it returns no_item), one
    // after the other, each in a frame whose values from outside the block are those of the frame
    // `outer`. Stops early once `stop` is set.
    template <class Claim>
    void run_items(const call& c, const block_plan& body, const std::byte* outer, Claim&& claim, gatherings& g,
                   std::vector<std::size_t>& items, const std::atomic<bool>* stop) const {
        const auto& v = *view_;
        state_buffer frame(v.state_size, v.state_alignment);
        collected_values frame_collected;
        std::byte* const data = frame.data();
        const auto e_slot = v.node_slot[body.expander];
        const std::byte* const fan_out = outer + v.slot_offset[e_slot];
        auto header = [&](const std::byte* frame_data, std::uint32_t s) {
            return std::launder(reinterpret_cast<const slot_header*>(frame_data + v.slot_offset[s]));
        };
        for (std::size_t i = claim(); i != no_item; i = claim()) {
            if (stop != nullptr && stop->load(std::memory_order_relaxed)) return;
            for (auto s : body.own) ::new (data + v.slot_offset[s]) slot_header{nullptr, false};
            for (auto s : body.imports) ::new (data + v.slot_offset[s]) slot_header{header(outer, s)->current, false};
            ::new (data + v.slot_offset[e_slot]) slot_header{v.slots[e_slot].item_at(fan_out, i), false};
            items.push_back(i);
            struct cleanup {
                const engine& en;
                const block_plan& body;
                std::byte* data;
                collected_values& collected;
                std::vector<std::size_t>& items;
                ~cleanup() {
                    const auto& view = *en.view_;
                    for (auto s : body.own)
                        if (std::launder(reinterpret_cast<slot_header*>(data + view.slot_offset[s]))->owns)
                            view.slots[s].reset(data + view.slot_offset[s]);
                    collected.clear();
                    items.pop_back();
                }
            } done{*this, body, data, frame_collected, items};
            run_block(c, body, data, frame_collected, items);
            g.put(i, data);
        }
    }

    // The top block of one execute call on the pool. Each unit starts once the units it waits for
    // are done. A thread that finishes a unit goes on with one of the units that were waiting for
    // it and posts the others, and the calling thread works too: a chain costs no hand-over
    // between threads. A fan-out's items are claimed one by one by the thread that reached it and
    // by at most one posted task per pool thread, so a trivial item costs no task of its own.
    // The call returns once the work is done (or failed and nothing runs any more), without
    // waiting for posted tasks that have not started: those find the run over and return, so
    // they hold this object by shared_ptr and touch nothing else.
    class threaded_run : public std::enable_shared_from_this<threaded_run> {
    public:
        threaded_run(const engine& en, const call& c)
            : en_(en), c_(c), top_(c.steps.blocks.front()), waits_(top_.units.size()),
              readers_(en.view_->slot_count), fan_outs_(top_.units.size()), units_left_(top_.units.size()) {
            for (std::size_t u = 0; u < top_.units.size(); ++u) waits_[u].store(top_.units[u].waits_for);
            for (std::size_t s = 0; s < readers_.size(); ++s) readers_[s].store(c.steps.readers[s]);
        }

        // Returns when every unit ran, or rethrows the first error once nothing runs any more.
        void run() {
            busy_ = 1;  // this thread
            std::uint32_t mine = none;
            for (std::uint32_t u = 0; u < top_.units.size(); ++u) {
                if (top_.units[u].waits_for != 0) continue;
                if (mine == none)
                    mine = u;
                else
                    start(u);
            }
            continue_from(mine);
            std::unique_lock lock(mutex_);
            --busy_;
            done_.wait(lock, [&] { return finished(); });
            over_ = true;
            fan_outs_.clear();  // what was gathered goes here, not on a pool thread later
            // Taken out, so that a posted task holding this object last does not destroy the
            // exception while the caller reads it.
            if (auto error = std::exchange(error_, nullptr)) std::rethrow_exception(error);
        }

    private:
        struct fan_out {
            fan_out(const graph_view& v, const block_plan& body, std::size_t items) : values(v, body, items) {}
            gatherings values;
            std::atomic<std::size_t> next_item{0};
            std::atomic<std::size_t> items_done{0};
        };

        [[nodiscard]] bool finished() const { return busy_ == 0 && (units_left_.load() == 0 || error_); }

        void post(std::function<void()> task) {
            en_.options_.pool->post([self = shared_from_this(), task = std::move(task)] {
                {
                    std::lock_guard lock(self->mutex_);
                    if (self->over_) return;
                    ++self->busy_;
                }
                task();
                std::lock_guard lock(self->mutex_);  // notified under the lock: run() may return right after
                if (--self->busy_ == 0 && self->finished()) self->done_.notify_all();
            });
        }

        void start(std::uint32_t u) {
            post([this, u] { continue_from(u); });
        }

        // Runs unit u in this thread, then a unit it made ready, and so on.
        void continue_from(std::uint32_t u) {
            while (u != none) u = run_unit(u);
        }

        // Runs unit u; returns a unit it made ready, for this thread to run next, or none.
        std::uint32_t run_unit(std::uint32_t u) {
            if (stop_.load()) return none;
            const auto& unit = top_.units[u];
            if (unit.body != none) return start_fan_out(u);
            try {
                en_.run_node(c_, c_.steps.steps[unit.step], c_.state.data(), no_items);
            } catch (...) {
                fail();
                return none;
            }
            return complete(u);
        }

        std::uint32_t start_fan_out(std::uint32_t u) {
            const auto& unit = top_.units[u];
            const auto& body = c_.steps.blocks[unit.body];
            std::size_t items = 0;
            try {
                items = en_.announce_fan_out(c_, unit.node, c_.state.data(), body, no_items);
                fan_outs_[u] = std::make_unique<fan_out>(*en_.view_, body, items);
            } catch (...) {
                fail();
                return none;
            }
            if (items == 0) return finish_fan_out(u);
            const std::size_t helpers = std::min(items - 1, en_.options_.pool->threads());
            for (std::size_t k = 0; k < helpers; ++k) post([this, u] { continue_from(work_on(u)); });
            return work_on(u);
        }

        // Runs items of unit u's fan-out while there are any; the thread that completes the last
        // item finishes the fan-out.
        std::uint32_t work_on(std::uint32_t u) {
            auto& f = *fan_outs_[u];
            const auto count = f.values.items();
            bool holding = false, last = false;
            std::vector<std::size_t> items_path;
            try {
                en_.run_items(
                    c_, c_.steps.blocks[top_.units[u].body], c_.state.data(),
                    [&] {
                        if (holding) {  // the item claimed before is done
                            holding = false;
                            last = f.items_done.fetch_add(1, std::memory_order_acq_rel) + 1 == count;
                            if (last) return no_item;
                        }
                        const auto i = f.next_item.fetch_add(1, std::memory_order_relaxed);
                        if (i >= count) return no_item;
                        holding = true;
                        return i;
                    },
                    f.values, items_path, &stop_);
            } catch (...) {
                fail();
            }
            return last ? finish_fan_out(u) : none;
        }

        std::uint32_t finish_fan_out(std::uint32_t u) {
            if (stop_.load()) return none;
            try {
                fan_outs_[u]->values.finish_into(c_.state.data(), c_.state.collected);
            } catch (...) {
                fail();
                return none;
            }
            return complete(u);
        }

        // Unit u is done: releases what nobody reads any more, starts the units that waited for
        // it, and returns one of them for this thread.
        std::uint32_t complete(std::uint32_t u) {
            const auto& unit = top_.units[u];
            for (auto s : unit.reads)
                if (c_.steps.readers[s] != 0 && readers_[s].fetch_sub(1, std::memory_order_acq_rel) == 1)
                    en_.view_->slots[s].reset(c_.state.slot(s));
            std::uint32_t mine = none;
            for (auto w : unit.next) {
                if (waits_[w].fetch_sub(1, std::memory_order_acq_rel) != 1) continue;
                if (mine == none)
                    mine = w;
                else
                    start(w);
            }
            units_left_.fetch_sub(1, std::memory_order_acq_rel);
            return mine;
        }

        // Called in a catch block: keeps the first error and stops starting new work.
        void fail() {
            std::lock_guard lock(mutex_);
            if (!error_) error_ = std::current_exception();
            stop_.store(true);
        }

        const engine& en_;
        const call& c_;
        const block_plan& top_;
        std::vector<std::atomic<std::uint32_t>> waits_;
        std::vector<std::atomic<std::uint32_t>> readers_;
        std::vector<std::unique_ptr<fan_out>> fan_outs_;
        std::atomic<std::size_t> units_left_;
        std::mutex mutex_;
        std::condition_variable done_;
        std::size_t busy_ = 0;  // threads running work of this call
        bool over_ = false;     // run() returned: tasks starting now do nothing
        std::exception_ptr error_;
        std::atomic<bool> stop_{false};
    };

    [[nodiscard]] std::uint32_t consumer_of(std::uint32_t dep) const {
        const auto& off = view_->dep_offset;
        return static_cast<std::uint32_t>(std::upper_bound(off.begin(), off.end(), dep) - off.begin() - 1);
    }

    // "raw__csv [when(source=\"csv\")], raw__const [...]": variant functions and their conditions.
    [[nodiscard]] std::string variants_text(const std::vector<std::uint32_t>& nodes) const {
        std::string text;
        for (auto n : nodes)
            text += fmt::format("{}{} [{}]", text.empty() ? "" : ", ", view_->function_name[n],
                                fmt::join(described_[n].conditions, " and "));
        return text;
    }

    [[nodiscard]] std::string missing_input_message(const plan::input& need, const values& inputs) const {
        const auto& v = *view_;
        const auto name = v.slot_name[need.slot];
        std::string who = need.consumer == none
                              ? "it was requested as an output"
                              : fmt::format("needed by '{}'", v.node_name[need.consumer]);
        if (need.consumer != none && need.output != v.node_slot[need.consumer])
            who += fmt::format(" for output '{}'", v.slot_name[need.output]);
        std::string variants = variants_text(v.producers[need.slot]);
        if (!variants.empty())
            variants = fmt::format("; no variant of node '{}' is active under this config ({})", name, variants);
        std::vector<std::string_view> given;
        for (const auto& [n, value] : inputs) given.push_back(n);
        return fmt::format("missing input '{}' of type {}, {}{}; inputs given: {}", name, v.slot_type[need.slot],
                           who, variants, quoted_list(given));
    }

    const graph_view* view_;
    node_objects node_objects_;
    std::vector<const void*> callables_, defaults_;  // inside node_objects_
    config config_;
    std::vector<node_description> described_;
    std::vector<std::uint32_t> active_producer_;
    std::vector<bool> in_graph_;
    std::vector<bool> dep_selected_;  // per dependency: false when a config_group leaves it out
    std::shared_ptr<plan_cache> cache_ = std::make_shared<plan_cache>();
    execution_options options_;
    std::shared_ptr<const bound_cache> node_cache_;  // nullptr without a cache
    bool timing_ = false;  // an adapter wants node durations
    block_structure blocks_;
};

}  // namespace detail
}  // namespace hamilton
