// hamilton/check_output.hpp: data checks on a node's value (Python Hamilton's @check_output).
//
//   auto mean = hamilton::check_output(HAMILTON_NODE(spend_mean, spend), hamilton::in_range(0.0, 1e6));
//   auto rows = hamilton::check_output(node<"rows", "path">(&load), hamilton::not_empty(), hamilton::warn);
//   auto x    = hamilton::check_output(node<"x">(&make_x), hamilton::satisfies<"positive">([](double v) { return v > 0; }));
//
// check_output returns the same node (name, dependencies, doc, tags, conditions, defaults)
// with its function wrapped: after the function returns, every check runs on the value. With
// hamilton::fail (the default) a failed check throws a data_check_error, which the driver
// reports as the node's error; with hamilton::warn the value passes on and each failed check
// goes to the data check handler (one line on stderr unless set_data_check_handler replaced
// it). Each check adds the tag ("hamilton.data_check", "<check>") so that catalogs show it. A
// check that cannot take the node's type is a compile error naming the node and the check.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compile_error.hpp"
#include "detail/callable.hpp"
#include "detail/names.hpp"
#include "detail/range_concepts.hpp"
#include "error.hpp"
#include "fixed_string.hpp"
#include "node.hpp"

namespace hamilton {

// ---- importance, results, the warning handler ---------------------------------------------------

// What a failed check does: stop the run (fail) or report and let the value pass (warn).
enum class data_check_importance { warn, fail };

template <data_check_importance Importance>
struct importance_constant {
    static constexpr data_check_importance value = Importance;
};
// Given last to check_output: failed checks are reported to the data check handler.
inline constexpr importance_constant<data_check_importance::warn> warn{};
// Given last to check_output (the default): a failed check throws a data_check_error.
inline constexpr importance_constant<data_check_importance::fail> fail{};

// The key of the tag each check adds to its node; the value names the check.
inline constexpr std::string_view data_check_tag = "hamilton.data_check";

// One failed check (Python Hamilton's ValidationResult, for failures only).
struct data_check_result {
    std::string node;      // the node checked
    std::string function;  // its function (differs from node for a variant: "raw_spend__csv")
    std::string check;     // e.g. "in_range(0, 1000000)"
    data_check_importance importance = data_check_importance::fail;
    std::string message;   // what was wrong, with a summary of the value

    // "node 'x': in_range(0, 10) failed: 12 is outside [0, 10]"
    [[nodiscard]] std::string text() const {
        const std::string who = function.empty() || function == node
                                    ? fmt::format("node '{}'", node)
                                    : fmt::format("node '{}' (function {})", node, function);
        return fmt::format("{}: {} failed: {}", who, check, message);
    }
};

// Thrown by a node whose checks with importance fail did not hold; one problem per failed check.
class data_check_error : public error {
public:
    explicit data_check_error(std::vector<data_check_result> results)
        : error(context_of(results), problems_of(results)), results_(std::move(results)) {}

    [[nodiscard]] const std::vector<data_check_result>& results() const noexcept { return results_; }

private:
    static std::string context_of(const std::vector<data_check_result>& results) {
        if (results.empty()) return "data checks";
        const auto& r = results.front();
        return r.function.empty() || r.function == r.node
                   ? fmt::format("data checks of node '{}'", r.node)
                   : fmt::format("data checks of node '{}' (function {})", r.node, r.function);
    }
    static std::vector<std::string> problems_of(const std::vector<data_check_result>& results) {
        std::vector<std::string> out;
        for (const auto& r : results) out.push_back(fmt::format("{} failed: {}", r.check, r.message));
        if (out.empty()) out.emplace_back("no check failed");  // never thrown so, but not a crash either
        return out;
    }

