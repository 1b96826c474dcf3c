// hamilton/detail/engine_hooks.hpp: calling the lifecycle adapters' hooks (adapters.hpp) around
// the graph, each node and each fan-out: before-hooks in the order the adapters were given,
// after-hooks in reverse order and only for those whose before-hook ran; a hook that throws
// becomes an adapter_error. Compiled only in a program that calls with_adapters (use_hooks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "../error.hpp"
#include "clock.hpp"
#include "engine_decl.hpp"

namespace hamilton::detail {

HAMILTON_DETAIL_DECL void engine::use_hooks(engine_parts& parts) {
    parts.run_between_graph_hooks = &engine::run_between_graph_hooks;
    parts.run_hooked = &engine::run_hooked;
    parts.fan_out_hooks = &engine::fan_out_hooks;
}

HAMILTON_DETAIL_DECL void engine::run_between_graph_hooks(const call& c) const {
    std::vector<std::string_view> outputs;
    for (auto s : c.steps.outputs) outputs.push_back(view_->slot_name[s]);
    const graph_run g{c.run_id, outputs, c.steps.blocks.empty() ? c.steps.steps.size() : c.steps.node_units};
    const auto start = std::chrono::steady_clock::now();
    std::exception_ptr failure;
    const auto started = before_hooks([&](lifecycle_adapter& a) { a.before_graph(g); }, "before_graph", none,
                                      no_items, failure);
    if (!failure) {
        try {
            run_plan(c);
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
    c.state.finished = true;
    const graph_outcome outcome{true, nullptr, std::chrono::steady_clock::now() - start};
    if (auto e = after_hooks(started, [&](lifecycle_adapter& a) { a.after_graph(g, outcome); }, "after_graph", none,
                             no_items))
        std::rethrow_exception(e);
}

HAMILTON_DETAIL_DECL void engine::run_hooked(const step& st, std::uint64_t run_id, std::byte* data,
                                            const std::vector<std::size_t>& items) const {
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

HAMILTON_DETAIL_DECL void engine::fan_out_hooks(const call& c, std::uint32_t e, std::size_t count,
                                               const block_plan& body, const std::vector<std::size_t>& items) const {
    const fan_out_run f{{c.run_id, view_->node_name[e], view_->function_name[e], &described_[e].tags, items}, count,
                        body.nodes_per_item};
    std::exception_ptr failure;
    (void)before_hooks([&](lifecycle_adapter& a) { a.on_fan_out(f); }, "on_fan_out", e, items, failure);
    if (failure) std::rethrow_exception(failure);
}

template <class Hook>
std::size_t engine::before_hooks(const Hook& hook, std::string_view name, std::uint32_t node,
                                 const std::vector<std::size_t>& items, std::exception_ptr& failure) const {
    std::size_t a = 0;
    try {
        for (; a < options_.adapters.size(); ++a) hook(*options_.adapters[a]);
    } catch (...) {
        failure = adapter_failure(a, name, node, items);
    }
    return a;
}

template <class Hook>
std::exception_ptr engine::after_hooks(std::size_t count, const Hook& hook, std::string_view name,
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

HAMILTON_DETAIL_DECL std::exception_ptr engine::adapter_failure(std::size_t a, std::string_view name, std::uint32_t n,
                                                                const std::vector<std::size_t>& items) const {
    const auto& adapter = *options_.adapters[a];
    try {
        std::throw_with_nested(adapter_error(std::string(name), a + 1, type_name(typeid(adapter)),
                                             n == none ? std::string() : std::string(view_->node_name[n]),
                                             current_exception_reason(), items,
                                             n == none ? std::string() : items_text(n, items)));
    } catch (...) {
        return std::current_exception();
    }
}

}  // namespace hamilton::detail
