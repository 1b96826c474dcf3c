// hamilton/config.hpp: runtime configuration and the conditions that gate node variants.
//
// A config is a map from keys to strings, booleans, integers, doubles or lists of strings.
// It is given to the builder and decides, at build(), which variant of a node exists
// (`.when("source", "csv")`). Config values can also be read by nodes as inputs.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "detail/message.hpp"
#include "detail/names.hpp"

namespace hamilton {

// One config value. Integers are stored as std::int64_t, floating point as double.
class config_value {
public:
    using string_list = std::vector<std::string>;
    using storage = std::variant<std::string, bool, std::int64_t, double, string_list>;

    config_value() = default;
    config_value(const char* text) : value_(std::string(text)) {}  // NOLINT: implicit on purpose
    config_value(std::string text) : value_(std::move(text)) {}   // NOLINT
    config_value(std::string_view text) : value_(std::string(text)) {}  // NOLINT
    config_value(bool flag) : value_(flag) {}                      // NOLINT
    template <class Integer>
        requires(std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>)
    config_value(Integer number) : value_(static_cast<std::int64_t>(number)) {}  // NOLINT
    template <class Floating>
        requires std::is_floating_point_v<Floating>
    config_value(Floating number) : value_(static_cast<double>(number)) {}  // NOLINT
    config_value(std::initializer_list<std::string> list) : value_(string_list(list)) {}
    config_value(string_list list) : value_(std::move(list)) {}  // NOLINT

    [[nodiscard]] const storage& get() const noexcept { return value_; }
    template <class T>
    [[nodiscard]] bool holds() const noexcept { return std::holds_alternative<T>(value_); }

    // "a string", "a bool", "an integer", "a double" or "a list of strings": for messages.
    [[nodiscard]] std::string_view kind_name() const noexcept {
        constexpr std::array<std::string_view, 5> names{"a string", "a bool", "an integer", "a double",
                                                        "a list of strings"};
        return names[value_.index()];
    }

    // By alternative rather than with std::visit, whose dispatch table costs every program that
    // includes the library to compile.
    [[nodiscard]] std::string to_string() const {
        if (const auto* text = std::get_if<std::string>(&value_)) return quoted(*text);
        if (const auto* flag = std::get_if<bool>(&value_)) return *flag ? "true" : "false";
        if (const auto* integer = std::get_if<std::int64_t>(&value_)) return detail::message("{}", *integer);
        if (const auto* number = std::get_if<double>(&value_)) return detail::message("{}", *number);
        std::string out = "[";
        for (const auto& text : std::get<string_list>(value_)) out += (out.size() > 1 ? ", " : "") + quoted(text);
        return out + "]";
    }

    friend bool operator==(const config_value&, const config_value&) = default;

private:
    static std::string quoted(const std::string& text) { return '"' + text + '"'; }

    storage value_;
};

// The builder's configuration: key -> value. Later with_config() calls win per key.
using config = std::map<std::string, config_value, std::less<>>;

// A value written in a condition, known at compile time: `.when("source", "csv")`.
struct config_literal {
    enum class kind : std::uint8_t { string, boolean, integer, floating };
    kind type = kind::string;
    std::string_view text{};
    bool flag = false;
    std::int64_t integer = 0;
    double floating = 0.0;

    constexpr config_literal() = default;
    constexpr config_literal(const char* t) : type(kind::string), text(t) {}  // NOLINT
    constexpr config_literal(std::string_view t) : type(kind::string), text(t) {}  // NOLINT
    constexpr config_literal(bool b) : type(kind::boolean), flag(b) {}  // NOLINT
    template <class Integer>
        requires(std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>)
    constexpr config_literal(Integer i) : type(kind::integer), integer(i) {}  // NOLINT
    template <class Floating>
        requires std::is_floating_point_v<Floating>
    constexpr config_literal(Floating d) : type(kind::floating), floating(d) {}  // NOLINT

    [[nodiscard]] std::string to_string() const {
        switch (type) {
            case kind::string: return detail::message("\"{}\"", text);
            case kind::boolean: return flag ? "true" : "false";
            case kind::integer: return detail::message("{}", integer);
            case kind::floating: return detail::message("{}", floating);
        }
        return {};
    }

    // Does `other` equal this literal? As matches(): numbers compare as numbers, and
    // `comparable` turns false for kinds that cannot be compared.
    [[nodiscard]] constexpr bool same_as(const config_literal& other, bool& comparable) const {
        const bool numbers = (type == kind::integer || type == kind::floating) &&
                             (other.type == kind::integer || other.type == kind::floating);
        if (numbers) return as_double() == other.as_double();
        if (type != other.type) {
            comparable = false;
            return false;
        }
        return type == kind::string ? text == other.text : flag == other.flag;
    }
    [[nodiscard]] constexpr double as_double() const {
        return type == kind::integer ? static_cast<double>(integer) : floating;
    }

