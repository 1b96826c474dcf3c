// hamilton/detail/callable.hpp: the return and parameter types of any callable.
//
// Function pointers, lambdas and function objects with one const, non-template call operator.
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>

namespace hamilton::detail {

template <class R, class... Args>
struct signature {
    using result = R;
    using params = std::tuple<Args...>;
    static constexpr std::size_t arity = sizeof...(Args);
};

template <class F, class = void>
struct callable_traits {
    static constexpr bool valid = false;
    static constexpr std::size_t arity = 0;
};

#define HAMILTON_DETAIL_SIGNATURE(QUALIFIERS)                                                 \
    template <class R, class... Args>                                                         \
    struct callable_traits<R (*)(Args...) QUALIFIERS> : signature<R, Args...> {               \
        static constexpr bool valid = true;                                                   \
    };                                                                                        \
    /* A non-const call operator (a mutable lambda) could change between runs: not a node. */ \
    template <class C, class R, class... Args>                                                \
    struct callable_traits<R (C::*)(Args...) QUALIFIERS> : signature<R, Args...> {            \
        static constexpr bool valid = false;                                                  \
    };                                                                                        \
    template <class C, class R, class... Args>                                                \
    struct callable_traits<R (C::*)(Args...) const QUALIFIERS> : signature<R, Args...> {      \
        static constexpr bool valid = true;                                                   \
    };

HAMILTON_DETAIL_SIGNATURE()
HAMILTON_DETAIL_SIGNATURE(noexcept)
#undef HAMILTON_DETAIL_SIGNATURE

template <class F>
struct callable_traits<F, std::void_t<decltype(&F::operator())>>
    : callable_traits<decltype(&F::operator())> {};

template <class F, std::size_t I>
using param_t = std::tuple_element_t<I, typename callable_traits<F>::params>;

template <class F>
using result_t = typename callable_traits<F>::result;

}  // namespace hamilton::detail
