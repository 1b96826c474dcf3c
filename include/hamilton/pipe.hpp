// hamilton/pipe.hpp: chains of transformations over a node's input or output, as nodes.
//
//   series avg_3wk(const series& spend, int window);
//   series clipped(series spend, double cap);
//   inline constexpr auto piped = hamilton::pipe_input(
//       HAMILTON_NODE(spend_per_signup, spend, signups),
//       hamilton::step<"avg_3wk">(&avg_3wk, hamilton::value(3)),          // spend_per_signup.with_avg_3wk
//       HAMILTON_STEP(clipped, hamilton::source<"cap">).when("clip", true)); // spend_per_signup.with_clipped
//   inline constexpr auto finished = hamilton::pipe_output(HAMILTON_NODE(spend_mean, spend), ...);
//   inline constexpr auto everywhere = hamilton::mutate<"spend", "signups">(loaders, ...);
//
// Python Hamilton's pipe_input, pipe_output, step and mutate. A step's function takes the chained
// value as its first parameter; its other parameters are bound like parameterize's (source<"x">,
// value(v), group<...>). Every step is an ordinary node, named "<node>.with_<step>" (or
// "<node>.<name>" after .named<"name">()), so it is checked, listed, drawn and overridable, and
// its function stays a plain function. A config-gated step becomes two variants of one node: the
// step, and a pass-through that hands its input on unchanged under every other config.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/preprocessor/stringize.hpp>

#include "compile_error.hpp"
#include "config.hpp"
#include "detail/callable.hpp"
#include "detail/type_list.hpp"
#include "fixed_string.hpp"
#include "graph.hpp"
#include "module.hpp"
#include "node.hpp"
#include "parameterize.hpp"

namespace hamilton {

namespace detail {

// The .when* conditions of a step or a node, kept together so that they can be combined.
template <std::size_t ConditionCount, std::size_t LiteralCount>
struct step_gate {
    std::array<condition, ConditionCount> conditions{};
    std::array<config_literal, LiteralCount> literals{};
};

// All conditions of `a` and of `b`: both must hold.
template <std::size_t C1, std::size_t L1, std::size_t C2, std::size_t L2>
constexpr step_gate<C1 + C2, L1 + L2> both(const step_gate<C1, L1>& a, const step_gate<C2, L2>& b) {
    step_gate<C1 + C2, L1 + L2> out{};
    for (std::size_t i = 0; i < C1; ++i) out.conditions[i] = a.conditions[i];
    for (std::size_t i = 0; i < L1; ++i) out.literals[i] = a.literals[i];
    for (std::size_t i = 0; i < C2; ++i) {
        out.conditions[C1 + i] = b.conditions[i];
        out.conditions[C1 + i].first += static_cast<std::uint32_t>(L1);
    }
    for (std::size_t i = 0; i < L2; ++i) out.literals[L1 + i] = b.literals[i];
    return out;
}

constexpr condition_op opposite(condition_op op) {
    switch (op) {
        case condition_op::when: return condition_op::when_not;
        case condition_op::when_not: return condition_op::when;
        case condition_op::when_in: return condition_op::when_not_in;
        case condition_op::when_not_in: return condition_op::when_in;
        case condition_op::selects: return condition_op::selects;  // wiring, not existence: never negated
    }
    return op;
}

// Holds exactly when the first K-1 conditions of `g` hold and the K-th does not. Over K = 1..C
// these are disjoint, and together they hold exactly when `g` does not: a skipped step gets one
// pass-through per condition, so that exactly one variant of the step's node is active.
template <std::size_t K, std::size_t C, std::size_t L>
constexpr step_gate<K, L> first_failing(const step_gate<C, L>& g) {
    step_gate<K, L> out{};
    for (std::size_t i = 0; i < K; ++i) out.conditions[i] = g.conditions[i];
    out.conditions[K - 1].op = opposite(out.conditions[K - 1].op);
    out.literals = g.literals;
    return out;
}

template <class Binding>
inline constexpr bool is_binding = is_source_or_value<Binding>;
template <fixed_string... Names>
inline constexpr bool is_binding<group_binding<Names...>> = true;

// A skipped step's node: its input, unchanged (moved on when nothing else reads it).
template <class T>
struct pass_through {
    T operator()(T value) const { return value; }
};

}  // namespace detail

// One step of a pipe: `Fn` takes the chained value first, then one value per binding. Make it
// with step<"name">(fn, bindings...) or HAMILTON_STEP(fn, bindings...).
template <fixed_string Name, bool Renamed, class Fn, std::size_t ConditionCount, std::size_t LiteralCount,
          class... Bindings>
struct pipe_step {
    Fn function;
    std::tuple<Bindings...> bindings;
    detail::step_gate<ConditionCount, LiteralCount> gate{};

