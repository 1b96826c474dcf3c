// hamilton/catalog.hpp: the feature catalog of a driver's graph, as JSON and as one
// self-contained HTML page (search box; the computed features, then the inputs, each with its
// type, doc, tags, owner module, variants and lineage links; the config; and the graph picture,
// fitted to the page's width, with zoom and pan).
//
//   nlohmann::json j = hamilton::catalog_json(dr);              // for tools
//   hamilton::write_catalog(dr, "catalog.html");                 // open it in a browser, no server
//   hamilton::write_catalog(dr, "catalog.json");
//
// This header needs nlohmann-json (Debian: nlohmann-json3-dev), which is why hamilton.hpp does
// not include it. The page draws the graph with Graphviz's `dot` when it is installed.
#pragma once

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "driver.hpp"
#include "error.hpp"
#include "file.hpp"
#include "graphviz.hpp"
#include "variable.hpp"

namespace hamilton {

struct catalog_options {
    // The page's title and first heading.
    std::string title = "Feature catalog";
    // Graphviz's `dot`, which draws the graph as SVG in the page. Empty (the default): look for
    // `dot` on PATH, and show the DOT text when it is not there. std::nullopt: do not draw, show
    // the DOT text. A path that is not an existing file is a hamilton::error.
    std::optional<std::filesystem::path> dot_program = std::filesystem::path();
};

namespace detail::catalog {

inline nlohmann::json config_to_json(const config_value& value) {
    return std::visit([](const auto& v) { return nlohmann::json(v); }, value.get());
}

// Names in order of first appearance, each once.
inline void add_unique(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

using hamilton::detail::html_escape;

// The anchor of a value's section: "node-" and the name, with every character outside
// [A-Za-z0-9_.-] written as ~ and two hex digits. Any name gives a valid, distinct id that needs
// no escaping in a URL fragment or an attribute.
inline std::string anchor_of(std::string_view name) {
    std::string out = "node-";
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '_' || c == '.' || c == '-')
            out += c;
        else
            out += fmt::format("~{:02x}", static_cast<unsigned>(u));
    }
    return out;
}

// JSON that can sit inside a <script> element: '<', '>' and '&' only occur inside strings, where
// their \u escapes mean the same, so no "</script>" or "<!--" can end the element early.
// Invalid UTF-8 in a doc or name becomes U+FFFD instead of an exception.
inline std::string script_safe_json(const nlohmann::json& j) {
    const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '<': out += "\\u003c"; break;
            case '>': out += "\\u003e"; break;
            case '&': out += "\\u0026"; break;
            default: out += c;
        }
    }
    return out;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// How the page shows the graph: an SVG drawn by `dot`, or the DOT text and why.
struct drawing {
    std::string svg;   // empty: not drawn
    std::string note;  // what the page says about the picture
};

