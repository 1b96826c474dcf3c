// hamilton/driver.hpp: the builder and the driver that executes requested outputs.
//
//   auto dr = hamilton::builder().with_modules(marketing).with_config({{"source", "csv"}}).build();
//   auto [zm, m] = dr.execute<"spend_zero_mean", "spend_mean">({{"spend", spend}});   // typed
//   hamilton::results r = dr.execute({"spend_mean"}, {{"spend", spend}});            // by name
//   auto t = dr.execute(to_table, {"spend_mean"}, {{"spend", spend}});                // with a result builder
//
// builder().allow_module_overrides() lets a module replace the same-named nodes of the
// modules added before it (Python Hamilton's allow_module_overrides).
//
// build() checks the graph at compile time (graph.hpp) and picks the active variants for the
// config at run time. A driver is immutable after build(): several threads may execute it at
// once, and copies share its plan cache.
#pragma once

#include <any>
#include <array>
#include <cstddef>
#include <cstdint>
#include <concepts>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compile_error.hpp"
#include "compiled_module.hpp"
#include "adapters.hpp"
#include "config.hpp"
#include "detail/always_inline.hpp"
#include "detail/engine.hpp"
#include "detail/fixed_plan.hpp"
#include "detail/layout.hpp"
#include "detail/output_names.hpp"
#include "detail/module_unit.hpp"
#include "detail/state.hpp"
#include "detail/node_cache.hpp"
#include "detail/task_pool.hpp"
#include "detail/type_list.hpp"
#include "detail/typed_graph.hpp"
#include "error.hpp"
#include "graph.hpp"
#include "module.hpp"
#include "result_builder.hpp"
#include "results.hpp"

namespace hamilton {

template <class... Nodes>
class driver;

namespace detail {

template <class Builder, class... Modules>
struct builder_with;
template <template <class...> class Builder, class... Nodes>
struct builder_with<Builder<Nodes...>> {
    using type = Builder<Nodes...>;
};
template <template <class...> class Builder, class... Nodes, class... ModuleNodes, class... Rest>
struct builder_with<Builder<Nodes...>, module_definition<ModuleNodes...>, Rest...>
    : builder_with<Builder<Nodes..., ModuleNodes...>, Rest...> {};
// A compiled module's nodes are not part of the builder's type: they are linked at build().
template <template <class...> class Builder, class... Nodes, class... Rest>
struct builder_with<Builder<Nodes...>, compiled_module, Rest...> : builder_with<Builder<Nodes...>, Rest...> {};

template <class Module>
struct module_size;
template <class... Nodes>
struct module_size<module_definition<Nodes...>> : std::integral_constant<std::size_t, sizeof...(Nodes)> {};
template <>
struct module_size<compiled_module> : std::integral_constant<std::size_t, 0> {};

// Builder<Nodes...> without the nodes that a later group (see surviving_nodes) replaces. The
// survivors are found by a constexpr function over arrays and picked by index (no recursion over
// the nodes), so this stays linear in the number of nodes.
template <class Builder, class GroupSizes>
struct without_replaced;
template <template <class...> class Builder, class... Nodes, std::size_t... GroupSizes>
struct without_replaced<Builder<Nodes...>, std::index_sequence<GroupSizes...>> {
    static constexpr auto kept = surviving_nodes(std::array<std::string_view, sizeof...(Nodes)>{Nodes::name...},
                                                 std::array<std::size_t, sizeof...(GroupSizes)>{GroupSizes...});

