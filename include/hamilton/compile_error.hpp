// hamilton/compile_error.hpp: the compile-time errors of a graph, as types that name the nodes.
//
// A mistake in the graph (a duplicate, a type mismatch, a cycle...) instantiates one of these
// templates. The first `error:` line the compiler prints must say what is wrong, where (the
// node names) and how to fix it, because that is the line a reader (and an IDE) shows:
// - g++ prints a string template argument as a string, so there each template spells its whole
//   message, names included, as the argument of `error<"hamilton: node spend_mean: ...">`,
//   which is never defined: "invalid application of 'sizeof' to incomplete type
//   error<"hamilton: node spend_mean: ...", types...>" is the one error, and the types that
//   matter (a parameter's and its producer's) follow the text as further arguments.
// - clang 14 prints a string template argument as a list of numbers (clang 15 prints strings),
//   and its static_assert prints its condition with the text: there the template's
//   static_assert fails, and a name is spelled as a pack of characters, which clang 14 prints
//   as `name<'s', 'p', 'e', 'n', 'd', ...>`.
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

// The text a `named<...>` type carries.
template <class Name>
struct text_of;
template <fixed_string Text>
struct text_of<name<Text>> {
    static constexpr auto value = Text;
};
template <class Name>
inline constexpr auto text = text_of<Name>::value;

// The parts (string literals and fixed_strings) as one fixed_string.
template <class... Parts>
constexpr auto say(const Parts&... parts) {
    return detail::join(fixed_string(parts)...);
}

// Declared, never defined: naming its size is the error, and g++ prints the message with it.
template <fixed_string Message, class... Context>
struct error;
#endif

// The type that carries `Text` into a diagnostic.
template <fixed_string Text>
using named = typename spell<Text>::type;

template <class... T>
inline constexpr bool always_false = false;

// Two ungated nodes named `Node`: the functions `First` and `Second` (their node names, with a
// variant suffix if any), of types `FirstType` and `SecondType`, nodes number `FirstAt` and
// `SecondAt` (from 1) of the graph, in the order the modules and their nodes were given.
template <class Node, class First, class FirstType, std::size_t FirstAt, class Second, class SecondType,
          std::size_t SecondAt>
struct duplicate_node {
#if defined(__clang__)
    static_assert(always_false<Node, First, Second>,
                  "hamilton: two functions produce the same node and no config condition separates them; rename "
                  "one, gate every variant with .when/.when_not/.when_in/.when_not_in, or, to replace the node "
                  "of an earlier module, build with builder().allow_module_overrides()");
#else
    static constexpr auto message = say("hamilton: node ", text<Node>, " is produced by two functions, ", text<First>,
                                        " (node ", detail::decimal<FirstAt>, " of the graph) and ", text<Second>, " (node ",
                                        detail::decimal<SecondAt>, "; their types follow), and no config condition separates "
                                        "them; rename one, gate every variant with "
                                        ".when/.when_not/.when_in/.when_not_in, or, to replace the node of an "
                                        "earlier module, build with builder().allow_module_overrides()");
    static_assert(sizeof(error<message, FirstType, SecondType>));
#endif
};

template <class Consumer, class Dependency, class ParameterType, class ProducedType>
struct type_mismatch {
#if defined(__clang__)
    static_assert(always_false<Consumer>,
                  "hamilton: the parameter cannot take the type its producer returns; make the "
                  "parameter the produced type (by value or const&) or change the producer");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Consumer>, ", parameter ", text<Dependency>, ": ",
                                   "the parameter cannot take the type its producer returns; make the "
                                   "parameter the produced type (by value or const&) or change the producer");
    static_assert(sizeof(error<message, ParameterType, ProducedType>));
#endif
};

template <class Consumer, class Dependency, class ParameterType>
struct collect_of_input {
#if defined(__clang__)
    static_assert(always_false<Consumer>,
                  "hamilton: a parameter of type hamilton::collect<T> names a value no node produces (an input); "
                  "collect<T> gathers the values of a node inside a block (downstream of a node returning "
                  "hamilton::parallelizable<T>): name such a node, or take the input as a plain T");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Consumer>, ", parameter ", text<Dependency>, ": ",
                                   "a parameter of type hamilton::collect<T> names a value no node produces (an input); "
                                   "collect<T> gathers the values of a node inside a block (downstream of a node returning "
                                   "hamilton::parallelizable<T>): name such a node, or take the input as a plain T");
    static_assert(sizeof(error<message, ParameterType>));
