// hamilton/detail/text_value.hpp: a value of a C++ type read from text, as a command line gives
// it (`--input window=3`): numbers, booleans, strings, paths, and vectors of them.
#pragma once

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "../error.hpp"
#include "names.hpp"

namespace hamilton::detail {

// std::filesystem::path, recognized by its members: <filesystem> is one of the costliest standard
// headers to compile, and a program whose graph has a path value includes it already.
template <class T>
concept filesystem_path = std::is_class_v<T> && std::is_constructible_v<T, std::string> &&
                          requires(const T& path) {
                              typename T::string_type;
                              path.native();
                              path.root_name();
                              path.relative_path();
                              path.extension();
                          };

template <class T>
inline constexpr bool scalar_from_text =
    std::is_arithmetic_v<T> || std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view> ||
    filesystem_path<T>;

template <class T>
inline constexpr bool readable_from_text = scalar_from_text<T>;
template <class T>
inline constexpr bool readable_from_text<std::vector<T>> = scalar_from_text<T> && !std::is_same_v<T, std::string_view>;

inline std::string_view trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

// The value `text` spells, of type T; std::invalid_argument says why not ("'x' is not a number").
template <class T>
    requires scalar_from_text<T>
T scalar_of_text(std::string_view text) {
    if constexpr (std::is_same_v<T, bool>) {
        std::string lower;
        for (char c : trimmed(text)) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
        if (lower == "false" || lower == "0" || lower == "no" || lower == "off") return false;
        throw std::invalid_argument(fmt::format("'{}' is not a boolean (true, false, 1, 0, yes, no, on, off)", printable(text)));
    } else if constexpr (std::is_arithmetic_v<T>) {
        const auto t = trimmed(text);
        T value{};
        const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), value);
        if (error == std::errc::result_out_of_range)
            throw std::invalid_argument(fmt::format("'{}' does not fit in {}", printable(text), type_name<T>()));
        if (error != std::errc() || end != t.data() + t.size() || t.empty())
            throw std::invalid_argument(fmt::format("'{}' is not {}", printable(text),
                                                    std::is_integral_v<T> ? "an integer" : "a number"));
        return value;
    } else {
        return T(std::string(text));
    }
}

template <class T>
    requires readable_from_text<T>
T value_of_text(std::string_view text) {
    if constexpr (scalar_from_text<T>) {
        return scalar_of_text<T>(text);
    } else {
        // A comma-separated list; "" is the empty list.
        T out;
        if (trimmed(text).empty()) return out;
        for (std::size_t start = 0;;) {
            const auto comma = text.find(',', start);
            const auto piece = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
            out.push_back(scalar_of_text<typename T::value_type>(
                std::is_arithmetic_v<typename T::value_type> ? piece : trimmed(piece)));
            if (comma == std::string_view::npos) return out;
            start = comma + 1;
        }
    }
}

}  // namespace hamilton::detail