    template <class Indices>
    struct pick;
    template <std::size_t... I>
    struct pick<std::index_sequence<I...>> {
        using type = Builder<type_at<kept.index[I], type_list<Nodes...>>...>;
    };
    // Nothing replaced (the usual case for a module that only adds nodes): no picking at all.
    using type = typename std::conditional_t<kept.count == sizeof...(Nodes), std::type_identity<Builder<Nodes...>>,
                                             pick<std::make_index_sequence<kept.count>>>::type;
};

// Builder<Nodes...> after adding Modules, each replacing the same-named nodes before it. The
// result type is computed once for all the modules of a call: no intermediate builder type.
template <class Builder, class... Modules>
struct builder_overridden_by;
template <template <class...> class Builder, class... Nodes, class... Modules>
struct builder_overridden_by<Builder<Nodes...>, Modules...>
    : without_replaced<typename builder_with<Builder<Nodes...>, Modules...>::type,
                       std::index_sequence<sizeof...(Nodes), module_size<Modules>::value...>> {};

}  // namespace detail

class materializer;  // materialize.hpp

namespace detail {
// The code of basic_driver's members that live in optional headers: a program that does not
// call them does not parse or instantiate it (files, the filesystem, Graphviz). Each header
// specializes its struct (the second parameter is void); without it, the call instantiates the
// primary template, whose static_assert names the header to include. The first parameter is the
// member's template parameter, which defers the lookup to the call.
template <class Dependent, class = void>
struct graphviz_members {
    static_assert(compile_error::always_false<Dependent>,
                  "hamilton: display_all_functions and visualize_execution are defined in "
                  "<hamilton/graphviz.hpp>; #include <hamilton/graphviz.hpp>");
};
template <class Dependent, class = void>
struct materialize_members {
    static_assert(compile_error::always_false<Dependent>,
                  "hamilton: materialize and visualize_materialization are defined in "
                  "<hamilton/materialize.hpp>; #include <hamilton/materialize.hpp>");
    // Complete stand-ins, so that the call around it compiles and the static_assert above is
    // the one error (a std::vector of the incomplete hamilton::materializer is a page of them).
    struct materializer_type {};
    template <class... Arguments>
    static int materialize(const Arguments&...) { return 0; }
    template <class... Arguments>
    static std::string visualize(const Arguments&...) { return {}; }
};
}  // namespace detail

// A built driver, whatever its graph: everything that works by runtime names. driver<Nodes...>
// adds the typed execute<"name"...>. Copies share the built graph and its plan cache.
class basic_driver {
public:
    // Saves outputs through data savers and loads values through data loaders around one execute,
    // and draws it: hamilton::materialize and hamilton::visualize_materialization, in
    // <hamilton/materialize.hpp> (Materializer is hamilton::materializer).
    template <class Materializer = materializer>
    auto materialize(const std::vector<typename detail::materialize_members<Materializer>::materializer_type>& materializers,
                     const values& inputs = {},
                     const values& overrides = {}, const detail::output_name_list& additional_outputs = {}) const {
        return detail::materialize_members<Materializer>::materialize(*this, materializers, inputs, overrides,
                                                                       additional_outputs);
    }
    template <class Materializer = materializer, class Path = std::string_view>
    std::string visualize_materialization(
        const std::vector<typename detail::materialize_members<Materializer>::materializer_type>& materializers,
        const Path& path = {},
                                          const values& inputs = {}, const values& overrides = {},
                                          const detail::output_name_list& additional_outputs = {}) const {
        return detail::materialize_members<Materializer>::visualize(*this, materializers, path, inputs, overrides,
                                                                    additional_outputs);
    }

    // Computes `outputs` by name and returns them as hamilton::results. `outputs` is a braced
    // list ({"a", "b"}) or any range of names: a std::vector<std::string>, a std::array of
    // std::string_view... (detail/output_names.hpp); likewise for every member below that takes
    // the outputs by name.
    [[nodiscard]] results execute(const detail::output_name_list& outputs, const values& inputs = {},
                                  const values& overrides = {}) const {
        auto state = engine_->prepare(engine_->slots_of(outputs.views()), outputs.views(), inputs, overrides, true);
        engine_->run(*state);
        return engine_->collect(*state);
    }

