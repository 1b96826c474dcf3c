// hamilton/graphviz.hpp: pictures of the graph in Graphviz DOT (and SVG/PNG/PDF through `dot`).
//
// Defines driver::display_all_functions and driver::visualize_execution: a program that calls
// them includes this header (<hamilton/hamilton.hpp> does not). Computed nodes are
// filled boxes, inputs dashed boxes, config-gated variants orange with their condition,
// requested outputs yellow with a thick border, overrides purple; a legend says so.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <sys/wait.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "detail/engine.hpp"
#include "driver.hpp"
#include "error.hpp"
#include "results.hpp"

namespace hamilton::graphviz {

enum class role : std::uint8_t { node, gated_node, input, config_input, output, override_value };

namespace detail {

using hamilton::detail::html_escape;

// A node's name as a DOT identifier: quoted, with quotes and backslashes escaped (names are any
// text, and one with a quote would otherwise end the identifier).
inline std::string id(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

inline std::string style(role r) {
    switch (r) {
        case role::node: return R"(shape=box, style="rounded,filled", fillcolor="#b4d8e4")";
        case role::gated_node: return R"(shape=box, style="rounded,filled", fillcolor="#ffd8a8")";
        case role::input: return R"(shape=box, style="dashed")";
        case role::config_input: return R"(shape=box, style="dashed,filled", fillcolor="#eeeeee")";
        case role::output: return R"(shape=box, style="rounded,filled", fillcolor="#ffc857", penwidth=2.5)";
        case role::override_value: return R"(shape=box, style="filled", fillcolor="#d5a6e6")";
    }
    return {};
}

inline std::string_view role_name(role r) {
    switch (r) {
        case role::node: return "node";
        case role::gated_node: return "config-gated variant";
        case role::input: return "input";
        case role::config_input: return "input from config";
        case role::output: return "requested output";
        case role::override_value: return "override";
    }
    return {};
}

// The DOT being written, and which roles it has drawn (the legend shows only those).
struct picture {
    std::string body;
    std::vector<bool> drawn = std::vector<bool>(6, false);

    void add(const variable& v, role r) {
        drawn[static_cast<std::size_t>(r)] = true;
        std::string label = fmt::format("<b>{}</b><br/><i>{}</i>", html_escape(v.name), html_escape(v.type));
        if (r == role::gated_node || (r == role::output && !v.conditions.empty()))
            for (const auto& c : v.conditions) label += fmt::format("<br/>{}", html_escape(c));
        if (r == role::config_input) label += "<br/>(config)";
        if (r == role::override_value) label += "<br/>(override)";
        // The documentation shows as the node's tooltip (in SVG, on hover).
        const std::string tooltip = v.documentation.empty() ? std::string() : fmt::format(", tooltip=\"{}\"", html_escape(v.documentation));
        body += fmt::format("  {} [label=<{}>, {}{}];\n", id(v.name), label, style(r), tooltip);
    }

    [[nodiscard]] std::string document(const std::string& edges) const {
        std::string legend = "  subgraph cluster_legend {\n    label=\"Legend\"; fontname=\"Helvetica\"; color=\"#999999\";\n";
        for (std::size_t i = 0; i < drawn.size(); ++i)
            if (drawn[i])
                legend += fmt::format("    \"legend_{}\" [label=\"{}\", {}];\n", i, role_name(static_cast<role>(i)),
                                      style(static_cast<role>(i)));
        legend += "  }\n";
        return "digraph hamilton {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n" + body + edges + legend + "}\n";
    }
};

// Edges between kept slots, except into the slots of `not_computed` (overrides).
inline std::string edges(const hamilton::detail::engine& e, const std::vector<bool>& keep,
                         const std::vector<bool>& not_computed) {
    const auto& v = e.view();
    std::string out;
    for (std::uint32_t s = 0; s < v.slot_count; ++s) {
        const auto p = e.producer(s);
        if (p == hamilton::detail::none || !keep[s] || not_computed[s]) continue;
        for (auto k = v.dep_offset[p]; k < v.dep_offset[p + 1]; ++k)
            if (keep[v.dep_slot[k]])
                out += fmt::format("  {} -> {}{};\n", id(v.slot_name[v.dep_slot[k]]), id(v.slot_name[s]),
                                   v.dep_optional[k] ? " [style=dashed]" : "");
    }
    return out;
}

inline role role_of(const variable& v) {
    if (v.from_config) return role::config_input;
    if (v.is_input) return role::input;
    return v.conditions.empty() ? role::node : role::gated_node;
}

inline std::string find_on_path(std::string_view program) {
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "";
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        const auto dir = rest.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        if (dir.empty()) continue;
        std::error_code ignored;
        const auto candidate = std::filesystem::path(dir) / program;
        if (std::filesystem::is_regular_file(candidate, ignored)) return candidate.string();
    }
    return {};
}

inline std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary);
    file << text;
    file.close();
    if (!file) throw error(fmt::format("cannot write the graph to '{}'; check that its folder exists and is writable",
                                       path.string()));
}

}  // namespace detail