#endif
};

template <class CyclePath>
struct dependency_cycle {
#if defined(__clang__)
    static_assert(always_false<CyclePath>,
                  "hamilton: the nodes depend on each other in a cycle (path shown as "
                  "a -> b -> a); break the cycle by renaming or removing one dependency");
#else
    static constexpr auto message = say("hamilton: ", "cycle ", text<CyclePath>, ": ",
                                   "the nodes depend on each other in a cycle (path shown as "
                                   "a -> b -> a); break the cycle by renaming or removing one dependency");
    static_assert(sizeof(error<message>));
#endif
};

template <class Node, std::size_t RegisteredDependencies, std::size_t FunctionParameters>
struct arity_mismatch {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: the number of dependency names registered for this node differs from "
                  "the number of parameters of its function; list one name per parameter");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, " (", detail::decimal<RegisteredDependencies>, " dependency names, ", detail::decimal<FunctionParameters>, " function parameters)", ": ",
                                   "the number of dependency names registered for this node differs from "
                                   "the number of parameters of its function; list one name per parameter");
    static_assert(sizeof(error<message>));
#endif
};

template <class Input, class FirstConsumer, class FirstType, class SecondConsumer, class SecondType>
struct conflicting_input_types {
#if defined(__clang__)
    static_assert(always_false<Input>,
                  "hamilton: two nodes need the same input with different types; give both "
                  "parameters the same type (const& and by-value of one type are compatible)");
#else
    static constexpr auto message = say("hamilton: ", "input ", text<Input>, ", read by node ", text<FirstConsumer>, " and by node ", text<SecondConsumer>, ": ",
                                   "two nodes need the same input with different types; give both "
                                   "parameters the same type (const& and by-value of one type are compatible)");
    static_assert(sizeof(error<message, FirstType, SecondType>));
#endif
};

template <class Node, class FirstVariant, class FirstType, class SecondVariant, class SecondType>
struct variant_types_differ {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: variants of one node return different types; every variant of a node "
                  "must return the same type");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ", variants ", text<FirstVariant>, " and ", text<SecondVariant>, ": ",
                                   "variants of one node return different types; every variant of a node "
                                   "must return the same type");
    static_assert(sizeof(error<message, FirstType, SecondType>));
#endif
};

template <class Name>
struct unknown_output {
#if defined(__clang__)
    static_assert(always_false<Name>,
                  "hamilton: execute<...> asks for a name that no node produces and no node takes "
                  "as an input; check the spelling");
#else
    static constexpr auto message = say("hamilton: ", "output ", text<Name>, ": ",
                                   "execute<...> asks for a name that no node produces and no node takes "
                                   "as an input; check the spelling");
    static_assert(sizeof(error<message>));
#endif
};

template <class Node, class Dependency, class ParameterType>
struct mutable_reference_parameter {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: a node takes a dependency by non-const reference, which would let it "
                  "change a value other nodes read; take it by value or by const&");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ", parameter ", text<Dependency>, ": ",
                                   "a node takes a dependency by non-const reference, which would let it "
                                   "change a value other nodes read; take it by value or by const&");
    static_assert(sizeof(error<message, ParameterType>));
#endif
};

template <class Node>
struct void_result {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: the function returns void; a node must return the value it names");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ": ",
                                   "the function returns void; a node must return the value it names");
    static_assert(sizeof(error<message>));
#endif
};

template <class Node>
struct not_a_callable {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: a node needs a function pointer, a lambda or a function object with "
                  "exactly one const, non-template call operator (generic lambdas and overload sets are not "
                  "allowed: their parameter types cannot be read; mutable lambdas are not allowed: a node "
                  "must give the same value for the same inputs)");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ": ",
                                   "a node needs a function pointer, a lambda or a function object with "
                                   "exactly one const, non-template call operator (generic lambdas and overload sets are not "
                                   "allowed: their parameter types cannot be read; mutable lambdas are not allowed: a node "
                                   "must give the same value for the same inputs)");
    static_assert(sizeof(error<message>));
