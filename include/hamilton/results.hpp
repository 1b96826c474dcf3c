// hamilton/results.hpp: values passed to execute (inputs, overrides) and the results it returns.
//
//   hamilton::values inputs{{"spend", spend}, {"signups", std::cref(signups)}};
//   hamilton::results r = dr.execute({"spend_mean"}, inputs);
//   double mean = r.get<double>("spend_mean");
//
// A value given as std::cref(x) (or std::ref) is read in place, without a copy.
#pragma once

#include <any>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/message.hpp"
#include "detail/names.hpp"
#include "error.hpp"

namespace hamilton {

// Named values of any type: the inputs and overrides of execute.
using values = std::map<std::string, std::any, std::less<>>;

// The outputs of a by-name execute, in the order they were requested.
class results {
public:
    results() = default;

    [[nodiscard]] bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

    // The value named `name`, which must be a T (not a reference or const).
    template <class T>
    [[nodiscard]] const T& get(std::string_view name) const {
        const std::any* value = find(name);
        if (value == nullptr) throw_missing(name);
        if (const T* typed = std::any_cast<T>(value)) return *typed;
        throw error(detail::message("result '{}' has type {}, not the {} asked for; call get<{}>(\"{}\")", name,
                                detail::type_name(value->type()), detail::type_name<T>(),
                                detail::type_name(value->type()), name));
    }

    // The value named `name` as a std::any, for generic code (printing, serialising).
    [[nodiscard]] const std::any& get_any(std::string_view name) const {
        const std::any* value = find(name);
        if (value == nullptr) throw_missing(name);
        return *value;
    }

    [[nodiscard]] std::vector<std::string_view> names() const {
        std::vector<std::string_view> out;
        for (const auto& e : entries_) out.push_back(e.first);
        return out;
    }

    [[nodiscard]] auto begin() const noexcept { return entries_.begin(); }
    [[nodiscard]] auto end() const noexcept { return entries_.end(); }

    void add(std::string name, std::any value) { entries_.emplace_back(std::move(name), std::move(value)); }

private:
    [[nodiscard]] const std::any* find(std::string_view name) const noexcept {
        for (const auto& e : entries_)
            if (e.first == name) return &e.second;
        return nullptr;
    }
    [[noreturn]] void throw_missing(std::string_view name) const {
        const auto known = names();
        const auto close = detail::suggest(name, known);  // "; did you mean 'x'?" or ""
        throw error(detail::message("results have no value named '{}'{}{} {}", name, close,
                                close.empty() ? "; they hold" : " They hold", detail::quoted_list(known)));
    }

    std::vector<std::pair<std::string, std::any>> entries_;
};

}  // namespace hamilton