    using function_type = Fn;
    static constexpr auto step_name = Name;
    static constexpr std::size_t binding_count = sizeof...(Bindings);
    static constexpr std::size_t condition_count = ConditionCount;
    static constexpr bool gated = ConditionCount > 0;
    // What follows "<node>." in the step's node name.
    static constexpr auto label = [] {
        if constexpr (Renamed) return Name;
        else return detail::join(fixed_string("with_"), Name);
    }();

    // Names the step's node "<node>.<New>" instead of "<node>.with_<step>".
    template <fixed_string New>
    [[nodiscard]] constexpr pipe_step<New, true, Fn, ConditionCount, LiteralCount, Bindings...> named() const {
        return {function, bindings, gate};
    }

    // The step runs only when config[key] == value; otherwise the value passes through unchanged.
    [[nodiscard]] constexpr auto when(std::string_view key, config_literal value) const {
        return with_condition(condition_op::when, key, {value});
    }
    // The step runs only when config[key] != value (a missing key counts as different).
    [[nodiscard]] constexpr auto when_not(std::string_view key, config_literal value) const {
        return with_condition(condition_op::when_not, key, {value});
    }
    // The step runs only when config[key] is one of `choices`.
    template <std::size_t Count>
    [[nodiscard]] constexpr auto when_in(std::string_view key, const config_literal (&choices)[Count]) const {
        return with_condition(condition_op::when_in, key, choices);
    }
    // The step runs only when config[key] is none of `choices` (or is missing).
    template <std::size_t Count>
    [[nodiscard]] constexpr auto when_not_in(std::string_view key, const config_literal (&choices)[Count]) const {
        return with_condition(condition_op::when_not_in, key, choices);
    }

private:
    template <std::size_t Count>
    constexpr auto with_condition(condition_op op, std::string_view key, const config_literal (&choices)[Count]) const {
        detail::step_gate<1, Count> added{};
        added.conditions[0] = condition{op, key, 0, static_cast<std::uint32_t>(Count)};
        for (std::size_t i = 0; i < Count; ++i) added.literals[i] = choices[i];
        return pipe_step<Name, Renamed, Fn, ConditionCount + 1, LiteralCount + Count, Bindings...>{
            function, bindings, detail::both(gate, added)};
    }
};

// A step named `Name` (its node is "<node>.with_<Name>"): `function`'s first parameter takes the
// chained value, and each binding (source<"x">, value(v), group<...>) one further parameter.
template <fixed_string Name, class Callable, class... Bindings>
    requires(detail::is_binding<Bindings> && ...)
constexpr auto step(Callable function, Bindings... bindings) {
    using Fn = std::decay_t<Callable>;
    return pipe_step<Name, false, Fn, 0, 0, Bindings...>{Fn(std::move(function)), {std::move(bindings)...}, {}};
}

namespace detail {

template <class T>
inline constexpr bool is_pipe_step = false;
template <fixed_string Name, bool Renamed, class Fn, std::size_t C, std::size_t L, class... B>
inline constexpr bool is_pipe_step<pipe_step<Name, Renamed, Fn, C, L, B...>> = true;

template <bool First, fixed_string A, fixed_string B>
constexpr auto choose() {
    if constexpr (First) return A;
    else return B;
}

// "raw_spend__csv" -> "csv": what a variant adds to its node's name ("" for an ungated node).
template <class Node>
constexpr auto variant_suffix() {
    constexpr std::string_view function = Node::function_name;
    if constexpr (!Node::gated || function.size() == Node::name.size()) return fixed_string("");
    else return to_fixed_string<function.size() - Node::name.size() - 1>(function.substr(Node::name.size() + 2));
}

// pipe_output's "<node>.raw" ("<node>.raw__csv" for the variant "<node>__csv").
template <class Node>
constexpr auto raw_function_name() {
    constexpr auto suffix = variant_suffix<Node>();
    if constexpr (suffix.size() > 0) return join(Node::name_literal(), fixed_string(".raw__"), suffix);
    else return join(Node::name_literal(), fixed_string(".raw"));
}

// The function name of a generated node: its node name, and for a gated node a "__variant"
// that build() drops again, so that variants of one step are told apart in messages.
// `Skip` = 0 for the step itself, K for its K-th pass-through.
template <fixed_string NodeName, fixed_string ParentSuffix, bool Gated, std::size_t Skip>
constexpr auto generated_function_name() {
    constexpr bool has_parent = ParentSuffix.size() > 0;
    if constexpr (Skip == 0) {
        if constexpr (has_parent) return join(NodeName, fixed_string("__"), ParentSuffix);
        else if constexpr (Gated) return join(NodeName, fixed_string("__applied"));
        else return NodeName;
    } else {
        constexpr auto skipped = [] {
            if constexpr (Skip == 1) return fixed_string("skipped");
            else return join(fixed_string("skipped"), decimal<Skip>);
        }();
        if constexpr (has_parent) return join(NodeName, fixed_string("__"), skipped, fixed_string("_"), ParentSuffix);
        else return join(NodeName, fixed_string("__"), skipped);
    }
}

// `n` (an ungated node made by node() or bound_node()) with these conditions, doc and tags.
template <std::size_t C, std::size_t L, std::size_t T, fixed_string Name, class Fn, fixed_string... Deps>
constexpr auto with_gate(const node_definition<Name, node_fields<Fn, 0, 0, 0, std::tuple<>>, Deps...>& n,
                         const step_gate<C, L>& gate, std::string_view documentation,
                         const std::array<hamilton::tag, T>& tags) {
    return node_definition<Name, node_fields<Fn, C, L, T, std::tuple<>>, Deps...>{
        {n.function, documentation, tags, gate.conditions, gate.literals, {}}};
}

template <fixed_string Name, class Fields, fixed_string... Deps>
constexpr step_gate<std::tuple_size_v<decltype(Fields::conditions)>, std::tuple_size_v<decltype(Fields::literals)>>
gate_of(const node_definition<Name, Fields, Deps...>& n) {
    return {n.conditions, n.literals};
}

// Is `name` one of `Names`?
template <fixed_string... Names>
constexpr bool one_of(std::string_view name) {
    constexpr std::array<std::string_view, sizeof...(Names)> names{Names.view()...};
    return std::find(names.begin(), names.end(), name) != names.end();
}

// The index of the first of `targets` that is not one of `names`, or the count of targets.
// (Templated on sizes only, not on the module's nodes, so that its name stays short.)
template <std::size_t N, std::size_t T>
constexpr std::size_t first_missing(const std::array<std::string_view, N>& names,
                                    const std::array<std::string_view, T>& targets) {
    for (std::size_t t = 0; t < T; ++t)
        if (std::find(names.begin(), names.end(), targets[t]) == names.end()) return t;
    return T;
}

inline constexpr std::string_view skipped_documentation =
    "A config-gated pipe step, skipped under this config: passes its input on unchanged.";

enum class pipe_kind { input, output };

// The nodes of one step: the node `Name` reading `From` and, when the step or its node is gated,
// the pass-throughs of type `In` that stand in for it under every other config. (Templated on
// this step alone, not on the whole pipe: most of a pipe's compile time is spent here.)
template <fixed_string Name, fixed_string From, fixed_string ParentSuffix, class In, class Step, std::size_t C,
          std::size_t L, std::size_t T>
constexpr auto step_nodes(const Step& s, const step_gate<C, L>& parent, std::string_view documentation,
                          const std::array<hamilton::tag, T>& tags) {
    constexpr auto function_name = generated_function_name<Name, ParentSuffix, (Step::gated || C > 0), 0>();
    auto bound = std::apply(
        [&](const auto&... b) { return bound_node(s.function, output<function_name>(source<From>, b...)); },
        s.bindings);
    if constexpr (std::is_same_v<decltype(bound), int>) {  // a binding does not fit: reported by bound_node
        return module();
    } else {
        auto applied = with_gate(bound, both(parent, s.gate), documentation, tags);
        return [&]<std::size_t... K>(std::index_sequence<K...>) {
            return module(applied, with_gate(node<generated_function_name<Name, ParentSuffix, true, K + 1>(), From>(
                                                 pass_through<In>{}),
                                             both(parent, first_failing<K + 1>(s.gate)),
                                             documentation.empty() ? skipped_documentation : documentation, tags)...);
        }(std::make_index_sequence<Step::condition_count>{});
    }
}

// Everything a chain of steps over one node needs to know at compile time.
//   Kind      pipe_input or pipe_output
//   Node      the node piped (a node_definition)
//   Start     the name the first step reads (the dependency, or "<node>.raw")
//   Steps     the pipe_step types, in order
template <pipe_kind Kind, class Node, fixed_string Start, class... Steps>
struct chain {
    using steps = type_list<Steps...>;
    static constexpr std::size_t count = sizeof...(Steps);
    static constexpr auto node_name = Node::name_literal();
    static constexpr auto parent_suffix = variant_suffix<Node>();

