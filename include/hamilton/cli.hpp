// hamilton/cli.hpp: a command line for a dataflow. Turns a builder into a program with the
// subcommands list, describe, viz, run, validate and catalog.
//
//   int main(int argc, char** argv) {
//       return hamilton::run_cli(hamilton::builder().with_modules(marketing::dataflow), argc, argv);
//   }
//
//   $ marketing run --output spend_mean --input file_path=data.csv --config window=4
//   spend_mean = 51.25
//
// An optional integration, not included by hamilton.hpp: it needs CLI11 (Debian: libcli11-dev) and
// nlohmann-json (nlohmann-json3-dev). The CLI takes a builder rather than a driver because
// `--config` changes which variants exist, so each invocation builds its own driver.
//
// Exit codes: 0 on success, 1 when the dataflow reports an error (an unknown node, a value that
// does not read as its type, a missing input, a node that throws), 2 for a command line that
// CLI11 cannot parse (unknown subcommand or option, missing argument).
#pragma once

#include <algorithm>
#include <any>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalog.hpp"
#include "config.hpp"
#include "detail/names.hpp"
#include "detail/text_value.hpp"
#include "driver.hpp"
#include "error.hpp"
#include "results.hpp"
#include "variable.hpp"

namespace hamilton {

// What run_cli returns.
enum class cli_exit : int { success = 0, failure = 1, usage = 2 };

namespace detail {

// How the CLI shows one type of value: as text for `run`, as JSON for `run --json`.
struct value_printer {
    std::function<std::string(const std::any&)> text;
    std::function<nlohmann::ordered_json(const std::any&)> json;
    bool text_from_json = false;  // text is json's dump, until a text printer is given
    bool json_from_text = false;  // json is text as a string, until a JSON printer is given
};

template <class T>
inline constexpr bool printed_as_text = std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view> ||
                                        std::is_same_v<T, std::filesystem::path> || std::is_same_v<T, char>;

template <class T>
std::string text_of(const T& value, bool quote_strings) {
    if constexpr (std::is_same_v<T, bool>) {
        return value ? "true" : "false";
    } else if constexpr (std::is_same_v<T, char>) {
        return quote_strings ? fmt::format("'{}'", value) : std::string(1, value);
    } else if constexpr (std::is_same_v<T, signed char> || std::is_same_v<T, unsigned char>) {
        return fmt::format("{}", static_cast<int>(value));  // int8_t and uint8_t are numbers, not letters
    } else if constexpr (std::is_arithmetic_v<T>) {
        return fmt::format("{}", value);
    } else if constexpr (printed_as_text<T>) {
        std::string text;
        if constexpr (std::is_same_v<T, std::filesystem::path>) text = value.string();
        else text = std::string(value);
        return quote_strings ? fmt::format("\"{}\"", text) : text;
    } else {
        std::string out = "[";
        for (std::size_t i = 0; i < value.size(); ++i)
            out += (i ? ", " : "") + text_of<typename T::value_type>(value[i], true);
        return out + "]";
    }
}

template <class T>
nlohmann::ordered_json json_of(const T& value) {
    if constexpr (std::is_same_v<T, char>) {
        return std::string(1, value);
    } else if constexpr (std::is_same_v<T, long double>) {
        return static_cast<double>(value);  // JSON numbers are doubles
    } else if constexpr (std::is_arithmetic_v<T>) {
        return value;
    } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
        return value.string();
    } else if constexpr (printed_as_text<T>) {
        return std::string(value);
    } else {
        auto out = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < value.size(); ++i) out.push_back(json_of<typename T::value_type>(value[i]));
        return out;
    }
}

template <class T>
void add_builtin_printer(std::map<std::type_index, value_printer>& printers) {
    printers[std::type_index(typeid(T))] = {
        [](const std::any& v) { return text_of<T>(std::any_cast<const T&>(v), false); },
        [](const std::any& v) { return json_of<T>(std::any_cast<const T&>(v)); }};
    printers[std::type_index(typeid(std::vector<T>))] = {
        [](const std::any& v) { return text_of<std::vector<T>>(std::any_cast<const std::vector<T>&>(v), false); },
        [](const std::any& v) { return json_of<std::vector<T>>(std::any_cast<const std::vector<T>&>(v)); }};
}

