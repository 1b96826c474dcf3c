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

}  // namespace hamilton::compile_error
