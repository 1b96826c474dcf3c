// hamilton/fixed_string.hpp: a string usable as a template argument.
//
// Node and dependency names are template arguments (`hamilton::node<"spend_mean", "spend">`),
// so the compiler knows every name and can resolve the graph before the program runs.
#pragma once

#include <cstddef>
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

}  // namespace hamilton
