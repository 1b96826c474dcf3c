// hamilton/materialize.hpp: saving outputs and loading values around one execute, through data
// savers and data loaders (Python Hamilton's dr.materialize with to.* and from_.*).
//
//   auto done = dr.materialize({hamilton::to_csv("features.csv", {"spend", "spend_zero_mean"}),
//                               hamilton::from_json<std::vector<double>>("spend", "spend.json")});
//   std::size_t rows = done.metadata.at("features.csv").rows;
//
// A saver (concept data_saver) writes some outputs somewhere and returns metadata; a loader
// (concept data_loader) gives one node or input its value instead of computing it. This header
// holds the concepts, the driver-side logic and write_file_atomically; the CSV and JSON savers
// and loaders are in hamilton/io/csv.hpp and hamilton/io/json.hpp.
#pragma once

#include <algorithm>
#include <any>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "detail/names.hpp"
#include "detail/output_names.hpp"
#include "driver.hpp"
#include "error.hpp"
#include "file.hpp"
#include "graphviz.hpp"
#include "results.hpp"
#include "variable.hpp"

namespace hamilton {

// What a saver wrote or a loader read. Savers and loaders fill what they know; materialize sets
// `duration`, and `path` and `format` when the saver or loader left them empty.
struct io_metadata {
    std::filesystem::path path;
    std::size_t rows = 0;                 // records written or read, for formats that have them
    std::uintmax_t bytes = 0;             // size of the file written or read
    std::chrono::nanoseconds duration{};  // how long save() or load() took
    std::string format;                   // "csv", "json", ...
    std::map<std::string, std::string, std::less<>> extra;  // anything else the saver or loader reports
};
using save_metadata = io_metadata;
using load_metadata = io_metadata;

// What a loader's load() returns: the value and what was read.
template <class T>
struct loaded {
    using value_type = T;
    T value;
    load_metadata metadata;
};

namespace io_detail {
template <class T>
struct is_loaded : std::false_type {};
template <class T>
struct is_loaded<loaded<T>> : std::true_type {};
struct materialize_plan;
}  // namespace io_detail

// A saver: writes the outputs it depends on and says what it wrote.
//   id()            its name in the metadata materialize returns (Python's id=), unique per call
//   dependencies()  the outputs it saves (Python's dependencies=)
//   save(values)    writes them; `values` holds at least every dependency. Throws on failure.
// Optional members, used when present:
//   path()          where it writes (std::filesystem::path), for messages and pictures
//   name()          the format ("csv"), for metadata and pictures
//   check_types(deps)  problems with the dependencies' types (std::vector<hamilton::variable> in,
//                   std::vector<std::string> out), reported before anything runs
template <class Saver>
concept data_saver = requires(const Saver& saver, const results& values) {
    { saver.id() } -> std::convertible_to<std::string>;
    { saver.dependencies() } -> std::convertible_to<std::vector<std::string>>;
    { saver.save(values) } -> std::same_as<save_metadata>;
};

// A loader: gives one node or input its value, read from somewhere, instead of computing it.
//   target()  the node or input it provides (Python's target=)
//   load()    returns hamilton::loaded<T>{value, metadata}; T must be the target's type. Throws on failure.
// Optional: path() and name(), as for a saver.
template <class Loader>
concept data_loader = requires(const Loader& loader) {
    { loader.target() } -> std::convertible_to<std::string>;
} && io_detail::is_loaded<decltype(std::declval<const Loader&>().load())>::value;

// A saver or a loader, whatever its type: what materialize takes, as a braced list
// {hamilton::to_csv(...), my_saver{...}, hamilton::from_json<T>(...)}.
class materializer {
public:
    template <data_saver Saver>
        requires(!data_loader<Saver>)
    materializer(Saver saver) {  // implicit, so that a braced list of savers and loaders converts
        auto shared = std::make_shared<const Saver>(std::move(saver));
        saver_part part;
        part.id = std::string(shared->id());
        part.dependencies = shared->dependencies();
        if constexpr (requires { std::filesystem::path(shared->path()); }) part.path = shared->path();
        if constexpr (requires { std::string(shared->name()); }) part.format = std::string(shared->name());
        if constexpr (requires(const std::vector<variable>& deps) {
                          { shared->check_types(deps) } -> std::convertible_to<std::vector<std::string>>;
                      })
            part.check_types = [shared](const std::vector<variable>& deps) -> std::vector<std::string> {
                return shared->check_types(deps);
            };
        part.save = [shared](const results& computed) { return shared->save(computed); };
        part_ = std::move(part);
    }

