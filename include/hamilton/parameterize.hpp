// hamilton/parameterize.hpp: one function, several nodes, each with some parameters bound.
//
//   double scaled(double x, double factor);
//   inline constexpr auto scaled_spend = hamilton::parameterize(&scaled,
//       hamilton::output<"spend_doubled">(hamilton::source<"spend">, hamilton::value(2.0)),
//       hamilton::output<"signups_tripled">(hamilton::source<"signups">, hamilton::value(3.0))
//           .doc("{output}: signups times three."));
//   auto total = hamilton::inject<"total_spend">(&sum_all, hamilton::group<"tv", "radio", "web">);
//
// Bindings are positional, one per parameter of the function, as Hamilton's parameterize/inject
// bind parameters by name:
//   source<"name">        the value named "name" (a node or an input)
//   value(v)              a literal
//   group<"a", "b", ...>  several values, passed as one container parameter: a sequence
//                         (std::vector<T>...) in the order given, or a map keyed by name
//                         (std::map<std::string, T>...)
// Every generated node is an ordinary node: checked at compile time, listed, drawn, overridable,
// and its function stays a plain function to unit-test. A documentation text may say {output},
// which is replaced by the node's name.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "compile_error.hpp"
#include "detail/callable.hpp"
#include "fixed_string.hpp"
#include "module.hpp"
#include "node.hpp"

namespace hamilton {

// ---- bindings -------------------------------------------------------------------------------------

template <fixed_string Name>
struct source_binding {};
// Binds a parameter to the value named `Name`: another node, or an input of the graph.
template <fixed_string Name>
inline constexpr source_binding<Name> source{};

template <class T>
struct value_binding {
    T value;
};
// Binds a parameter to a literal value (stored in the node).
template <class T>
constexpr value_binding<T> value(T literal) {
    return {std::move(literal)};
}

namespace detail {
// A binding of one value: source<...> or value(...) (what a subdag input and a pipe step take).
template <class Binding>
inline constexpr bool is_source_or_value = false;
template <fixed_string Name>
inline constexpr bool is_source_or_value<source_binding<Name>> = true;
template <class T>
inline constexpr bool is_source_or_value<value_binding<T>> = true;
}  // namespace detail

template <fixed_string... Names>
struct group_binding {};
// Binds a container parameter to several values: a sequence in this order, or a map by name.
template <fixed_string... Names>
inline constexpr group_binding<Names...> group{};

template <fixed_string Key, fixed_string... Names>
struct config_group_binding {};
// Binds a container parameter, like group, to those of `Names` that the config list at `Key`
// names, chosen at build() (Hamilton's resolve + inject): the others are not computed, and their
// inputs are not needed. build() reports a missing key, a value that is not a list of strings,
// or a name not among `Names`.
template <fixed_string Key, fixed_string... Names>
inline constexpr config_group_binding<Key, Names...> config_group{};

// One node of a parameterize: its name and one binding per parameter of the function.
template <fixed_string Output, class... Bindings>
struct parameterized_output {
    std::tuple<Bindings...> bindings;
    std::string_view documentation{};

