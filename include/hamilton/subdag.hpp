// hamilton/subdag.hpp: the nodes of some modules again, under a namespace, with their own
// inputs and config (Hamilton's @subdag and @parameterized_subdag).
//
//   inline constexpr auto us = hamilton::subdag<"us">(
//       marketing,                                                        // modules (or nodes)
//       hamilton::input<"file_path">(hamilton::source<"us_file">),        // an input from the outer graph
//       hamilton::input<"window">(hamilton::value(3)),                    // an input set to a value
//       hamilton::setting<"source">("csv"));                              // config, over the driver's
//   hamilton::node<"both", "us.spend_mean", "uk.spend_mean">(&sum)        // outer nodes read inner ones
//
// Every node `x` of the modules becomes the node `us.x`, reading `us.d` for each value `d` that a
// node of the modules produces. A value the modules read but do not produce is an input of the
// subdag: bound with input<"d">(source<"outer">) it reads the outer graph's `outer`; bound with
// input<"d">(value(v)) or named like a setting, it reads the new node `us.d` holding that value;
// unbound, it stays `d`, shared with the outer graph. A setting decides the conditions on its key
// of the nodes inside (the driver's config decides the others), and can be read as an input.
// All names and types are checked at compile time like any other node's.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "compile_error.hpp"
#include "config.hpp"
#include "detail/names.hpp"
#include "fixed_string.hpp"
#include "module.hpp"
#include "node.hpp"
#include "parameterize.hpp"

namespace hamilton {

// Binds the input `Name` of a subdag to a value of the outer graph (source<"x">) or to a
// literal (value(v)).
template <fixed_string Name, class Binding>
struct subdag_input {
    static constexpr auto name = Name;
    Binding binding;
};
template <fixed_string Name, class Binding>
constexpr auto input(Binding binding) {
    if constexpr (detail::is_source_or_value<Binding>) {
        return subdag_input<Name, Binding>{std::move(binding)};
    } else {
        (void)sizeof(compile_error::subdag_input_not_a_binding<compile_error::named<Name>, Binding>);
        return subdag_input<Name, source_binding<Name>>{};  // the one error: read the outer value of that name
    }
}

// A config value of a subdag, applied over the driver's config for the nodes inside it.
template <fixed_string Key>
struct subdag_setting {
    static constexpr auto name = Key;
    config_literal value;
};
template <fixed_string Key>
constexpr subdag_setting<Key> setting(config_literal value) {
    return {value};
}

namespace detail {

template <class T>
inline constexpr bool is_subdag_input = false;
template <fixed_string Name, class Binding>
inline constexpr bool is_subdag_input<subdag_input<Name, Binding>> = true;

template <class T>
inline constexpr bool is_subdag_setting = false;
template <fixed_string Key>
inline constexpr bool is_subdag_setting<subdag_setting<Key>> = true;

template <class Part>
struct part_name {
    static constexpr std::string_view value = Part::name.view();
};

// What a dependency named `d` inside the subdag reads.
enum class subdag_dependency : std::uint8_t { inner_node, outer_source, inner_value, setting, outer_input };

template <std::size_t N>
constexpr std::size_t index_in(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == name) return i;
    return N;
}

template <class Binding>
inline constexpr bool is_source_binding = false;
template <fixed_string Name>
inline constexpr bool is_source_binding<source_binding<Name>> = true;

// What a subdag knows at compile time: its modules' nodes, its inputs (with how each is bound)
// and its settings. Only consteval functions read it: nothing here is compiled to code.
template <class Module, class Inputs, class Settings>
struct subdag_context;
template <class... Nodes, class... Inputs, class... Settings>
struct subdag_context<module_definition<Nodes...>, std::tuple<Inputs...>, std::tuple<Settings...>> {
    static consteval subdag_dependency classify(std::string_view name) {
        constexpr std::array<std::string_view, sizeof...(Nodes)> nodes{Nodes::name...};
        constexpr std::array<std::string_view, sizeof...(Inputs)> inputs{part_name<Inputs>::value...};
        constexpr std::array<bool, sizeof...(Inputs)> input_is_source{
            is_source_binding<decltype(Inputs::binding)>...};
        constexpr std::array<std::string_view, sizeof...(Settings)> settings{part_name<Settings>::value...};
        if (index_in(nodes, name) < nodes.size()) return subdag_dependency::inner_node;
        if (const auto i = index_in(inputs, name); i < inputs.size())
            return input_is_source[i] ? subdag_dependency::outer_source : subdag_dependency::inner_value;
        if (index_in(settings, name) < settings.size()) return subdag_dependency::setting;
        return subdag_dependency::outer_input;
    }