    template <data_loader Loader>
        requires(!data_saver<Loader>)
    materializer(Loader loader) {  // implicit, as above
        using value = typename decltype(std::declval<const Loader&>().load())::value_type;
        static_assert(std::is_same_v<value, std::remove_cvref_t<value>> && std::is_copy_constructible_v<value>,
                      "a loader's value type must be a copyable type (not a reference or const): it is passed to "
                      "execute in a std::any");
        auto shared = std::make_shared<const Loader>(std::move(loader));
        loader_part part;
        part.target = std::string(shared->target());
        if constexpr (requires { std::filesystem::path(shared->path()); }) part.path = shared->path();
        if constexpr (requires { std::string(shared->name()); }) part.format = std::string(shared->name());
        part.type = detail::type_name<value>();
        part.is_string = std::is_same_v<value, std::string>;
        if constexpr (std::is_default_constructible_v<value>) part.placeholder = [] { return std::any(value{}); };
        part.load = [shared]() -> std::pair<std::any, load_metadata> {
            loaded<value> got = shared->load();
            return {std::any(std::move(got.value)), std::move(got.metadata)};
        };
        part_ = std::move(part);
    }

    [[nodiscard]] bool is_saver() const noexcept { return std::holds_alternative<saver_part>(part_); }
    [[nodiscard]] bool is_loader() const noexcept { return !is_saver(); }
    // A saver's id, or the target of a loader.
    [[nodiscard]] const std::string& id() const noexcept {
        return is_saver() ? std::get<saver_part>(part_).id : std::get<loader_part>(part_).target;
    }
    // The outputs a saver saves; for a loader, its target.
    [[nodiscard]] std::vector<std::string> dependencies() const {
        return is_saver() ? std::get<saver_part>(part_).dependencies
                          : std::vector<std::string>{std::get<loader_part>(part_).target};
    }
    [[nodiscard]] const std::filesystem::path& path() const noexcept {
        return is_saver() ? std::get<saver_part>(part_).path : std::get<loader_part>(part_).path;
    }
    [[nodiscard]] const std::string& format() const noexcept {
        return is_saver() ? std::get<saver_part>(part_).format : std::get<loader_part>(part_).format;
    }
    // "saver 'features'" or "loader of 'spend'", as messages name them.
    [[nodiscard]] std::string label() const {
        return is_saver() ? fmt::format("saver '{}'", id()) : fmt::format("loader of '{}'", id());
    }

private:
    friend struct io_detail::materialize_plan;

    struct saver_part {
        std::string id;
        std::vector<std::string> dependencies;
        std::filesystem::path path;
        std::string format;
        std::function<std::vector<std::string>(const std::vector<variable>&)> check_types;
        std::function<save_metadata(const results&)> save;
    };
    struct loader_part {
        std::string target;
        std::filesystem::path path;
        std::string format;
        std::string type;  // readable name of the value type
        bool is_string = false;
        std::function<std::any()> placeholder;  // empty when the type has no default constructor
        std::function<std::pair<std::any, load_metadata>()> load;
    };
    std::variant<saver_part, loader_part> part_;
};

// What materialize returns (Python returns the pair (metadata, results)).
struct materialize_result {
    std::map<std::string, save_metadata, std::less<>> metadata;         // by saver id
    std::map<std::string, load_metadata, std::less<>> loader_metadata;  // by loader target
    // The values computed: every saver's dependencies, then the additional outputs.
    results outputs;
};

// ---- files ----------------------------------------------------------------------------------

// ---- materialize ------------------------------------------------------------------------------

namespace io_detail {

// The checked plan of one materialize or visualize_materialization call: what to execute, with
// which inputs and overrides. Every problem of the call is found by its constructor.
struct materialize_plan {
    std::vector<std::string> outputs;       // the savers' dependencies, then the additional outputs
    std::vector<bool> as_override;          // per materializer: a loader whose value is an override
    // The caller's values, copied only when a loaded value (or its placeholder) is added.
    struct merged {
        const values* given;
        std::optional<values> own;
        [[nodiscard]] const values& get() const { return own ? *own : *given; }
        void set(const std::string& name, std::any value) {
            if (!own) own = *given;
            own->insert_or_assign(name, std::move(value));
        }
    };
    merged inputs, overrides;
    bool placeholders_complete = true;      // every loader can stand for its value without loading