    // Computes `outputs` by name and returns what `builder` makes of them: builder(results), see
    // result_builder.hpp. A builder that throws makes a hamilton::error naming the outputs. A
    // range of names is never taken for a builder: execute(names, inputs) is the call above.
    template <class Builder>
        requires(!detail::output_names<std::remove_cvref_t<Builder>>)
    [[nodiscard]] auto execute(Builder&& builder, const detail::output_name_list& outputs, const values& inputs = {},
                               const values& overrides = {}) const {
        if constexpr (!result_builder<Builder>) {
            (void)sizeof(compile_error::not_a_result_builder<std::remove_cvref_t<Builder>>);
            return 0;
        } else {
            const results computed = execute(outputs, inputs, overrides);
            return detail::build_result(outputs.views(), std::forward<Builder>(builder), computed);
        }
    }

    // The value of input `name` (or of a node, for an override) that `text` spells, read by the
    // type the graph gives it: "3" for an int, "0.5" for a double, "yes" for a bool, "a,b" for a
    // std::vector<std::string>. For command lines and config files; throws a hamilton::error
    // naming the name, its type and what is wrong.
    [[nodiscard]] std::any value_from_text(std::string_view name, std::string_view text) const {
        return engine_->value_from_text(name, text);
    }

    // Checks that execute(outputs, inputs, overrides) would start (names, inputs, types) without
    // running any node; throws the hamilton::error execute would throw.
    void validate_execution(const detail::output_name_list& outputs, const values& inputs = {},
                            const values& overrides = {}) const {
        (void)engine_->prepare(engine_->slots_of(outputs.views()), outputs.views(), inputs, overrides, true);
    }

    // Every value of the graph under this config: nodes and inputs, with type, doc, tags and
    // dependencies; only those whose tags match `filter` when one is given.
    [[nodiscard]] std::vector<variable> list_available_variables(const tag_filter& filter = {}) const {
        return engine_->list_available_variables(filter);
    }

    // The variants of node `name`: the functions whose config conditions choose which one
    // computes it (Hamilton's @config.when), active or not, each with its conditions and whether
    // this driver's config selects it. Empty for a value without variants. Throws a
    // hamilton::error for a name that no function computes or reads.
    [[nodiscard]] std::vector<node_variant> variants_of(std::string_view name) const {
        return engine_->variants_of(name);
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

    // The whole graph in Graphviz DOT; also written to `path` (a std::filesystem::path or a
    // string) when one is given (a .svg, .png or .pdf path is rendered with Graphviz's `dot`).
    // Defined in <hamilton/graphviz.hpp>.
    template <class Path = std::string_view>
    std::string display_all_functions(const Path& path = {}) const {
        return detail::graphviz_members<Path>::all_functions(*engine_, path);
    }

    // The nodes execute(outputs, inputs, overrides) would run, with requested outputs, inputs and
    // overrides drawn distinctly; checks the call first, like validate_execution. Defined in
    // <hamilton/graphviz.hpp>.
    template <class Path = std::string_view>
    std::string visualize_execution(const detail::output_name_list& outputs, const Path& path = {},
                                    const values& inputs = {}, const values& overrides = {}) const {
        const auto state =
            engine_->prepare(engine_->slots_of(outputs.views()), outputs.views(), inputs, overrides, false);
        return detail::graphviz_members<Path>::execution(*engine_, state->steps(), overrides, path);
    }

    [[nodiscard]] const config& configuration() const noexcept { return engine_->configuration(); }

protected:
    explicit basic_driver(std::shared_ptr<const detail::engine> engine) : engine_(std::move(engine)) {}

    std::shared_ptr<const detail::engine> engine_;
};

namespace detail {
// What a builder holds; a non-template base, so that builder<Nodes...> itself has no members and
// its (inlined) special member functions need no name listing the nodes.
struct builder_state {
    node_objects nodes;
    std::vector<compiled_module> units;  // modules compiled in other units, linked at build()
    config configuration;
    execution_options execution;