    std::vector<data_check_result> results_;
};

using data_check_handler = std::function<void(const data_check_result&)>;

// The default handler: "hamilton: data check warning: node 'x': ..." as one line on stderr.
inline void print_data_check_warning(const data_check_result& result) {
    // One write per line, so that warnings of concurrent nodes do not interleave.
    const std::string line = fmt::format("hamilton: data check warning: {}\n", result.text());
    std::fputs(line.c_str(), stderr);
}

namespace detail {
struct data_check_handler_slot {
    std::mutex mutex;
    std::shared_ptr<const data_check_handler> handler =
        std::make_shared<const data_check_handler>(&print_data_check_warning);
};
inline data_check_handler_slot& data_check_handler_state() {
    static data_check_handler_slot slot;
    return slot;
}

// Calls the handler outside the lock, so that a handler may itself replace the handler, and a
// slow one does not hold up other threads' warnings more than it must.
inline void report_data_check_warning(const data_check_result& result) {
    auto& slot = data_check_handler_state();
    std::shared_ptr<const data_check_handler> handler;
    {
        const std::lock_guard lock(slot.mutex);
        handler = slot.handler;
    }
    (*handler)(result);
}
}  // namespace detail

// Replaces the handler that receives failed checks of importance warn (an empty function
// restores the default, print_data_check_warning); returns the previous handler. Thread-safe.
// A handler that throws makes the node fail with that exception.
inline data_check_handler set_data_check_handler(data_check_handler handler) {
    auto next = std::make_shared<const data_check_handler>(handler ? std::move(handler)
                                                                   : data_check_handler(&print_data_check_warning));
    auto& slot = detail::data_check_handler_state();
    const std::lock_guard lock(slot.mutex);
    std::swap(slot.handler, next);
    return *next;
}

// ---- summaries of values, for messages ----------------------------------------------------------

namespace detail {

inline constexpr std::size_t summary_elements = 5;       // elements of a range shown
inline constexpr std::size_t summary_text_length = 40;   // characters of a string shown

template <class T>
concept string_like = std::is_convertible_v<const T&, std::string_view>;
template <class T>
concept summarized_range = std::ranges::forward_range<const T> && !string_like<T>;
template <class T>
concept number = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

template <class T>
inline constexpr bool is_pair = false;
template <class A, class B>
inline constexpr bool is_pair<std::pair<A, B>> = true;

// Quoted, control characters escaped (a warning stays one line), cut after a few words.
inline std::string quoted(std::string_view text) {
    std::string out = "\"";
    const auto shown = text.substr(0, summary_text_length);
    for (const char c : shown) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
                else out += c;
        }
    }
    out += shown.size() < text.size() ? "...\"" : "\"";
    if (shown.size() < text.size()) out += fmt::format(" (length {})", text.size());
    return out;
}

template <class T>
std::string summarize(const T& value);

// "std::vector<double> of size 6: [1, 2, 3, 12.5, 4, ...]"
template <class T>
std::string summarize_range(const T& value) {
    std::string items;
    std::size_t size = 0;
    for (const auto& element : value) {
        if (size < summary_elements) items += (size ? ", " : "") + summarize(element);
        ++size;
    }
    if (size > summary_elements) items += ", ...";
    return fmt::format("{} of size {}: [{}]", type_name<T>(), size, items);
}

// A short text showing a value: numbers as themselves, strings quoted and cut, ranges as their
// size and first elements, other types as their value if fmt can format it, else their type.
template <class T>
std::string summarize(const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
        return value ? "true" : "false";
    } else if constexpr (std::is_arithmetic_v<T>) {
        return fmt::format("{}", value);
    } else if constexpr (string_like<T>) {
        return quoted(std::string_view(value));
    } else if constexpr (summarized_range<T>) {
        return summarize_range(value);
    } else if constexpr (is_pair<T>) {
        return fmt::format("({}, {})", summarize(value.first), summarize(value.second));
    } else if constexpr (fmt::is_formattable<T>::value) {
        return fmt::format("{}", value);
    } else {
        return fmt::format("a value of type {}", type_name<T>());
    }
}

template <class T>
constexpr bool is_nan(const T& x) {
    if constexpr (std::is_floating_point_v<T>) return x != x;
    else return false;
}

template <class T>
constexpr auto widen(T x) {
    if constexpr (std::is_signed_v<T>) return static_cast<std::intmax_t>(x);
    else return static_cast<std::uintmax_t>(x);
}

// a < b for any two numbers, exactly: integers whatever their signs (no -Wsign-compare surprise
// for a std::size_t value against int bounds), a 64-bit integer against a floating-point number
// as long double (a double cannot hold every such integer), others in their common type (long
// double is several times slower, and checking a large range must stay cheap).
template <class A, class B>
constexpr bool number_less(A a, B b) {
    if constexpr (std::is_integral_v<A> && std::is_integral_v<B>) {
        return std::cmp_less(widen(a), widen(b));
    } else if constexpr ((std::is_integral_v<A> && sizeof(A) >= sizeof(std::int64_t)) ||
                         (std::is_integral_v<B> && sizeof(B) >= sizeof(std::int64_t))) {
        return static_cast<long double>(a) < static_cast<long double>(b);
    } else {
        using common = std::common_type_t<A, B>;
        return static_cast<common>(a) < static_cast<common>(b);
    }
}