    template <std::size_t I>
    using step_at = type_at<I, steps>;
    template <std::size_t I>
    using function_at = typename step_at<I>::function_type;
    template <std::size_t I>
    using first_parameter = param_t<function_at<I>, 0>;
    template <std::size_t I>
    using result_at = std::remove_cvref_t<result_t<function_at<I>>>;

    // The node of step I: "<node>.<label>", except pipe_output's last step, which takes the node's name.
    template <std::size_t I>
    static constexpr auto step_node_name() {
        if constexpr (Kind == pipe_kind::output && I + 1 == count) return node_name;
        else return join(node_name, fixed_string("."), step_at<I>::label);
    }
    template <std::size_t I>
    static constexpr auto reads() {
        if constexpr (I == 0) return Start;
        else return step_node_name<I - 1>();
    }

    // The type of the value chained into step I (pipe_input's first step: what it takes).
    template <std::size_t I, class = void>
    struct input_of {
        using type = result_at<I - 1>;
    };
    template <class Unused>
    struct input_of<0, Unused> {
        using type = std::conditional_t<Kind == pipe_kind::output, typename Node::result_type,
                                        std::remove_cvref_t<first_parameter<0>>>;
    };
    template <std::size_t I>
    using input_at = typename input_of<I>::type;

    // Is step I a callable taking the chained value and one value per binding?
    template <std::size_t I>
    static constexpr bool shape_ok() {
        using traits = callable_traits<function_at<I>>;
        return traits::valid && traits::arity == step_at<I>::binding_count + 1;
    }
    static constexpr std::size_t first_bad_shape = [] {
        constexpr auto ok = []<std::size_t... I>(std::index_sequence<I...>) {
            return std::array<bool, count + 1>{shape_ok<I>()..., false};
        }(std::make_index_sequence<count>{});
        std::size_t i = 0;
        while (i < count && ok[i]) ++i;
        return i;
    }();