    // Adds config values; for a key given twice, the later value wins.
    void add_config(const config& values) {
        for (const auto& [key, value] : values) configuration.insert_or_assign(key, value);
    }

    void set_cache(std::shared_ptr<const node_cache> cache, cache_behaviors behaviors) {
        if (!cache)
            throw error("with_cache: the cache is an empty std::shared_ptr; pass one that owns a cache, e.g. "
                        "std::make_shared<hamilton::cache>()");
        execution.cache = std::move(cache);
        execution.behaviors = std::move(behaviors);
    }
};

// What with_modules does with one argument: a module's nodes are copied, a compiled module is
// kept to be linked at build().
template <class... Nodes>
HAMILTON_DETAIL_ALWAYS_INLINE void add_module(node_objects& nodes, std::vector<compiled_module>&,
                                              const module_definition<Nodes...>& m) {
    append_nodes(nodes, m.entries);
}
inline void add_module(node_objects&, std::vector<compiled_module>& units, const compiled_module& m) {
    units.push_back(m);
}

// The engine of a driver whose graph's tables are `tables` (detail/typed_graph.hpp): with
// compiled modules, of the graph linked from it and them (detail/link.hpp, which compile_module()
// points each module to). Templated on the graph's sizes only, not on its nodes.
template <std::size_t N, std::size_t D, std::size_t S>
std::shared_ptr<const engine> make_engine(const graph_tables<N, D, S>& tables, node_objects nodes,
                                          const std::vector<compiled_module>& units, bool overriding, config cfg,
                                          execution_options execution) {
    const graph_view& typed = view_of(tables);
    auto metadata = metadata_of_nodes(tables, nodes);
    if (units.empty())
        return std::make_shared<const engine>(typed, std::move(nodes), metadata, std::move(cfg), std::move(execution));
    auto linked = units.front().unit().link(typed, std::move(nodes), std::move(metadata), units, overriding);
    return std::make_shared<const engine>(std::move(linked.view), std::move(linked.nodes), linked.metadata,
                                          std::move(cfg), std::move(execution));
}

// An adapter given to with_adapters, checked.
inline std::shared_ptr<lifecycle_adapter> require_adapter(std::shared_ptr<lifecycle_adapter> adapter) {
    if (!adapter)
        throw error("with_adapters: an adapter is an empty std::shared_ptr; pass one that owns an adapter, "
                    "e.g. std::make_shared<hamilton::timing_report>()");
    return adapter;
}

// What with_executor takes: synchronous_executor or multithreading_executor (executor.hpp), each
// with the use_executor that sets a driver's pool and the engine's code for it.
template <class Executor>
concept executor_like = requires(const Executor& e, execution_options& options) {
    { e.pool() } -> std::convertible_to<std::shared_ptr<task_pool>>;
    use_executor(options, e);
};
}  // namespace detail

// What with_adapters takes.
template <class Adapter>
concept adapter_pointer = std::is_convertible_v<Adapter, std::shared_ptr<lifecycle_adapter>>;

namespace detail {
}  // namespace detail

template <class... Nodes>
class overriding_builder;

// Collects modules and config, then build()s a driver.
template <class... Nodes>
class builder : private detail::builder_state {
public:
    builder() = default;

    // Adds the nodes of `modules`: modules, or modules compiled in their own units
    // (compiled_module.hpp), in any mix; can be called several times.
    template <class... Modules>
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE auto with_modules(const Modules&... modules) const {
        typename detail::builder_with<builder, Modules...>::type next;
        static_cast<detail::builder_state&>(next) = *this;
        (detail::add_module(next.nodes, next.units, modules), ...);
        return next;
    }

    // Adds config values; for a key given twice, the later value wins.
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE builder with_config(const config& entries) const {
        builder copy = *this;
        copy.add_config(entries);
        return copy;
    }

