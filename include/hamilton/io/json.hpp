// hamilton/io/json.hpp: a JSON saver and loader for materialize.
//
//   dr.materialize({hamilton::to_json("summary.json", {"spend_mean", "spend"}),          // {"spend_mean": .., "spend": [..]}
//                   hamilton::from_json<std::vector<double>>("spend", "in.json", "/weeks/spend")});
//
// An optional header: it needs nlohmann-json (Debian: apt-get install nlohmann-json3-dev).
// to_json<T...>(path, names) names the outputs' types, checked at compile time for what
// nlohmann::json can serialize; to_json(path, names) writes numbers, bools, strings and vectors
// and string-keyed maps of them, and reports any other type before anything runs.
#pragma once

#include <any>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
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
    return fmt::format("output '{}' is a {}, which to_json cannot write by name; name the types, "
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

}  // namespace io_detail::json

// Writes a JSON document made from some outputs: by default the object {"name": value, ...}, or
// what a result builder makes of them. Written atomically (see write_file_atomically).
class json_saver {
public:
    using document_maker = std::function<nlohmann::json(const results&)>;
    using type_checker = std::function<std::vector<std::string>(const std::vector<variable>&)>;

    json_saver(std::filesystem::path path, std::vector<std::string> outputs, std::string id, document_maker document,
               type_checker check)
        : path_(std::move(path)),
          outputs_(std::move(outputs)),
          id_(id.empty() ? path_.string() : std::move(id)),
          document_(std::move(document)),
          check_(std::move(check)) {}

    [[nodiscard]] std::string id() const { return id_; }
    [[nodiscard]] std::vector<std::string> dependencies() const { return outputs_; }
    [[nodiscard]] std::filesystem::path path() const { return path_; }
    [[nodiscard]] std::string name() const { return "json"; }
    [[nodiscard]] std::vector<std::string> check_types(const std::vector<variable>& outputs) const {
        return check_ ? check_(outputs) : std::vector<std::string>{};
    }

    [[nodiscard]] save_metadata save(const results& values) const {
        const nlohmann::json document = document_(values);
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
            [names](const results& values) {
                nlohmann::json out = nlohmann::json::object();
                for (const auto& name : names) {
                    const std::any& value = values.get_any(name);
                    if (!io_detail::json::to_document(value, out[name], io_detail::json::scalars{}))
                        throw error(io_detail::json::not_writable(name, hamilton::detail::type_name(value.type())));
                }
                return out;
            },
            [](const std::vector<variable>& outputs) {
                std::vector<std::string> problems;
                for (const auto& v : outputs)
                    if (!io_detail::json::writable(v.type, io_detail::json::scalars{}))
                        problems.push_back(io_detail::json::not_writable(v.name, v.type));
                return problems;
            });
    } else {
        if (outputs.size() != sizeof...(T))
            throw error(fmt::format("to_json<{}>: {} types for {} outputs {}; give one type per output, in order",
                                    fmt::join(std::vector<std::string>{hamilton::detail::type_name<T>()...}, ", "),
                                    sizeof...(T), outputs.size(),
                                    hamilton::detail::quoted_list({outputs.begin(), outputs.end()})));
        auto names = outputs;
        return json_saver(
            std::move(path), std::move(outputs), std::move(id),
            [names](const results& values) {
                return io_detail::json::typed_document<T...>(values, names, std::index_sequence_for<T...>{});
            },
            [](const std::vector<variable>& outputs) {
                const std::vector<std::string> declared{hamilton::detail::type_name<T>()...};
                std::vector<std::string> problems;
                for (std::size_t i = 0; i < outputs.size(); ++i)
                    if (outputs[i].type != declared[i])
                        problems.push_back(fmt::format("output '{}' is a {}, but to_json names it a {}",
                                                       outputs[i].name, outputs[i].type, declared[i]));
                return problems;
            });
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
        [names, combine = std::move(combine)](const results& values) {
            return nlohmann::json(detail::build_result(names, combine, values));
        },
        {});
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
        loaded<T> out{[&] {
                          try {
                              return value.template get<T>();
                          } catch (const nlohmann::json::exception& e) {
                              throw error(fmt::format("cannot read '{}': the value at '{}' (a JSON {}) is not a {}: {}",
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