    // What step I must return, or void when anything goes (a pipe_input step that is not gated).
    template <std::size_t I>
    struct required_result {
        using type = std::conditional_t<Kind == pipe_kind::output, typename Node::result_type,
                                        std::conditional_t<step_at<I>::gated, input_at<I>, void>>;
    };

    // 0: fine; 1: the first parameter cannot take the chained value; 2: the result does not chain.
    template <std::size_t I>
    static constexpr int type_problem() {
        if constexpr ((I > 0 || Kind == pipe_kind::output) && !parameter_accepts<first_parameter<I>, input_at<I>>)
            return 1;
        else if constexpr (!std::is_void_v<typename required_result<I>::type> &&
                           !std::is_same_v<result_at<I>, typename required_result<I>::type>)
            return 2;
        else
            return 0;
    }
    static constexpr std::size_t first_bad_type = [] {
        constexpr auto ok = []<std::size_t... I>(std::index_sequence<I...>) {
            return std::array<bool, count + 1>{(type_problem<I>() == 0)..., false};
        }(std::make_index_sequence<count>{});
        std::size_t i = 0;
        while (i < count && ok[i]) ++i;
        return i;
    }();

    // (The types of a step are read only once every step is a callable of the right arity.)
    static constexpr bool ok = [] {
        if constexpr (first_bad_shape < count) return false;
        else return first_bad_type == count;
    }();

