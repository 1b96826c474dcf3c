// hamilton/io/json.hpp: a JSON saver and loader for materialize.
//
//   dr.materialize({hamilton::to_json("summary.json", {"spend_mean", "spend"}),          // {"spend_mean": .., "spend": [..]}
//                   hamilton::from_json<std::vector<double>>("spend", "in.json", "/weeks/spend")});
//
// An optional header: it needs nlohmann-json (Debian: apt-get install nlohmann-json3-dev).
// to_json<T...>(path, names) names the outputs' types, checked at compile time for what
// nlohmann::json can serialize; to_json(path, names) writes numbers, bools, strings and vectors
// and string-keyed maps of them, and reports any other type before anything runs. NaN and
// infinities are refused: JSON has no form for them. from_json refuses a number its type cannot
// hold, instead of nlohmann's cast to another number.
#pragma once

#include <any>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <ranges>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../detail/names.hpp"
#include "../error.hpp"
#include "../materialize.hpp"
#include "../result_builder.hpp"
#include "../results.hpp"
#include "../variable.hpp"

namespace hamilton {

// Can nlohmann::json hold a T? (For your own type: a to_json(nlohmann::json&, const T&) function
// found by ADL, or NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE.)
template <class T>
concept json_serializable = std::is_constructible_v<nlohmann::json, const T&>;

namespace io_detail::json {

template <class... T>
struct types {};
using scalars = types<bool, int, long, long long, unsigned, unsigned long, unsigned long long, float, double,
                      std::string>;

// The types to_json writes by name: each scalar, a std::vector of it, a std::map from
// std::string to it, and nlohmann::json itself.
template <class S>
bool try_shapes(const std::any& value, nlohmann::json& out) {
    if (const auto* v = std::any_cast<S>(&value)) return out = *v, true;
    if (const auto* v = std::any_cast<std::vector<S>>(&value)) return out = *v, true;
    if (const auto* v = std::any_cast<std::map<std::string, S>>(&value)) return out = *v, true;
    return false;
}
template <class... S>
bool to_document(const std::any& value, nlohmann::json& out, types<S...>) {
    if (const auto* v = std::any_cast<nlohmann::json>(&value)) return out = *v, true;
    return (try_shapes<S>(value, out) || ...);
}
template <class... S>
bool writable(const std::string& type, types<S...>) {
    using hamilton::detail::type_name;
    return type == type_name<nlohmann::json>() ||
           ((type == type_name<S>() || type == type_name<std::vector<S>>() ||
             type == type_name<std::map<std::string, S>>()) ||
            ...);
}

inline std::string not_writable(const std::string& name, const std::string& type) {
    return fmt::format("output '{}' has type {}, which to_json cannot write by name; name the types, "
                       "to_json<{}>(...), and give {} a to_json(nlohmann::json&, const {}&) function",
                       name, type, type, type, type);
}

// The typed form: one type per output, in order.
template <class... T, std::size_t... I>
nlohmann::json typed_document(const results& values, const std::vector<std::string>& names, std::index_sequence<I...>) {
    nlohmann::json out = nlohmann::json::object();
    ((out[names[I]] = nlohmann::json(values.template get<T>(names[I]))), ...);
    return out;
}

inline std::string kind_of(const nlohmann::json& j) { return j.type_name(); }

// A pointer as messages show it: the whole document is "/".
inline std::string shown(const nlohmann::json::json_pointer& at) {
    return at.empty() ? std::string("/") : at.to_string();
}

// The first name in a pointer that is not the whole document: in {"name": value, ...}, the output.
inline std::string first_token(nlohmann::json::json_pointer at) {
    while (!at.parent_pointer().empty()) at = at.parent_pointer();
    return at.back();
}

// The first NaN or infinity in `j`, which dump() would write as null, with where it is.
inline const nlohmann::json* first_non_finite(const nlohmann::json& j, nlohmann::json::json_pointer& at) {
    if (j.is_number_float()) return std::isfinite(j.get<double>()) ? nullptr : &j;
    if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i) {
            at.push_back(std::to_string(i));
            if (const auto* found = first_non_finite(j[i], at)) return found;
            at.pop_back();
        }
    if (j.is_object())
        for (const auto& [key, value] : j.items()) {
            at.push_back(key);
            if (const auto* found = first_non_finite(value, at)) return found;
            at.pop_back();
        }
    return nullptr;
}

// Does a JSON number fit in the arithmetic type N? nlohmann's get<N>() casts whatever it holds,
// so 2.75 would load as 2, -1 as 4294967295, and 1e300 as undefined behaviour.
template <class N>
bool fits(const nlohmann::json& number) {
    using limits = std::numeric_limits<N>;
    if constexpr (std::is_same_v<N, bool>) {
        return true;  // nlohmann refuses a number as a bool itself
    } else if constexpr (std::is_integral_v<N>) {
        if (number.is_number_unsigned()) return number.get<std::uint64_t>() <= static_cast<std::uint64_t>(limits::max());
        if (number.is_number_integer()) {
            const auto v = number.get<std::int64_t>();
            return v >= 0 ? static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(limits::max())
                          : limits::is_signed && v >= static_cast<std::int64_t>(limits::min());
        }
        // A double: whole, and inside [min, max]; 2^digits is exact as a double, max may not be.
        const double v = number.get<double>();
        const double above_max = std::ldexp(1.0, limits::digits);
        return std::trunc(v) == v && v < above_max && (limits::is_signed ? v >= -above_max : v >= 0);
    } else {
        // Rounding to the nearest float is what reading a decimal number means; overflowing is not.
        return !number.is_number_float() || sizeof(N) >= sizeof(double) ||
               std::fabs(number.get<double>()) <= static_cast<double>(limits::max());
    }
}

template <class N>
std::string range_of() {
    using limits = std::numeric_limits<N>;
    if constexpr (std::is_integral_v<N>)
        return fmt::format("whole numbers from {} to {}", +limits::min(), +limits::max());
    else
        return fmt::format("numbers from {} to {}", limits::lowest(), limits::max());
}

template <class T>
concept string_like = std::is_convertible_v<const T&, std::string_view>;
template <class T>
concept map_like = requires { typename T::key_type; typename T::mapped_type; } && std::ranges::range<T>;
template <class T>
concept sequence_like = requires { typename T::value_type; } && std::ranges::range<T> && !string_like<T> &&
                        !map_like<T> && !std::is_same_v<T, nlohmann::json>;
template <class T>
concept tuple_like = requires { std::tuple_size<T>::value; } && !sequence_like<T>;

// Throws when a number inside `j`, read as a T, would become another number: for numbers, and
// the standard containers, pairs and tuples of them that nlohmann converts, however nested. A
// type of one's own converts its members in its own from_json function.
template <class T>
void check_numbers(const nlohmann::json& j, nlohmann::json::json_pointer& at, const std::filesystem::path& path) {
    if constexpr (std::is_arithmetic_v<T>) {
        if (j.is_number() && !fits<T>(j))
            throw error(fmt::format("cannot read '{}': the number {} at '{}' does not fit in {}, which holds {}; load it "
                                    "as a type that holds it, or fix the file",
                                    path.string(), j.dump(), shown(at), hamilton::detail::type_name<T>(),
                                    range_of<T>()));
    } else if constexpr (map_like<T>) {
        using key = typename T::key_type;
        using mapped = typename T::mapped_type;
        if (j.is_object()) {
            for (const auto& [name, value] : j.items()) {
                at.push_back(name);
                check_numbers<mapped>(value, at, path);
                at.pop_back();
            }
        } else if (j.is_array()) {  // nlohmann reads a map from [[key, value], ...] too
            for (std::size_t i = 0; i < j.size(); ++i) {
                at.push_back(std::to_string(i));
                check_numbers<std::pair<key, mapped>>(j[i], at, path);
                at.pop_back();
            }
        }
    } else if constexpr (sequence_like<T>) {
        if (j.is_array())
            for (std::size_t i = 0; i < j.size(); ++i) {
                at.push_back(std::to_string(i));
                check_numbers<std::remove_cv_t<typename T::value_type>>(j[i], at, path);
                at.pop_back();
            }
    } else if constexpr (tuple_like<T>) {
        if (j.is_array() && j.size() == std::tuple_size_v<T>)
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                ((at.push_back(std::to_string(I)),
                  check_numbers<std::remove_cv_t<std::tuple_element_t<I, T>>>(j[I], at, path), at.pop_back()),
                 ...);
            }(std::make_index_sequence<std::tuple_size_v<T>>{});
    }
}

}  // namespace io_detail::json