#endif
};

template <class Node, class Name>
struct not_a_dependency {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: .optional<\"name\">(default) names a dependency this node does not have");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ", optional ", text<Name>, ": ",
                                   ".optional<\"name\">(default) names a dependency this node does not have");
    static_assert(sizeof(error<message>));
#endif
};

template <class Node, class Dependency, class ParameterType, class DefaultType>
struct wrong_default_type {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: the default value of an optional dependency cannot initialise the parameter; "
                  "give a default of the type of the parameter");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ", parameter ", text<Dependency>, ": ",
                                   "the default value of an optional dependency cannot initialise the parameter; "
                                   "give a default of the type of the parameter");
    static_assert(sizeof(error<message, ParameterType, DefaultType>));
#endif
};

template <class Node, std::size_t Dependencies, std::size_t Limit>
struct too_many_dependencies {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: a node has more dependencies than the limit; group them into a struct "
                  "produced by another node");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, " (", detail::decimal<Dependencies>, " dependencies, limit ", detail::decimal<Limit>, ")", ": ",
                                   "a node has more dependencies than the limit; group them into a struct "
                                   "produced by another node");
    static_assert(sizeof(error<message>));
#endif
};

// unpack_fields: `Given` names for the node's tuple-like result of `Size` elements.
template <class Node, std::size_t Given, std::size_t Size>
struct field_count_mismatch {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: unpack_fields<...> needs exactly one name per element of the node's "
                  "tuple-like result");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, " (", detail::decimal<Given>, " names, ", detail::decimal<Size>, " elements)", ": ",
                                   "unpack_fields<...> needs exactly one name per element of the "
                                   "tuple-like result of the node");
    static_assert(sizeof(error<message>));
#endif
};

// unpack_fields: the node's result has no tuple protocol (std::tuple_size).
template <class Node, class Result>
struct not_tuple_like {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: unpack_fields<...> needs a node returning a tuple-like value (std::tuple, "
                  "std::pair, std::array); for a struct use extract_fields(node, field<\"name\">(&T::member)...)");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ": ",
                                   "unpack_fields<...> needs a node returning a tuple-like value (std::tuple, "
                                   "std::pair, std::array); for a struct use extract_fields(node, field<\"name\">(&T::member)...)");
    static_assert(sizeof(error<message, Result>));
#endif
};

// extract_fields(node, field<"name">(&Class::member)): the member is not a field of the result.
template <class Node, class Field, class Result, class MemberPointer>
struct not_a_field_of_result {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: extract_fields: field<\"name\">(&T::member) must point to a data member, or a "
                  "const member function without parameters, of the result type of the node or of a base of it");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ", field ", text<Field>, ": ",
                                   "extract_fields: field<\"name\">(&T::member) must point to a data member, or a "
                                   "const member function without parameters, of the result type of the node or of a base of it");
    static_assert(sizeof(error<message, Result, MemberPointer>));
#endif
};

// extract_fields<"key"...>(node): the node's result is not a map keyed by std::string.
template <class Node, class Result>
struct not_a_string_keyed_map {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: extract_fields<\"key\", ...>(node) needs a node returning a map keyed by "
                  "std::string (std::map, std::unordered_map); for a struct use extract_fields(node, "
                  "field<\"name\">(&T::member)...), for a tuple unpack_fields<...>(node)");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ": ",
                                   "extract_fields<\"key\", ...>(node) needs a node returning a map keyed by "
                                   "std::string (std::map, std::unordered_map); for a struct use extract_fields(node, "
                                   "field<\"name\">(&T::member)...), for a tuple unpack_fields<...>(node)");
    static_assert(sizeof(error<message, Result>));
#endif
};

// extract_fields<"key"...>(node, fill_with(v)): v cannot initialise the map's mapped type.
template <class Node, class MappedType, class FillType>
struct wrong_fill_type {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: extract_fields: the fill_with value cannot initialise a value of the map; "
                  "give a value of the mapped type of the map");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ": ",
                                   "extract_fields: the fill_with value cannot initialise a value of the map; "
                                   "give a value of the mapped type of the map");
    static_assert(sizeof(error<message, MappedType, FillType>));