    // Instantiates the compile error of the first bad step (kept apart from `ok`, so that the
    // pipe stops at one error under every compiler).
    static constexpr bool report() {
        using compile_error::named;
        if constexpr (first_bad_shape < count) {
            constexpr std::size_t i = first_bad_shape;
            using traits = callable_traits<function_at<i>>;
            if constexpr (!traits::valid)
                (void)sizeof(compile_error::not_a_callable<named<step_node_name<i>()>>);
            else
                (void)sizeof(compile_error::pipe_step_binding_count_mismatch<
                             named<node_name>, named<step_at<i>::step_name>, step_at<i>::binding_count, traits::arity>);
            return false;
        } else if constexpr (first_bad_type < count) {
            constexpr std::size_t i = first_bad_type;
            if constexpr (type_problem<i>() == 1)
                (void)sizeof(compile_error::pipe_step_mismatch<named<node_name>, named<step_at<i>::step_name>,
                                                               input_at<i>, first_parameter<i>>);
            else
                (void)sizeof(compile_error::pipe_step_mismatch<named<node_name>, named<step_at<i>::step_name>,
                                                               typename required_result<i>::type, result_at<i>>);
            return false;
        } else {
            return true;
        }
    }

    // The nodes of step I (with the documentation and tags given).
    template <std::size_t I, std::size_t C, std::size_t L, std::size_t T>
    static constexpr auto nodes_of(const step_at<I>& s, const step_gate<C, L>& parent, std::string_view documentation,
                                   const std::array<hamilton::tag, T>& tags) {
        return step_nodes<step_node_name<I>(), reads<I>(), parent_suffix, input_at<I>>(s, parent, documentation, tags);
    }

    // pipe_output's step I: the last one is the node itself, with the node's doc and tags.
    template <std::size_t I, std::size_t C, std::size_t L>
    static constexpr auto output_nodes_of(const step_at<I>& s, const step_gate<C, L>& parent, const Node& n) {
        if constexpr (I + 1 == count) return nodes_of<I>(s, parent, n.documentation, n.tags);
        else return nodes_of<I>(s, parent, {}, std::array<hamilton::tag, 0>{});
    }
};

template <std::size_t Target, fixed_string Replacement, fixed_string Name, class Fields, fixed_string... Deps>
constexpr auto replace_dependency(const node_definition<Name, Fields, Deps...>& n) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return node_definition<Name, Fields, choose<I == Target, Replacement, Deps>()...>{static_cast<const Fields&>(n)};
    }(std::make_index_sequence<sizeof...(Deps)>{});
}

template <fixed_string NewName, fixed_string Name, class Fields, fixed_string... Deps>
constexpr auto renamed(const node_definition<Name, Fields, Deps...>& n) {
    return node_definition<NewName, Fields, Deps...>{static_cast<const Fields&>(n)};
}