// Writes a JSON document made from some outputs: by default the object {"name": value, ...}
// (keyed_by_output), or what a result builder makes of them. Written atomically (see
// write_file_atomically). A NaN or an infinity is refused, naming where it is: nlohmann-json
// would write null, which reads back as no number at all.
class json_saver {
public:
    using document_maker = std::function<nlohmann::json(const results&)>;
    using type_checker = std::function<std::vector<std::string>(const std::vector<variable>&)>;

    json_saver(std::filesystem::path path, std::vector<std::string> outputs, std::string id, document_maker document,
               type_checker check, bool keyed_by_output)
        : path_(std::move(path)),
          outputs_(std::move(outputs)),
          id_(id.empty() ? path_.string() : std::move(id)),
          document_(std::move(document)),
          check_(std::move(check)),
          keyed_by_output_(keyed_by_output) {}

    [[nodiscard]] std::string id() const { return id_; }
    [[nodiscard]] std::vector<std::string> dependencies() const { return outputs_; }
    [[nodiscard]] std::filesystem::path path() const { return path_; }
    [[nodiscard]] std::string name() const { return "json"; }
    [[nodiscard]] std::vector<std::string> check_types(const std::vector<variable>& outputs) const {
        return check_ ? check_(outputs) : std::vector<std::string>{};
    }