// DOT of every value of the graph under the driver's config.
inline std::string all_functions(const hamilton::detail::engine& e) {
    detail::picture out;
    std::vector<bool> keep(e.view().slot_count, false);
    for (auto s : e.ordered_slots()) {
        keep[s] = true;
        const auto v = e.describe(s);
        out.add(v, detail::role_of(v));
    }
    return out.document(detail::edges(e, keep, std::vector<bool>(keep.size(), false)));
}

// DOT of what one execute call runs.
inline std::string execution(const hamilton::detail::engine& e, const hamilton::detail::plan& p,
                             const values& overrides) {
    const auto& view = e.view();
    std::vector<bool> keep(view.slot_count, false), is_output(view.slot_count, false),
        is_override(view.slot_count, false);
    for (const auto& st : p.steps) {
        keep[view.node_slot[st.node]] = true;
        for (auto k = view.dep_offset[st.node]; k < view.dep_offset[st.node + 1]; ++k) keep[view.dep_slot[k]] = true;
    }
    for (auto s : p.outputs) keep[s] = is_output[s] = true;
    for (const auto& [name, value] : overrides) {
        const auto s = view.find(name);
        if (s != hamilton::detail::none && keep[s]) is_override[s] = true;
    }
    detail::picture out;
    for (auto s : e.ordered_slots()) {
        if (!keep[s]) continue;
        auto v = e.describe(s);
        out.add(v, is_override[s] ? role::override_value : is_output[s] ? role::output : detail::role_of(v));
    }
    return out.document(detail::edges(e, keep, is_override));
}

// Returns `dot`; writes it to `path` when one is given: .dot or .gv as text, .svg, .png or
// .pdf rendered by Graphviz's `dot` program (a hamilton::error says so when it is missing).
inline std::string render(const std::string& dot, const std::filesystem::path& path) {
    if (path.empty()) return dot;
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".dot" || extension == ".gv") {
        detail::write_text(path, dot);
        return dot;
    }
    if (extension != ".svg" && extension != ".png" && extension != ".pdf")
        throw error(fmt::format("cannot draw the graph as '{}': use a .dot, .gv, .svg, .png or .pdf path",
                                path.string()));
    const auto program = detail::find_on_path("dot");
    if (program.empty())
        throw error(fmt::format("drawing '{}' needs Graphviz's `dot` program, which is not on PATH; install Graphviz "
                                "(Debian: apt-get install graphviz) or write a .dot file instead",
                                path.string()));
    auto source = path;
    source += ".dot.tmp";
    detail::write_text(source, dot);
    const auto command = fmt::format("{} -T{} {} -o {}", detail::shell_quote(program), extension.substr(1),
                                     detail::shell_quote(source.string()), detail::shell_quote(path.string()));
    const int status = std::system(command.c_str());
    std::error_code ignored;
    std::filesystem::remove(source, ignored);
    if (status != 0)
        throw error(fmt::format("Graphviz's `dot` failed (exit status {}) drawing '{}'",
                                WIFEXITED(status) ? WEXITSTATUS(status) : status, path.string()));
    return dot;
}

}  // namespace hamilton::graphviz

namespace hamilton::detail {

// basic_driver's members declared in driver.hpp.
template <class Path>
struct graphviz_members<Path, void> {
    static std::string all_functions(const engine& e, const std::filesystem::path& path) {
        return graphviz::render(graphviz::all_functions(e), path);
    }
    static std::string execution(const engine& e, const plan& p, const values& overrides,
                                 const std::filesystem::path& path) {
        return graphviz::render(graphviz::execution(e, p, overrides), path);
    }
};

}  // namespace hamilton::detail
