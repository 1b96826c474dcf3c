// hamilton/detail/names.hpp: readable type names and "did you mean" suggestions for messages.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include <boost/core/demangle.hpp>
#include <fmt/format.h>

#include "message.hpp"

namespace hamilton::detail {

// A demangled name without the parts nobody writes: default allocators, char_traits and
// comparators, and libstdc++'s inline namespace. "std::vector<double, std::allocator<double> >"
// becomes "std::vector<double>".
inline std::string readable(std::string name) {
    auto erase_all = [&](std::string_view text) {
        for (auto at = name.find(text); at != std::string::npos; at = name.find(text)) name.erase(at, text.size());
    };
    // Removes ", prefix<...>" (with nested brackets) wherever it appears.
    auto erase_argument = [&](std::string_view prefix) {
        for (auto at = name.find(prefix); at != std::string::npos; at = name.find(prefix)) {
            std::size_t end = at + prefix.size();
            for (int depth = 1; end < name.size() && depth > 0; ++end) depth += name[end] == '<' ? 1 : name[end] == '>' ? -1 : 0;
            name.erase(at, end - at);
            if (at + 1 < name.size() && name[at] == ' ' && name[at + 1] == '>') name.erase(at, 1);
        }
    };
    erase_all("__cxx11::");
    erase_argument(", std::allocator<");
    erase_argument(", std::default_delete<");
    erase_argument(", std::char_traits<");
    erase_argument(", std::less<");
    erase_argument(", std::hash<");
    erase_argument(", std::equal_to<");
    for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"std::basic_string<char>", "std::string"},
                            {"std::basic_string_view<char>", "std::string_view"}})
        for (auto at = name.find(from); at != std::string::npos; at = name.find(from)) name.replace(at, from.size(), to);
    for (auto at = name.find("> >"); at != std::string::npos; at = name.find("> >")) name.erase(at + 1, 1);
    return name;
}

inline std::string type_name(const std::type_info& info) { return readable(boost::core::demangle(info.name())); }

// T's name without const, volatile and references, as typeid gives it (boost/type_index.hpp
// would give the same, and costs more to compile than the rest of this header).
template <class T>
std::string type_name() {
    return type_name(typeid(T));
}

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// How close a known name must be to `wanted` to be suggested: at most `max_distance` edits,
// or (when `prefixes`) a longer name that starts with it.
struct closeness {
    std::size_t max_distance;
    bool prefixes;
};

// "; did you mean 'spend', 'spend_mean'?" for the up to three names closest to `wanted`,
// or "" when none is close enough.
inline std::string suggest(std::string_view wanted, const std::vector<std::string_view>& known,
                           closeness close_enough) {
    std::vector<std::pair<std::size_t, std::string_view>> close;
    for (auto name : known) {
        const auto d = edit_distance(wanted, name);
        const bool prefix = close_enough.prefixes && name.size() > wanted.size() &&
                            name.substr(0, wanted.size()) == wanted && wanted.size() >= 3;
        if (d <= close_enough.max_distance || prefix) close.emplace_back(d, name);
    }
    std::sort(close.begin(), close.end());
    close.erase(std::unique(close.begin(), close.end()), close.end());
    if (close.empty()) return {};
    std::string text = "; did you mean ";
    for (std::size_t i = 0; i < close.size() && i < 3; ++i)
        text += detail::message("{}'{}'", i ? ", " : "", close[i].second);
    return text + "?";
}

// A name the caller meant to be one of `known`: close when at most a third of it changes (two
// letters for short names), or when it starts a longer name.
inline std::string suggest(std::string_view wanted, const std::vector<std::string_view>& known) {
    return suggest(wanted, known, {std::max<std::size_t>(2, wanted.size() / 3), true});
}

inline std::string quoted_list(const std::vector<std::string_view>& names) {
    std::string text = "[";
    for (std::size_t i = 0; i < names.size(); ++i) text += detail::message("{}'{}'", i ? ", " : "", names[i]);
    return text + "]";
}

// The texts with `separator` between them: "a and b and c". (fmt::join would need <fmt/ranges.h>,
// whose string formatting costs every program that includes the engine.)
inline std::string joined(const std::vector<std::string>& texts, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (i > 0) out += separator;
        out += texts[i];
    }
    return out;
}

// Text for HTML, and for Graphviz's HTML-like labels: & < > " ' written as entities.
inline std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace hamilton::detail