    // Does `value` equal this literal? Integers and doubles compare as numbers.
    // `comparable` is set to false when the kinds cannot be compared at all (a
    // string against a bool, say): that is a mistake the builder reports.
    [[nodiscard]] bool matches(const config_value& value, bool& comparable) const {
        comparable = true;
        const auto& v = value.get();
        switch (type) {
            case kind::string:
                if (auto* s = std::get_if<std::string>(&v)) return *s == text;
                break;
            case kind::boolean:
                if (auto* b = std::get_if<bool>(&v)) return *b == flag;
                break;
            case kind::integer:
                if (auto* i = std::get_if<std::int64_t>(&v)) return *i == integer;
                if (auto* d = std::get_if<double>(&v)) return *d == static_cast<double>(integer);
                break;
            case kind::floating:
                if (auto* d = std::get_if<double>(&v)) return *d == floating;
                if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i) == floating;
                break;
        }
        comparable = false;
        return false;
    }
};

// How a condition compares the config value with its literals. `selects` is not a comparison:
// the config value must be a list of some of the literals (the names a node may be wired to,
// see config_group in parameterize.hpp); it never removes the node.
enum class condition_op : std::uint8_t { when, when_not, when_in, when_not_in, selects };

// A condition already decided by the config of the subdag its node is in (see subdag.hpp).
enum class condition_decided : std::uint8_t { no, holds, fails, unlike_kinds };

// One `.when*` clause of a node: the key, the comparison, and which of the node's literals
// (`first`, `count`) it compares with.
struct condition {
    condition_op op{};
    std::string_view key{};
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    condition_decided decided = condition_decided::no;
    config_literal subdag_value{};  // the subdag's config value that decided it
};

// Decides `c` (a condition of a node with these literals) by the config value `value`, as
// condition_list::hold would with the driver's config: how a subdag's own config applies.
constexpr condition decide(condition c, const config_literal* literals, const config_literal& value) {
    bool any_equal = false, comparable = true;
    for (std::uint32_t i = 0; i < c.count; ++i) any_equal = literals[c.first + i].same_as(value, comparable) || any_equal;
    const bool negated = c.op == condition_op::when_not || c.op == condition_op::when_not_in;
    c.decided = !comparable ? condition_decided::unlike_kinds
                            : ((negated ? !any_equal : any_equal) ? condition_decided::holds : condition_decided::fails);
    c.subdag_value = value;
    return c;
}

// A node's conditions, all of which must hold for the node to exist. Nodes store them in
// fixed-size arrays; this view lets one (non-template) function evaluate any node's.
struct condition_list {
    std::span<const condition> conditions;
    std::span<const config_literal> literals;

    // Do all conditions hold under `cfg`? A missing key never equals anything (as in Hamilton,
    // where it reads as None). A comparison of unlike kinds is appended to `problems`.
    [[nodiscard]] bool hold(const config& cfg, std::vector<std::string>& problems, std::string_view node_name) const {
        bool all = true;
        for (const auto& c : conditions) {
            if (c.decided != condition_decided::no) {
                if (c.decided == condition_decided::unlike_kinds)
                    problems.push_back(detail::message(
                        "the subdag config gives key '{}' the value {}, but node '{}' compares it with {}; "
                        "give the config value the same kind as the condition",
                        c.key, c.subdag_value.to_string(), node_name, literals[c.first].to_string()));
                all = all && c.decided == condition_decided::holds;
                continue;
            }
            auto found = cfg.find(c.key);
            if (c.op == condition_op::selects) {
                check_selection(c, found == cfg.end() ? nullptr : &found->second, problems, node_name);
                continue;
            }
            bool any_equal = false;
            if (found != cfg.end()) {
                for (const auto& literal : literals.subspan(c.first, c.count)) {
                    bool comparable = true;
                    any_equal = literal.matches(found->second, comparable) || any_equal;
                    if (!comparable)
                        problems.push_back(detail::message(
                            "config key '{}' is {} ({}), but node '{}' compares it with {}; "
                            "give the config value the same kind as the condition",
                            c.key, found->second.kind_name(), found->second.to_string(), node_name,
                            literal.to_string()));
                }
            }
            const bool negated = c.op == condition_op::when_not || c.op == condition_op::when_not_in;
            all = all && (negated ? !any_equal : any_equal);
        }
        return all;
    }