template <class... T>
std::map<std::type_index, value_printer> builtin_printers() {
    std::map<std::type_index, value_printer> printers;
    (add_builtin_printer<T>(printers), ...);
    return printers;
}

// A builder the CLI can configure and build.
template <class Builder>
concept cli_builder = requires(const Builder& b, const config& cfg) {
    { b.with_config(cfg).build() } -> std::convertible_to<basic_driver>;
};

// "key=value" split at the first '='; an error names the option and shows the expected form.
inline std::pair<std::string, std::string> key_and_value(std::string_view option, std::string_view text,
                                                         std::string_view form, std::string_view example) {
    const auto equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0)
        throw error(fmt::format("{} '{}': expected {}, e.g. {} {}", option, text, form, option, example));
    return {std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

inline bool has_digit(std::string_view text) {
    for (char c : text)
        if (c >= '0' && c <= '9') return true;
    return false;
}

}  // namespace detail

// The config value that `text` spells on a command line (`--config window=4`), by this rule:
//   "true" or "false"       -> a bool
//   an integer ("4", "-2")  -> an integer (std::int64_t)
//   a number ("0.92", "1e3") -> a double
//   text with a comma       -> a list of strings, split at the commas, each piece trimmed,
//                              empty pieces dropped: "north, south" and "north," (one element)
//   "\"...\""               -> the text between the quotes, always a string ("\"4\"" is "4")
//   anything else           -> a string
inline config_value config_value_from_text(std::string_view text) {
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') return std::string(text.substr(1, text.size() - 2));
    if (text == "true") return true;
    if (text == "false") return false;
    if (text.find(',') != std::string_view::npos) {
        config_value::string_list list;
        for (std::size_t start = 0;;) {
            const auto comma = text.find(',', start);
            const auto piece = detail::trimmed(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
            if (!piece.empty()) list.emplace_back(piece);
            if (comma == std::string_view::npos) return list;
            start = comma + 1;
        }
    }
    // A digit is required so that words like "nan" and "inf" stay strings.
    if (detail::has_digit(text)) {
        const char* const end = text.data() + text.size();
        std::int64_t integer = 0;
        if (const auto [at, status] = std::from_chars(text.data(), end, integer); status == std::errc() && at == end)
            return integer;
        double number = 0.0;
        if (const auto [at, status] = std::from_chars(text.data(), end, number); status == std::errc() && at == end)
            return number;
    }
    return std::string(text);
}

// How a CLI names itself and prints values.
class cli_options {
public:
    std::string name;         // the program's name in --help; argv[0]'s file name when empty
    std::string description;  // the first line of --help

    cli_options()
        : printers_(detail::builtin_printers<bool, char, signed char, unsigned char, short, unsigned short, int,
                                             unsigned, long, unsigned long, long long, unsigned long long, float,
                                             double, long double, std::string, std::string_view,
                                             std::filesystem::path>()) {}

    // How `run` prints a value of type T: print(const T&) returns its text. Replaces the built-in
    // printer of T, if any. `run --json` shows the text as a JSON string unless add_json_printer
    // gives T a JSON form too.
    template <class T, class Print>
        requires std::is_invocable_r_v<std::string, const Print&, const T&>
    cli_options& add_printer(Print print) {
        auto& p = printers_[std::type_index(typeid(T))];
        p.text = [print = std::move(print)](const std::any& v) -> std::string {
            return std::invoke(print, std::any_cast<const T&>(v));
        };
        p.text_from_json = false;
        if (!p.json || p.json_from_text) {
            p.json = [text = p.text](const std::any& v) { return nlohmann::ordered_json(text(v)); };
            p.json_from_text = true;
        }
        return *this;
    }

    // How `run --json` shows a value of type T: print(const T&) returns a nlohmann::json (or
    // ordered_json). Text output uses its dump unless add_printer gives T a text form too.
    template <class T, class Print>
        requires std::is_invocable_v<const Print&, const T&>
    cli_options& add_json_printer(Print print) {
        auto& p = printers_[std::type_index(typeid(T))];
        p.json = [print = std::move(print)](const std::any& v) {
            return nlohmann::ordered_json(std::invoke(print, std::any_cast<const T&>(v)));
        };
        p.json_from_text = false;
        if (!p.text || p.text_from_json) {
            p.text = [json = p.json](const std::any& v) {
                return json(v).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
            };
            p.text_from_json = true;
        }
        return *this;
    }

    // `value` as `run` prints it; "<a value of type T>" for a type without a printer.
    [[nodiscard]] std::string text_of(const std::any& value) const {
        if (const auto* p = find(value)) return p->text(value);
        return unprintable(value);
    }

    // `value` as `run --json` shows it; the text "<a value of type T>" for a type without a printer.
    [[nodiscard]] nlohmann::ordered_json json_of(const std::any& value) const {
        if (const auto* p = find(value)) return p->json(value);
        return unprintable(value);
    }

private:
    [[nodiscard]] const detail::value_printer* find(const std::any& value) const {
        const auto found = printers_.find(std::type_index(value.type()));
        return found == printers_.end() ? nullptr : &found->second;
    }
    static std::string unprintable(const std::any& value) {
        return fmt::format("<a value of type {}>", detail::type_name(value.type()));
    }

    std::map<std::type_index, detail::value_printer> printers_;
};

// The command line of one dataflow. run() parses the arguments, builds a driver with the config
// given, does what the subcommand asks, writes to `out` and `err`, and returns the exit code; it
// never throws.
class cli {
public:
    // Each run builds builder.with_config(config from --config).build().
    template <detail::cli_builder Builder>
    explicit cli(const Builder& builder, cli_options options = {})
        : make_driver_([builder](const config& cfg) -> basic_driver { return builder.with_config(cfg).build(); }),
          options_(std::move(options)) {}

    // For drivers made another way: make_driver(config from --config) returns the driver to use.
    explicit cli(std::function<basic_driver(const config&)> make_driver, cli_options options = {})
        : make_driver_(std::move(make_driver)), options_(std::move(options)) {}

    // argv[0] is the program; argv[1..argc) the arguments, as main() receives them.
    int run(int argc, const char* const* argv, std::ostream& out = std::cout, std::ostream& err = std::cerr) const {
        std::string program = options_.name;
        if (program.empty() && argc > 0 && argv[0] != nullptr) program = std::filesystem::path(argv[0]).filename().string();
        if (program.empty()) program = "hamilton";
        try {
            request r;
            CLI::App app(options_.description.empty() ? "Runs and inspects a hamilton dataflow." : options_.description,
                         program);
            define(app, r);
            // CLI11 would only say "A subcommand is required": name the word and the closest command.
            const std::vector<std::string_view> commands{"list", "describe", "viz", "run", "validate", "catalog"};
            if (argc > 1 && argv[1] != nullptr && argv[1][0] != '-' &&
                std::find(commands.begin(), commands.end(), std::string_view(argv[1])) == commands.end()) {
                const auto close = detail::suggest(argv[1], commands);  // "; did you mean 'list'?" or ""
                err << fmt::format("{}: unknown command '{}'{}{} {}\nRun with --help for more information.\n", program,
                                   argv[1], close, close.empty() ? "; the commands are" : " The commands are",
                                   detail::quoted_list(commands));
                return static_cast<int>(cli_exit::usage);
            }
            try {
                app.parse(argc, argv);
            } catch (const CLI::ParseError& e) {
                return app.exit(e, out, err) == 0 ? 0 : static_cast<int>(cli_exit::usage);
            }
            r.command = app.get_subcommands().front()->get_name();  // require_subcommand(1): exactly one
            perform(r, out);
            out.flush();
            return static_cast<int>(cli_exit::success);
        } catch (const error& e) {
            err << e.what() << '\n';
        } catch (const std::exception& e) {
            err << program << ": " << e.what() << '\n';
        } catch (...) {
            err << program << ": an exception not derived from std::exception\n";
        }
        return static_cast<int>(cli_exit::failure);
    }

    // The arguments without the program's name: {"run", "--output", "spend_mean"}.
    int run(const std::vector<std::string>& arguments, std::ostream& out = std::cout,
            std::ostream& err = std::cerr) const {
        std::vector<const char*> argv{options_.name.empty() ? "hamilton" : options_.name.c_str()};
        for (const auto& a : arguments) argv.push_back(a.c_str());
        return run(static_cast<int>(argv.size()), argv.data(), out, err);
    }

private:
    // What the command line asked for.
    struct request {
        std::string command;
        std::vector<std::string> config, inputs, overrides, outputs, tags;
        std::string node, file;
        bool json = false, execution = false;
    };

    static void define(CLI::App& app, request& r) {
        app.require_subcommand(1);
        const auto config_option = [&r](CLI::App* sub) {
            sub->add_option("--config", r.config,
                            "A config value, key=value; repeat for several. The value is a bool (true, false), an "
                            "integer, a number, a list of strings if it has a comma (a,b or a, for one), else a "
                            "string; \"...\" keeps it a string")
                ->type_name("KEY=VALUE")
                ->allow_extra_args(false);
        };
        const auto value_options = [&r](CLI::App* sub, bool overrides) {
            sub->add_option("--input", r.inputs,
                            "An input, name=value, read by the input's C++ type (a list is comma-separated); "
                            "repeat for several")
                ->type_name("NAME=VALUE")
                ->allow_extra_args(false);
            if (overrides)
                sub->add_option("--override", r.overrides,
                                "A value that replaces a node, name=value, read by the node's type; its upstream is "
                                "not run")
                    ->type_name("NAME=VALUE")
                    ->allow_extra_args(false);
        };
        const auto outputs_option = [&r](CLI::App* sub, const std::string& name, const std::string& what,
                                         bool required) {
            auto* o = sub->add_option(name, r.outputs, what + "; repeat, or separate names with commas")
                          ->type_name("NAME")
                          ->allow_extra_args(false)
                          ->delimiter(',');
            if (required) o->required();
            return o;
        };

        auto* list = app.add_subcommand("list", "List every node and input with its type, documentation and tags");
        list->add_option("--tag", r.tags,
                         "Only values tagged key=value (several values of one key: any of them; key alone: any "
                         "value); repeat for several keys, all of which must match")
            ->type_name("KEY[=VALUE]")
            ->allow_extra_args(false);
        list->add_flag("--json", r.json, "Print JSON");
        config_option(list);

        auto* describe = app.add_subcommand(
            "describe",
            "Describe one node or input: type, documentation, tags, function, conditions, variants, "
            "dependencies, upstream and downstream");
        describe->add_option("NODE", r.node, "The node or input")->type_name("")->required();
        describe->add_flag("--json", r.json, "Print JSON");
        config_option(describe);

        auto* viz = app.add_subcommand("viz", "Draw the graph, or what one execution runs, in Graphviz DOT");
        viz->add_option("--output", r.file,
                        "Write the picture to FILE: .dot or .gv as DOT text; .svg, .png or .pdf rendered by "
                        "Graphviz's dot. Without it, DOT goes to stdout")
            ->type_name("FILE");
        auto* nodes = outputs_option(viz, "--output-node", "A node whose execution to draw (implies --execution)", false);
        viz->add_flag("--execution", r.execution, "Draw only what computing the --output-node nodes runs")
            ->needs(nodes);
        value_options(viz, true);
        config_option(viz);

        auto* run = app.add_subcommand("run", "Compute outputs and print their values");
        outputs_option(run, "--output", "A node to compute", true);
        value_options(run, true);
        config_option(run);
        run->add_flag("--json", r.json, "Print the outputs as one JSON object, {\"name\": value}");

        auto* validate = app.add_subcommand(
            "validate", "Check that the outputs can be computed from these inputs and config, without running any node");
        outputs_option(validate, "--output", "A node to check", true);
        value_options(validate, true);
        config_option(validate);

        auto* catalog = app.add_subcommand("catalog", "Write the feature catalog (catalog.hpp): JSON on stdout, or a .json or .html file");
        catalog->add_option("--output", r.file,
                            "Write it to FILE: .json for the JSON, .html for a page to open in a browser")
            ->type_name("FILE");
        config_option(catalog);

        app.footer("Run '" + app.get_name() + " COMMAND --help' for the options of a command.");

    }

    void perform(const request& r, std::ostream& out) const {
        const basic_driver dr = make_driver_(parse_config(r.config));
        if (r.command == "list") list(dr, r, out);
        else if (r.command == "describe") describe(dr, r, out);
        else if (r.command == "viz") viz(dr, r, out);
        else if (r.command == "run") run_outputs(dr, r, out);
        else if (r.command == "validate") validate(dr, r, out);
        else if (r.command == "catalog") write_catalog_of(dr, r, out);
    }

    static config parse_config(const std::vector<std::string>& texts) {
        config cfg;
        std::vector<std::string> problems;
        for (const auto& text : texts) {
            try {
                auto [key, value] = detail::key_and_value("--config", text, "key=value", "window=4");
                if (cfg.count(key) != 0)
                    problems.push_back(fmt::format("--config: key '{}' is given twice; give it once", key));
                else
                    cfg.emplace(std::move(key), config_value_from_text(value));
            } catch (const error& e) {
                problems.insert(problems.end(), e.problems().begin(), e.problems().end());
            }
        }
        if (!problems.empty()) throw error("command line", std::move(problems));
        return cfg;
    }

    // Each name=value read by the value's type in the graph; every problem reported at once.
    static values parse_values(const basic_driver& dr, const std::vector<std::string>& texts, std::string_view option,
                               std::vector<std::string>& problems) {
        values out;
        for (const auto& text : texts) {
            try {
                auto [name, value] = detail::key_and_value(option, text, "name=value", "window=4");
                if (out.count(name) != 0) {
                    problems.push_back(fmt::format("{}: '{}' is given twice; give it once", option, name));
                    continue;
                }
                try {
                    out.emplace(name, dr.value_from_text(name, value));
                } catch (const error& e) {
                    for (const auto& p : e.problems()) problems.push_back(fmt::format("{} {}: {}", option, text, p));
                }
            } catch (const error& e) {
                problems.insert(problems.end(), e.problems().begin(), e.problems().end());
            }
        }
        return out;
    }

    static std::pair<values, values> parse_inputs(const basic_driver& dr, const request& r) {
        std::vector<std::string> problems;
        auto inputs = parse_values(dr, r.inputs, "--input", problems);
        auto overrides = parse_values(dr, r.overrides, "--override", problems);
        if (!problems.empty()) throw error("command line", std::move(problems));
        return {std::move(inputs), std::move(overrides)};
    }

    template <class Json>
    static std::string dump(const Json& json) {
        // Text that is not UTF-8 is replaced rather than thrown on.
        return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    }

    static std::string kind_of(const variable& v) {
        if (v.from_config) return "config";
        if (v.is_input) return v.is_optional ? "optional input" : "input";
        return "node";
    }

    static std::string joined(const std::vector<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
        return out.empty() ? "(none)" : out;
    }

    static std::vector<std::string> tag_texts(const variable& v) {
        std::vector<std::string> out;
        for (const auto& [key, value] : v.tags) out.push_back(key + "=" + value);
        return out;
    }

    // A node's variants for --json: [{"name": "mean", "function": "spend_baseline__mean",
    // "conditions": ["method == \"mean\""], "config_keys": ["method"], "selected": true}, ...].
    static nlohmann::ordered_json json_of(const std::vector<node_variant>& variants) {
        auto out = nlohmann::ordered_json::array();
        for (const auto& v : variants)
            out.push_back({{"name", v.name},
                           {"function", v.function},
                           {"conditions", v.conditions},
                           {"config_keys", v.config_keys},
                           {"selected", v.selected}});
        return out;
    }

    static nlohmann::ordered_json json_of(const variable& v, const std::vector<node_variant>& variants) {
        nlohmann::ordered_json tags = nlohmann::ordered_json::object();
        for (const auto& [key, value] : v.tags) tags[key] = value;
        return {{"name", v.name},
                {"type", v.type},
                {"kind", kind_of(v)},
                {"documentation", v.documentation},
                {"tags", tags},
                {"is_input", v.is_input},
                {"from_config", v.from_config},
                {"is_optional", v.is_optional},
                {"function", v.function},
                {"conditions", v.conditions},
                {"variants", json_of(variants)},
                {"required_dependencies", v.required_dependencies},
                {"optional_dependencies", v.optional_dependencies}};
    }

    static void list(const basic_driver& dr, const request& r, std::ostream& out) {
        tag_filter filter;
        for (const auto& text : r.tags) {
            const auto equals = text.find('=');
            if (equals == 0 || text.empty())
                throw error("command line", {fmt::format("--tag '{}': expected key=value or key, e.g. --tag "
                                                         "owner=growth",
                                                         text)});
            auto& accepted = filter[text.substr(0, equals)];
            if (equals != std::string::npos) accepted.push_back(text.substr(equals + 1));
        }
        const auto variables = dr.list_available_variables(filter);
        if (r.json) {
            auto all = nlohmann::ordered_json::array();
            for (const auto& v : variables) all.push_back(json_of(v, dr.variants_of(v.name)));
            out << dump(all);
            return;
        }
        std::vector<std::array<std::string, 5>> rows{{"name", "type", "kind", "tags", "documentation"}};
        for (const auto& v : variables) {
            std::string tags;
            for (const auto& t : tag_texts(v)) tags += (tags.empty() ? "" : " ") + t;
            rows.push_back({v.name, v.type, kind_of(v), tags, v.documentation});
        }
        std::array<std::size_t, 5> width{};
        for (const auto& row : rows)
            for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
        for (const auto& row : rows) {
            std::string line;
            for (std::size_t c = 0; c < row.size(); ++c)
                line += c + 1 == row.size() ? row[c] : fmt::format("{:<{}}  ", row[c], width[c]);
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out << line << '\n';
        }
        if (variables.empty()) out << "(nothing matches)\n";
    }

    static std::vector<std::string> names_except(const std::vector<variable>& variables, const std::string& name) {
        std::vector<std::string> out;
        for (const auto& v : variables)
            if (v.name != name) out.push_back(v.name);
        return out;
    }

    // The config that decides between variants: `method="mean"` or `method is not set` for each
    // key their conditions read, once.
    static std::string config_text(const config& cfg, const std::vector<node_variant>& variants,
                                   std::vector<std::string>& keys) {
        std::string text;
        for (const auto& v : variants)
            for (const auto& key : v.config_keys) {
                if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
                keys.push_back(key);
                const auto found = cfg.find(key);
                text += fmt::format("{}{}", text.empty() ? "" : ", ",
                                    found == cfg.end() ? key + " is not set" : key + "=" + found->second.to_string());
            }
        return text;
    }

    // `2 variants: mean (when method == "mean"), median (when method == "median")`.
    static std::string variants_text(const std::vector<node_variant>& variants) {
        std::string text = fmt::format("{} variant{}: ", variants.size(), variants.size() == 1 ? "" : "s");
        for (std::size_t i = 0; i < variants.size(); ++i)
            text += fmt::format("{}{} ({})", i ? ", " : "", variants[i].name,
                                variants[i].conditions.empty()
                                    ? std::string("always")
                                    : "when " + detail::joined(variants[i].conditions, " and "));
        return text;
    }

    // Which variant the config selects, and why: `mean, because method == "mean" (config
    // method="mean")`, or `none: ...` with the keys to set.
    static nlohmann::ordered_json variant_selection(const config& cfg, const std::vector<node_variant>& variants) {
        std::vector<std::string> keys;
        const auto configured = config_text(cfg, variants, keys);
        nlohmann::ordered_json config_json = nlohmann::ordered_json::object();
        for (const auto& key : keys) {
            const auto found = cfg.find(key);
            config_json[key] = found == cfg.end() ? nlohmann::ordered_json()
                                                  : nlohmann::ordered_json(detail::catalog::config_to_json(found->second));
        }
        const auto chosen = std::find_if(variants.begin(), variants.end(), [](const auto& v) { return v.selected; });
        if (chosen == variants.end()) {
            std::string key_list;
            for (const auto& key : keys) key_list += fmt::format("{}'{}'", key_list.empty() ? "" : ", ", key);
            return {{"selected", nullptr},
                    {"function", nullptr},
                    {"reason", fmt::format("none: the config meets no variant's conditions ({}); set config key{} {} "
                                           "to select one",
                                           configured, keys.size() == 1 ? "" : "s", key_list)},
                    {"config", config_json}};
        }
        return {{"selected", chosen->name},
                {"function", chosen->function},
                {"reason", fmt::format("{}, because {}{}", chosen->name,
                                       chosen->conditions.empty() ? std::string("it has no conditions")
                                                                  : detail::joined(chosen->conditions, " and "),
                                       configured.empty() ? std::string() : " (config " + configured + ")")},
                {"config", config_json}};
    }

    static void describe(const basic_driver& dr, const request& r, std::ostream& out) {
        std::vector<variable> upstream, downstream;
        try {
            upstream = dr.what_is_upstream_of(r.node);
            downstream = dr.what_is_downstream_of(r.node);
        } catch (const error& e) {
            // Not in the graph under this config: a node whose variants the config all leaves out
            // is still described, by its variants; any other name is a mistake.
            std::vector<node_variant> variants;
            try {
                variants = dr.variants_of(r.node);
            } catch (const error& unknown) {
                // No name of the dataflow under any config: suggest among all of them.
                throw error("describe", unknown.problems());
            }
            if (variants.empty()) throw error("describe", e.problems());  // a value only an inactive variant reads
            describe_unselected(dr, r, variants, out);
            return;
        }
        const auto variants = dr.variants_of(r.node);
        const auto all = dr.list_available_variables();
        const variable* found = nullptr;
        std::vector<std::string> used_by;
        for (const auto& v : all) {
            if (v.name == r.node) found = &v;
            for (const auto* deps : {&v.required_dependencies, &v.optional_dependencies})
                if (std::find(deps->begin(), deps->end(), r.node) != deps->end()) used_by.push_back(v.name);
        }
        if (found == nullptr) throw error("describe", {fmt::format("'{}' is not in the graph", r.node)});
        const variable& v = *found;
        std::string config_value_text;
        if (v.from_config)
            if (const auto c = dr.configuration().find(v.name); c != dr.configuration().end())
                config_value_text = c->second.to_string();
        const auto selection = variants.empty() ? nlohmann::ordered_json() : variant_selection(dr.configuration(), variants);
        if (r.json) {
            auto json = json_of(v, variants);
            if (v.from_config) json["config_value"] = config_value_text;
            json["in_graph"] = true;
            if (!variants.empty()) json["variant_selection"] = selection;
            json["used_by"] = used_by;
            json["upstream"] = names_except(upstream, v.name);
            json["downstream"] = names_except(downstream, v.name);
            out << dump(json);
            return;
        }
        const auto line = [&out](std::string_view label, const std::string& text) {
            out << fmt::format("  {:<24}{}\n", fmt::format("{}:", label), text);
        };
        // A node none of whose variants is selected is an input here: execute takes it from inputs.
        out << v.name << " (" << kind_of(v) << (!variants.empty() && v.is_input ? "; no variant selected" : "")
            << ")\n";
        line("type", v.type);
        line("documentation", v.documentation.empty() ? "(none)" : v.documentation);
        line("tags", joined(tag_texts(v)));
        if (v.from_config) line("config value", config_value_text);
        line("function", v.function.empty() ? "(none: an input)" : v.function);
        line("conditions", joined(v.conditions));
        line("variants", variants.empty() ? "(none)" : variants_text(variants));
        if (!variants.empty()) line("variant selected", selection["reason"].get<std::string>());
        line("dependencies", joined(v.required_dependencies));
        line("optional dependencies", joined(v.optional_dependencies));
        line("used by", joined(used_by));
        line("upstream", joined(names_except(upstream, v.name)));
        line("downstream", joined(names_except(downstream, v.name)));
    }

    // A node that no variant computes under this config and nothing reads: only its variants.
    static void describe_unselected(const basic_driver& dr, const request& r, const std::vector<node_variant>& variants,
                                    std::ostream& out) {
        const auto selection = variant_selection(dr.configuration(), variants);
        if (r.json) {
            nlohmann::ordered_json json{{"name", r.node},
                                        {"kind", "node"},
                                        {"in_graph", false},
                                        {"variants", json_of(variants)},
                                        {"variant_selection", selection}};
            out << dump(json);
            return;
        }
        out << r.node << " (node; no variant selected, and nothing under this config reads it)\n";
        out << fmt::format("  {:<24}{}\n", "variants:", variants_text(variants));
        out << fmt::format("  {:<24}{}\n", "variant selected:", selection["reason"].get<std::string>());
    }

    static void viz(const basic_driver& dr, const request& r, std::ostream& out) {
        const bool execution = r.execution || !r.outputs.empty();
        if (!execution && (!r.inputs.empty() || !r.overrides.empty()))
            throw error("command line", {"viz: --input and --override apply to an execution picture; name the "
                                         "outputs with --output-node"});
        std::string dot;
        if (execution) {
            const auto [inputs, overrides] = parse_inputs(dr, r);
            dot = dr.visualize_execution(r.outputs, r.file, inputs, overrides);
        } else {
            dot = dr.display_all_functions(r.file);
        }
        if (r.file.empty()) out << dot;
        else out << "wrote the graph to " << r.file << '\n';
    }

    void run_outputs(const basic_driver& dr, const request& r, std::ostream& out) const {
        const auto [inputs, overrides] = parse_inputs(dr, r);
        const results computed = dr.execute(r.outputs, inputs, overrides);
        if (r.json) {
            auto json = nlohmann::ordered_json::object();
            for (const auto& [name, value] : computed) json[name] = options_.json_of(value);
            out << dump(json);
            return;
        }
        std::string text;
        for (const auto& [name, value] : computed) text += fmt::format("{} = {}\n", name, options_.text_of(value));
        out << text;
    }

    static void validate(const basic_driver& dr, const request& r, std::ostream& out) {
        const auto [inputs, overrides] = parse_inputs(dr, r);
        dr.validate_execution(r.outputs, inputs, overrides);
        std::vector<std::string_view> names(r.outputs.begin(), r.outputs.end());
        out << fmt::format("ok: {} can be computed from the inputs and config given\n", detail::quoted_list(names));
    }

    static void write_catalog_of(const basic_driver& dr, const request& r, std::ostream& out) {
        if (r.file.empty()) {
            out << dump(catalog_json(dr));
            return;
        }
        write_catalog(dr, r.file);
        out << "wrote the catalog to " << r.file << '\n';
    }

    std::function<basic_driver(const config&)> make_driver_;
    cli_options options_;
};

// The command line of the dataflow that `builder` makes (see cli): returns the exit code for main().
template <detail::cli_builder Builder>
int run_cli(const Builder& builder, int argc, const char* const* argv, cli_options options = {}) {
    return cli(builder, std::move(options)).run(argc, argv);
}

}  // namespace hamilton