inline drawing draw(const std::string& dot, const catalog_options& options) {
    if (!options.dot_program)
        return {{}, "Drawing was turned off when this catalog was written, so the graph is shown as DOT text; "
                    "Graphviz's dot -Tsvg draws it."};
    std::string program;
    if (options.dot_program->empty()) {
        program = graphviz::detail::find_on_path("dot");
        if (program.empty())
            return {{}, "Graphviz's dot program was not found when this catalog was written, so the graph is shown "
                        "as DOT text; install Graphviz (Debian: apt-get install graphviz) and write the catalog again "
                        "to see it drawn."};
    } else {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(*options.dot_program, ec))
            throw error("catalog_html",
                        {fmt::format("catalog_options::dot_program '{}' is not a file; give the path of Graphviz's "
                                     "dot, leave it empty to look for dot on PATH, or set it to std::nullopt to "
                                     "show the DOT text",
                                     options.dot_program->string())});
        program = options.dot_program->string();
    }
    std::error_code ec;
    const auto base = std::filesystem::temp_directory_path(ec) / "hamilton-catalog";
    if (ec) return {{}, fmt::format("The graph could not be drawn ({}), so it is shown as DOT text.", ec.message())};
    const auto source = detail::files::temporary_next_to(base, ".dot");
    const auto target = detail::files::temporary_next_to(base, ".svg");
    const auto messages = detail::files::temporary_next_to(base, ".err");
    auto cleanup = [&] {
        for (const auto& p : {source, target, messages}) std::filesystem::remove(p, ec);
    };
    {
        std::ofstream out(source, std::ios::binary);
        out << dot;
        out.close();
        if (!out) {
            cleanup();
            return {{}, fmt::format("The graph could not be drawn (cannot write the temporary file '{}'), so it is "
                                    "shown as DOT text.",
                                    source.string())};
        }
    }
    const auto command =
        fmt::format("{} -Tsvg {} -o {} 2> {}", graphviz::detail::shell_quote(program),
                    graphviz::detail::shell_quote(source.string()), graphviz::detail::shell_quote(target.string()),
                    graphviz::detail::shell_quote(messages.string()));
    const int status = std::system(command.c_str());
    drawing out;
    if (status == 0) {
        out.svg = read_file(target);
        // Inline SVG starts at <svg: the XML declaration and doctype before it are not HTML.
        const auto start = out.svg.find("<svg");
        out.svg = start == std::string::npos ? std::string() : out.svg.substr(start);
    }
    if (out.svg.empty()) {
        std::string reason = read_file(messages);
        if (const auto line = reason.find('\n'); line != std::string::npos) reason.resize(line);
        out.note = fmt::format("Graphviz's dot ('{}') could not draw the graph (exit status {}{}{}), so it is shown as "
                               "DOT text.",
                               program, WIFEXITED(status) ? WEXITSTATUS(status) : status, reason.empty() ? "" : ": ",
                               reason);
    } else {
        out.note = "Drawn by Graphviz's dot from the DOT text below; click a value to go to its section.";
    }
    cleanup();
    return out;
}

[[noreturn]] inline void write_failed(const std::filesystem::path& path, const std::string& reason) {
    throw error("write_catalog", {fmt::format("cannot write the catalog to '{}': {}", path.string(), reason)});
}

// Writes `text` through write_file_atomically: a reader never sees a half-written catalog, and
// a failed write leaves `path` as it was.
inline void write_atomically(const std::filesystem::path& path, const std::string& text) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        write_failed(path, "it is a directory; give a file name such as catalog.html");
    try {
        (void)write_file_atomically(path, [&](std::FILE* file) { std::fwrite(text.data(), 1, text.size(), file); });
    } catch (const file_error& e) {
        write_failed(path, e.reason());
    }
}

