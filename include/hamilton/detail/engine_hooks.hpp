// hamilton/detail/engine_hooks.hpp: calling the lifecycle adapters' hooks (adapters.hpp) around a
// node: before-hooks in the order the adapters were given, after-hooks in reverse order and only
// for those whose before-hook ran; a hook that throws becomes an adapter_error.
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

HAMILTON_DETAIL_DECL void engine::run_hooked(const step& st, std::uint64_t run_id, std::byte* data,
                                            const std::vector<std::size_t>& items) const {
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