    // How the driver runs nodes: synchronous_executor (the default) or a multithreading_executor,
    // whose threads the driver shares (see executor.hpp).
    template <detail::executor_like Executor>
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE builder with_executor(const Executor& executor) const {
        builder copy = *this;
        use_executor(copy.execution, executor);  // found by ADL: defined with the executor (executor.hpp)
        return copy;
    }

    // Keeps node values across executes and runs in `cache` (see cache.hpp), with per-node
    // behaviours; build() reports behaviours naming no node.
    template <class Cache>
        requires std::derived_from<Cache, detail::node_cache>
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE builder with_cache(std::shared_ptr<Cache> cache,
                                                                  cache_behaviors behaviors = {}) const {
        builder copy = *this;
        copy.set_cache(std::move(cache), std::move(behaviors));
        detail::engine::use_cache(copy.execution.parts);
        return copy;
    }

    // Adds lifecycle adapters, called around the graph and each node (see adapters.hpp); can be
    // called several times.
    template <adapter_pointer... Adapters>
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE builder with_adapters(const Adapters&... adapters) const {
        builder copy = *this;
        (copy.execution.adapters.push_back(detail::require_adapter(adapters)), ...);
        detail::engine::use_hooks(copy.execution.parts);
        return copy;
    }

    // From here on, a module added with with_modules replaces every node of the modules added
    // before it (before or after this call) that has the name of one of its nodes, all variants
    // of that name included. Without it, two nodes of one name are the compile error
    // duplicate_node; inside one module they still are.
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE overriding_builder<Nodes...> allow_module_overrides() const {
        overriding_builder<Nodes...> next;
        static_cast<detail::builder_state&>(next) = *this;
        return next;
    }

    // Checks the graph (compile errors name the nodes) and picks the variants the config selects
    // (a hamilton::error lists every problem: two active variants, conditions comparing unlike kinds).
    // With compiled modules, first links them with this graph and checks what crosses units
    // (detail/link.hpp): the same error lists those problems too.
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE driver<Nodes...> build() const {
        static_assert((graph<Nodes...>::report_errors(), true));
        return driver<Nodes...>(nodes, units, false, configuration, execution);
    }

private:
    template <class...>
    friend class builder;
};

builder() -> builder<>;

// What builder().allow_module_overrides() returns: a builder whose with_modules lets each module
// replace the same-named nodes added before it. It is not derived from builder<Nodes...>, so that
// a graph's builder types (and their symbols, which name every node) are not doubled.
template <class... Nodes>
class overriding_builder : private detail::builder_state {
public:
    overriding_builder() = default;

    // Adds the nodes of `modules`; each module's nodes replace the nodes of the same names added
    // before it (in this call or earlier). Can be called several times.
    template <class... Modules>
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE auto with_modules(const Modules&... modules) const {
        using step = detail::builder_overridden_by<overriding_builder, Modules...>;
        constexpr auto kept = step::kept;  // a local copy: no symbol whose name lists the nodes
        detail::node_objects all = nodes;
        typename step::type next;
        next.units = units;
        (detail::add_module(all, next.units, modules), ...);
        next.configuration = configuration;
        next.execution = execution;
        next.nodes.reserve(kept.count);
        for (std::size_t i = 0; i < kept.count; ++i) next.nodes.push_back(std::move(all[kept.index[i]]));
        return next;
    }

    // Adds config values; for a key given twice, the later value wins.
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE overriding_builder with_config(const config& entries) const {
        overriding_builder copy = *this;
        copy.add_config(entries);
        return copy;
    }

    // As builder::with_executor().
    template <detail::executor_like Executor>
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE overriding_builder with_executor(const Executor& executor) const {
        overriding_builder copy = *this;
        use_executor(copy.execution, executor);  // found by ADL: defined with the executor (executor.hpp)
        return copy;
    }