#endif
};

// parameterize / inject: an output gives `Given` bindings to a function of `Parameters` parameters.
template <class Output, std::size_t Given, std::size_t Parameters>
struct binding_count_mismatch {
#if defined(__clang__)
    static_assert(always_false<Output>,
                  "hamilton: parameterize/inject binds parameters by position and needs exactly one "
                  "binding (source<\"name\">, value(v) or group<\"a\", ...>) per parameter of the function");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Output>, " (", detail::decimal<Given>, " bindings, ", detail::decimal<Parameters>, " parameters)", ": ",
                                   "parameterize/inject binds parameters by position and needs exactly one "
                                   "binding (source<\"name\">, value(v) or group<\"a\", ...>) per parameter of the function");
    static_assert(sizeof(error<message>));
#endif
};

// parameterize / inject: binding number `Index` cannot feed a parameter of type `Parameter`.
template <class Output, std::size_t Index, class Parameter, class Binding>
struct binding_type_mismatch {
#if defined(__clang__)
    static_assert(always_false<Output>,
                  "hamilton: a parameterize/inject binding does not fit its parameter: a value(v) must "
                  "convert to the type of the parameter, a group<...> needs a container parameter "
                  "(a sequence such as std::vector<T>, or a map from std::string to T)");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Output>, ", binding ", detail::decimal<Index + 1>, ": ",
                                   "a parameterize/inject binding does not fit its parameter: a value(v) must "
                                   "convert to the type of the parameter, a group<...> needs a container parameter "
                                   "(a sequence such as std::vector<T>, or a map from std::string to T)");
    static_assert(sizeof(error<message, Parameter, Binding>));
#endif
};

// parameterize / inject with a config_group: two bindings read the value `Name`, as `FirstType`
// and as `SecondType`; the node depends on it once, so reads it as one type.
template <class Output, class Name, class FirstType, class SecondType>
struct shared_value_types_differ {
#if defined(__clang__)
    static_assert(always_false<Output>,
                  "hamilton: two bindings of a node with a config_group read the same value as different types; "
                  "a value several bindings read (a candidate of two config groups, or one also bound by source "
                  "or group) is computed once and passed to each: give them the same element type");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Output>, ", value ", text<Name>, ": ",
                                   "two bindings of a node with a config_group read the same value as different types; "
                                   "a value several bindings read (a candidate of two config groups, or one also bound by source "
                                   "or group) is computed once and passed to each: give them the same element type");
    static_assert(sizeof(error<message, FirstType, SecondType>));
#endif
};

// subdag: input<"Name">(...) binds a name that no node of the subdag reads as an input.
template <class Namespace, class Name>
struct not_a_subdag_input {
#if defined(__clang__)
    static_assert(always_false<Namespace>,
                  "hamilton: a subdag input binds a name that is not an input of the subdag: no node in it "
                  "reads that name, or a node in it produces it; bind one of the values its nodes read "
                  "but do not produce");
#else
    static constexpr auto message = say("hamilton: ", "subdag ", text<Namespace>, ", input ", text<Name>, ": ",
                                   "a subdag input binds a name that is not an input of the subdag: no node in it "
                                   "reads that name, or a node in it produces it; bind one of the values its nodes read "
                                   "but do not produce");
    static_assert(sizeof(error<message>));
#endif
};

// subdag: the same name is given twice among its inputs and settings.
template <class Namespace, class Name>
struct subdag_input_twice {
#if defined(__clang__)
    static_assert(always_false<Namespace>,
                  "hamilton: a subdag gets the same name twice as input<...> or setting<...>; give each "
                  "input or config key once");
#else
    static constexpr auto message = say("hamilton: ", "subdag ", text<Namespace>, ", name ", text<Name>, ": ",
                                   "a subdag gets the same name twice as input<...> or setting<...>; give each "
                                   "input or config key once");
    static_assert(sizeof(error<message>));
#endif
};

