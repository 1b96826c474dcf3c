// hamilton/fixed_string.hpp: a string usable as a template argument.
//
// Node and dependency names are template arguments (`hamilton::node<"spend_mean", "spend">`),
// so the compiler knows every name and can resolve the graph before the program runs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hamilton {

template <std::size_t N>
struct fixed_string {
    char data[N]{};

    constexpr fixed_string() = default;
    constexpr fixed_string(const char (&text)[N]) noexcept {  // NOLINT: implicit on purpose
        for (std::size_t i = 0; i < N; ++i) data[i] = text[i];
    }

    [[nodiscard]] static constexpr std::size_t size() noexcept { return N - 1; }
    [[nodiscard]] constexpr std::string_view view() const noexcept { return {data, N - 1}; }
    constexpr operator std::string_view() const noexcept { return view(); }  // NOLINT
};

namespace detail {

// The characters of every part, in order, as one fixed_string: join(ns, ".", name) -> "ns.name".
// Generated nodes (subdag, pipe steps, extracted fields) are named with it at compile time.
template <std::size_t... N>
constexpr auto join(const fixed_string<N>&... parts) {
    fixed_string<((N - 1) + ... + 0) + 1> out{};
    std::size_t at = 0;
    ((std::char_traits<char>::copy(out.data + at, parts.data, N - 1), at += N - 1), ...);
    return out;
}

// N in decimal, as a fixed_string: decimal<12> -> "12".
template <std::size_t N>
inline constexpr auto decimal = [] {
    constexpr std::size_t digits = [] {
        std::size_t count = 1;
        for (std::size_t rest = N; rest >= 10; rest /= 10) ++count;
        return count;
    }();
    fixed_string<digits + 1> out{};
    std::size_t rest = N;
    for (std::size_t i = digits; i-- > 0; rest /= 10) out.data[i] = static_cast<char>('0' + rest % 10);
    return out;
}();

}  // namespace detail

}  // namespace hamilton