    // The node's documentation; {output} is replaced by the node's name.
    [[nodiscard]] constexpr parameterized_output doc(std::string_view text) const { return {bindings, text}; }
};

template <fixed_string Output, class... Bindings>
constexpr parameterized_output<Output, Bindings...> output(Bindings... bindings) {
    return {{std::move(bindings)...}};
}

namespace detail {

template <class... T>
struct types {};
template <fixed_string... Names>
struct name_list {};

// The names of the values a binding reads, and the parameter types it takes them as.
template <class Binding, class Parameter>
struct binding_traits;

template <fixed_string Name, class Parameter>
struct binding_traits<source_binding<Name>, Parameter> {
    using names = name_list<Name>;
    using parameters = types<Parameter>;
};

template <class T, class Parameter>
struct binding_traits<value_binding<T>, Parameter> {
    using names = name_list<>;
    using parameters = types<>;
};

template <class Container, class = void>
struct is_map_like : std::false_type {};
template <class Container>
struct is_map_like<Container, std::void_t<typename Container::key_type, typename Container::mapped_type>>
    : std::true_type {};

template <class Container, class = void>
struct group_element {
    using type = void;  // not a container: reported by parameterize
};
template <class Container>
struct group_element<Container, std::void_t<typename Container::value_type>> {
    using type = typename Container::value_type;
};
template <class Container>
    requires is_map_like<Container>::value
struct group_element<Container, void> {
    using type = typename Container::mapped_type;
};
// A group bound to std::optional<Container> fills the container and passes it engaged (a
// parameter may be optional so that callers outside the graph can omit it).
template <class T>
inline constexpr bool is_std_optional = false;
template <class T>
inline constexpr bool is_std_optional<std::optional<T>> = true;
template <class Container>
    requires is_std_optional<Container>
struct group_element<Container, void> {
    using type = typename group_element<typename Container::value_type>::type;
};

template <fixed_string Name, class Element>
using group_parameter = const Element&;

template <fixed_string... Names, class Parameter>
struct binding_traits<group_binding<Names...>, Parameter> {
    using element = typename group_element<std::remove_cvref_t<Parameter>>::type;
    using names = name_list<Names...>;
    using parameters = types<group_parameter<Names, element>...>;
};

// A config group reads its candidates, then the config list that selects among them.
template <fixed_string Key, fixed_string... Names, class Parameter>
struct binding_traits<config_group_binding<Key, Names...>, Parameter> {
    using element = typename group_element<std::remove_cvref_t<Parameter>>::type;
    using names = name_list<Names..., Key>;
    using parameters = types<group_parameter<Names, element>..., const std::vector<std::string>&>;
};

template <class... Lists>
struct concat_names;
template <>
struct concat_names<> {
    using type = name_list<>;
};
template <fixed_string... A>
struct concat_names<name_list<A...>> {
    using type = name_list<A...>;
};
template <fixed_string... A, fixed_string... B, class... Rest>
struct concat_names<name_list<A...>, name_list<B...>, Rest...>
    : concat_names<name_list<A..., B...>, Rest...> {};

template <class... Lists>
struct concat_types;
template <>
struct concat_types<> {
    using type = types<>;
};
template <class... A>
struct concat_types<types<A...>> {
    using type = types<A...>;
};
template <class... A, class... B, class... Rest>
struct concat_types<types<A...>, types<B...>, Rest...> : concat_types<types<A..., B...>, Rest...> {};

// The node's dependencies and its call operator's parameters, from the values its bindings read
// (`Names`, taken as the matching `Parameters`). A node with a config group depends on each name
// once, as Hamilton's inject keys its node's inputs by name: a value two bindings read (a
// candidate of two config groups, or one also bound by source or group) is computed once and
// passed to both, and its one dependency has the one default used when no group selects it.
// Other nodes keep one dependency per value read.
template <class Names, class Parameters, bool OncePerName>
struct dependencies {
    using names = Names;
    using parameters = Parameters;
    // The call operator's parameter holding value `i` of the bindings.
    static constexpr std::size_t position(std::size_t i) { return i; }
    // Does another binding read that parameter too? (then it is copied, never moved from)
    static constexpr bool shared(std::size_t) { return false; }
};

template <fixed_string... Names, class... Parameters>
struct dependencies<name_list<Names...>, types<Parameters...>, true> {
private:
    static constexpr std::size_t count = sizeof...(Names);
    static constexpr std::array<std::string_view, count> all{Names.view()...};
    // The first value read under the same name as value i.
    static constexpr std::array<std::size_t, count> first_reader = [] {
        std::array<std::size_t, count> out{};
        for (std::size_t i = 0; i < count; ++i)
            while (all[out[i]] != all[i]) ++out[i];
        return out;
    }();
    static constexpr std::size_t unique_count = [] {
        std::size_t n = 0;
        for (std::size_t i = 0; i < count; ++i) n += first_reader[i] == i ? 1U : 0U;
        return n;
    }();
    static constexpr std::array<std::size_t, unique_count> unique = [] {
        std::array<std::size_t, unique_count> out{};
        for (std::size_t i = 0, n = 0; i < count; ++i)
            if (first_reader[i] == i) out[n++] = i;
        return out;
    }();
    template <std::size_t I>
    using parameter = std::tuple_element_t<I, std::tuple<Parameters...>>;
    template <std::size_t... U>
    static auto pick(std::index_sequence<U...>)
        -> std::pair<name_list<pick_name<unique[U], Names...>()...>, types<parameter<unique[U]>...>>;
    using picked = decltype(pick(std::make_index_sequence<unique_count>{}));

public:
    using names = typename picked::first_type;
    using parameters = typename picked::second_type;
    static constexpr std::size_t position(std::size_t i) {
        std::size_t p = 0;
        while (unique[p] != first_reader[i]) ++p;
        return p;
    }
    static constexpr bool shared(std::size_t i) {
        std::size_t readers = 0;
        for (std::size_t j = 0; j < count; ++j) readers += first_reader[j] == first_reader[i] ? 1U : 0U;
        return readers > 1;
    }
    // The first value read as another type than the first value of its name, or `count`: one
    // dependency has one type.
    static constexpr std::size_t type_conflict = []<std::size_t... I>(std::index_sequence<I...>) {
        constexpr std::array<bool, count> agrees{
            std::is_same_v<std::remove_cvref_t<parameter<I>>, std::remove_cvref_t<parameter<first_reader[I]>>>...};
        std::size_t i = 0;
        while (i < count && agrees[i]) ++i;
        return i;
    }(std::index_sequence_for<Parameters...>{});
    static constexpr bool types_agree = type_conflict == count;
    static constexpr auto conflicting_name = pick_name<types_agree ? 0 : type_conflict, Names...>();
    using first_type = std::remove_cvref_t<parameter<first_reader[types_agree ? 0 : type_conflict]>>;
    using conflicting_type = std::remove_cvref_t<parameter<types_agree ? 0 : type_conflict>>;
};

template <class Binding>
inline constexpr std::size_t dependency_count = 0;
template <fixed_string Name>
inline constexpr std::size_t dependency_count<source_binding<Name>> = 1;
template <fixed_string... Names>
inline constexpr std::size_t dependency_count<group_binding<Names...>> = sizeof...(Names);
template <fixed_string Key, fixed_string... Names>
inline constexpr std::size_t dependency_count<config_group_binding<Key, Names...>> = sizeof...(Names) + 1;

template <class Binding>
inline constexpr bool is_config_group = false;
template <fixed_string Key, fixed_string... Names>
inline constexpr bool is_config_group<config_group_binding<Key, Names...>> = true;

template <class Binding>
inline constexpr bool is_group = false;
template <fixed_string... Names>
inline constexpr bool is_group<group_binding<Names...>> = true;

template <class Binding>
struct group_names;
template <fixed_string Key, fixed_string... Names>
struct group_names<config_group_binding<Key, Names...>> {
    static constexpr std::array<std::string_view, sizeof...(Names)> value{Names.view()...};
};
template <fixed_string... Names>
struct group_names<group_binding<Names...>> {
    static constexpr std::array<std::string_view, sizeof...(Names)> value{Names.view()...};
};

// The node's callable: takes the values of the sources and groups, in order, and calls the
// function with the literals in their places. Its call operator is an ordinary (non-template)
// function, so the node's parameter types are known like any other node's.
template <class Fn, class Bindings, class Dependencies, class Parameters = typename Dependencies::parameters>
class bound_function;

template <class Fn, class... Bindings, class Dependencies, class... Parameters>
class bound_function<Fn, std::tuple<Bindings...>, Dependencies, types<Parameters...>> {
public:
    constexpr bound_function(Fn wrapped, std::tuple<Bindings...> bindings)
        : function_(std::move(wrapped)), bindings_(std::move(bindings)) {}

