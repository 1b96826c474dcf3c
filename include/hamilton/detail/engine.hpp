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
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "../config.hpp"
#include "../error.hpp"
#include "../node.hpp"
#include "../results.hpp"
#include "../variable.hpp"
#include "layout.hpp"
#include "names.hpp"
#include "state.hpp"

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

struct graph_view {
    std::size_t node_count = 0;
    std::size_t slot_count = 0;
    std::vector<std::string_view> node_name, function_name;
    std::vector<std::uint32_t> node_slot, dep_offset, dep_slot;
    std::vector<bool> dep_optional;
    std::vector<std::string_view> slot_name;
    std::vector<std::string> slot_type;
    std::vector<std::vector<std::uint32_t>> producers;  // per slot, every variant
    std::vector<std::vector<std::uint32_t>> consumers;  // per slot, nodes reading it
    std::vector<std::uint32_t> topological_order;
    std::unordered_map<std::string_view, std::uint32_t> slot_by_name;
    std::vector<run_function> run;
    std::vector<std::uint32_t> offsets;  // per node at node + dep_offset[node]: its slot's, its dependencies'
    std::vector<slot_ops> slots;
    std::vector<std::size_t> slot_offset;
    std::size_t state_size = 0;
    std::size_t state_alignment = alignof(slot_header);

    [[nodiscard]] std::uint32_t find(std::string_view name) const {
        auto it = slot_by_name.find(name);
        return it == slot_by_name.end() ? none : it->second;
    }
};


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
};

// The values of one execution. Destroys whatever the slots still own when it goes, also when a
// node threw midway: the slots of inputs, overrides, and of the steps that completed.
class run_state {
public:
    run_state(const graph_view& view, std::shared_ptr<const plan> p)
        : view_(&view), plan_(std::move(p)), buffer_(view.state_size, view.state_alignment) {
        for (const auto& in : plan_->inputs) ::new (slot(in.slot)) slot_header{nullptr, false};
        for (auto s : plan_->overridden) ::new (slot(s)) slot_header{nullptr, false};
    }
    run_state(const run_state&) = delete;
    run_state& operator=(const run_state&) = delete;
    ~run_state() {
        auto release = [&](std::uint32_t s) {
            if (header(s)->owns) view_->slots[s].reset(slot(s));
        };
        for (const auto& in : plan_->inputs) release(in.slot);
        for (auto s : plan_->overridden) release(s);
        if (finished) {  // every other computed value was released by its last reader
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
    std::size_t completed = 0;  // otherwise: the steps that ran before one threw

private:
    [[nodiscard]] slot_header* header(std::uint32_t s) const noexcept {
        return std::launder(reinterpret_cast<slot_header*>(slot(s)));
    }

    const graph_view* view_;
    std::shared_ptr<const plan> plan_;
    state_buffer buffer_;
};

// The driver's run-time data: the active graph under one config, and the plan cache.
class engine {
public:
    // `objects[n]` is node n's object and `metadata[n]` describes it. Throws the hamilton::error
    // of build() when the config selects two variants of a node or compares a value with a
    // condition of another kind.
    engine(const graph_view& view, node_objects objects, const std::vector<node_metadata>& metadata, config cfg)
        : view_(&view), node_objects_(std::move(objects)), config_(std::move(cfg)) {
        std::vector<std::string> problems;
        dep_selected_.assign(view.dep_slot.size(), true);
        for (std::size_t n = 0; n < metadata.size(); ++n) {
            const node_metadata& m = metadata[n];
            described_.push_back(describe_node(view.function_name[n], m, config_, problems));
            callables_.push_back(m.function);
            defaults_.push_back(m.defaults);
            for (auto d = view.dep_offset[n]; d < view.dep_offset[n + 1]; ++d)
                dep_selected_[d] = m.conditions.selected(config_, view.slot_name[view.dep_slot[d]]);
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
};

}  // namespace detail
}  // namespace hamilton