    // As builder::with_cache().
    template <class Cache>
        requires std::derived_from<Cache, detail::node_cache>
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE overriding_builder with_cache(std::shared_ptr<Cache> cache,
                                                                             cache_behaviors behaviors = {}) const {
        overriding_builder copy = *this;
        copy.set_cache(std::move(cache), std::move(behaviors));
        detail::engine::use_cache(copy.execution.parts);
        return copy;
    }

    // As builder::with_adapters().
    template <adapter_pointer... Adapters>
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE overriding_builder with_adapters(const Adapters&... adapters) const {
        overriding_builder copy = *this;
        (copy.execution.adapters.push_back(detail::require_adapter(adapters)), ...);
        detail::engine::use_hooks(copy.execution.parts);
        return copy;
    }

    // As builder::build(). A compiled module does not replace nodes, nor is it replaced: a name
    // it shares with another module is reported by build() as a duplicate.
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE driver<Nodes...> build() const {
        static_assert((graph<Nodes...>::report_errors(), true));
        return driver<Nodes...>(nodes, units, true, configuration, execution);
    }

private:
    template <class...>
    friend class builder;
    template <class...>
    friend class overriding_builder;
};

template <class... Nodes>
class driver : public basic_driver {
    using graph_type = graph<Nodes...>;

    // Drivers come from build(), which checks the graph first.
    template <class...>
    friend class builder;
    template <class...>
    friend class overriding_builder;
    HAMILTON_DETAIL_ALWAYS_INLINE driver(detail::node_objects nodes, const std::vector<compiled_module>& units,
                                         bool overriding, config cfg, detail::execution_options execution)
        : basic_driver(nullptr) {
        if constexpr (graph_type::valid)
            engine_ = detail::make_engine(detail::typed_graph<Nodes...>::tables, std::move(nodes), units, overriding,
                                          std::move(cfg), std::move(execution));
    }

public:
    using basic_driver::execute;

    // Computes `Outputs` (and only what they need) and returns them typed: the value itself for
    // one output, a std::tuple for several (use structured bindings).
    template <fixed_string... Outputs>
        requires(sizeof...(Outputs) > 0)
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE auto execute(const values& inputs = {}, const values& overrides = {}) const {
        constexpr std::array<std::uint32_t, sizeof...(Outputs)> slots{graph_type::slot_of(Outputs.view())...};
        if constexpr (!all_known(slots)) {
            report_unknown<Outputs...>();
            return 0;
        } else if constexpr (graph_type::valid) {
            const auto state = run<slots, Outputs...>(inputs, overrides);
            if constexpr (sizeof...(Outputs) == 1) {
                return take<slots[0]>(*state);
            } else {
                return take_all<slots>(*state, std::make_index_sequence<sizeof...(Outputs)>{});
            }
        }
    }