template <class Node, std::size_t Target, class... Steps>
constexpr auto pipe_input_at(const Node& node, const Steps&... steps) {
    using links = chain<pipe_kind::input, Node, Node::template dependency_literal<Target>, Steps...>;
    if constexpr (!links::ok) {
        (void)links::report();
        return module();
    } else {
        constexpr std::size_t last = sizeof...(Steps) - 1;
        using parameter = typename Node::template parameter_type<Target>;
        using produced = typename links::template result_at<last>;
        if constexpr (!parameter_accepts<parameter, produced>) {
            using compile_error::named;
            (void)sizeof(compile_error::pipe_step_mismatch<named<links::node_name>,
                                                           named<links::template step_at<last>::step_name>,
                                                           std::remove_cvref_t<parameter>, produced>);
            return module();
        } else {
            const auto parent = gate_of(node);
            return [&]<std::size_t... I>(std::index_sequence<I...>) {
                return module(links::template nodes_of<I>(steps, parent, {}, std::array<hamilton::tag, 0>{})...,
                              replace_dependency<Target, links::template step_node_name<last>()>(node));
            }(std::index_sequence_for<Steps...>{});
        }
    }
}

}  // namespace detail

// Chains `steps` over `node`'s first dependency: the first step reads that value, each next step
// the one before, and the node reads the last step instead (Python Hamilton's @pipe_input). The
// steps' nodes are "<node>.with_<step>"; they carry the node's config conditions. A module.
template <class Node, class... Steps>
    requires(detail::is_node_definition<Node> && sizeof...(Steps) > 0 && (detail::is_pipe_step<Steps> && ...))
constexpr auto pipe_input(const Node& node, const Steps&... steps) {
    if constexpr (Node::arity == 0) {
        using compile_error::named;
        (void)sizeof(compile_error::pipe_input_target_missing<named<Node::name_literal()>, named<"(first dependency)">>);
        return module();
    } else {
        return detail::pipe_input_at<Node, 0>(node, steps...);
    }
}

// The same, over the dependency named `Dependency` (Python Hamilton's on_input).
template <fixed_string Dependency, class Node, class... Steps>
    requires(detail::is_node_definition<Node> && sizeof...(Steps) > 0 && (detail::is_pipe_step<Steps> && ...))
constexpr auto pipe_input(const Node& node, const Steps&... steps) {
    constexpr std::size_t target = [] {
        std::size_t i = 0;
        while (i < Node::arity && Node::dependencies[i] != Dependency.view()) ++i;
        return i;
    }();
    if constexpr (target == Node::arity) {
        using compile_error::named;
        (void)sizeof(compile_error::pipe_input_target_missing<named<Node::name_literal()>, named<Dependency>>);
        return module();
    } else {
        return detail::pipe_input_at<Node, target>(node, steps...);
    }
}

// pipe_input<"a", "b">(node, steps...): Python Hamilton's on_input takes a list; here a compile
// error naming the node and the dependencies, not a failed overload resolution.
template <fixed_string First, fixed_string Second, fixed_string... More, class Node, class... Steps>
    requires(detail::is_node_definition<Node>)
constexpr auto pipe_input(const Node&, const Steps&...) {
    using compile_error::named;
    (void)sizeof(compile_error::pipe_input_several_targets<named<Node::name_literal()>, named<First>, named<Second>>);
    return module();
}

namespace detail {

// pipe_output's nodes but the renamed node itself (nothing after a compile error).
template <class Node, class... Steps>
constexpr auto pipe_output_steps(const Node& node, const Steps&... steps) {
    using links = chain<pipe_kind::output, Node, join(Node::name_literal(), fixed_string(".raw")), Steps...>;
    if constexpr (!links::ok) {
        (void)links::report();
        return module();
    } else {
        const auto parent = gate_of(node);
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return module(links::template output_nodes_of<I>(steps, parent, node)...);
        }(std::index_sequence_for<Steps...>{});
    }
}

