// hamilton/extract_fields.hpp: one node returning several values, and one node per value.
//
//   struct stats { double mean; double stdev; };
//   stats summarize(const series& spend);
//   std::pair<double, double> bounds(const series& spend);
//   std::map<std::string, double> by_channel(const series& spend);
//
//   inline constexpr auto spend_stats = hamilton::extract_fields(HAMILTON_NODE(summarize, spend),
//       hamilton::field<"spend_mean">(&stats::mean), hamilton::field<"spend_stdev">(&stats::stdev));
//   inline constexpr auto spend_bounds = hamilton::unpack_fields<"low", "high">(HAMILTON_NODE(bounds, spend));
//   inline constexpr auto channels = hamilton::extract_fields<"tv", "web">(HAMILTON_NODE(by_channel, spend));
//
// Hamilton's @extract_fields and @unpack_fields. Each returns a module: the original node, still
// requestable, and one node per field, named as given, typed as the field, depending on the
// original node only. A field node is an ordinary node (listed, drawn, overridable) whose
// function is a small function object taking `const Result&` and returning a copy of the field.
// The field nodes of a variant (a gated node) are variants too, with the same conditions, so
// extracting every variant of a node gives one field node per field, as for the original.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "compile_error.hpp"
#include "error.hpp"
#include "fixed_string.hpp"
#include "module.hpp"
#include "node.hpp"

namespace hamilton {

// ---- what to extract --------------------------------------------------------------------------------

// The field node `Name`: the member `member` of a struct result (a data member, or a const
// member function without parameters).
template <fixed_string Name, class Class, class Member>
struct field_definition {
    Member Class::*member;
};
template <fixed_string Name, class Class, class Member>
constexpr field_definition<Name, Class, Member> field(Member Class::*member) {
    return {member};
}

// The value a map-like result's field node gives when its key is missing (Hamilton's fill_with).
template <class T>
struct fill_with_value {
    T value;
};
template <class T>
constexpr fill_with_value<T> fill_with(T value) {
    return {std::move(value)};
}

namespace detail {

template <class T>
inline constexpr bool is_field_definition = false;
template <fixed_string Name, class Class, class Member>
inline constexpr bool is_field_definition<field_definition<Name, Class, Member>> = true;

template <class T>
concept tuple_like = requires { std::tuple_size<T>::value; };

template <class T>
concept string_keyed_map = requires {
    typename T::key_type;
    typename T::mapped_type;
} && std::is_same_v<typename T::key_type, std::string>;

// Element I as structured bindings find it: a member get<I>(), else get<I> found by ADL.
template <std::size_t I, class T>
decltype(auto) tuple_element_of(const T& value) {
    if constexpr (requires { value.template get<I>(); }) {
        return value.template get<I>();
    } else {
        using std::get;
        return get<I>(value);
    }
}

// ---- the field nodes' functions ---------------------------------------------------------------------
// Their call operators are ordinary functions, so a field node's types are read like any node's.
// Names are string_views rather than template arguments: every field of one result type shares
// one function type, and so the code that runs it.

template <class Result, std::size_t Index>
struct tuple_field {
    std::remove_cvref_t<std::tuple_element_t<Index, Result>> operator()(const Result& result) const {
        return tuple_element_of<Index>(result);
    }
};

template <class Result, class Class, class Member>
struct struct_field {
    using value_type = std::remove_cvref_t<std::invoke_result_t<Member Class::*, const Result&>>;
    Member Class::*member;

    value_type operator()(const Result& result) const { return std::invoke(member, result); }
};

// Why a key is missing, with the keys present (sorted, so an unordered_map reads the same).
template <class Map>
std::string missing_key_message(std::string_view of, std::string_view key, const Map& map) {
    if (map.empty()) return "'" + std::string(of) + "' has no key '" + std::string(key) + "': it is empty";
    std::vector<std::string_view> keys;
    keys.reserve(map.size());
    for (const auto& entry : map) keys.emplace_back(entry.first);
    std::sort(keys.begin(), keys.end());
    constexpr std::size_t shown = 20;
    std::string out = "'" + std::string(of) + "' has no key '" + std::string(key) + "'; its keys: ";
    for (std::size_t i = 0; i < keys.size() && i < shown; ++i) {
        if (i > 0) out += ", ";
        out += "'" + std::string(keys[i]) + "'";
    }
    if (keys.size() > shown) out += " and " + std::to_string(keys.size() - shown) + " more";
    return out;
}

template <class Map>
struct map_field {
    std::string_view of;   // the original node, for the error message
    std::string_view key;

    typename Map::mapped_type operator()(const Map& map) const {
        const auto at = map.find(std::string(key));
        if (at == map.end()) throw std::out_of_range(detail::printable(missing_key_message(of, key, map)));
        return at->second;
    }
};

template <class Map>
struct map_field_or_fill {
    std::string_view of;
    std::string_view key;
    typename Map::mapped_type fill;

