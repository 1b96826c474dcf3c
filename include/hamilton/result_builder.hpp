// hamilton/result_builder.hpp: result builders, which turn the outputs of one execute into a
// single value of your own type (a table, a struct, a JSON document).
//
//   report r = dr.execute(to_report, {"spend_mean", "signups"}, inputs);   // to_report(const hamilton::results&)
//   report t = dr.execute<"spend_mean", "signups">(make_report, inputs);   // make_report(double, std::vector<double>)
//
// A result builder is a callable. execute computes the outputs, calls the builder once with
// them and returns what the builder returns. Without a builder, execute returns
// hamilton::results (by name) or the values themselves (typed).
#pragma once

#include <concepts>
#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "detail/callable.hpp"
#include "detail/names.hpp"
#include "error.hpp"
#include "graph.hpp"
#include "results.hpp"

namespace hamilton {

// A builder for the by-name execute: callable with the outputs as a const hamilton::results&,
// returning a value (not void).
template <class Builder>
concept result_builder = std::invocable<Builder, const results&> &&
                         !std::is_void_v<std::invoke_result_t<Builder, const results&>>;

namespace detail {

template <class F, class... Values, std::size_t... I>
constexpr bool parameters_accept(std::index_sequence<I...>) {
    return (parameter_accepts<param_t<F, I>, Values> && ...);
}

// Can `Builder` be called with Values... (as rvalues, in order) and return a value? When its
// parameter types can be read (one non-template call operator, a function pointer), each must
// also take its value under the rule of node parameters (parameter_accepts in graph.hpp), so no
// conversion (double to int, say) is applied silently. A generic lambda only has to be callable.
template <class Builder, class... Values>
constexpr bool builder_takes() {
    using F = std::decay_t<Builder>;
    if constexpr (!std::is_invocable_v<Builder, Values&&...>) {
        return false;
    } else if constexpr (std::is_void_v<std::invoke_result_t<Builder, Values&&...>>) {
        return false;
    } else if constexpr (requires { typename callable_traits<F>::params; }) {
        return callable_traits<F>::arity == sizeof...(Values) &&
               parameters_accept<F, Values...>(std::index_sequence_for<Values...>{});
    } else {
        return true;
    }
}

// Calls the builder. If it throws, the call fails with a hamilton::error that says the builder
// failed (the outputs were computed) and nests the original exception, like a node_error.
template <class Names, class Builder, class... Args>
auto build_result(const Names& outputs, Builder&& builder, Args&&... args) {
    try {
        return std::invoke(std::forward<Builder>(builder), std::forward<Args>(args)...);
    } catch (...) {
        // A hamilton::error thrown by the builder (results::get, say) loses its own "hamilton: ".
        const std::string what = current_exception_reason();
        const std::vector<std::string_view> names(outputs.begin(), outputs.end());
        std::throw_with_nested(
            error(fmt::format("execute {}", quoted_list(names)), {fmt::format("the result builder failed: {}", what)}));
    }
}

}  // namespace detail

// A builder for the typed execute<"a", "b", ...> whose outputs have the types Values...: callable
// with one value per output, in the order requested, each parameter taking its output's type by
// value, const& or && (or const Base& for a derived type), and returning a value.
template <class Builder, class... Values>
concept typed_result_builder = detail::builder_takes<Builder, Values...>();

}  // namespace hamilton
