// hamilton/node.hpp: registering a function as a node.
//
//   hamilton::node<"spend_per_signup", "spend", "signups">(&ratio)
//   HAMILTON_NODE(spend_mean, spend).doc("Mean spend.").tag("team", "growth")
//   HAMILTON_NODE(raw_spend__csv, file_path).when("source", "csv")
//   HAMILTON_NODE(rolling_mean, spend, window).optional<"window">(3)
//
// The node's name is the value it produces; the dependency names are, in order, the names
// of the values its function's parameters take. Everything a graph needs to know about a
// node is in its type, so the graph can be checked at compile time; doc, tags, conditions
// and default values are stored in the object and may be constexpr.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/preprocessor/seq/enum.hpp>
#include <boost/preprocessor/seq/transform.hpp>
#include <boost/preprocessor/stringize.hpp>
#include <boost/preprocessor/variadic/to_seq.hpp>

#include "compile_error.hpp"
#include "config.hpp"
#include "detail/callable.hpp"
#include "fixed_string.hpp"
#include "module.hpp"
#include "parallel.hpp"

namespace hamilton {

// Dependencies a node can have: each is one bit of a 64-bit mask when the node runs.
inline constexpr std::size_t max_dependencies = 64;

// A key/value pair describing a node: owner, team, stage... Filtered by list_available_variables.
struct tag {
    std::string_view key;
    std::string_view value;
};

// The default value of dependency number `Index`, used when nothing produces it and no input
// is given.
template <std::size_t Index, class T>
struct default_value {
    static constexpr std::size_t index = Index;
    T value;
};

namespace detail {

// "raw_spend__csv" -> "raw_spend": the suffix after the last "__" names a variant.
constexpr std::string_view strip_variant_suffix(std::string_view function_name) {
    auto at = function_name.rfind("__");
    return at == std::string_view::npos || at == 0 ? function_name : function_name.substr(0, at);
}

template <fixed_string Wanted, fixed_string... Names>
constexpr std::size_t index_of_name() {
    constexpr std::array<std::string_view, sizeof...(Names)> names{Names.view()...};
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == Wanted.view()) return i;
    return names.size();
}

template <std::size_t K, fixed_string First, fixed_string... Rest>
constexpr auto pick_name() {
    if constexpr (K == 0) return First;
    else return pick_name<K - 1, Rest...>();
}

template <std::size_t Size>
constexpr fixed_string<Size> to_fixed_string(std::string_view text) {
    fixed_string<Size> out{};
    for (std::size_t i = 0; i + 1 < Size; ++i) out.data[i] = text[i];
    return out;
}

// "stats::doubled" -> "doubled": HAMILTON_NODE names a node after the function, not its scope.
template <fixed_string Name>
constexpr auto unqualified() {
    constexpr auto at = Name.view().rfind("::");
    if constexpr (at == std::string_view::npos) return Name;
    else return to_fixed_string<Name.size() - at - 1>(Name.view().substr(at + 2));
}

// Shared by every node of the same arity and optional positions (most nodes: none).
template <std::size_t Arity, std::size_t... Optional>
constexpr std::array<bool, Arity> optional_mask() {
    std::array<bool, Arity> out{};
    ((out[Optional] = true), ...);
    return out;
}

template <class Defaults, std::size_t Index>
struct find_default;
template <std::size_t Index, class... D>
struct find_default<std::tuple<D...>, Index> {
    static constexpr std::size_t position = [] {
        constexpr std::array<std::size_t, sizeof...(D) + 1> indices{D::index..., std::size_t(-1)};
        for (std::size_t i = 0; i < sizeof...(D); ++i)
            if (indices[i] == Index) return i;
        return sizeof...(D);
    }();
};

// The default value of dependency `Index` in a node's defaults tuple.
template <std::size_t Index, class Defaults>
constexpr const auto& default_at(const Defaults& defaults) {
    return std::get<find_default<Defaults, Index>::position>(defaults).value;
}

// The index of Fn's first parameter taken by non-const lvalue reference, or Fn's arity.
// (It depends on Fn only, so every function of one signature shares it.)
template <class Fn, std::size_t... I>
constexpr std::size_t first_mutable_reference(std::index_sequence<I...>) {
    constexpr std::array<bool, sizeof...(I) + 1> mutable_ref{
        (std::is_lvalue_reference_v<param_t<Fn, I>> && !std::is_const_v<std::remove_reference_t<param_t<Fn, I>>>)...,
        true};
    std::size_t i = 0;
    while (!mutable_ref[i]) ++i;
    return i;
}

// Which parameters of Fn are collect<U>, and whether Fn starts or ends a block: computed once
// per callable type, not once per node.
template <class Fn, class K = std::make_index_sequence<callable_traits<Fn>::arity>>
struct block_ends;
template <class Fn, std::size_t... K>
struct block_ends<Fn, std::index_sequence<K...>> {
    static constexpr std::array<bool, sizeof...(K)> collects{is_collect<std::remove_cvref_t<param_t<Fn, K>>>...};
    static constexpr bool dynamic =
        is_parallelizable<std::remove_cvref_t<result_t<Fn>>> || (is_collect<std::remove_cvref_t<param_t<Fn, K>>> || ...);
};

}  // namespace detail