    // Computes `Outputs` and returns builder(values...): the values typed, in the order requested,
    // moved in (see result_builder.hpp). A builder that cannot take them is the compile error
    // result_builder_mismatch; one that throws makes a hamilton::error naming the outputs.
    template <fixed_string... Outputs, class Builder>
        requires(sizeof...(Outputs) > 0 && !std::is_convertible_v<Builder, const values&>)
    [[nodiscard]] HAMILTON_DETAIL_ALWAYS_INLINE auto execute(Builder&& builder, const values& inputs = {},
                                                            const values& overrides = {}) const {
        constexpr std::array<std::uint32_t, sizeof...(Outputs)> slots{graph_type::slot_of(Outputs.view())...};
        if constexpr (!all_known(slots)) {
            report_unknown<Outputs...>();
            return 0;
        } else if constexpr (graph_type::valid) {
            if constexpr (!typed_result_builder<Builder, output_type<Outputs>...>) {
                (void)sizeof(compile_error::result_builder_mismatch<
                             std::remove_cvref_t<Builder>,
                             compile_error::output<compile_error::named<Outputs>, output_type<Outputs>>...>);
                return 0;
            } else {
                const auto state = run<slots, Outputs...>(inputs, overrides);
                const std::array<std::string_view, sizeof...(Outputs)> names{Outputs.view()...};
                return build_typed<slots>(names, std::forward<Builder>(builder), *state,
                                          std::make_index_sequence<sizeof...(Outputs)>{});
            }
        }
    }

private:
    // Checks the call, then computes the outputs (`Slots`, named `Outputs`): with the plan fixed
    // at compile time when there is one and no override cuts the graph, else the engine's plan.
    template <auto Slots, fixed_string... Outputs>
    HAMILTON_DETAIL_ALWAYS_INLINE std::unique_ptr<detail::run_state> run(const values& inputs,
                                                                         const values& overrides) const {
        if (engine_->linked())
            engine_->require_output_types({Slots.begin(), Slots.end()}, {&typeid(output_type<Outputs>)...},
                                          {Outputs.view()...});
        auto state = engine_->prepare({Slots.begin(), Slots.end()}, {Outputs.view()...}, inputs, overrides, false);
        constexpr auto plan = fixed_plan<Slots>();
        if constexpr (plan.fixed) {
            if (overrides.empty() && engine_->runs_fixed_plans()) {
                run_fixed<Slots>(*state, std::make_index_sequence<plan.chunk_count()>{});
                return state;
            }
        }
        engine_->run(*state);
        return state;
    }

    template <std::size_t Count>
    static constexpr bool all_known(const std::array<std::uint32_t, Count>& slots) {
        for (auto s : slots)
            if (s == detail::none) return false;
        return true;
    }

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

    template <auto Slots>
    static constexpr auto fixed_plan() {
        return detail::make_fixed_plan(graph_type::shape, graph_type::layout, graph_type::slot_offsets, Slots);
    }

    // Runs the fixed plan of the outputs `Slots`, chunk C after chunk C - 1 (see detail/fixed_plan.hpp).
    template <auto Slots, std::size_t... C>
    HAMILTON_DETAIL_ALWAYS_INLINE void run_fixed(detail::run_state& state, std::index_sequence<C...>) const {
        // A plan of no chunk (every output is an input of this graph) uses none of these.
        [[maybe_unused]] static constexpr auto plan = fixed_plan<Slots>();
        [[maybe_unused]] std::byte* const data = state.data();
        [[maybe_unused]] const void* const* const callables = engine_->callables();
        [[maybe_unused]] const void* const* const defaults = engine_->defaults();
        std::size_t done = 0;
        try {
            (detail::fixed_chunk_of<plan.template chunk<plan.chunk_steps(C), plan.chunk_offsets(C)>(C),
                                    typename graph_type::runners>::type::run(data, callables, defaults, done),
             ...);
            state.finished = true;
        } catch (...) {
            engine_->node_failed(state, done);
        }
    }

    template <std::uint32_t Slot>
    HAMILTON_DETAIL_ALWAYS_INLINE static auto take(const detail::run_state& state) {
        using value = typename graph_type::template slot_type<Slot>;
        return detail::slot_ref<value>(state.data() + graph_type::slot_offsets[Slot]).take();
    }

    // The type of the value named Output.
    template <fixed_string Output>
    using output_type = typename graph_type::template slot_type<graph_type::slot_of(Output.view())>;

    template <auto Slots, class Names, class Builder, std::size_t... I>
    HAMILTON_DETAIL_ALWAYS_INLINE static auto build_typed(const Names& names, Builder&& builder,
                                                          const detail::run_state& state, std::index_sequence<I...>) {
        return detail::build_result(names, std::forward<Builder>(builder), take<Slots[I]>(state)...);
    }

    template <auto Slots, std::size_t... I>
    HAMILTON_DETAIL_ALWAYS_INLINE static auto take_all(const detail::run_state& state, std::index_sequence<I...>) {
        return std::tuple<typename graph_type::template slot_type<Slots[I]>...>{take<Slots[I]>(state)...};
    }

};

}  // namespace hamilton