    result_t<Fn> operator()(Parameters... parameters) const {
        auto arguments = std::forward_as_tuple(std::forward<Parameters>(parameters)...);
        return invoke_with(arguments, std::index_sequence_for<Bindings...>{});
    }

    // The function itself, for tests and for reading what the node does.
    [[nodiscard]] constexpr const Fn& function() const noexcept { return function_; }

private:
    // Where binding K's values start among the values the bindings read.
    static constexpr std::array<std::size_t, sizeof...(Bindings) + 1> first_value = [] {
        constexpr std::array<std::size_t, sizeof...(Bindings) + 1> counts{dependency_count<Bindings>..., 0};
        std::array<std::size_t, sizeof...(Bindings) + 1> out{};
        for (std::size_t k = 0; k < sizeof...(Bindings); ++k) out[k + 1] = out[k] + counts[k];
        return out;
    }();

    // Value I of the bindings, among the call operator's parameters.
    template <std::size_t I, class Arguments>
    static auto& bound_value(Arguments& arguments) {
        return std::get<Dependencies::position(I)>(arguments);
    }

    template <class Arguments, std::size_t... K>
    result_t<Fn> invoke_with(Arguments& arguments, std::index_sequence<K...>) const {
        return std::invoke(function_, argument<K>(arguments)...);
    }