// What the driver reads of a node at build(): plain data, the same type for every node.
struct node_metadata {
    std::string_view documentation;
    std::span<const tag> tags;
    condition_list conditions;
    const void* function;  // the callable, run by detail::node_runner
    const void* defaults;  // the default values of optional dependencies
};

// A node's data: everything but its name and dependency names, which are in its type. Nodes
// whose callables have one type and that have as many conditions, literals and tags share this
// type, so the driver copies and reads them with code compiled once, not once per node.
template <class Fn, std::size_t ConditionCount, std::size_t LiteralCount, std::size_t TagCount, class Defaults>
struct node_fields {
    Fn function;
    std::string_view documentation{};
    std::array<hamilton::tag, TagCount> tags{};
    std::array<condition, ConditionCount> conditions{};
    std::array<config_literal, LiteralCount> literals{};
    Defaults defaults{};

    [[nodiscard]] constexpr node_metadata metadata() const {
        return {documentation, tags, {conditions, literals}, &function, &defaults};
    }
};

// The node `Name` with data `Fields` (a node_fields) whose parameters take the values `Deps`.
// (Few template arguments, the Fields type shared by many nodes: the compiler's names of
// everything listing all nodes of a graph stay short.)
template <fixed_string Name, class Fields, fixed_string... Deps>
class node_definition;

template <fixed_string Name, class Fn, std::size_t ConditionCount, std::size_t LiteralCount, std::size_t TagCount,
          class... Defaults, fixed_string... Deps>
