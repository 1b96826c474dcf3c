// hamilton/compile_error.hpp: the compile-time errors of a graph, as types that name the nodes.
//
// A mistake in the graph (a duplicate, a type mismatch, a cycle...) instantiates one of these
// templates, whose static_assert fails. The compiler prints the template with its arguments,
// so the message shows both what went wrong (the template's name and the assertion text) and
// where (the node names, parameter names and types in its arguments). g++ prints a name as
// `name<"spend_mean">`; clang 14 prints character arrays as numbers, so there a name is spelled
// as a pack of characters: `name<'s', 'p', 'e', 'n', 'd', ...>`.
#pragma once

#include <cstddef>
#include <utility>

#include "fixed_string.hpp"

namespace hamilton::compile_error {

#if defined(__clang__)
template <char... Characters>
struct name {};
template <fixed_string Text, class = std::make_index_sequence<Text.size()>>
struct spell;
template <fixed_string Text, std::size_t... I>
struct spell<Text, std::index_sequence<I...>> {
    using type = name<Text.data[I]...>;
};
#else
template <fixed_string Text>
struct name {};
template <fixed_string Text>
struct spell {
    using type = name<Text>;
};
#endif

// The type that carries `Text` into a diagnostic.
template <fixed_string Text>
using named = typename spell<Text>::type;

template <class... T>
inline constexpr bool always_false = false;

template <class Node>
struct duplicate_node {
    static_assert(always_false<Node>,
                  "hamilton: two nodes produce the same name and no config condition separates them; "
                  "rename one, or gate every variant with .when/.when_not/.when_in/.when_not_in");
};

template <class Consumer, class Dependency, class ParameterType, class ProducedType>
struct type_mismatch {
    static_assert(always_false<Consumer>,
                  "hamilton: a node's parameter cannot take the type its producer returns; make the "
                  "parameter the produced type (by value or const&) or change the producer");
};

template <class Consumer, class Dependency, class ParameterType>
struct collect_of_input {
    static_assert(always_false<Consumer>,
                  "hamilton: a parameter of type hamilton::collect<T> names a value no node produces (an input); "
                  "collect<T> gathers the values of a node inside a block (downstream of a node returning "
                  "hamilton::parallelizable<T>): name such a node, or take the input as a plain T");
};

template <class CyclePath>
struct dependency_cycle {
    static_assert(always_false<CyclePath>,
                  "hamilton: the nodes depend on each other in a cycle (path shown as "
                  "'a -> b -> a'); break the cycle by renaming or removing one dependency");
};

template <class Node, std::size_t RegisteredDependencies, std::size_t FunctionParameters>
struct arity_mismatch {
    static_assert(always_false<Node>,
                  "hamilton: the number of dependency names registered for this node differs from "
                  "the number of parameters of its function; list one name per parameter");
};

template <class Input, class FirstConsumer, class FirstType, class SecondConsumer, class SecondType>
struct conflicting_input_types {
    static_assert(always_false<Input>,
                  "hamilton: two nodes need the same input with different types; give both "
                  "parameters the same type (const& and by-value of one type are compatible)");
};

template <class Node, class FirstVariant, class FirstType, class SecondVariant, class SecondType>
struct variant_types_differ {
    static_assert(always_false<Node>,
                  "hamilton: variants of one node return different types; every variant of a node "
                  "must return the same type");
};

template <class Name>
struct unknown_output {
    static_assert(always_false<Name>,
                  "hamilton: execute<...> asks for a name that no node produces and no node takes "
                  "as an input; check the spelling");
};

template <class Node, class Dependency, class ParameterType>
struct mutable_reference_parameter {
    static_assert(always_false<Node>,
                  "hamilton: a node takes a dependency by non-const reference, which would let it "
                  "change a value other nodes read; take it by value or by const&");
};

template <class Node>
struct void_result {
    static_assert(always_false<Node>,
                  "hamilton: a node's function returns void; a node must return the value it names");
};

template <class Node>
struct not_a_callable {
    static_assert(always_false<Node>,
                  "hamilton: a node needs a function pointer, a lambda or a function object with "
                  "exactly one const, non-template call operator (generic lambdas and overload sets are not "
                  "allowed: their parameter types cannot be read; mutable lambdas are not allowed: a node "
                  "must give the same value for the same inputs)");
};

template <class Node, class Name>
struct not_a_dependency {
    static_assert(always_false<Node>,
                  "hamilton: .optional<\"name\">(default) names a dependency this node does not have");
};

template <class Node, class Dependency, class ParameterType, class DefaultType>
struct wrong_default_type {
    static_assert(always_false<Node>,
                  "hamilton: an optional dependency's default value cannot initialise the parameter; "
                  "give a default of the parameter's type");
};

template <class Node, std::size_t Dependencies, std::size_t Limit>
struct too_many_dependencies {
    static_assert(always_false<Node>,
                  "hamilton: a node has more dependencies than the limit; group them into a struct "
                  "produced by another node");
};

// unpack_fields: `Given` names for the node's tuple-like result of `Size` elements.
template <class Node, std::size_t Given, std::size_t Size>
struct field_count_mismatch {
    static_assert(always_false<Node>,
                  "hamilton: unpack_fields<...> needs exactly one name per element of the node's "
                  "tuple-like result");
};

// unpack_fields: the node's result has no tuple protocol (std::tuple_size).
template <class Node, class Result>
struct not_tuple_like {
    static_assert(always_false<Node>,
                  "hamilton: unpack_fields<...> needs a node returning a tuple-like value (std::tuple, "
                  "std::pair, std::array); for a struct use extract_fields(node, field<\"name\">(&T::member)...)");
};

// extract_fields(node, field<"name">(&Class::member)): the member is not a field of the result.
template <class Node, class Field, class Result, class MemberPointer>
struct not_a_field_of_result {
    static_assert(always_false<Node>,
                  "hamilton: extract_fields: field<\"name\">(&T::member) must point to a data member, or a "
                  "const member function without parameters, of the node's result type or of a base of it");
};

// extract_fields<"key"...>(node): the node's result is not a map keyed by std::string.
template <class Node, class Result>
struct not_a_string_keyed_map {
    static_assert(always_false<Node>,
                  "hamilton: extract_fields<\"key\", ...>(node) needs a node returning a map keyed by "
                  "std::string (std::map, std::unordered_map); for a struct use extract_fields(node, "
                  "field<\"name\">(&T::member)...), for a tuple unpack_fields<...>(node)");
};

// extract_fields<"key"...>(node, fill_with(v)): v cannot initialise the map's mapped type.
template <class Node, class MappedType, class FillType>
struct wrong_fill_type {
    static_assert(always_false<Node>,
                  "hamilton: extract_fields: the fill_with value cannot initialise a value of the map; "
                  "give a value of the map's mapped type");
};

// parameterize / inject: an output gives `Given` bindings to a function of `Parameters` parameters.
template <class Output, std::size_t Given, std::size_t Parameters>
struct binding_count_mismatch {
    static_assert(always_false<Output>,
                  "hamilton: parameterize/inject binds parameters by position and needs exactly one "
                  "binding (source<\"name\">, value(v) or group<\"a\", ...>) per parameter of the function");
};

// parameterize / inject: binding number `Index` cannot feed a parameter of type `Parameter`.
template <class Output, std::size_t Index, class Parameter, class Binding>
struct binding_type_mismatch {
    static_assert(always_false<Output>,
                  "hamilton: a parameterize/inject binding does not fit its parameter: a value(v) must "
                  "convert to the parameter's type, a group<...> needs a container parameter "
                  "(a sequence such as std::vector<T>, or a map from std::string to T)");
};

// parameterize / inject with a config_group: two bindings read the value `Name`, as `FirstType`
// and as `SecondType`; the node depends on it once, so reads it as one type.
template <class Output, class Name, class FirstType, class SecondType>
struct shared_value_types_differ {
    static_assert(always_false<Output>,
                  "hamilton: two bindings of a node with a config_group read the same value as different types; "
                  "a value several bindings read (a candidate of two config groups, or one also bound by source "
                  "or group) is computed once and passed to each: give them the same element type");
};

// subdag: input<"Name">(...) binds a name that no node of the subdag reads as an input.
template <class Namespace, class Name>
struct not_a_subdag_input {
    static_assert(always_false<Namespace>,
                  "hamilton: a subdag input binds a name that is not an input of the subdag: no node in it "
                  "reads that name, or a node in it produces it; bind one of the values its nodes read "
                  "but do not produce");
};

// subdag: the same name is given twice among its inputs and settings.
template <class Namespace, class Name>
struct subdag_input_twice {
    static_assert(always_false<Namespace>,
                  "hamilton: a subdag gets the same name twice as input<...> or setting<...>; give each "
                  "input or config key once");
};

template <class Builder>
struct not_a_result_builder {
    static_assert(always_false<Builder>,
                  "hamilton: execute(builder, outputs, ...) needs a result builder: a callable that takes "
                  "const hamilton::results& and returns a value (see result_builder.hpp)");
};

// One requested output of a typed execute: its name and its type.
template <class Name, class Type>
struct output {};

template <class Builder, class... Outputs>
struct result_builder_mismatch {
    static_assert(always_false<Builder>,
                  "hamilton: the result builder given to execute<...> cannot take the outputs; it must be "
                  "callable with one value per output, in the order requested, each parameter of the "
                  "output's type (by value, const& or &&), and return a value");
};

// pipe_input / pipe_output / mutate: step `Step` of the pipe over `Node` does not chain. Either
// its first parameter (`Given`) cannot take the value chained into it (`Expected`), or it
// returns `Given` where `Expected` is needed: a pipe_output or mutate step must return the
// node's type, a config-gated step the type it takes, and pipe_input's last step what the
// node's parameter takes.
template <class Node, class Step, class Expected, class Given>
struct pipe_step_mismatch {
    static_assert(always_false<Node>,
                  "hamilton: a pipe step's types do not chain: its first parameter must take the value "
                  "before it (by value or const&), and it must return the type that follows it (the node's "
                  "type for pipe_output/mutate; its input's type when it is config-gated, because a skipped "
                  "step passes its input on; for pipe_input's last step, the type the node's parameter takes)");
};

// pipe_input / pipe_output / mutate: step `Step` gives `Bindings` bindings to a function of
// `Parameters` parameters.
template <class Node, class Step, std::size_t Bindings, std::size_t Parameters>
struct pipe_step_binding_count_mismatch {
    static_assert(always_false<Node>,
                  "hamilton: a pipe step's function takes the chained value as its first parameter and needs "
                  "exactly one binding (source<\"name\">, value(v) or group<\"a\", ...>) per other parameter");
};

// pipe_input<"Target">(node, ...): `Node` has no dependency `Target` (or none at all).
template <class Node, class Target>
struct pipe_input_target_missing {
    static_assert(always_false<Node>,
                  "hamilton: pipe_input chains steps over one dependency of the node, its first one or the "
                  "one named in pipe_input<\"name\">, and the node has no such dependency");
};

// mutate<"Target", ...>(module, ...): no node of the module is named `Target`.
template <class Target>
struct mutate_target_missing {
    static_assert(always_false<Target>,
                  "hamilton: mutate<...> names a target that no node of the module has; check the spelling, "
                  "or mutate the module that holds the node");
};

// check_output(node, check...): `Check` cannot take the node's value, of type `Value`.
template <class Node, class Check, class Value>
struct data_check_mismatch {
    static_assert(always_false<Node>,
                  "hamilton: check_output: a check does not apply to the node's value type: in_range needs a number "
                  "or a range of numbers, no_nan a floating-point number or a range of them, not_empty a value with "
                  "empty() or size(), satisfies<\"description\">(predicate) a predicate callable as const with the "
                  "node's value (const T&) and returning bool");
};

}  // namespace hamilton::compile_error