    typename Map::mapped_type operator()(const Map& map) const {
        const auto at = map.find(std::string(key));
        return at == map.end() ? fill : at->second;
    }
};

// ---- building the field nodes ---------------------------------------------------------------------

template <fixed_string Field, fixed_string Of>
inline constexpr auto field_documentation =
    join(fixed_string{"Field '"}, Field, fixed_string{"' of '"}, Of, fixed_string{"'."});

// Does `name` contain "__"? (A loop rather than string_view::find, which g++ cannot evaluate at
// compile time under -fsanitize=undefined.)
template <std::size_t N>
constexpr bool has_double_underscore(const fixed_string<N>& name) {
    for (std::size_t i = 0; i + 2 < N; ++i)
        if (name.data[i] == '_' && name.data[i + 1] == '_') return true;
    return false;
}

// The field node's function name: `Field` followed by the original's variant suffix, so that a
// field of the variant stats__csv is the variant mean__csv of the node mean.
template <fixed_string Field, class Node>
constexpr auto field_function_name() {
    constexpr std::string_view suffix = Node::function_name.substr(Node::name.size());
    if constexpr (!Node::gated) {
        return Field;
    } else if constexpr (suffix.empty()) {
        // A gated node loses everything after its last "__": keep a "__" in the field's name intact.
        if constexpr (!has_double_underscore(Field)) return Field;
        else return join(Field, fixed_string{"__"});
    } else {
        return join(Field, to_fixed_string<suffix.size() + 1>(suffix));
    }
}

// The field node `Field` of `original`, computed by `function`: documented, tagged and gated like
// the original.
template <fixed_string Field, class Function, fixed_string Name, class Fn, std::size_t C, std::size_t L,
          std::size_t T, class Defaults, fixed_string... Deps>
constexpr auto field_node(const node_definition<Name, node_fields<Fn, C, L, T, Defaults>, Deps...>& original,
                          Function function) {
    using node_type = node_definition<Name, node_fields<Fn, C, L, T, Defaults>, Deps...>;
    constexpr auto of = node_type::name_literal();
    using field_type = node_definition<field_function_name<Field, node_type>(), node_fields<Function, C, L, T, std::tuple<>>, of>;
    return field_type{{std::move(function), field_documentation<Field, of>.view(), original.tags,
                       original.conditions, original.literals, {}}};
}

template <class Node, fixed_string... Names, std::size_t... I>
constexpr auto unpack(const Node& original, std::index_sequence<I...>) {
    using result = typename Node::result_type;
    return module(original, field_node<Names>(original, tuple_field<result, I>{})...);
}

template <class Class, class Member, class Result>
constexpr bool is_field_of = (std::is_same_v<Class, Result> || std::is_base_of_v<Class, Result>) &&
                             std::is_invocable_v<Member Class::*, const Result&>;

template <class Node, fixed_string Name, class Class, class Member>
constexpr auto struct_field_node(const Node& original, const field_definition<Name, Class, Member>& f) {
    using result = typename Node::result_type;
    if constexpr (!is_field_of<Class, Member, result>) {
        (void)sizeof(compile_error::not_a_field_of_result<compile_error::named<Node::name_literal()>,
                                                          compile_error::named<Name>, result, Member Class::*>);
        return 0;
    } else {
        return field_node<Name>(original, struct_field<result, Class, Member>{f.member});
    }
}

}  // namespace detail

// The node `node`, and one node per position of its tuple-like result (std::tuple, std::pair,
// std::array, or a type with the tuple protocol), named `Names` in order: Hamilton's @unpack_fields.
template <fixed_string... Names, class Node>
    requires detail::is_node_definition<Node>
constexpr auto unpack_fields(const Node& node) {
    using result = typename Node::result_type;
    using compile_error::named;
    if constexpr (!detail::tuple_like<result>) {
        (void)sizeof(compile_error::not_tuple_like<named<Node::name_literal()>, result>);
        return module(node);
    } else if constexpr (std::tuple_size<result>::value != sizeof...(Names)) {
        (void)sizeof(compile_error::field_count_mismatch<named<Node::name_literal()>, sizeof...(Names),
                                                          std::tuple_size<result>::value>);
        return module(node);
    } else {
        return detail::unpack<Node, Names...>(node, std::make_index_sequence<sizeof...(Names)>{});
    }
}

// The node `node`, and one node per member of its struct result: field<"name">(&T::member).
template <class Node, class... Fields>
    requires(detail::is_node_definition<Node> && sizeof...(Fields) > 0 && (detail::is_field_definition<Fields> && ...))
constexpr auto extract_fields(const Node& node, const Fields&... fields) {
    return module(node, detail::struct_field_node(node, fields)...);
}

// The node `node`, and one node per key `Keys` of its result, a map keyed by std::string
// (std::map, std::unordered_map...), each typed as the mapped type: Hamilton's @extract_fields.
// A key missing at run time makes its field node fail, naming the key and the keys present.
template <fixed_string... Keys, class Node>
    requires(detail::is_node_definition<Node> && sizeof...(Keys) > 0)
constexpr auto extract_fields(const Node& node) {
    using result = typename Node::result_type;
    if constexpr (!detail::string_keyed_map<result>) {
        (void)sizeof(compile_error::not_a_string_keyed_map<compile_error::named<Node::name_literal()>, result>);
        return module(node);
    } else {
        return module(node, detail::field_node<Keys>(node, detail::map_field<result>{Node::name, Keys.view()})...);
    }
}

// The same, but a missing key's field node gives `fill` (hamilton::fill_with(v)) instead of failing.
template <fixed_string... Keys, class Node, class Fill>
    requires(detail::is_node_definition<Node> && sizeof...(Keys) > 0)
constexpr auto extract_fields(const Node& node, fill_with_value<Fill> fill) {
    using result = typename Node::result_type;
    using compile_error::named;
    if constexpr (!detail::string_keyed_map<result>) {
        (void)sizeof(compile_error::not_a_string_keyed_map<named<Node::name_literal()>, result>);
        return module(node);
    } else if constexpr (!std::is_constructible_v<typename result::mapped_type, Fill>) {
        (void)sizeof(compile_error::wrong_fill_type<named<Node::name_literal()>, typename result::mapped_type, Fill>);
        return module(node);
    } else {
        const typename result::mapped_type value(std::move(fill.value));
        return module(node, detail::field_node<Keys>(
                                node, detail::map_field_or_fill<result>{Node::name, Keys.view(), value})...);
    }
}

}  // namespace hamilton