    [[nodiscard]] save_metadata save(const results& computed) const {
        const nlohmann::json document = document_(computed);
        nlohmann::json::json_pointer at;
        if (const auto* bad = io_detail::json::first_non_finite(document, at))
            throw error(fmt::format("cannot write '{}': {} holds {} at '{}'; JSON has no NaN or infinity (nlohmann-json "
                                    "would write null, which does not read back as a number): replace it before "
                                    "saving, or save it with to_csv, which writes nan and inf",
                                    path_.string(),
                                    keyed_by_output_ ? fmt::format("output '{}'", io_detail::json::first_token(at))
                                                     : std::string("the document the result builder made"),
                                    std::isnan(bad->get<double>()) ? "nan" : fmt::format("{}", bad->get<double>()),
                                    io_detail::json::shown(at)));
        std::string text;
        try {
            text = document.dump(2) + "\n";
        } catch (const nlohmann::json::exception& e) {  // a string that is not UTF-8
            throw error(fmt::format("cannot write '{}': {}", path_.string(), e.what()));
        }
        save_metadata out;
        out.bytes = write_file_atomically(path_, [&](std::FILE* file) { std::fwrite(text.data(), 1, text.size(), file); });
        out.path = path_;
        out.format = "json";
        out.rows = document.is_structured() ? document.size() : 1;
        return out;
    }

private:
    std::filesystem::path path_;
    std::vector<std::string> outputs_;
    std::string id_;
    document_maker document_;
    type_checker check_;
    bool keyed_by_output_;
};

// Saves `outputs` to the JSON file `path` as {"name": value, ...}; the saver's id is `id`, or the
// path. Without types, each output must be a number, bool, std::string, nlohmann::json, or a
// std::vector or std::map<std::string, ...> of them (checked before anything runs). With types,
// to_json<double, std::vector<int>>(path, {"a", "b"}), any type nlohmann::json can hold works,
// checked at compile time, and each output's type is checked before anything runs.
template <class... T>
json_saver to_json(std::filesystem::path path, std::vector<std::string> outputs, std::string id = {}) {
    static_assert((json_serializable<T> && ...),
                  "to_json<T...>: nlohmann::json cannot hold one of these types; give it a "
                  "to_json(nlohmann::json&, const T&) function (or NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE)");
    if constexpr (sizeof...(T) == 0) {
        auto names = outputs;
        return json_saver(
            std::move(path), std::move(outputs), std::move(id),
            [names](const results& computed) {
                nlohmann::json out = nlohmann::json::object();
                for (const auto& name : names) {
                    const std::any& value = computed.get_any(name);
                    if (!io_detail::json::to_document(value, out[name], io_detail::json::scalars{}))
                        throw error(io_detail::json::not_writable(name, hamilton::detail::type_name(value.type())));
                }
                return out;
            },
            [](const std::vector<variable>& types) {
                std::vector<std::string> problems;
                for (const auto& v : types)
                    if (!io_detail::json::writable(v.type, io_detail::json::scalars{}))
                        problems.push_back(io_detail::json::not_writable(v.name, v.type));
                return problems;
            },
            true);
    } else {
        if (outputs.size() != sizeof...(T))
            throw error(fmt::format("to_json<{}>: {} types for {} outputs {}; give one type per output, in order",
                                    fmt::join(std::vector<std::string>{hamilton::detail::type_name<T>()...}, ", "),
                                    sizeof...(T), outputs.size(),
                                    hamilton::detail::quoted_list({outputs.begin(), outputs.end()})));
        auto names = outputs;
        return json_saver(
            std::move(path), std::move(outputs), std::move(id),
            [names](const results& computed) {
                return io_detail::json::typed_document<T...>(computed, names, std::index_sequence_for<T...>{});
            },
            [](const std::vector<variable>& types) {
                const std::vector<std::string> declared{hamilton::detail::type_name<T>()...};
                std::vector<std::string> problems;
                for (std::size_t i = 0; i < types.size(); ++i)
                    if (types[i].type != declared[i])
                        problems.push_back(fmt::format("output '{}' has type {}, but to_json names type {}",
                                                       types[i].name, types[i].type, declared[i]));
                return problems;
            },
            true);
    }
}