class node_definition<Name, node_fields<Fn, ConditionCount, LiteralCount, TagCount, std::tuple<Defaults...>>, Deps...>
    : public node_fields<Fn, ConditionCount, LiteralCount, TagCount, std::tuple<Defaults...>> {
    using traits = detail::callable_traits<Fn>;

    template <std::size_t C, std::size_t L, std::size_t T, class D>
    using with = node_definition<Name, node_fields<Fn, C, L, T, D>, Deps...>;

public:
    using fields_type = node_fields<Fn, ConditionCount, LiteralCount, TagCount, std::tuple<Defaults...>>;
    using fields_type::function;
    using fields_type::documentation;
    using fields_type::tags;
    using fields_type::conditions;
    using fields_type::literals;
    using fields_type::defaults;

    using function_type = Fn;
    using defaults_type = std::tuple<Defaults...>;
    // The value the node produces (its function's return type without const or reference).
    using result_type = std::remove_cvref_t<typename traits::result>;
    template <std::size_t I>
    using parameter_type = detail::param_t<Fn, I>;

    static constexpr std::size_t arity = sizeof...(Deps);
    static constexpr std::string_view function_name = Name.view();
    static constexpr bool gated = ConditionCount > 0;
    // Starts a block (returns parallelizable<T>) or ends one (takes a collect<U>): such a node
    // runs under the engine's run-time plan, never a fixed one.
    static constexpr const auto& dependency_is_collect = detail::block_ends<Fn>::collects;
    static constexpr bool dynamic = detail::block_ends<Fn>::dynamic;
    // A gated node's "__suffix" is dropped: raw_spend__csv and raw_spend__const are both raw_spend.
    static constexpr std::string_view name = gated ? detail::strip_variant_suffix(Name.view()) : Name.view();
    static constexpr std::array<std::string_view, arity> dependencies{Deps.view()...};
    static constexpr std::array<bool, arity> dependency_is_optional =
        detail::optional_mask<arity, Defaults::index...>();

    // Names as template arguments, for diagnostics only.
    static constexpr auto function_literal = Name;
    static constexpr auto name_literal() { return detail::to_fixed_string<name.size() + 1>(name); }
    template <std::size_t K>
    static constexpr auto dependency_literal = detail::pick_name<K, Deps...>();

    // ---- chainable, constexpr-friendly modifiers -------------------------------------------------

    // The node's documentation, shown by list_available_variables and in graph pictures.
    [[nodiscard]] constexpr node_definition doc(std::string_view text) const {
        node_definition copy = *this;
        copy.documentation = text;
        return copy;
    }

    // A key/value pair describing the node (owner, team, stage...); list_available_variables filters on them.
    [[nodiscard]] constexpr auto tag(std::string_view key, std::string_view value) const {
        with<ConditionCount, LiteralCount, TagCount + 1, std::tuple<Defaults...>> out{
            {function, documentation, {}, conditions, literals, defaults}};
        for (std::size_t i = 0; i < TagCount; ++i) out.tags[i] = tags[i];
        out.tags[TagCount] = hamilton::tag{key, value};
        return out;
    }

    // The node exists only when config[key] == value (several conditions: all must hold).
    [[nodiscard]] constexpr auto when(std::string_view key, config_literal value) const {
        return with_condition(condition_op::when, key, {value});
    }
    // The node exists only when config[key] != value (a missing key counts as different).
    [[nodiscard]] constexpr auto when_not(std::string_view key, config_literal value) const {
        return with_condition(condition_op::when_not, key, {value});
    }
    // The node exists only when config[key] is one of `choices`.
    template <std::size_t Count>
    [[nodiscard]] constexpr auto when_in(std::string_view key, const config_literal (&choices)[Count]) const {
        return with_condition(condition_op::when_in, key, choices);
    }
    // The node exists only when config[key] is none of `choices` (or is missing).
    template <std::size_t Count>
    [[nodiscard]] constexpr auto when_not_in(std::string_view key, const config_literal (&choices)[Count]) const {
        return with_condition(condition_op::when_not_in, key, choices);
    }

    // Wires the node, at build(), to the values among `names` that the config list at `key`
    // names (how config_group in parameterize.hpp works); build() reports a missing key, a value
    // that is not a list of strings, or a name not among `names`.
    template <std::size_t Count>
    [[nodiscard]] constexpr auto selects(std::string_view key, const config_literal (&names)[Count]) const {
        return with_condition(condition_op::selects, key, names);
    }

    // Declares dependency `Dependency` optional: `value` is used when nothing produces it and
    // no input is given (Python Hamilton's parameter defaults).
    template <fixed_string Dependency, class Value>
    [[nodiscard]] constexpr auto optional(Value value) const {
        constexpr std::size_t index = detail::index_of_name<Dependency, Deps...>();
        if constexpr (index == arity) {
            (void)sizeof(compile_error::not_a_dependency<compile_error::named<Name>, compile_error::named<Dependency>>);
            return *this;
        } else {
            using parameter = std::remove_cvref_t<parameter_type<index>>;
            if constexpr (!std::is_constructible_v<parameter, Value>) {
                (void)sizeof(compile_error::wrong_default_type<compile_error::named<Name>,
                                                               compile_error::named<Dependency>, parameter, Value>);
                return *this;
            } else {
                using entry = default_value<index, parameter>;
                return with<ConditionCount, LiteralCount, TagCount, std::tuple<Defaults..., entry>>{
                    {function, documentation, tags, conditions, literals,
                     std::tuple_cat(defaults, std::tuple<entry>{entry{parameter(std::move(value))}})}};
            }
        }
    }

    // ---- used by the graph and the driver --------------------------------------------------------

    // The default value of dependency `Index` (only for dependencies declared optional).
    template <std::size_t Index>
    [[nodiscard]] constexpr const auto& default_of() const {
        return detail::default_at<Index>(defaults);
    }

    // The texts of the conditions, e.g. when(source="csv").
    [[nodiscard]] std::vector<std::string> condition_texts() const { return this->metadata().conditions.texts(); }

private:
    template <std::size_t Count>
    constexpr auto with_condition(condition_op op, std::string_view key, const config_literal (&choices)[Count]) const {
        with<ConditionCount + 1, LiteralCount + Count, TagCount, std::tuple<Defaults...>> out{
            {function, documentation, tags, {}, {}, defaults}};
        for (std::size_t i = 0; i < ConditionCount; ++i) out.conditions[i] = conditions[i];
        for (std::size_t i = 0; i < LiteralCount; ++i) out.literals[i] = literals[i];
        for (std::size_t i = 0; i < Count; ++i) out.literals[LiteralCount + i] = choices[i];
        out.conditions[ConditionCount] =
            condition{op, key, static_cast<std::uint32_t>(LiteralCount), static_cast<std::uint32_t>(Count)};
        return out;
    }
};