inline constexpr std::string_view page_style = R"css(
:root { color-scheme: light dark; --fg: #1d2327; --muted: #5b6770; --bg: #ffffff; --card: #f6f8fa;
        --line: #d0d7de; --accent: #0b5cad; --mark: #fff3bf; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9aa7b2; --bg: #0d1117; --card: #161b22; --line: #30363d;
          --accent: #6cb6ff; --mark: #3d3200; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       background: var(--bg); }
header, main { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; }
h1 { margin: 0.5rem 0; font-size: 1.8rem; }
h2 { margin-top: 2rem; border-bottom: 1px solid var(--line); }
h3 { margin: 0 0 0.5rem; font-size: 1.15rem; word-break: break-all; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
.search { position: sticky; top: 0; z-index: 1; background: var(--bg); padding: 0.75rem 0;
          border-bottom: 1px solid var(--line); }
.search label { font-weight: 600; margin-right: 0.5rem; }
.search input { width: min(32rem, 100%); padding: 0.4rem 0.6rem; font: inherit; color: inherit;
                background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
.search p { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.9rem; }
.value { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem;
        margin: 0.75rem 0; scroll-margin-top: 6rem; }
.value:target { outline: 3px solid var(--accent); background: var(--mark); }
.kind { font-size: 0.8rem; font-weight: 600; color: var(--muted); border: 1px solid var(--line);
        border-radius: 999px; padding: 0 0.5rem; margin-left: 0.5rem; white-space: nowrap; }
.doc { white-space: pre-wrap; margin: 0 0 0.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; word-break: break-word; }
dd ul { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; }
.variants { display: block; }
.variants li.active { font-weight: 600; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.2rem 0.75rem 0.2rem 0; border-bottom: 1px solid var(--line); }
.picture { overflow: hidden; border: 1px solid var(--line); border-radius: 8px; background: #ffffff; padding: 0.5rem;
           margin: 0; cursor: grab; }
.picture:focus-visible { outline: 3px solid var(--accent); }
.picture.dragging { cursor: grabbing; }
.picture svg { display: block; width: 100%; height: auto; max-height: 75vh; }
.picture g.node.linked { cursor: pointer; }
.zoom { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin: 0.5rem 0; }
.zoom button { font: inherit; min-width: 2.5rem; padding: 0.2rem 0.6rem; color: inherit; background: var(--card);
               border: 1px solid var(--line); border-radius: 6px; cursor: pointer; }
.zoom span { color: var(--muted); font-size: 0.9rem; }
.section-note { color: var(--muted); }
pre.dot { overflow: auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem; }
[hidden] { display: none !important; }
)css";

// Filters the sections as the user types, and makes links and the picture lead to sections.
inline constexpr std::string_view page_script = R"js(
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("catalog-data").textContent);
  var sections = Array.prototype.slice.call(document.querySelectorAll("article.value"));
  var box = document.getElementById("search");
  var status = document.getElementById("search-status");
  var none = document.getElementById("no-match");
  var anchors = {};
  // What a search looks in: name, doc, type, module, and each tag as key=value.
  var haystacks = sections.map(function (section) {
    var n = data.nodes[Number(section.getAttribute("data-index"))];
    anchors[n.name] = section.id;
    var tags = Object.keys(n.tags).map(function (k) { return k + "=" + n.tags[k]; });
    return [n.name, n.doc, n.type, n.module].concat(tags).join("\n").toLowerCase();
  });
  function filter() {
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    sections.forEach(function (section, i) {
      var match = terms.every(function (t) { return haystacks[i].indexOf(t) !== -1; });
      section.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = terms.length === 0 ? "Showing all " + sections.length + " values."
                                            : "Showing " + shown + " of " + sections.length + " values.";
    none.hidden = shown !== 0;
  }
  // A link to a section that the search hides clears the search, so the link always leads somewhere.
  function reveal() {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.hidden) {
      box.value = "";
      filter();
      target.scrollIntoView();
    }
  }
  box.addEventListener("input", filter);
  window.addEventListener("hashchange", reveal);
  var figure = document.querySelector(".picture");
  var svg = figure ? figure.querySelector("svg") : null;
  var dragged = false;
  Array.prototype.forEach.call(document.querySelectorAll(".picture g.node"), function (g) {
    var title = g.querySelector("title");
    var id = title ? anchors[title.textContent] : undefined;
    if (!id) return;
    g.classList.add("linked");
    g.addEventListener("click", function () { if (!dragged) { location.hash = id; reveal(); } });
  });
  if (svg) picture(figure, svg);
  filter();
  reveal();

  // The graph fits the page's width; buttons, Ctrl+wheel, dragging and the keyboard zoom and pan it
  // by moving the SVG's viewBox, so the picture never gets wider than the page.
  function picture(figure, svg) {
    fitLabels(svg);
    var drawn = svg.viewBox.baseVal;
    var content = svg.getBBox();  // with the widened boxes, which may reach past dot's viewBox
    var left = Math.min(drawn.x, content.x), top = Math.min(drawn.y, content.y);
    var home = { x: left, y: top, w: Math.max(drawn.x + drawn.width, content.x + content.width) - left,
                 h: Math.max(drawn.y + drawn.height, content.y + content.height) - top };
    var view = { x: home.x, y: home.y, w: home.w, h: home.h };
    var level = document.getElementById("zoom-level");
    var minScale = 1, maxScale = 16;
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    function apply() {
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
      var scale = home.w / view.w;
      figure.setAttribute("data-scale", scale.toFixed(3));
      if (level) level.textContent = Math.round(scale * 100) + "%";
    }
    // The point (x, y), in the picture's units, stays where it is on the screen.
    function zoom(factor, x, y) {
      var scale = Math.min(maxScale, Math.max(minScale, (home.w / view.w) * factor));
      var w = home.w / scale, h = home.h / scale;
      if (x === undefined) { x = view.x + view.w / 2; y = view.y + view.h / 2; }
      view.x = x - (x - view.x) * (w / view.w);
      view.y = y - (y - view.y) * (h / view.h);
      view.w = w;
      view.h = h;
      if (scale === minScale) { view.x = home.x; view.y = home.y; }
      apply();
    }
    function pan(dx, dy) {  // in fractions of what shows
      view.x += view.w * dx;
      view.y += view.h * dy;
      apply();
    }
    function fit() {
      view = { x: home.x, y: home.y, w: home.w, h: home.h };
      apply();
    }
    function inPicture(clientX, clientY) {
      var point = svg.createSVGPoint();
      point.x = clientX;
      point.y = clientY;
      return point.matrixTransform(svg.getScreenCTM().inverse());
    }
    document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.25); });
    document.getElementById("zoom-out").addEventListener("click", function () { zoom(0.8); });
    document.getElementById("zoom-fit").addEventListener("click", fit);
    figure.addEventListener("wheel", function (event) {
      if (!event.ctrlKey) return;  // a plain wheel scrolls the page
      event.preventDefault();
      var at = inPicture(event.clientX, event.clientY);
      zoom(event.deltaY < 0 ? 1.25 : 0.8, at.x, at.y);
    }, { passive: false });
    figure.addEventListener("keydown", function (event) {
      var keys = { "+": function () { zoom(1.25); }, "=": function () { zoom(1.25); }, "-": function () { zoom(0.8); },
                   "0": fit, ArrowLeft: function () { pan(-0.1, 0); }, ArrowRight: function () { pan(0.1, 0); },
                   ArrowUp: function () { pan(0, -0.1); }, ArrowDown: function () { pan(0, 0.1); } };
      var action = keys[event.key];
      if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      action();
    });
    var drag = null;
    figure.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, view: { x: view.x, y: view.y }, perPixel: 1 / svg.getScreenCTM().a,
               id: event.pointerId };
      dragged = false;
    });
    figure.addEventListener("pointermove", function (event) {
      if (!drag || event.pointerId !== drag.id) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;  // a click, not yet a drag
      if (!dragged) {
        dragged = true;
        figure.classList.add("dragging");
        figure.setPointerCapture(event.pointerId);
      }
      view.x = drag.view.x - dx * drag.perPixel;
      view.y = drag.view.y - dy * drag.perPixel;
      apply();
    });
    function endDrag() {
      drag = null;
      figure.classList.remove("dragging");
      setTimeout(function () { dragged = false; }, 0);  // after the click that ends the drag
    }
    figure.addEventListener("pointerup", endDrag);
    figure.addEventListener("pointercancel", endDrag);
    apply();
  }

  // dot sized each node's box for the font it measured; the browser may draw the label in a wider
  // one. Each line is centred in its box, and a box narrower than its widest line is widened.
  function fitLabels(svg) {
    Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (g) {
      var shapes = g.querySelectorAll("polygon, path, ellipse, rect");
      var texts = g.querySelectorAll("text");
      if (shapes.length === 0 || texts.length === 0) return;
      var box = shapes[0].getBBox();
      var middle = box.x + box.width / 2, widest = 0;
      Array.prototype.forEach.call(texts, function (t) {
        t.setAttribute("text-anchor", "middle");
        t.setAttribute("x", middle);
        widest = Math.max(widest, t.getBBox().width);
      });
      var needed = widest + 16;
      if (needed <= box.width) return;
      var stretch = needed / box.width;
      Array.prototype.forEach.call(shapes, function (shape) {
        shape.setAttribute("transform", "translate(" + middle + " 0) scale(" + stretch + " 1) translate(" + -middle + " 0)");
        shape.setAttribute("vector-effect", "non-scaling-stroke");
      });
    });
  }
})();
)js";