// a <= b for any two numbers, exactly as number_less; false when either is NaN.
template <class A, class B>
constexpr bool number_less_equal(A a, B b) {
    if constexpr (std::is_integral_v<A> && std::is_integral_v<B>) {
        return std::cmp_less_equal(widen(a), widen(b));
    } else if constexpr ((std::is_integral_v<A> && sizeof(A) >= sizeof(std::int64_t)) ||
                         (std::is_integral_v<B> && sizeof(B) >= sizeof(std::int64_t))) {
        return static_cast<long double>(a) <= static_cast<long double>(b);
    } else {
        using common = std::common_type_t<A, B>;
        return static_cast<common>(a) <= static_cast<common>(b);
    }
}

template <class T>
concept range_of_numbers = summarized_range<T> && number<std::remove_cvref_t<std::ranges::range_reference_t<const T>>>;
template <class T>
concept range_of_floats =
    summarized_range<T> && std::is_floating_point_v<std::remove_cvref_t<std::ranges::range_reference_t<const T>>>;

// The index of the first element of `range` for which `bad` holds, or nothing. The first pass
// has no early exit, so that the compiler can vectorize it (the usual case: every element
// passes); only a failure pays for a second pass that finds the element.
template <class Range, class Bad>
std::optional<std::size_t> first_bad(const Range& range, const Bad& bad) {
    bool any = false;
    for (const auto& element : range) any |= bad(element);
    if (!any) return std::nullopt;
    std::size_t i = 0;
    for (const auto& element : range) {
        if (bad(element)) return i;
        ++i;
    }
    return std::nullopt;
}

template <class Range>
decltype(auto) element_at(const Range& range, std::size_t index) {
    return *std::ranges::next(std::ranges::begin(range), static_cast<std::ranges::range_difference_t<const Range>>(index));
}

[[noreturn]] inline void bad_range_bounds(const std::string& low, const std::string& high) {
    throw error(fmt::format("in_range({}, {}): the lower bound must not be above the upper bound, and neither may be "
                            "NaN; give in_range(low, high) with low <= high",
                            low, high));
}

}  // namespace detail

// ---- the checks ----------------------------------------------------------------------------------
//
// A check has a `label` (its tag value and the name compile errors show), applies_to<T> (does
// it take a node value of type T), description() (its text in messages) and validate(value),
// which returns what is wrong, or nothing when the value passes. validate allocates only on a
// failure.

// Every number within [Low, High], both included: a number, or each element of a range of numbers.
template <class Low, class High>
struct in_range_check {
    Low low;
    High high;

    static constexpr fixed_string label{"in_range"};
    template <class T>
    static constexpr bool applies_to = detail::number<T> || detail::range_of_numbers<T>;

    [[nodiscard]] std::string description() const { return fmt::format("in_range({}, {})", low, high); }

    template <class T>
    [[nodiscard]] std::optional<std::string> validate(const T& value) const {
        const auto outside = [this](const auto& x) {
            // & rather than &&: no branch per element (see first_bad); NaN is outside.
            return (int(detail::number_less_equal(low, x)) & int(detail::number_less_equal(x, high))) == 0;
        };
        if constexpr (detail::number<T>) {
            if (!outside(value)) return std::nullopt;
            return fmt::format("{} is outside [{}, {}]", value, low, high);
        } else {
            const auto bad = detail::first_bad(value, outside);
            if (!bad) return std::nullopt;
            return fmt::format("element [{}] = {} is outside [{}, {}]; value: {}", *bad,
                               detail::summarize(detail::element_at(value, *bad)), low, high, detail::summarize(value));
        }
    }
};

// low <= value <= high for a number, or for every element of a range of numbers.
template <class Low, class High>
    requires(detail::number<Low> && detail::number<High>)
constexpr in_range_check<Low, High> in_range(Low low, High high) {
    if (detail::is_nan(low) || detail::is_nan(high) || detail::number_less(high, low))
        detail::bad_range_bounds(fmt::format("{}", low), fmt::format("{}", high));
    return {low, high};
}

// Not empty: anything std::ranges::empty takes (a container, a string, a type with empty() or size()).
struct not_empty_check {
    static constexpr fixed_string label{"not_empty"};
    template <class T>
    static constexpr bool applies_to = requires(const T& v) { std::ranges::empty(v); };

    [[nodiscard]] std::string description() const { return "not_empty"; }

    template <class T>
    [[nodiscard]] std::optional<std::string> validate(const T& value) const {
        if (!std::ranges::empty(value)) return std::nullopt;
        return "the value is empty: " + detail::summarize(value);
    }
};

constexpr not_empty_check not_empty() { return {}; }

// No NaN: a floating-point number, or each element of a range of them.
struct no_nan_check {
    static constexpr fixed_string label{"no_nan"};
    template <class T>
    static constexpr bool applies_to = std::is_floating_point_v<T> || detail::range_of_floats<T>;