namespace detail {
// Is T a node (what node<...>() and HAMILTON_NODE return)? For functions that take nodes.
template <class T>
inline constexpr bool is_node_definition = false;
template <fixed_string Name, class Fields, fixed_string... Deps>
inline constexpr bool is_node_definition<node_definition<Name, Fields, Deps...>> = true;
}  // namespace detail

// Registers `callable` as the node `Name` whose parameters take the values named `Dependencies`.
template <fixed_string Name, fixed_string... Dependencies, class Callable>
constexpr auto node(Callable callable) {
    using Fn = std::decay_t<Callable>;
    using traits = detail::callable_traits<Fn>;
    using compile_error::named;  // spelled out only when an error is reported
    // After an error, no node but a module without nodes, which module() and the builder take
    // without a second error.
    constexpr module_definition<> nothing{};
    if constexpr (!traits::valid) {
        (void)sizeof(compile_error::not_a_callable<named<Name>>);
        return nothing;
    } else if constexpr (traits::arity != sizeof...(Dependencies)) {
        (void)sizeof(compile_error::arity_mismatch<named<Name>, sizeof...(Dependencies), traits::arity>);
        return nothing;
    } else if constexpr (sizeof...(Dependencies) > max_dependencies) {
        (void)sizeof(compile_error::too_many_dependencies<named<Name>, sizeof...(Dependencies),
                                                          max_dependencies>);
        return nothing;
    } else if constexpr (std::is_void_v<typename traits::result>) {
        (void)sizeof(compile_error::void_result<named<Name>>);
        return nothing;
    } else if constexpr (constexpr auto bad = detail::first_mutable_reference<Fn>(std::make_index_sequence<traits::arity>{});
                         bad < traits::arity) {
        (void)sizeof(compile_error::mutable_reference_parameter<named<Name>, named<detail::pick_name<bad, Dependencies...>()>,
                                                                detail::param_t<Fn, bad>>);
        return nothing;
    } else {
        return node_definition<Name, node_fields<Fn, 0, 0, 0, std::tuple<>>, Dependencies...>{{Fn(std::move(callable))}};
    }
}

}  // namespace hamilton

#define HAMILTON_DETAIL_STRINGIZE_EACH(r, data, element) BOOST_PP_STRINGIZE(element)

// HAMILTON_NODE(fn, dep...): the node named after the function `fn` (without its namespace),
// whose parameters take the values named `dep...` in order.
#define HAMILTON_NODE(function, ...)                                                                 \
    ::hamilton::node<::hamilton::detail::unqualified<BOOST_PP_STRINGIZE(function)>() __VA_OPT__(, BOOST_PP_SEQ_ENUM(BOOST_PP_SEQ_TRANSFORM( \
        HAMILTON_DETAIL_STRINGIZE_EACH, _, BOOST_PP_VARIADIC_TO_SEQ(__VA_ARGS__))))>(function)
