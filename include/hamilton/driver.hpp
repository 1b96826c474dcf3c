// hamilton/driver.hpp: the builder and the driver that executes requested outputs.
//
//   auto dr = hamilton::builder().with_modules(marketing).with_config({{"source", "csv"}}).build();
//   auto [zm, m] = dr.execute<"spend_zero_mean", "spend_mean">({{"spend", spend}});   // typed
//   hamilton::results r = dr.execute({"spend_mean"}, {{"spend", spend}});            // by name
//
// build() checks the graph at compile time (graph.hpp) and picks the active variants for the
// config at run time. A driver is immutable after build(): several threads may execute it at
// once, and copies share its plan cache.
#pragma once

#include <any>
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/hana/at.hpp>
#include <boost/hana/basic_tuple.hpp>
#include <boost/hana/unpack.hpp>

#include "compile_error.hpp"
#include "config.hpp"
#include "detail/engine.hpp"
#include "detail/state.hpp"
#include "error.hpp"
#include "graph.hpp"
#include "graphviz.hpp"
#include "module.hpp"
#include "results.hpp"

namespace hamilton {

template <class... Nodes>
class driver;

namespace detail {

// The typed code of one graph: running node E, and the slot operations.
template <class... Nodes>
struct typed_graph {
    using graph_type = graph<Nodes...>;
    using nodes_type = boost::hana::basic_tuple<Nodes...>;
    using state_type = state<graph_type>;
    template <std::size_t E>
    using node_at = typename graph_type::template node_at<E>;

    // The argument for dependency K of node E: the slot's value, moved out when this is its
    // last reader and the parameter takes it by value, or the default of an optional dependency.
    template <std::size_t E, std::size_t K>
    static decltype(auto) argument(state_type& st, const node_at<E>& node, std::uint64_t release) {
        using parameter = typename node_at<E>::template parameter_type<K>;
        using passed = std::conditional_t<std::is_lvalue_reference_v<parameter>, parameter,
                                          std::remove_cvref_t<parameter>>;
        constexpr auto s = graph_type::template dependency_slot<E, K>;
        auto& source = slot_at<s>(st);
        if constexpr (node_at<E>::dependency_is_optional[K]) {
            if (source.empty()) return static_cast<passed>(node.template default_of<K>());
        }
        if constexpr (!std::is_lvalue_reference_v<parameter> &&
                      !graph_type::layout.dep_repeated[graph_type::shape.dep_offset[E] + K]) {
            if (((release >> K) & 1u) != 0 && source.owns()) return static_cast<passed>(std::move(source.owned()));
        }
        return static_cast<passed>(source.get());
    }

    template <std::size_t E, std::size_t... K>
    static void run_node(state_type& st, const node_at<E>& node, std::uint64_t release, std::index_sequence<K...>) {
        slot_at<graph_type::layout.node_slot[E]>(st).emplace(
            std::invoke(node.function, argument<E, K>(st, node, release)...));
        if (release != 0) ((((release >> K) & 1u) != 0 ? slot_at<graph_type::template dependency_slot<E, K>>(st).reset()
                                                        : void()),
                           ...);
    }

    template <std::size_t E>
    static void run(void* st, const void* nodes, std::uint64_t release) {
        run_node<E>(*static_cast<state_type*>(st), boost::hana::at_c<E>(*static_cast<const nodes_type*>(nodes)),
                    release, std::make_index_sequence<node_at<E>::arity>{});
    }

    template <std::size_t S>
    static slot_ops make_slot_ops() {
        return {
            [](void* st, const std::any& value) { return bind_any(slot_at<S>(*static_cast<state_type*>(st)), value); },
            [](void* st, const config_value& value) {
                return bind_config(slot_at<S>(*static_cast<state_type*>(st)), value);
            },
            [](void* st) { return take_any(slot_at<S>(*static_cast<state_type*>(st))); },
        };
    }