    // Does a node of the subdag read `name`?
    static consteval bool is_read(std::string_view name) {
        // An array, not a fold: clang limits fold expressions to 256 operands.
        const std::array<bool, sizeof...(Nodes) + 1> reads{(index_in(Nodes::dependencies, name) < Nodes::arity)...,
                                                           false};
        for (bool r : reads)
            if (r) return true;
        return false;
    }
};

template <class Binding>
struct source_name;
template <fixed_string Name>
struct source_name<source_binding<Name>> {
    static constexpr auto value = Name;
};

// The source<"outer"> name bound to input `Name` among `Inputs`.
template <fixed_string Name, class... Inputs>
struct bound_source;
template <fixed_string Name, fixed_string First, class Binding, class... Rest>
struct bound_source<Name, subdag_input<First, Binding>, Rest...> {
    static consteval auto get() {
        if constexpr (Name.view() == First.view())
            return source_name<Binding>::value;
        else
            return bound_source<Name, Rest...>::get();
    }
};

inline constexpr fixed_string<2> namespace_separator{"."};

// The name a dependency `Dependency` of a node inside subdag `Namespace` reads.
template <fixed_string Namespace, class Context, class Inputs, fixed_string Dependency>
consteval auto renamed_dependency() {
    constexpr auto kind = Context::classify(Dependency.view());
    if constexpr (kind == subdag_dependency::outer_input) {
        return Dependency;
    } else if constexpr (kind == subdag_dependency::outer_source) {
        return []<class... I>(std::tuple<I...>*) { return bound_source<Dependency, I...>::get(); }(
            static_cast<Inputs*>(nullptr));
    } else {
        return join(Namespace, namespace_separator, Dependency);
    }
}

template <fixed_string Namespace, class Context, class Inputs, class Node>
struct renamed_node;
template <fixed_string Namespace, class Context, class Inputs, fixed_string Name, class Fields, fixed_string... Deps>
struct renamed_node<Namespace, Context, Inputs, node_definition<Name, Fields, Deps...>> {
    using type = node_definition<join(Namespace, namespace_separator, Name), Fields,
                                 renamed_dependency<Namespace, Context, Inputs, Deps>()...>;
};

// The node's data with the conditions on the subdag's setting keys decided by their values.
template <class Fields, std::size_t Settings>
constexpr Fields with_settings(Fields fields, const std::array<std::string_view, Settings>& keys,
                               const std::array<config_literal, Settings>& values) {
    for (auto& c : fields.conditions)
        for (std::size_t s = 0; s < Settings; ++s)
            if (c.key == keys[s] && c.op != condition_op::selects) c = decide(c, fields.literals.data(), values[s]);
    return fields;
}

// The node holding a value bound to an input of a subdag.
template <class T>
struct constant_value {
    T value;
    T operator()() const { return value; }
};

// The node holding a setting read as an input, converted to the type its first reader takes.
template <class T>
struct setting_value {
    std::string_view key;
    config_literal value;

    T operator()() const {
        using kind = config_literal::kind;
        if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
            if (value.type == kind::string) return T(value.text);
        } else if constexpr (std::is_same_v<T, bool>) {
            if (value.type == kind::boolean) return value.flag;
        } else if constexpr (std::is_integral_v<T>) {
            if (value.type == kind::integer) {
                if (!std::in_range<T>(value.integer))
                    throw std::out_of_range(fmt::format("the subdag setting '{}' ({}) does not fit in {}, the type its readers take",
                                            key, value.integer, type_name<T>()));
                return static_cast<T>(value.integer);
            }
        } else if constexpr (std::is_floating_point_v<T>) {
            if (value.type == kind::integer || value.type == kind::floating) return static_cast<T>(value.as_double());
        }
        throw std::invalid_argument(fmt::format("the subdag setting '{}' is {}, but the nodes reading it take {}; give the setting "
                                "a value of that kind",
                                key, value.to_string(), type_name<T>()));
    }
};

