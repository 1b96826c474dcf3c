// hamilton/detail/output_names.hpp: what the driver's by-name members take as the outputs to
// compute: a braced list of names, or any range of things that convert to std::string_view.
#pragma once

#include <initializer_list>
#include <string_view>
#include <type_traits>
#include <vector>

#include "range_concepts.hpp"

namespace hamilton::detail {

// A range of names: std::vector<std::string> (const or not), std::array<std::string_view, N>,
// std::span<const char* const>... Its elements must outlive the call, so one that yields owning
// strings by value (a view making std::string) is not one. A single string is not one either:
// its elements are chars. Nor is a result builder, so that execute(builder, names) is never
// taken for execute(names, inputs).
template <class Names>
concept output_names =
    std::ranges::input_range<const Names&> &&
    std::is_convertible_v<std::ranges::range_reference_t<const Names&>, std::string_view> &&
    (std::is_reference_v<std::ranges::range_reference_t<const Names&>> ||
     std::is_trivially_copyable_v<std::ranges::range_reference_t<const Names&>>);

// The parameter type of those members: one type for a braced list ({"a", "b"}) and for a range
// of names, so that each member needs one overload. Views into the names, which live until the
// call returns.
class output_name_list {
public:
    output_name_list() = default;
    output_name_list(std::initializer_list<std::string_view> names) : names_(names) {}
    template <output_names Names>
    output_name_list(const Names& names) {  // implicit: execute(names, ...) takes any range of names
        if constexpr (std::ranges::sized_range<const Names&>) names_.reserve(std::ranges::size(names));
        for (auto&& name : names) names_.emplace_back(std::string_view(name));
    }

    [[nodiscard]] const std::vector<std::string_view>& views() const noexcept { return names_; }
    [[nodiscard]] auto begin() const noexcept { return names_.begin(); }
    [[nodiscard]] auto end() const noexcept { return names_.end(); }

private:
    std::vector<std::string_view> names_;
};

}  // namespace hamilton::detail
