// hamilton/detail/state.hpp: the typed values of one execution, one slot per name in the graph.
//
// A slot either owns its value (a node computed it) or refers to one the caller owns (an input
// or override, read in place). The state is a flat struct with one base per slot, so a node's
// code reads its dependencies at offsets fixed at compile time.
#pragma once

#include <any>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../config.hpp"
#include "../error.hpp"
#include "names.hpp"

namespace hamilton::detail {

template <class T>
class slot {
public:
    [[nodiscard]] bool empty() const noexcept { return current_ == nullptr; }
    [[nodiscard]] bool owns() const noexcept { return owned_.has_value(); }
    [[nodiscard]] const T& get() const noexcept { return *current_; }
    [[nodiscard]] T& owned() noexcept { return *owned_; }

    template <class... Args>
    void emplace(Args&&... args) {
        owned_.emplace(std::forward<Args>(args)...);
        current_ = &*owned_;
    }
    void refer(const T& external) noexcept { current_ = &external; }
    void reset() noexcept {
        owned_.reset();
        current_ = nullptr;
    }

    // The value for the caller: moved out when this slot owns it, copied when it is the caller's.
    [[nodiscard]] T take() {
        if (owns()) return std::move(*owned_);
        if constexpr (std::is_copy_constructible_v<T>) {
            return T(get());
        } else {
            throw error(fmt::format("the value of type {} was given by the caller and cannot be copied "
                                    "into the results",
                                    type_name<T>()));
        }
    }

private:
    const T* current_ = nullptr;
    std::optional<T> owned_;
};

template <std::size_t S, class T>
struct slot_holder {
    slot<T> value;
};

template <std::size_t S, class T>
slot<T>& slot_at(slot_holder<S, T>& holder) noexcept {
    return holder.value;
}

template <class Graph, class Indices = std::make_index_sequence<Graph::slot_count>>
struct state;

template <class Graph, std::size_t... S>
struct state<Graph, std::index_sequence<S...>> : slot_holder<S, typename Graph::template slot_type<S>>... {};

// ---- the type-erased operations on one slot (see slot_ops in engine.hpp) ------------------------

template <class T>
bool bind_any(slot<T>& target, const std::any& value) {
    if constexpr (std::is_copy_constructible_v<T>) {
        if (const T* v = std::any_cast<T>(&value)) {
            target.refer(*v);
            return true;
        }
    }
    if (const auto* r = std::any_cast<std::reference_wrapper<const T>>(&value)) {
        target.refer(r->get());
        return true;
    }
    if (const auto* r = std::any_cast<std::reference_wrapper<T>>(&value)) {
        target.refer(r->get());
        return true;
    }
    return false;
}

template <class T>
std::string bind_config(slot<T>& target, const config_value& value) {
    const auto& v = value.get();
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> ||
                  std::is_same_v<T, double> || std::is_same_v<T, config_value::string_list>) {
        if (const T* exact = std::get_if<T>(&v)) {
            target.refer(*exact);
            return {};
        }
    }
    if constexpr (std::is_same_v<T, std::string_view>) {
        if (const auto* text = std::get_if<std::string>(&v)) {
            target.emplace(*text);
            return {};
        }
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        if (const auto* number = std::get_if<std::int64_t>(&v)) {
            if (!std::in_range<T>(*number))
                return fmt::format("({}) does not fit in the {} its consumers take", *number, type_name<T>());
            target.emplace(static_cast<T>(*number));
            return {};
        }
    } else if constexpr (std::is_floating_point_v<T>) {
        if (const auto* number = std::get_if<double>(&v)) {
            target.emplace(static_cast<T>(*number));
            return {};
        }
        if (const auto* number = std::get_if<std::int64_t>(&v)) {
            target.emplace(static_cast<T>(*number));
            return {};
        }
    }
    return fmt::format("is {} ({}), but its consumers take a {}; give the config value that kind or "
                       "change the parameter's type",
                       value.kind_name(), value.to_string(), type_name<T>());
}

template <class T>
std::any take_any(slot<T>& source) {
    if constexpr (std::is_copy_constructible_v<T>) {
        return std::any(source.take());
    } else {
        throw error(fmt::format("a value of type {} cannot be returned by name (std::any needs a copyable "
                                "type); request it with the typed execute<\"name\">(...)",
                                type_name<T>()));
    }
}

}  // namespace hamilton::detail