inline std::string list_of_links(const nlohmann::json& names, std::string_view css_class) {
    if (names.empty()) return "<span>none</span>";
    std::string out = "<ul>";
    for (const auto& n : names) {
        const auto name = n.get<std::string>();
        out += fmt::format(R"(<li><a class="{}" href="#{}">{}</a></li>)", css_class, anchor_of(name),
                           html_escape(name));
    }
    return out + "</ul>";
}

inline std::string kind_of(const nlohmann::json& node) {
    if (node["from_config"].get<bool>()) return "input from config";
    if (node["is_input"].get<bool>()) return node["optional"].get<bool>() ? "optional input" : "input";
    return node["conditions"].empty() ? "node" : "config-gated variant";
}

inline std::string section_of(const nlohmann::json& node, std::size_t index) {
    const auto name = node["name"].get<std::string>();
    const auto id = anchor_of(name);
    std::string out = fmt::format(
        "<article class=\"value\" id=\"{0}\" data-index=\"{1}\" aria-labelledby=\"{0}-name\">\n"
        "<h3 id=\"{0}-name\"><a href=\"#{0}\">{2}</a><span class=\"kind\">{3}</span></h3>\n",
        id, index, html_escape(name), kind_of(node));
    const auto doc = node["doc"].get<std::string>();
    if (!doc.empty()) out += fmt::format("<p class=\"doc\">{}</p>\n", html_escape(doc));
    out += fmt::format("<dl>\n<dt>type</dt><dd><code>{}</code></dd>\n",
                       html_escape(node["type"].get<std::string>()));
    if (!node["tags"].empty()) {
        out += "<dt>tags</dt><dd><ul>";
        for (const auto& tag : node["tags"].items())
            out += fmt::format("<li><code>{}={}</code></li>", html_escape(tag.key()),
                               html_escape(tag.value().get<std::string>()));
        out += "</ul></dd>\n";
    }
    if (const auto module = node["module"].get<std::string>(); !module.empty())
        out += fmt::format("<dt>module</dt><dd>{}</dd>\n", html_escape(module));
    if (const auto function = node["function"].get<std::string>(); !function.empty())
        out += fmt::format("<dt>function</dt><dd><code>{}</code></dd>\n", html_escape(function));
    if (!node["conditions"].empty()) {
        out += "<dt>conditions</dt><dd><ul>";
        for (const auto& c : node["conditions"]) out += fmt::format("<li><code>{}</code></li>", html_escape(c.get<std::string>()));
        out += "</ul></dd>\n";
    }
    if (!node["variants"].empty()) {
        const auto active = node["function"].get<std::string>() + " [";
        out += "<dt>variants</dt><dd><ul class=\"variants\">";
        for (const auto& v : node["variants"]) {
            const auto text = v.get<std::string>();
            const bool is_active = text.rfind(active, 0) == 0;
            out += fmt::format("<li{}><code>{}</code>{}</li>", is_active ? " class=\"active\"" : "", html_escape(text),
                               is_active ? " (active)" : "");
        }
        out += "</ul></dd>\n";
    }
    if (!node["is_input"].get<bool>()) out += "<dt>upstream</dt><dd>" + list_of_links(node["upstream"], "upstream") + "</dd>\n";
    out += "<dt>downstream</dt><dd>" + list_of_links(node["downstream"], "downstream") + "</dd>\n";
    return out + "</dl>\n</article>\n";
}

}  // namespace detail::catalog