// Saves what `combine` (a result builder: callable with const hamilton::results&) makes of
// `outputs` as the whole JSON document. What it returns must be something nlohmann::json can
// hold (checked at compile time).
template <result_builder Builder>
json_saver to_json(std::filesystem::path path, std::vector<std::string> outputs, Builder combine, std::string id = {}) {
    using made = std::remove_cvref_t<std::invoke_result_t<Builder, const results&>>;
    static_assert(json_serializable<made>,
                  "to_json(path, outputs, combine): nlohmann::json cannot hold what combine returns; give that type a "
                  "to_json(nlohmann::json&, const T&) function (or NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE)");
    auto names = outputs;
    return json_saver(
        std::move(path), std::move(outputs), std::move(id),
        [names, combine = std::move(combine)](const results& computed) {
            return nlohmann::json(detail::build_result(names, combine, computed));
        },
        {}, false);
}

// Loads a T from the JSON file `path`: the whole document, or the value at the JSON pointer
// `pointer` ("/weeks/0/spend"). T is anything nlohmann::json converts to (checked at compile time).
template <class T>
class json_loader {
    static_assert(requires(const nlohmann::json& j) { j.template get<T>(); },
                  "from_json<T>: nlohmann::json cannot convert to T; give T a from_json(const nlohmann::json&, T&) "
                  "function (or NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE)");

public:
    json_loader(std::string target, std::filesystem::path path, std::string pointer)
        : target_(std::move(target)), path_(std::move(path)), pointer_(std::move(pointer)) {
        try {
            (void)nlohmann::json::json_pointer(pointer_);
        } catch (const nlohmann::json::exception& e) {
            throw error(fmt::format("from_json of '{}': '{}' is not a JSON pointer ({}); write it like \"/weeks/0/spend\"",
                                    target_, pointer_, e.what()));
        }
    }

    [[nodiscard]] std::string target() const { return target_; }
    [[nodiscard]] std::filesystem::path path() const { return path_; }
    [[nodiscard]] std::string name() const { return "json"; }

    [[nodiscard]] loaded<T> load() const {
        const std::string text = read_file(path_);
        nlohmann::json document;
        try {
            document = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) {
            throw error(fmt::format("cannot read '{}': not valid JSON: {}", path_.string(), e.what()));
        }
        const nlohmann::json::json_pointer at(pointer_);
        if (!document.contains(at))
            throw error(fmt::format("cannot read '{}': it has no value at '{}'", path_.string(), pointer_));
        const nlohmann::json& value = document.at(at);
        nlohmann::json::json_pointer inside = at;
        io_detail::json::check_numbers<T>(value, inside, path_);
        loaded<T> out{[&] {
                          try {
                              return value.template get<T>();
                          } catch (const nlohmann::json::exception& e) {
                              throw error(fmt::format("cannot read '{}': the value at '{}' (a JSON {}) does not convert to {}: {}",
                                                      path_.string(), pointer_.empty() ? "/" : pointer_,
                                                      io_detail::json::kind_of(value),
                                                      hamilton::detail::type_name<T>(), e.what()));
                          }
                      }(),
                      {}};
        out.metadata.path = path_;
        out.metadata.bytes = text.size();
        out.metadata.format = "json";
        out.metadata.rows = value.is_structured() ? value.size() : 1;
        if (!pointer_.empty()) out.metadata.extra.emplace("pointer", pointer_);
        return out;
    }

private:
    std::string target_;
    std::filesystem::path path_;
    std::string pointer_;
};

// Loads `target` from the JSON file `path`, or from the value at `pointer` in it.
template <class T>
json_loader<T> from_json(std::string target, std::filesystem::path path, std::string pointer = {}) {
    return json_loader<T>(std::move(target), std::move(path), std::move(pointer));
}

}  // namespace hamilton