    // A `selects` condition's config value: present, a list of strings, each one of the literals.
    void check_selection(const condition& c, const config_value* value, std::vector<std::string>& problems,
                         std::string_view node_name) const {
        std::string choices;
        for (const auto& literal : literals.subspan(c.first, c.count))
            choices += detail::message("{}'{}'", choices.empty() ? "" : ", ", literal.text);
        if (value == nullptr) {
            problems.push_back(detail::message("config key '{}' is missing: node '{}' is wired from it; give a list of "
                                           "some of {}",
                                           c.key, node_name, choices));
            return;
        }
        const auto* list = std::get_if<config_value::string_list>(&value->get());
        if (list == nullptr) {
            problems.push_back(detail::message("config key '{}' is {} ({}), but node '{}' is wired from it and needs a "
                                           "list of strings, some of {}",
                                           c.key, value->kind_name(), value->to_string(), node_name, choices));
            return;
        }
        for (const auto& name : *list) {
            bool known = false;
            for (const auto& literal : literals.subspan(c.first, c.count)) known = known || literal.text == name;
            if (!known) {
                std::vector<std::string_view> candidates;
                for (const auto& literal : literals.subspan(c.first, c.count)) candidates.push_back(literal.text);
                problems.push_back(detail::message("config key '{}' names '{}', which node '{}' cannot be wired to "
                                               "(choose among {}){}",
                                               c.key, name, node_name, choices, detail::suggest(name, candidates)));
            }
        }
    }

    // Is `name` selected by this node's `selects` conditions? True when none lists it; when
    // several list it (a candidate of two config groups), when any of them chooses it.
    [[nodiscard]] bool selected(const config& cfg, std::string_view name) const {
        bool listed = false;
        for (const auto& c : conditions) {
            if (c.op != condition_op::selects) continue;
            bool candidate = false;
            for (const auto& literal : literals.subspan(c.first, c.count)) candidate = candidate || literal.text == name;
            if (!candidate) continue;
            listed = true;
            const auto found = cfg.find(c.key);
            if (found == cfg.end()) continue;
            const auto* list = std::get_if<config_value::string_list>(&found->second.get());
            if (list != nullptr && std::find(list->begin(), list->end(), name) != list->end()) return true;
        }
        return !listed;
    }

    // The conditions that choose this node among its variants, as a reader says them: one per
    // condition, `source == "csv"`, `region not in ["us", "uk"]`, with its config key in `keys`.
    // `selects` conditions choose dependencies, not variants, and are left out.
    void gate_phrases(std::vector<std::string>& phrases, std::vector<std::string>& keys) const {
        constexpr std::array<std::string_view, 4> operators{"==", "!=", "in", "not in"};
        for (const auto& c : conditions) {
            if (c.op == condition_op::selects) continue;
            std::string list;
            for (const auto& literal : literals.subspan(c.first, c.count))
                list += (list.empty() ? "" : ", ") + literal.to_string();
            if (c.op == condition_op::when_in || c.op == condition_op::when_not_in) list = "[" + list + "]";
            phrases.push_back(detail::message("{} {} {}{}", c.key, operators[static_cast<std::size_t>(c.op)], list,
                                              c.decided == condition_decided::no
                                                  ? std::string()
                                                  : detail::message(" (subdag config {}={})", c.key,
                                                                    c.subdag_value.to_string())));
            keys.emplace_back(c.key);
        }
    }

    // "when(source=\"csv\")", "when_in(region=[\"us\", \"uk\"])": one text per condition.
    [[nodiscard]] std::vector<std::string> texts() const {
        constexpr std::array<std::string_view, 5> names{"when", "when_not", "when_in", "when_not_in", "selects"};
        std::vector<std::string> out;
        for (const auto& c : conditions) {
            std::string list;
            for (const auto& literal : literals.subspan(c.first, c.count))
                list += (list.empty() ? "" : ", ") + literal.to_string();
            if (c.op == condition_op::when_in || c.op == condition_op::when_not_in || c.op == condition_op::selects)
                list = "[" + list + "]";
            out.push_back(detail::message("{}({}={}){}", names[static_cast<std::size_t>(c.op)], c.key, list,
                                      c.decided == condition_decided::no
                                          ? std::string()
                                          : detail::message(" [subdag config {}={}]", c.key, c.subdag_value.to_string())));
        }
        return out;
    }
};

// One variant of a node, as driver::variants_of lists it: a function that computes the node
// when the config meets all its conditions (Hamilton's @config.when).
struct node_variant {
    std::string function;                 // "spend_baseline__mean"
    std::string name;                     // "mean": the function's name after "<node>__"
    std::vector<std::string> conditions;  // `method == "mean"`, `region in ["us", "uk"]`
    std::vector<std::string> config_keys;  // the config key of each condition
    bool selected = false;                // the driver's config meets all its conditions
};

}  // namespace hamilton