    template <std::size_t... E, std::size_t... S>
    static void fill_code(graph_view& v, std::index_sequence<E...>, std::index_sequence<S...>) {
        v.run = {&run<E>...};
        v.slots = {make_slot_ops<S>()...};
        v.slot_type = {type_name<typename graph_type::template slot_type<S>>()...};
    }

    static graph_view make_view() {
        constexpr auto& shape = graph_type::shape;
        constexpr auto& layout = graph_type::layout;
        graph_view v;
        v.node_count = graph_type::node_count;
        v.slot_count = graph_type::slot_count;
        v.node_name.assign(shape.node_name.begin(), shape.node_name.end());
        v.function_name = {Nodes::function_name...};
        v.gated.assign(shape.gated.begin(), shape.gated.end());
        v.node_slot.assign(layout.node_slot.begin(), layout.node_slot.end());
        v.dep_offset.assign(shape.dep_offset.begin(), shape.dep_offset.end());
        v.dep_slot.assign(layout.dep_slot.begin(), layout.dep_slot.end());
        v.dep_repeated.assign(layout.dep_repeated.begin(), layout.dep_repeated.end());
        for_each_optional(v.dep_optional);
        v.slot_name.assign(layout.slot_name.begin(), layout.slot_name.begin() + static_cast<std::ptrdiff_t>(v.slot_count));
        v.producers.resize(v.slot_count);
        v.consumers.resize(v.slot_count);
        for (std::uint32_t n = 0; n < v.node_count; ++n) {
            v.producers[v.node_slot[n]].push_back(n);
            for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) v.consumers[v.dep_slot[k]].push_back(n);
        }
        v.topological_order.assign(layout.topological_order.begin(), layout.topological_order.end());
        for (std::uint32_t s = 0; s < v.slot_count; ++s) v.slot_by_name.emplace(v.slot_name[s], s);
        fill_code(v, std::index_sequence_for<Nodes...>{}, std::make_index_sequence<graph_type::slot_count>{});
        v.new_state = [] { return static_cast<void*>(new state_type()); };
        v.delete_state = [](void* st) { delete static_cast<state_type*>(st); };
        return v;
    }

    static void for_each_optional(std::vector<bool>& out) {
        const std::array<const bool*, sizeof...(Nodes)> lists{Nodes::dependency_is_optional.data()...};
        for (std::size_t n = 0; n < sizeof...(Nodes); ++n)
            for (std::size_t k = 0; k < graph_type::arities[n]; ++k) out.push_back(lists[n][k]);
    }

    static const graph_view& view() {
        static const graph_view v = make_view();
        return v;
    }

    static std::vector<node_description> describe(const nodes_type& nodes, const config& cfg,
                                                  std::vector<std::string>& problems) {
        std::vector<node_description> out;
        out.reserve(sizeof...(Nodes));
        boost::hana::unpack(nodes, [&](const auto&... node) {
            (void)std::initializer_list<int>{(out.push_back(describe_one(node, cfg, problems)), 0)...};
        });
        return out;
    }

    template <class Node>
    static node_description describe_one(const Node& node, const config& cfg, std::vector<std::string>& problems) {
        node_description d;
        d.active = node.active(cfg, problems);
        d.documentation = std::string(node.documentation);
        for (const auto& t : node.tags) d.tags.emplace_back(std::string(t.key), std::string(t.value));
        d.conditions = node.condition_texts();
        d.condition_keys = node.condition_keys();
        return d;
    }
};

template <class... A, class... B>
constexpr auto concat_nodes(const boost::hana::basic_tuple<A...>& a, const boost::hana::basic_tuple<B...>& b) {
    return boost::hana::unpack(a, [&](const A&... x) {
        return boost::hana::unpack(b, [&](const B&... y) { return boost::hana::make_basic_tuple(x..., y...); });
    });
}

template <class Tuple>
constexpr auto concat_modules(const Tuple& nodes) {
    return nodes;
}
template <class Tuple, class Module, class... Rest>
constexpr auto concat_modules(const Tuple& nodes, const Module& first, const Rest&... rest) {
    return concat_modules(concat_nodes(nodes, first.nodes), rest...);
}

}  // namespace detail