// Every value of the graph under the driver's config (inputs first, then nodes in topological
// order), with the config and the graph in DOT. The schema is in docs/catalog.md.
inline nlohmann::json catalog_json(const basic_driver& dr) {
    const auto variables = dr.list_available_variables();
    std::map<std::string, std::vector<std::string>, std::less<>> readers;
    for (const auto& v : variables) {
        for (const auto& d : v.required_dependencies) detail::catalog::add_unique(readers[d], v.name);
        for (const auto& d : v.optional_dependencies) detail::catalog::add_unique(readers[d], v.name);
    }
    nlohmann::json nodes = nlohmann::json::array();
    for (const auto& v : variables) {
        // A key given twice keeps its first value, the one list_available_variables filters on.
        nlohmann::json tags = nlohmann::json::object();
        std::string module;
        for (const auto& [key, value] : v.tags) {
            if (!tags.contains(key)) tags[key] = value;
            if (key == "module" && module.empty()) module = value;
        }
        std::vector<std::string> upstream;
        for (const auto& d : v.required_dependencies) detail::catalog::add_unique(upstream, d);
        for (const auto& d : v.optional_dependencies) detail::catalog::add_unique(upstream, d);
        const auto found = readers.find(v.name);
        nodes.push_back({{"name", v.name},
                         {"type", v.type},
                         {"doc", v.documentation},
                         {"tags", std::move(tags)},
                         {"module", module},
                         {"function", v.function},
                         {"is_input", v.is_input},
                         {"from_config", v.from_config},
                         {"optional", v.is_optional},
                         {"conditions", v.conditions},
                         {"variants", v.variants},
                         {"upstream", upstream},
                         {"optional_upstream", v.optional_dependencies},
                         {"downstream", found == readers.end() ? std::vector<std::string>{} : found->second}});
    }
    nlohmann::json cfg = nlohmann::json::object();
    for (const auto& [key, value] : dr.configuration()) cfg[key] = detail::catalog::config_to_json(value);
    return {{"schema_version", 1}, {"config", std::move(cfg)}, {"nodes", std::move(nodes)},
            {"dot", dr.display_all_functions()}};
}