    template <std::size_t K, class Arguments>
    decltype(auto) argument(Arguments& arguments) const {
        using parameter = param_t<Fn, K>;
        using binding = std::tuple_element_t<K, std::tuple<Bindings...>>;
        if constexpr (is_group<binding>) {
            return make_group<K, std::remove_cvref_t<parameter>>(
                arguments, std::make_index_sequence<dependency_count<binding>>{});
        } else if constexpr (is_config_group<binding>) {
            return make_selected_group<K, std::remove_cvref_t<parameter>>(
                arguments, std::make_index_sequence<dependency_count<binding> - 1>{});
        } else if constexpr (dependency_count<binding> == 1) {
            auto& read = bound_value<first_value[K]>(arguments);
            if constexpr (Dependencies::shared(first_value[K]) && !std::is_lvalue_reference_v<parameter>)
                return std::remove_cvref_t<parameter>(std::as_const(read));  // another binding reads it too
            else
                return static_cast<parameter&&>(read);
        } else {
            using wanted = std::remove_cvref_t<parameter>;
            const auto& literal = std::get<K>(bindings_).value;
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(literal)>, wanted>)
                return static_cast<const wanted&>(literal);
            else
                return wanted(literal);  // e.g. value("text") for a std::string parameter
        }
    }

    template <std::size_t K, class Container, class Arguments, std::size_t... J>
    static Container make_group(Arguments& arguments, std::index_sequence<J...>) {
        using binding = std::tuple_element_t<K, std::tuple<Bindings...>>;
        if constexpr (is_std_optional<Container>) {
            return Container(make_group<K, typename Container::value_type>(arguments, std::index_sequence<J...>{}));
        } else if constexpr (is_map_like<Container>::value) {
            Container out;
            (out.emplace(typename Container::key_type(group_names<binding>::value[J]),
                         bound_value<first_value[K] + J>(arguments)),
             ...);
            return out;
        } else {
            return Container{bound_value<first_value[K] + J>(arguments)...};
        }
    }

    // The candidates the config list names, in the list's order (the others were not computed).
    template <std::size_t K, class Container, class Arguments, std::size_t... J>
    static Container make_selected_group(Arguments& arguments, std::index_sequence<J...>) {
        using binding = std::tuple_element_t<K, std::tuple<Bindings...>>;
        if constexpr (is_std_optional<Container>) {
            return Container(make_selected_group<K, typename Container::value_type>(arguments, std::index_sequence<J...>{}));
        } else {
            const std::vector<std::string>& chosen = bound_value<first_value[K] + sizeof...(J)>(arguments);
            Container out;
            for (const auto& name : chosen) {
                const auto add = [&](std::string_view candidate, const auto& value) {
                    if (candidate != name) return;
                    if constexpr (is_map_like<Container>::value)
                        out.emplace(typename Container::key_type(candidate), value);
                    else
                        out.push_back(value);
                };
                (add(group_names<binding>::value[J], bound_value<first_value[K] + J>(arguments)), ...);
            }
            return out;
        }
    }