// Collects modules and config, then build()s a driver.
template <class... Nodes>
class builder {
public:
    builder() = default;
    builder(boost::hana::basic_tuple<Nodes...> nodes, config cfg) : nodes_(std::move(nodes)), config_(std::move(cfg)) {}

    // Adds the nodes of `modules`; can be called several times.
    template <class... Modules>
    [[nodiscard]] auto with_modules(const Modules&... modules) const {
        auto nodes = detail::concat_modules(nodes_, modules...);
        return boost::hana::unpack(nodes, [&](const auto&... all) {
            return builder<std::decay_t<decltype(all)>...>(boost::hana::make_basic_tuple(all...), config_);
        });
    }

    // Adds config values; for a key given twice, the later value wins.
    [[nodiscard]] builder with_config(const config& values) const {
        builder copy = *this;
        for (const auto& [key, value] : values) copy.config_.insert_or_assign(key, value);
        return copy;
    }

    // Checks the graph (compile errors name the nodes) and picks the variants the config selects
    // (a hamilton::error lists every problem: two active variants, conditions comparing unlike kinds).
    [[nodiscard]] driver<Nodes...> build() const {
        graph<Nodes...>::report_errors();
        return driver<Nodes...>(nodes_, config_);
    }

private:
    boost::hana::basic_tuple<Nodes...> nodes_;
    config config_;
};

builder() -> builder<>;

template <class... Nodes>
class driver {
    using graph_type = graph<Nodes...>;
    using typed = detail::typed_graph<Nodes...>;
    using nodes_type = boost::hana::basic_tuple<Nodes...>;

    // Drivers come from builder::build(), which checks the graph first.
    template <class...>
    friend class builder;
    driver(nodes_type nodes, config cfg) : nodes_(std::make_shared<const nodes_type>(std::move(nodes))) {
        if constexpr (graph_type::valid) {
            std::vector<std::string> problems;
            auto described = typed::describe(*nodes_, cfg, problems);
            engine_ = std::make_shared<const detail::engine>(typed::view(), nodes_.get(), std::move(cfg),
                                                             std::move(described), std::move(problems));
        }
    }

public:
    // Computes `Outputs` (and only what they need) and returns them typed: the value itself for
    // one output, a std::tuple for several (use structured bindings).
    template <fixed_string... Outputs>
        requires(sizeof...(Outputs) > 0)
    [[nodiscard]] auto execute(const values& inputs = {}, const values& overrides = {}) const {
        constexpr std::array<std::uint32_t, sizeof...(Outputs)> slots{graph_type::slot_of(Outputs.view())...};
        constexpr bool all_known = [&] {
            for (auto s : slots)
                if (s == detail::none) return false;
            return true;
        }();
        if constexpr (!all_known) {
            report_unknown<Outputs...>();
            return 0;
        } else if constexpr (graph_type::valid) {
            auto [plan, st] = engine_->prepare({slots.begin(), slots.end()}, {Outputs.view()...}, inputs, overrides);
            engine_->run(*plan, st.get());
            auto& values = *static_cast<typename typed::state_type*>(st.get());
            if constexpr (sizeof...(Outputs) == 1) {
                return detail::slot_at<slots[0]>(values).take();
            } else {
                return take_all<slots>(values, std::make_index_sequence<sizeof...(Outputs)>{});
            }
        }
    }

    // Computes `outputs` by name and returns them as hamilton::results.
    [[nodiscard]] results execute(const std::vector<std::string>& outputs, const values& inputs = {},
                                  const values& overrides = {}) const {
        std::vector<std::string_view> names;
        auto slots = engine_->slots_of(outputs, names);
        auto [plan, st] = engine_->prepare(slots, names, inputs, overrides);
        engine_->run(*plan, st.get());
        return engine_->collect(*plan, st.get());
    }