// subdag: input<"Name">(binding) given something that is neither source<"outer"> nor value(v),
// such as a plain string (which Python Hamilton would take as a source name).
template <class Name, class Given>
struct subdag_input_not_a_binding {
#if defined(__clang__)
    static_assert(always_false<Name, Given>,
                  "hamilton: a subdag input is bound with hamilton::source<\"outer_name\"> (a value of the outer graph, "
                  "by name) or hamilton::value(v) (a literal); a plain string or value is neither: write "
                  "input<\"x\">(hamilton::source<\"spend\">) to read the outer node spend");
#else
    static constexpr auto message = say("hamilton: subdag input ", text<Name>,
                                        ": bind it with hamilton::source<...> (a value of the outer graph, by name) "
                                        "or hamilton::value(v) (a literal); a plain string or value (its type "
                                        "follows) is neither: to read the outer node spend, bind source<spend>");
    static_assert(sizeof(error<message, Given>));
#endif
};

// pipe_input<"First", "Second", ...>(node, steps...): several dependencies named, where
// pipe_input chains its steps over one.
template <class Node, class First, class Second>
struct pipe_input_several_targets {
#if defined(__clang__)
    static_assert(always_false<Node, First, Second>,
                  "hamilton: pipe_input<\"name\">(node, steps...) chains its steps over one dependency of the node; "
                  "for several, chain the steps over one and give each other dependency its own node (pipe_output "
                  "over a node that reads it), or apply the steps inside the node");
#else
    static constexpr auto message = say("hamilton: node ", text<Node>, ", pipe_input targets ", text<First>, " and ",
                                        text<Second>, ": pipe_input chains its steps over one dependency of the "
                                        "node; for several, chain the steps over one and give each other dependency "
                                        "its own node (pipe_output over a node that reads it), or apply the steps "
                                        "inside the node");
    static_assert(sizeof(error<message>));
#endif
};

// A module with declare_inputs<...>: node `Consumer` reads `Dependency`, which no node of the
// module produces and the declaration does not name.
template <class Dependency, class Consumer>
struct undeclared_input {
#if defined(__clang__)
    static_assert(always_false<Dependency, Consumer>,
                  "hamilton: a node of a module with declare_inputs<...> reads a value that no node of the module "
                  "produces and that is not declared; check the spelling, or add the name to declare_inputs<...>");
#else
    static constexpr auto message = say("hamilton: dependency ", text<Dependency>, " of node ", text<Consumer>,
                                        ": no node of the module produces it and declare_inputs<...> does not "
                                        "name it; check the spelling, or add it to declare_inputs<...>");
    static_assert(sizeof(error<message>));
#endif
};

template <class Builder>
struct not_a_result_builder {
#if defined(__clang__)
    static_assert(always_false<Builder>,
                  "hamilton: execute(builder, outputs, ...) needs a result builder: a callable that takes "
                  "const hamilton::results& and returns a value (see result_builder.hpp)");
#else
    static constexpr auto message = say("hamilton: ", "result builder", ": ",
                                   "execute(builder, outputs, ...) needs a result builder: a callable that takes "
                                   "const hamilton::results& and returns a value (see result_builder.hpp)");
    static_assert(sizeof(error<message, Builder>));
#endif
};

// One requested output of a typed execute: its name and its type.
template <class Name, class Type>
struct output {};

template <class Builder, class... Outputs>
struct result_builder_mismatch {
#if defined(__clang__)
    static_assert(always_false<Builder>,
                  "hamilton: the result builder given to execute<...> cannot take the outputs; it must be "
                  "callable with one value per output, in the order requested, each parameter of the "
                  "output's type (by value, const& or &&), and return a value");
#else
    static constexpr auto message = say("hamilton: ", "result builder", ": ",
                                   "the result builder given to execute<...> cannot take the outputs; it must be "
                                   "callable with one value per output, in the order requested, each parameter of the "
                                   "type of its output (by value, const& or &&), and return a value");
    static_assert(sizeof(error<message, Builder, Outputs...>));
#endif
};