    static const auto& saver_of(const materializer& m) { return std::get<materializer::saver_part>(m.part_); }
    static const auto& loader_of(const materializer& m) { return std::get<materializer::loader_part>(m.part_); }

    materialize_plan(const basic_driver& dr, const std::vector<materializer>& materializers,
                     const values& given_inputs, const values& given_overrides,
                     const detail::output_name_list& additional_outputs, std::string_view call)
        : as_override(materializers.size(), false), inputs{&given_inputs, {}}, overrides{&given_overrides, {}} {
        const auto variables = dr.list_available_variables();
        std::map<std::string_view, const variable*, std::less<>> by_name;
        std::vector<std::string_view> known;
        for (const auto& v : variables) {
            by_name.emplace(v.name, &v);
            known.push_back(v.name);
        }
        std::vector<std::string> problems;
        std::set<std::string, std::less<>> ids, targets;
        bool any_saver = false;
        for (std::size_t i = 0; i < materializers.size(); ++i) {
            const materializer& m = materializers[i];
            if (m.is_saver()) {
                any_saver = true;
                const auto& part = saver_of(m);
                if (part.id.empty())
                    problems.push_back(fmt::format("a saver of {} has an empty id; give it one",
                                                   detail::quoted_list({part.dependencies.begin(), part.dependencies.end()})));
                else if (!ids.insert(part.id).second)
                    problems.push_back(fmt::format("two savers have the id '{}'; give each saver its own id", part.id));
                if (part.dependencies.empty())
                    problems.push_back(fmt::format("{} saves nothing; give it the outputs to save", m.label()));
                std::vector<variable> deps;
                std::set<std::string_view> seen;
                for (const auto& d : part.dependencies) {
                    if (!seen.insert(d).second) {
                        problems.push_back(fmt::format("{} lists '{}' twice; list each output once", m.label(), d));
                    } else if (auto v = by_name.find(d); v == by_name.end()) {
                        problems.push_back(fmt::format("{} saves '{}', which names nothing in the graph{}", m.label(), d,
                                                   detail::suggest(d, known)));
                    } else {
                        deps.push_back(*v->second);
                        if (std::find(outputs.begin(), outputs.end(), d) == outputs.end()) outputs.push_back(d);
                    }
                }
                if (part.check_types && deps.size() == part.dependencies.size())
                    for (auto& p : part.check_types(deps)) problems.push_back(fmt::format("{}: {}", m.label(), p));
            } else {
                const auto& part = loader_of(m);
                const auto where = part.path.empty() ? std::string() : fmt::format(" ('{}')", part.path.string());
                if (!targets.insert(part.target).second) {
                    problems.push_back(fmt::format("two loaders load '{}'; keep one", part.target));
                    continue;
                }
                auto v = by_name.find(part.target);
                if (v == by_name.end()) {
                    problems.push_back(fmt::format("{}{}: no node or input is named '{}'{}", m.label(), where, part.target,
                                                   detail::suggest(part.target, known)));
                    continue;
                }
                const variable& target = *v->second;
                if (target.type != part.type && !(part.is_string && target.type == "std::string_view"))
                    problems.push_back(fmt::format("{}{} loads type {}, but '{}' has type {}; load it as {}", m.label(),
                                                   where, part.type, part.target, target.type, target.type));
                if (given_inputs.count(part.target) != 0)
                    problems.push_back(fmt::format("'{}' is given as an input and loaded by the {}; give it in one place",
                                                   part.target, m.label()));
                if (given_overrides.count(part.target) != 0)
                    problems.push_back(fmt::format("'{}' is given as an override and loaded by the {}; give it in one "
                                                   "place",
                                                   part.target, m.label()));
                // A computed node is replaced by an override; an input is given as one, unless the
                // config supplies it, which an override takes precedence over.
                as_override[i] = !target.is_input || target.from_config;
                if (part.placeholder) {
                    (as_override[i] ? overrides : inputs).set(part.target, part.placeholder());
                } else {
                    placeholders_complete = false;
                }
            }
        }
        for (const auto& extra : additional_outputs)
            if (std::find(outputs.begin(), outputs.end(), extra) == outputs.end()) outputs.emplace_back(extra);
        if (!any_saver && additional_outputs.views().empty())
            problems.push_back("nothing to save or compute; give at least one saver (to_csv, to_json or your own) or "
                               "an additional output");
        if (!problems.empty()) throw error(std::string(call), std::move(problems));
    }