    [[nodiscard]] std::string description() const { return "no_nan"; }

    template <class T>
    [[nodiscard]] std::optional<std::string> validate(const T& value) const {
        if constexpr (std::is_floating_point_v<T>) {
            if (!detail::is_nan(value)) return std::nullopt;
            return std::string("the value is NaN");
        } else {
            const auto bad = detail::first_bad(value, [](const auto& x) { return detail::is_nan(x); });
            if (!bad) return std::nullopt;
            return fmt::format("element [{}] is NaN; value: {}", *bad, detail::summarize(value));
        }
    }
};

constexpr no_nan_check no_nan() { return {}; }

// A custom check: `predicate(value)` must be true. `Description` names it in messages and tags.
template <fixed_string Description, class Predicate>
struct satisfies_check {
    Predicate predicate;

    static constexpr auto label = Description;
    template <class T>
    static constexpr bool applies_to = std::predicate<const Predicate&, const T&>;

    [[nodiscard]] std::string description() const { return std::string(Description.view()); }

    template <class T>
    [[nodiscard]] std::optional<std::string> validate(const T& value) const {
        if (std::invoke(predicate, value)) return std::nullopt;
        return "not satisfied by " + detail::summarize(value);
    }
};

// A custom check named `Description`: `predicate` takes the node's value (const T&) and returns
// whether it is good. A named description (a template argument) lives as long as the program,
// as a tag's text must, and compile errors can show it.
template <fixed_string Description, class Predicate>
    requires(Description.size() > 0)
constexpr satisfies_check<Description, std::decay_t<Predicate>> satisfies(Predicate predicate) {
    return {std::move(predicate)};
}

namespace detail {

template <class T>
inline constexpr bool is_data_check = false;
template <class Low, class High>
inline constexpr bool is_data_check<in_range_check<Low, High>> = true;
template <>
inline constexpr bool is_data_check<not_empty_check> = true;
template <>
inline constexpr bool is_data_check<no_nan_check> = true;
template <fixed_string Description, class Predicate>
inline constexpr bool is_data_check<satisfies_check<Description, Predicate>> = true;

template <class T>
inline constexpr bool is_importance = false;
template <data_check_importance I>
inline constexpr bool is_importance<importance_constant<I>> = true;

// The tag's text: static storage, as a tag's string_view needs (a node may be constexpr).
template <class Check, data_check_importance Importance>
inline constexpr auto check_tag_text = [] {
    if constexpr (Importance == data_check_importance::warn) return join(Check::label, fixed_string(" (warn)"));
    else return Check::label;
}();

template <class... Parameters>
struct checked_parameters {};

template <class Fn, class = std::make_index_sequence<callable_traits<Fn>::arity>>
struct checked_parameters_of;
template <class Fn, std::size_t... I>
struct checked_parameters_of<Fn, std::index_sequence<I...>> {
    using type = checked_parameters<param_t<Fn, I>...>;
};

// A node's callable with checks: the same parameter types as `Fn` (so the node keeps its
// dependencies' types, and the engine copies exactly as before; a by-value argument is moved
// once more), a non-template call operator, and the checks run on the value before it is
// returned.
template <class Fn, data_check_importance Importance, class Checks, class Parameters>
class checked_function;

template <class Fn, data_check_importance Importance, class... Checks, class... Parameters>
class checked_function<Fn, Importance, std::tuple<Checks...>, checked_parameters<Parameters...>> {
public:
    using result = result_t<Fn>;

    constexpr checked_function(Fn wrapped, std::tuple<Checks...> attached, std::string_view node,
                               std::string_view function_name)
        : function_(std::move(wrapped)), checks_(std::move(attached)), node_(node), function_name_(function_name) {}

    result operator()(Parameters... arguments) const {
        if constexpr (std::is_reference_v<result>) {
            result out = std::invoke(function_, std::forward<Parameters>(arguments)...);
            verify(std::as_const(out));
            return static_cast<result>(out);
        } else {
            result out = std::invoke(function_, std::forward<Parameters>(arguments)...);
            verify(std::as_const(out));
            return out;
        }
    }

    // The function itself, for tests and for reading what the node does.
    [[nodiscard]] constexpr const Fn& function() const noexcept { return function_; }
    [[nodiscard]] constexpr const std::tuple<Checks...>& checks() const noexcept { return checks_; }
    static constexpr data_check_importance importance = Importance;

private:
    template <class Value>
    void verify(const Value& value) const {
        std::vector<data_check_result> failed;
        std::apply([&](const Checks&... check) { (verify_one(check, value, failed), ...); }, checks_);
        if (failed.empty()) return;
        if constexpr (Importance == data_check_importance::fail) {
            throw data_check_error(std::move(failed));
        } else {
            for (const auto& r : failed) report_data_check_warning(r);
        }
    }