// pipe_input / pipe_output / mutate: step `Step` of the pipe over `Node` does not chain. Either
// its first parameter (`Given`) cannot take the value chained into it (`Expected`), or it
// returns `Given` where `Expected` is needed: a pipe_output or mutate step must return the
// node's type, a config-gated step the type it takes, and pipe_input's last step what the
// node's parameter takes.
template <class Node, class Step, class Expected, class Given>
struct pipe_step_mismatch {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: the types of a pipe step do not chain: its first parameter must take the value "
                  "before it (by value or const&), and it must return the type that follows it (the type of the "
                  "node for pipe_output/mutate; the type of its input when it is config-gated, because a skipped "
                  "step passes its input on; for the last step of pipe_input, the type the parameter of the node takes)");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ", pipe step ", text<Step>, ": ",
                                   "the types of a pipe step do not chain: its first parameter must take the value "
                                   "before it (by value or const&), and it must return the type that follows it (the "
                                   "type of the node for pipe_output/mutate; the type of its input when it is config-gated, because a skipped "
                                   "step passes its input on; for the last step of pipe_input, the type the parameter of the node takes)");
    static_assert(sizeof(error<message, Expected, Given>));
#endif
};

// pipe_input / pipe_output / mutate: step `Step` gives `Bindings` bindings to a function of
// `Parameters` parameters.
template <class Node, class Step, std::size_t Bindings, std::size_t Parameters>
struct pipe_step_binding_count_mismatch {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: the function of a pipe step takes the chained value as its first parameter and needs "
                  "exactly one binding (source<\"name\">, value(v) or group<\"a\", ...>) per other parameter");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ", pipe step ", text<Step>, " (", detail::decimal<Bindings>, " bindings, ", detail::decimal<Parameters>, " parameters)", ": ",
                                   "the function of a pipe step takes the chained value as its first parameter and needs "
                                   "exactly one binding (source<\"name\">, value(v) or group<\"a\", ...>) per other parameter");
    static_assert(sizeof(error<message>));
#endif
};

// pipe_input<"Target">(node, ...): `Node` has no dependency `Target` (or none at all).
template <class Node, class Target>
struct pipe_input_target_missing {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: pipe_input chains steps over one dependency of the node, its first one or the "
                  "one named in pipe_input<\"name\">, and the node has no such dependency");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ", pipe_input target ", text<Target>, ": ",
                                   "pipe_input chains steps over one dependency of the node, its first one or the "
                                   "one named in pipe_input<\"name\">, and the node has no such dependency");
    static_assert(sizeof(error<message>));
#endif
};

// mutate<"Target", ...>(module, ...): no node of the module is named `Target`.
template <class Target>
struct mutate_target_missing {
#if defined(__clang__)
    static_assert(always_false<Target>,
                  "hamilton: mutate<...> names a target that no node of the module has; check the spelling, "
                  "or mutate the module that holds the node");
#else
    static constexpr auto message = say("hamilton: ", "mutate target ", text<Target>, ": ",
                                   "mutate<...> names a target that no node of the module has; check the spelling, "
                                   "or mutate the module that holds the node");
    static_assert(sizeof(error<message>));
#endif
};

// check_output(node, check...): `Check` cannot take the node's value, of type `Value`.
template <class Node, class Check, class Value>
struct data_check_mismatch {
#if defined(__clang__)
    static_assert(always_false<Node>,
                  "hamilton: check_output: a check does not apply to the value type of the node: in_range needs a number "
                  "or a range of numbers, no_nan a floating-point number or a range of them, not_empty a value with "
                  "empty() or size(), satisfies<\"description\">(predicate) a predicate callable as const with the "
                  "value of the node (const T&) and returning bool");
#else
    static constexpr auto message = say("hamilton: ", "node ", text<Node>, ", check ", text<Check>, ": ",
                                   "check_output: a check does not apply to the value type of the node: in_range needs a number "
                                   "or a range of numbers, no_nan a floating-point number or a range of them, not_empty a value with "
                                   "empty() or size(), satisfies<\"description\">(predicate) a predicate callable as const with the "
                                   "value of the node (const T&) and returning bool");
    static_assert(sizeof(error<message, Value>));
#endif
};

}  // namespace hamilton::compile_error