    // Runs `check` (validate_execution or visualize_execution), reporting its problems as this call's.
    template <class Check>
    auto checked(std::string_view call, Check&& check) const {
        try {
            return check();
        } catch (const node_error&) {
            throw;
        } catch (const error& e) {
            throw error(std::string(call), e.problems());
        }
    }
};

}  // namespace io_detail

// Loads the loaders' values, executes the savers' dependencies and the additional outputs once,
// with the loaded values standing for their nodes (whose upstream then does not run) or inputs,
// then calls each saver. Every name, id and type is checked before anything is loaded, computed
// or saved; a failed load or save is a hamilton::error naming the saver or loader, the path and
// the reason, with the original exception nested.
inline materialize_result materialize(const basic_driver& dr, const std::vector<materializer>& materializers,
                                      const values& inputs = {}, const values& overrides = {},
                                      const detail::output_name_list& additional_outputs = {}) {
    constexpr std::string_view call = "materialize";
    io_detail::materialize_plan plan(dr, materializers, inputs, overrides, additional_outputs, call);
    if (plan.placeholders_complete)  // else the real values are checked after loading, by execute
        plan.checked(call, [&] { dr.validate_execution(plan.outputs, plan.inputs.get(), plan.overrides.get()); });

    materialize_result out;
    using clock = std::chrono::steady_clock;
    for (std::size_t i = 0; i < materializers.size(); ++i) {
        const materializer& m = materializers[i];
        if (!m.is_loader()) continue;
        const auto& part = io_detail::materialize_plan::loader_of(m);
        const auto start = clock::now();
        std::pair<std::any, load_metadata> got;
        try {
            got = part.load();
        } catch (...) {
            std::throw_with_nested(
                error(std::string(call), {fmt::format("{} failed: {}", m.label(), detail::current_exception_reason())}));
        }
        got.second.duration = clock::now() - start;
        if (got.second.path.empty()) got.second.path = part.path;
        if (got.second.format.empty()) got.second.format = part.format;
        (plan.as_override[i] ? plan.overrides : plan.inputs).set(part.target, std::move(got.first));
        out.loader_metadata.emplace(part.target, std::move(got.second));
    }

    out.outputs = plan.checked(call, [&] { return dr.execute(plan.outputs, plan.inputs.get(), plan.overrides.get()); });

    for (const materializer& m : materializers) {
        if (!m.is_saver()) continue;
        const auto& part = io_detail::materialize_plan::saver_of(m);
        const auto start = clock::now();
        save_metadata saved;
        try {
            saved = part.save(out.outputs);
        } catch (...) {
            // Named with the outputs it saves: those are the nodes whose values were not written.
            const std::vector<std::string_view> saved_outputs(part.dependencies.begin(), part.dependencies.end());
            std::throw_with_nested(error(std::string(call), {fmt::format("{} of {} failed: {}", m.label(),
                                                                         detail::quoted_list(saved_outputs),
                                                                         detail::current_exception_reason())}));
        }
        saved.duration = clock::now() - start;
        if (saved.path.empty()) saved.path = part.path;
        if (saved.format.empty()) saved.format = part.format;
        out.metadata.emplace(part.id, std::move(saved));
    }
    return out;
}

// ---- pictures ---------------------------------------------------------------------------------

namespace io_detail {

inline std::string dot_id(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

inline constexpr std::string_view saver_style = R"(shape=note, style="filled", fillcolor="#b8e0b0")";
inline constexpr std::string_view loader_style = R"(shape=cylinder, style="filled", fillcolor="#f4e3a1")";

inline std::string box_label(const materializer& m) {
    std::string label = fmt::format("<b>{}</b><br/><i>{}{}</i>", detail::html_escape(m.id()),
                                    m.is_saver() ? "saver" : "loader",
                                    m.format().empty() ? std::string() : " (" + detail::html_escape(m.format()) + ")");
    if (!m.path().empty()) label += "<br/>" + detail::html_escape(m.path().string());
    return label;
}

}  // namespace io_detail

// The execution materialize(dr, materializers, inputs, overrides, additional_outputs) would run,
// drawn like visualize_execution, plus one box per saver (with edges from the outputs it saves)
// and per loader (with an edge into the value it provides). Nothing is loaded, computed or saved;
// the call is checked as materialize checks it. Returns the DOT, and writes it to `path` when one
// is given (.dot, .gv, or .svg, .png, .pdf drawn by Graphviz's dot).
inline std::string visualize_materialization(const basic_driver& dr, const std::vector<materializer>& materializers,
                                             const std::filesystem::path& path = {}, const values& inputs = {},
                                             const values& overrides = {},
                                             const detail::output_name_list& additional_outputs = {}) {
    constexpr std::string_view call = "visualize_materialization";
    io_detail::materialize_plan plan(dr, materializers, inputs, overrides, additional_outputs, call);
    if (!plan.placeholders_complete) {
        std::vector<std::string> problems;
        for (const auto& m : materializers)
            if (m.is_loader() && !io_detail::materialize_plan::loader_of(m).placeholder)
                problems.push_back(fmt::format("{} loads type {}, which has no default constructor; drawing needs one to "
                                               "stand for the value without loading it",
                                               m.label(), io_detail::materialize_plan::loader_of(m).type));
        throw error(std::string(call), std::move(problems));
    }
    std::string dot =
        plan.checked(call, [&] { return dr.visualize_execution(plan.outputs, {}, plan.inputs.get(), plan.overrides.get()); });

    std::string boxes, legend;
    bool savers = false, loaders = false;
    for (const auto& m : materializers) {
        const auto node = io_detail::dot_id((m.is_saver() ? "saver: " : "loader: ") + m.id());
        boxes += fmt::format("  {} [label=<{}>, {}];\n", node, io_detail::box_label(m),
                             m.is_saver() ? io_detail::saver_style : io_detail::loader_style);
        if (m.is_saver()) {
            savers = true;
            for (const auto& d : m.dependencies()) boxes += fmt::format("  {} -> {};\n", io_detail::dot_id(d), node);
        } else {
            loaders = true;
            boxes += fmt::format("  {} -> {} [style=bold];\n", node, io_detail::dot_id(m.id()));
        }
    }
    if (savers) legend += fmt::format("    \"legend_saver\" [label=\"data saver\", {}];\n", io_detail::saver_style);
    if (loaders) legend += fmt::format("    \"legend_loader\" [label=\"data loader\", {}];\n", io_detail::loader_style);
    // graphviz.hpp's document is the nodes and edges, then the legend cluster, then the closing brace.
    const auto legend_at = dot.find("  subgraph cluster_legend {");
    const auto legend_end = dot.rfind("  }\n}");
    if (legend_at == std::string::npos || legend_end == std::string::npos || legend_end < legend_at)
        throw error(std::string(call), {"the execution picture has an unexpected shape; please report this"});
    dot.insert(legend_end, legend);
    dot.insert(legend_at, boxes);
    return graphviz::render(dot, path);
}

}  // namespace hamilton

namespace hamilton::detail {

// basic_driver's members declared in driver.hpp.
template <class Materializer>
struct materialize_members<Materializer, void> {
    using materializer_type = materializer;
    static materialize_result materialize(const basic_driver& dr, const std::vector<materializer>& materializers,
                                          const values& inputs, const values& overrides,
                                          const detail::output_name_list& additional_outputs) {
        return hamilton::materialize(dr, materializers, inputs, overrides, additional_outputs);
    }
    static std::string visualize(const basic_driver& dr, const std::vector<materializer>& materializers,
                                 const std::filesystem::path& path, const values& inputs, const values& overrides,
                                 const detail::output_name_list& additional_outputs) {
        return hamilton::visualize_materialization(dr, materializers, path, inputs, overrides, additional_outputs);
    }
};

}  // namespace hamilton::detail