// The catalog as one HTML page that needs nothing else: no server, no network (open it with
// file://). Throws a hamilton::error when options.dot_program names a file that does not exist.
inline std::string catalog_html(const basic_driver& dr, const catalog_options& options = {}) {
    namespace c = detail::catalog;
    const auto catalog = catalog_json(dr);
    const auto dot = catalog["dot"].get<std::string>();
    const auto picture = c::draw(dot, options);
    const auto title = c::html_escape(options.title.empty() ? "Feature catalog" : options.title);
    std::size_t inputs = 0;
    for (const auto& n : catalog["nodes"])
        if (n["is_input"].get<bool>()) ++inputs;
    const std::size_t total = catalog["nodes"].size();

    std::string page = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"hamilton-cpp\">\n"
        "<link rel=\"icon\" href=\"data:,\">\n<title>{0}</title>\n<style>{1}</style>\n</head>\n<body>\n"
        "<header>\n<h1>{0}</h1>\n<p>{2} values: {3} computed by nodes, {4} inputs. "
        "Jump to the <a href=\"#inputs\">inputs</a>, the <a href=\"#config\">config</a> or the "
        "<a href=\"#graph\">graph</a>.</p>\n</header>\n<main>\n"
        "<div class=\"search\" role=\"search\">\n<label for=\"search\">Search</label>"
        "<input type=\"search\" id=\"search\" autocomplete=\"off\" spellcheck=\"false\" "
        "placeholder=\"name, doc, tag (key=value) or type\" aria-describedby=\"search-status\">\n"
        "<p id=\"search-status\" role=\"status\" aria-live=\"polite\">Showing all {2} values.</p>\n</div>\n"
        "<p id=\"no-match\" hidden>No value matches the search.</p>\n",
        title, c::page_style, total, total - inputs, inputs);
    // What the graph computes comes first, on the first screen; the inputs it reads follow.
    const auto section = [&](bool of_inputs) {
        page += of_inputs ? "<section id=\"inputs\" aria-labelledby=\"inputs-heading\">\n"
                            "<h2 id=\"inputs-heading\">Inputs</h2>\n<p class=\"section-note\">Values no node "
                            "computes: execute takes them from its inputs, or from the config.</p>\n"
                          : "<section id=\"features\" aria-labelledby=\"features-heading\">\n"
                            "<h2 id=\"features-heading\">Computed features</h2>\n";
        std::size_t index = 0, shown = 0;
        for (const auto& node : catalog["nodes"]) {
            if (node["is_input"].get<bool>() == of_inputs) {
                page += c::section_of(node, index);
                ++shown;
            }
            ++index;
        }
        if (shown == 0) page += of_inputs ? "<p>None: every value is computed.</p>\n" : "<p>None.</p>\n";
        page += "</section>\n";
    };
    section(false);
    section(true);
    page += "<section id=\"config\" aria-labelledby=\"config-heading\">\n"
            "<h2 id=\"config-heading\">Config</h2>\n";
    if (catalog["config"].empty()) {
        page += "<p>The driver was built without config.</p>\n";
    } else {
        page += "<table>\n<thead><tr><th scope=\"col\">key</th><th scope=\"col\">value</th></tr></thead>\n<tbody>\n";
        for (const auto& [key, value] : dr.configuration())
            page += fmt::format("<tr><td><code>{}</code></td><td><code>{}</code></td></tr>\n", c::html_escape(key),
                                c::html_escape(value.to_string()));
        page += "</tbody>\n</table>\n";
    }
    page += fmt::format("</section>\n<section id=\"graph\" aria-labelledby=\"graph-heading\">\n"
                        "<h2 id=\"graph-heading\">Graph</h2>\n<p id=\"graph-note\" data-drawing=\"{}\">{}</p>\n",
                        picture.svg.empty() ? "dot" : "svg", c::html_escape(picture.note));
    if (picture.svg.empty()) {
        page += fmt::format("<pre class=\"dot\" aria-label=\"the graph in Graphviz DOT\">{}</pre>\n", c::html_escape(dot));
    } else {
        page += fmt::format("<div class=\"zoom\" role=\"toolbar\" aria-label=\"zoom the graph\">"
                            "<button type=\"button\" id=\"zoom-in\" aria-label=\"Zoom in\">+</button>"
                            "<button type=\"button\" id=\"zoom-out\" aria-label=\"Zoom out\">&minus;</button>"
                            "<button type=\"button\" id=\"zoom-fit\">Fit</button>"
                            "<span id=\"zoom-level\" aria-live=\"polite\">100%</span>"
                            "<span>Ctrl+wheel zooms, dragging pans; on the picture, + &minus; 0 and the arrow keys "
                            "too.</span></div>\n"
                            "<figure class=\"picture\" tabindex=\"0\" role=\"group\" aria-label=\"the graph: {} "
                            "values and their dependencies\">\n{}\n</figure>\n"
                            "<details><summary>DOT text</summary>\n<pre class=\"dot\">{}</pre>\n</details>\n",
                            total, picture.svg, c::html_escape(dot));
    }
    page += "</section>\n</main>\n<script type=\"application/json\" id=\"catalog-data\">" +
            c::script_safe_json(catalog) + "</script>\n<script>" + std::string(c::page_script) +
            "</script>\n</body>\n</html>\n";
    return page;
}

// Writes the catalog to `path`: a .json path gets catalog_json, a .html path the page of
// catalog_html. The file appears complete or not at all (written to a temporary file, then
// renamed). Throws a hamilton::error naming the path and the reason.
inline void write_catalog(const basic_driver& dr, const std::filesystem::path& path,
                          const catalog_options& options = {}) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (extension == ".json") {
        detail::catalog::write_atomically(
            path, catalog_json(dr).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    } else if (extension == ".html") {
        detail::catalog::write_atomically(path, catalog_html(dr, options));
    } else {
        detail::catalog::write_failed(
            path, fmt::format("{}; use a path ending in .json (the catalog as JSON) or .html (a page to open in a "
                              "browser)",
                              extension.empty() ? std::string("it has no extension")
                                                : fmt::format("unknown extension '{}'", path.extension().string())));
    }
}

}  // namespace hamilton