    template <class Check, class Value>
    void verify_one(const Check& check, const Value& value, std::vector<data_check_result>& failed) const {
        auto problem = check.validate(value);
        if (!problem) return;
        failed.push_back(data_check_result{std::string(node_), std::string(function_name_), check.description(),
                                           Importance, std::move(*problem)});
    }

    Fn function_;
    std::tuple<Checks...> checks_;
    std::string_view node_;
    std::string_view function_name_;
};

template <std::size_t N>
constexpr std::size_t first_failing_check(const std::array<bool, N>& applies) {
    std::size_t k = 0;
    while (k < N && applies[k]) ++k;
    return k;
}

template <data_check_importance Importance, fixed_string Name, class Fn, std::size_t C, std::size_t L, std::size_t T,
          class Defaults, fixed_string... Deps, class... Checks>
constexpr auto with_checks(const node_definition<Name, node_fields<Fn, C, L, T, Defaults>, Deps...>& n,
                           const Checks&... checks) {
    using node_type = node_definition<Name, node_fields<Fn, C, L, T, Defaults>, Deps...>;
    using value = typename node_type::result_type;
    constexpr std::array<bool, sizeof...(Checks) + 1> applies{Checks::template applies_to<value>..., true};
    constexpr std::size_t bad = first_failing_check(applies);
    if constexpr (bad < sizeof...(Checks)) {
        using check = std::tuple_element_t<bad, std::tuple<Checks...>>;
        (void)sizeof(compile_error::data_check_mismatch<compile_error::named<Name>, compile_error::named<check::label>,
                                                        value>);
        return n;
    } else {
        using wrapped = checked_function<Fn, Importance, std::tuple<Checks...>, typename checked_parameters_of<Fn>::type>;
        node_definition<Name, node_fields<wrapped, C, L, T + sizeof...(Checks), Defaults>, Deps...> out{
            {wrapped(n.function, std::tuple<Checks...>(checks...), node_type::name, node_type::function_name),
             n.documentation,
             {},
             n.conditions,
             n.literals,
             n.defaults}};
        for (std::size_t i = 0; i < T; ++i) out.tags[i] = n.tags[i];
        const std::array<std::string_view, sizeof...(Checks)> texts{check_tag_text<Checks, Importance>.view()...};
        for (std::size_t i = 0; i < sizeof...(Checks); ++i) out.tags[T + i] = hamilton::tag{data_check_tag, texts[i]};
        return out;
    }
}

// check_output(node, check..., importance): every argument but the last is a check, the last an importance.
template <class... Arguments>
constexpr bool checks_then_importance() {
    if constexpr (sizeof...(Arguments) < 2) {
        return false;
    } else {
        using all = std::tuple<Arguments...>;
        return is_importance<std::tuple_element_t<sizeof...(Arguments) - 1, all>> &&
               []<std::size_t... K>(std::index_sequence<K...>) {
                   return (is_data_check<std::tuple_element_t<K, all>> && ...);
               }(std::make_index_sequence<sizeof...(Arguments) - 1>{});
    }
}

template <data_check_importance Importance, class Node, class Arguments, std::size_t... K>
constexpr auto with_checks_from(const Node& n, const Arguments& arguments, std::index_sequence<K...>) {
    return with_checks<Importance>(n, std::get<K>(arguments)...);
}

}  // namespace detail

// `node` with `checks` run on its value each time it is computed; a failed check throws a
// data_check_error (the node fails).
template <class Node, class... Checks>
    requires(detail::is_node_definition<Node> && sizeof...(Checks) > 0 && (detail::is_data_check<Checks> && ...))
constexpr auto check_output(const Node& node, const Checks&... checks) {
    return detail::with_checks<data_check_importance::fail>(node, checks...);
}

// `node` with `checks`, the last argument hamilton::warn or hamilton::fail saying what a failed
// check does: report it to the data check handler and pass the value on (warn), or throw (fail).
template <class Node, class... Arguments>
    requires(detail::is_node_definition<Node> && detail::checks_then_importance<Arguments...>())
constexpr auto check_output(const Node& node, const Arguments&... arguments) {
    using importance = std::tuple_element_t<sizeof...(Arguments) - 1, std::tuple<Arguments...>>;
    return detail::with_checks_from<importance::value>(node, std::forward_as_tuple(arguments...),
                                                        std::make_index_sequence<sizeof...(Arguments) - 1>{});
}

}  // namespace hamilton