    // Checks that execute(outputs, inputs, overrides) would start (names, inputs, types) without
    // running any node; throws the hamilton::error execute would throw.
    void validate_execution(const std::vector<std::string>& outputs, const values& inputs = {},
                            const values& overrides = {}) const {
        std::vector<std::string_view> names;
        auto slots = engine_->slots_of(outputs, names);
        (void)engine_->prepare(slots, names, inputs, overrides);
    }

    // Every value of the graph under this config: nodes and inputs, with type, doc, tags and
    // dependencies; only those whose tags match `filter` when one is given.
    [[nodiscard]] std::vector<variable> list_available_variables(const tag_filter& filter = {}) const {
        return engine_->list_available_variables(filter);
    }

    // The named values and everything they depend on.
    template <class... Names>
    [[nodiscard]] std::vector<variable> what_is_upstream_of(const Names&... names) const {
        return engine_->variables_where(
            engine_->reachable(engine_->require_names({std::string(names)...}, "what_is_upstream_of"), true));
    }

    // The named values and everything that depends on them.
    template <class... Names>
    [[nodiscard]] std::vector<variable> what_is_downstream_of(const Names&... names) const {
        return engine_->variables_where(
            engine_->reachable(engine_->require_names({std::string(names)...}, "what_is_downstream_of"), false));
    }

    // The values on some path from `upstream` to `downstream` (both included); empty if none.
    [[nodiscard]] std::vector<variable> what_is_the_path_between(const std::string& upstream,
                                                                 const std::string& downstream) const {
        const auto ends = engine_->require_names({upstream, downstream}, "what_is_the_path_between");
        auto below = engine_->reachable({ends[0]}, false);
        const auto above = engine_->reachable({ends[1]}, true);
        if (!below[ends[1]]) return {};
        for (std::size_t s = 0; s < below.size(); ++s) below[s] = below[s] && above[s];
        return engine_->variables_where(below);
    }

    // The whole graph in Graphviz DOT; also written to `path` when one is given (a .svg, .png or
    // .pdf path is rendered with Graphviz's `dot`).
    std::string display_all_functions(const std::filesystem::path& path = {}) const {
        return graphviz::render(graphviz::all_functions(*engine_), path);
    }

    // The nodes execute(outputs, inputs, overrides) would run, with requested outputs, inputs and
    // overrides drawn distinctly; checks the call first, like validate_execution.
    std::string visualize_execution(const std::vector<std::string>& outputs, const std::filesystem::path& path = {},
                                    const values& inputs = {}, const values& overrides = {}) const {
        std::vector<std::string_view> names;
        auto slots = engine_->slots_of(outputs, names);
        auto [plan, st] = engine_->prepare(slots, names, inputs, overrides);
        return graphviz::render(graphviz::execution(*engine_, *plan, overrides), path);
    }

    [[nodiscard]] const config& configuration() const noexcept { return engine_->configuration(); }

private:
    template <fixed_string... Outputs>
    static constexpr void report_unknown() {
        [[maybe_unused]] const std::array<int, sizeof...(Outputs)> done{report_if_unknown<Outputs>()...};
    }
    template <fixed_string Output>
    static constexpr int report_if_unknown() {
        if constexpr (graph_type::slot_of(Output.view()) == detail::none)
            (void)sizeof(compile_error::unknown_output<compile_error::named<Output>>);
        return 0;
    }

    template <auto Slots, std::size_t... I>
    static auto take_all(typename typed::state_type& values, std::index_sequence<I...>) {
        return std::tuple<typename graph_type::template slot_type<Slots[I]>...>{
            detail::slot_at<Slots[I]>(values).take()...};
    }

    std::shared_ptr<const nodes_type> nodes_;
    std::shared_ptr<const detail::engine> engine_;
};

}  // namespace hamilton