template <class Node, std::size_t K>
using parameter_value = std::remove_cvref_t<typename Node::template parameter_type<K>>;

// The type the first node of `Nodes` reading `Name` takes it as.
template <fixed_string Name, class First, class... Rest>
consteval auto reader_type() {
    constexpr std::size_t k = index_in(First::dependencies, Name.view());
    if constexpr (k < First::arity)
        return std::type_identity<parameter_value<First, k>>{};
    else
        return reader_type<Name, Rest...>();
}

template <class Part>
constexpr auto graph_part(const Part& part) {
    if constexpr (is_subdag_input<Part> || is_subdag_setting<Part>)
        return std::tuple<>{};
    else
        return std::tuple<Part>{part};
}
template <class Part>
constexpr auto input_part(const Part& part) {
    if constexpr (is_subdag_input<Part>)
        return std::tuple<Part>{part};
    else
        return std::tuple<>{};
}
template <class Part>
constexpr auto setting_part(const Part& part) {
    if constexpr (is_subdag_setting<Part>)
        return std::tuple<Part>{part};
    else
        return std::tuple<>{};
}

// The node holding the value bound to `Input`, if it is bound to one.
template <fixed_string Namespace, class Input>
constexpr auto value_node(const Input& input) {
    if constexpr (is_source_binding<decltype(Input::binding)>) {
        return std::tuple<>{};
    } else {
        using T = std::remove_cvref_t<decltype(input.binding.value)>;
        return std::tuple{node<join(Namespace, namespace_separator, Input::name)>(constant_value<T>{input.binding.value})};
    }
}

// The node holding `Setting`'s value, if a node of the subdag reads it as an input.
template <fixed_string Namespace, class Context, class Setting, class... Nodes>
constexpr auto setting_node(const Setting& setting, const module_definition<Nodes...>*) {
    if constexpr (!Context::is_read(Setting::name.view()) ||
                  Context::classify(Setting::name.view()) != subdag_dependency::setting) {
        return std::tuple<>{};
    } else {
        using T = typename decltype(reader_type<Setting::name, Nodes...>())::type;
        return std::tuple{node<join(Namespace, namespace_separator, Setting::name)>(
            setting_value<T>{Setting::name.view(), setting.value})};
    }
}

// Reports a misused input or setting of subdag `Namespace` (a compile error naming both).
template <fixed_string Namespace, class Context, class Part>
constexpr int check_part() {
    constexpr std::string_view name = part_name<Part>::value;
    if constexpr (is_subdag_input<Part>) {
        if constexpr (!Context::is_read(name) || Context::classify(name) == subdag_dependency::inner_node)
            (void)sizeof(compile_error::not_a_subdag_input<compile_error::named<Namespace>,
                                                           compile_error::named<Part::name>>);
    }
    return 0;
}

template <fixed_string Name, class... Parts>
consteval std::size_t count_named() {
    constexpr std::array<std::string_view, sizeof...(Parts) + 1> names{part_name<Parts>::value..., {}};
    std::size_t count = 0;
    for (std::size_t i = 0; i < sizeof...(Parts); ++i) count += names[i] == Name.view();
    return count;
}

// Reports an input or setting given twice (as inputs, settings, or one of each).
template <fixed_string Namespace, class Part, class... Parts>
constexpr int check_once() {
    if constexpr (count_named<Part::name, Parts...>() > 1)
        (void)sizeof(compile_error::subdag_input_twice<compile_error::named<Namespace>,
                                                       compile_error::named<Part::name>>);
    return 0;
}

// Every check of the inputs `I` and settings `S` of subdag `Namespace`, outside the
// std::apply calls that take the parts apart, so that an error's instantiation chain is short.
template <fixed_string Namespace, class Context, class Inputs, class Settings>
struct subdag_checks;
template <fixed_string Namespace, class Context, class... I, class... S>
struct subdag_checks<Namespace, Context, std::tuple<I...>, std::tuple<S...>> {
    static constexpr std::array<int, 2 * sizeof...(I) + sizeof...(S) + 1> checked{
        check_part<Namespace, Context, I>()..., check_once<Namespace, I, I..., S...>()...,
        check_once<Namespace, S, I..., S...>()..., 0};
};

}  // namespace detail