    Fn function_;
    std::tuple<Bindings...> bindings_;
};

template <class Binding, class Parameter>
struct binding_check {
    static constexpr bool ok = true;
};
template <class T, class Parameter>
struct binding_check<value_binding<T>, Parameter> {
    static constexpr bool ok = std::is_convertible_v<const T&, std::remove_cvref_t<Parameter>>;
};
template <fixed_string Key, fixed_string... Names, class Parameter>
struct binding_check<config_group_binding<Key, Names...>, Parameter> {
    using element = typename group_element<std::remove_cvref_t<Parameter>>::type;
    static constexpr bool ok = !std::is_void_v<element> && std::is_default_constructible_v<element>;
};
template <fixed_string... Names, class Parameter>
struct binding_check<group_binding<Names...>, Parameter> {
    using container = std::remove_cvref_t<Parameter>;
    using element = typename group_element<container>::type;
    static constexpr bool ok = !std::is_void_v<element>;
};

// The names a binding reads whatever the config: those of source and group.
template <class Binding>
struct names_read_always {
    using type = name_list<>;
};
template <fixed_string Name>
struct names_read_always<source_binding<Name>> {
    using type = name_list<Name>;
};
template <fixed_string... Names>
struct names_read_always<group_binding<Names...>> {
    using type = name_list<Names...>;
};

template <fixed_string... Names>
constexpr bool contains(name_list<Names...>, [[maybe_unused]] std::string_view name) {
    return ((Names.view() == name) || ...);
}

// `node` with the default of candidate `Name` of a config group, used when no group selects it
// (it is not computed then). A candidate with a default already (of an earlier group too) keeps
// it; one that a source or group binding also reads gets none: build() wires every dependency
// without a default.
template <class Element, class ReadAlways, fixed_string Name, class Node>
constexpr auto with_candidate_default(const Node& node) {
    constexpr std::size_t index = [] {
        std::size_t i = 0;
        while (Node::dependencies[i] != Name.view()) ++i;
        return i;
    }();
    if constexpr (Node::dependency_is_optional[index] || contains(ReadAlways{}, Name.view()))
        return node;
    else
        return node.template optional<Name>(Element{});
}
template <class Element, class ReadAlways, class Node>
constexpr auto with_candidate_defaults(const Node& node) {
    return node;
}
template <class Element, class ReadAlways, fixed_string First, fixed_string... Rest, class Node>
constexpr auto with_candidate_defaults(const Node& node) {
    return with_candidate_defaults<Element, ReadAlways, Rest...>(
        with_candidate_default<Element, ReadAlways, First>(node));
}

// `node` with the defaults of a config group's candidates and the `selects` condition build()
// checks.
template <class Binding, class Parameter, class ReadAlways, class Node>
constexpr auto with_selection(const Node& node) {
    if constexpr (is_config_group<Binding>) {
        return []<fixed_string Key, fixed_string... Names>(const Node& n, config_group_binding<Key, Names...>*) {
            using element = typename group_element<std::remove_cvref_t<Parameter>>::type;
            const config_literal names[] = {config_literal(Names.view())...};
            return with_candidate_defaults<element, ReadAlways, Names...>(n).selects(Key.view(), names);
        }(node, static_cast<Binding*>(nullptr));
    } else {
        return node;
    }
}

template <std::size_t I, class Bindings, class Parameters, class ReadAlways, class Node>
constexpr auto with_selections_from(const Node& node) {
    if constexpr (I == std::tuple_size_v<Bindings>)
        return node;
    else
        return with_selections_from<I + 1, Bindings, Parameters, ReadAlways>(
            with_selection<std::tuple_element_t<I, Bindings>, std::tuple_element_t<I, Parameters>, ReadAlways>(
                node));
}

template <fixed_string Output, fixed_string... Dependencies, class Callable>
constexpr auto node_from(name_list<Dependencies...>, Callable callable) {
    return node<Output, Dependencies...>(std::move(callable));
}

template <class Fn, fixed_string Output, class... Bindings, std::size_t... K>
constexpr auto bind_node(const Fn& function, const parameterized_output<Output, Bindings...>& out,
                         std::index_sequence<K...>) {
    using names = typename concat_names<typename binding_traits<Bindings, param_t<Fn, K>>::names...>::type;
    using parameters = typename concat_types<typename binding_traits<Bindings, param_t<Fn, K>>::parameters...>::type;
    if constexpr (!(is_config_group<Bindings> || ...)) {
        using callable = bound_function<Fn, std::tuple<Bindings...>, dependencies<names, parameters, false>>;
        return node_from<Output>(names{}, callable(function, out.bindings)).doc(out.documentation);
    } else {
        using deps = dependencies<names, parameters, true>;
        if constexpr (!deps::types_agree) {
            (void)sizeof(compile_error::shared_value_types_differ<compile_error::named<Output>,
                                                                  compile_error::named<deps::conflicting_name>,
                                                                  typename deps::first_type,
                                                                  typename deps::conflicting_type>);
            return module();  // no node: the error above is the only one
        } else {
            using callable = bound_function<Fn, std::tuple<Bindings...>, deps>;
            using read_always = typename concat_names<typename names_read_always<Bindings>::type...>::type;
            return with_selections_from<0, std::tuple<Bindings...>, std::tuple<param_t<Fn, K>...>, read_always>(
                node_from<Output>(typename deps::names{}, callable(function, out.bindings)).doc(out.documentation));
        }
    }
}

template <std::size_t N>
constexpr std::size_t first_false(const std::array<bool, N>& flags) {
    std::size_t k = 0;
    while (k < N && flags[k]) ++k;
    return k;
}

template <fixed_string Output, class... Bindings, class Fn, std::size_t... K>
constexpr auto check_bindings(const Fn& function, const parameterized_output<Output, Bindings...>& out,
                              std::index_sequence<K...> indices) {
    constexpr std::array<bool, sizeof...(K) + 1> ok{binding_check<Bindings, param_t<Fn, K>>::ok..., true};
    constexpr std::size_t bad = first_false(ok);
    if constexpr (bad < sizeof...(K)) {
        using parameter = std::remove_cvref_t<param_t<Fn, bad>>;
        using binding = std::tuple_element_t<bad, std::tuple<Bindings...>>;
        (void)sizeof(compile_error::binding_type_mismatch<compile_error::named<Output>, bad, parameter, binding>);
        return module();  // no node: the error above is the only one
    } else {
        return bind_node(function, out, indices);
    }
}

// The node `Output` of `function` with these bindings; reports misuse as compile errors.
template <class Fn, fixed_string Output, class... Bindings>
constexpr auto bound_node(const Fn& function, const parameterized_output<Output, Bindings...>& out) {
    using traits = callable_traits<Fn>;
    using compile_error::named;
    if constexpr (!traits::valid) {
        (void)sizeof(compile_error::not_a_callable<named<Output>>);
        return module();  // no node: the error above is the only one
    } else if constexpr (traits::arity != sizeof...(Bindings)) {
        (void)sizeof(compile_error::binding_count_mismatch<named<Output>, sizeof...(Bindings), traits::arity>);
        return module();  // no node: the error above is the only one
    } else {
        return check_bindings<Output, Bindings...>(function, out, std::index_sequence_for<Bindings...>{});
    }
}

template <class T>
inline constexpr bool is_parameterized_output = false;
template <fixed_string Output, class... Bindings>
inline constexpr bool is_parameterized_output<parameterized_output<Output, Bindings...>> = true;

}  // namespace detail

// One node per output (a module), each calling `function` with that output's bindings.
template <class Callable, class... Outputs>
    requires(sizeof...(Outputs) > 0 && (detail::is_parameterized_output<Outputs> && ...))
constexpr auto parameterize(Callable function, Outputs... outputs) {
    const std::decay_t<Callable> fn(std::move(function));
    return module(detail::bound_node(fn, outputs)...);
}

// The single node `Output`: `function` with these bindings (Hamilton's @inject).
template <fixed_string Output, class Callable, class... Bindings>
constexpr auto inject(Callable function, Bindings... bindings) {
    return detail::bound_node(std::decay_t<Callable>(std::move(function)),
                              output<Output>(std::move(bindings)...));
}

}  // namespace hamilton