// mutate's copy of one node of the module: a target becomes "<target>.raw", any other stays.
template <fixed_string... Targets, class Node>
constexpr auto raw_if_target(const Node& n) {
    if constexpr (one_of<Targets...>(Node::name)) return renamed<raw_function_name<Node>()>(n);
    else return n;
}

// The positions of the nodes named one of `targets`; Count of them.
template <std::size_t Count, std::size_t N, std::size_t T>
constexpr std::array<std::size_t, Count> matching(const std::array<std::string_view, N>& names,
                                                  const std::array<std::string_view, T>& targets) {
    std::array<std::size_t, Count> out{};
    std::size_t k = 0;
    for (std::size_t n = 0; n < N; ++n)
        if (std::find(targets.begin(), targets.end(), names[n]) != targets.end()) out[k++] = n;
    return out;
}

template <auto Positions, class Indices>
struct positions_of;
template <auto Positions, std::size_t... J>
struct positions_of<Positions, std::index_sequence<J...>> {
    using type = std::index_sequence<Positions[J]...>;
};

}  // namespace detail

// Chains `steps` over `node`'s value (Python Hamilton's @pipe_output): the node becomes
// "<node>.raw", the steps "<node>.with_<step>", and the last step takes the node's name (with its
// doc and tags), so consumers read the transformed value. Every step returns the node's type.
template <class Node, class... Steps>
    requires(detail::is_node_definition<Node> && sizeof...(Steps) > 0 && (detail::is_pipe_step<Steps> && ...))
constexpr auto pipe_output(const Node& node, const Steps&... steps) {
    return detail::concat(module(detail::renamed<detail::raw_function_name<Node>()>(node)),
                  detail::pipe_output_steps(node, steps...));
}

// `m` with pipe_output(node, steps...) applied to every node named one of `Targets` (Python
// Hamilton's @mutate): the same transformation on other modules' nodes, without editing them.
template <fixed_string... Targets, class... Nodes, class... Steps>
    requires(sizeof...(Targets) > 0 && sizeof...(Steps) > 0 && (detail::is_pipe_step<Steps> && ...))
constexpr auto mutate(const module_definition<Nodes...>& m, const Steps&... steps) {
    constexpr std::array<std::string_view, sizeof...(Nodes)> names{Nodes::name...};
    constexpr std::array<std::string_view, sizeof...(Targets)> targets{Targets.view()...};
    constexpr std::size_t missing = detail::first_missing(names, targets);
    if constexpr (missing < sizeof...(Targets)) {
        (void)sizeof(compile_error::mutate_target_missing<compile_error::named<detail::pick_name<missing, Targets...>()>>);
        return m;
    } else {
        // Every node in its place (the targets renamed "<target>.raw"), then the targets' steps: no
        // code is compiled per node of the module but one copy, so large modules stay cheap.
        const auto kept =
            detail::unpack(m, [](const Nodes&... n) { return module(detail::raw_if_target<Targets...>(n)...); });
        constexpr std::size_t count = static_cast<std::size_t>(
            std::count_if(names.begin(), names.end(), [](std::string_view name) { return detail::one_of<Targets...>(name); }));
        using positions =
            typename detail::positions_of<detail::matching<count>(names, targets), std::make_index_sequence<count>>::type;
        return concat(kept, [&]<std::size_t... P>(std::index_sequence<P...>) {
            return module(detail::pipe_output_steps(detail::node_of<P>(m), steps...)...);
        }(positions{}));
    }
}

}  // namespace hamilton

// HAMILTON_STEP(fn, bindings...): the step named after the function `fn` (without its namespace),
// whose node is "<node>.with_<fn>".
#define HAMILTON_STEP(function, ...)                                                                           \
    ::hamilton::step<::hamilton::detail::unqualified<BOOST_PP_STRINGIZE(function)>()>(function __VA_OPT__(, ) \
                                                                                          __VA_ARGS__)