// The nodes of `parts`' modules (and nodes) under the namespace `Namespace`, with the inputs and
// settings among `parts` (see the top of this file).
template <fixed_string Namespace, class... Parts>
constexpr auto subdag(Parts... parts) {
    const auto inner = std::apply([](auto... graph) { return module(graph...); },
                                  std::tuple_cat(detail::graph_part(parts)...));
    const auto inputs = std::tuple_cat(detail::input_part(parts)...);
    const auto settings = std::tuple_cat(detail::setting_part(parts)...);
    using inner_type = std::remove_cv_t<decltype(inner)>;
    using inputs_type = std::remove_cv_t<decltype(inputs)>;
    using settings_type = std::remove_cv_t<decltype(settings)>;
    using context = detail::subdag_context<inner_type, inputs_type, settings_type>;
    [[maybe_unused]] constexpr auto& checked = detail::subdag_checks<Namespace, context, inputs_type, settings_type>::checked;

    return std::apply(
        [&](const auto&... input) {
            return std::apply(
                [&](const auto&... setting) {
                    const std::array<std::string_view, sizeof...(setting)> keys{setting.name.view()...};
                    const std::array<config_literal, sizeof...(setting)> setting_values{setting.value...};
                    auto renamed = detail::unpack(inner, [&](const auto&... node) {
                        return std::tuple{typename detail::renamed_node<Namespace, context, inputs_type,
                                                                        std::remove_cvref_t<decltype(node)>>::type{
                            detail::with_settings(static_cast<const typename std::remove_cvref_t<
                                                      decltype(node)>::fields_type&>(node),
                                                  keys, setting_values)}...};
                    });
                    return std::apply([](auto... all) { return module(all...); },
                                      std::tuple_cat(std::move(renamed), detail::value_node<Namespace>(input)...,
                                                     detail::setting_node<Namespace, context>(
                                                         setting, static_cast<const inner_type*>(nullptr))...));
                },
                settings);
        },
        inputs);
}

// One instance of a parameterized_subdag: its namespace, and its own inputs and settings.
template <fixed_string Namespace, class... Parts>
struct subdag_instance {
    std::tuple<Parts...> parts;
};
template <fixed_string Namespace, class... Parts>
constexpr subdag_instance<Namespace, Parts...> instance(Parts... parts) {
    return {{std::move(parts)...}};
}

namespace detail {
template <class T>
inline constexpr bool is_subdag_instance = false;
template <fixed_string Namespace, class... Parts>
inline constexpr bool is_subdag_instance<subdag_instance<Namespace, Parts...>> = true;

template <class Part>
constexpr auto shared_part(const Part& part) {
    if constexpr (is_subdag_instance<Part>)
        return std::tuple<>{};
    else
        return std::tuple<Part>{part};
}

template <class Shared, fixed_string Namespace, class... Parts>
constexpr auto instantiate(const Shared& shared, const subdag_instance<Namespace, Parts...>& one) {
    return std::apply([](const auto&... all) { return subdag<Namespace>(all...); },
                      std::tuple_cat(shared, one.parts));
}

template <class Shared, class Part>
constexpr auto instance_module(const Shared& shared, const Part& part) {
    if constexpr (is_subdag_instance<Part>)
        return std::tuple{instantiate(shared, part)};
    else
        return std::tuple<>{};
}
}  // namespace detail

// One subdag per instance<"ns">(...) among `parts` (Hamilton's @parameterized_subdag): the other
// parts (modules, nodes, inputs and settings) are shared by every instance, and an instance's
// own inputs and settings come after them.
template <class... Parts>
constexpr auto parameterized_subdag(Parts... parts) {
    const auto shared = std::tuple_cat(detail::shared_part(parts)...);
    return std::apply([](const auto&... instances) { return module(instances...); },
                      std::tuple_cat(detail::instance_module(shared, parts)...));
}

}  // namespace hamilton
