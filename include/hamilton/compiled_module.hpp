// hamilton/compiled_module.hpp: a module compiled in its own translation unit, as the rest of the
// program sees it: an opaque value that builder().with_modules(...) takes beside header modules.
//
//   // features.hpp, included by main.cpp: nothing of the module's nodes is visible here
//   #include <hamilton/compiled_module.hpp>
//   hamilton::compiled_module features();
//
//   // features.cpp: the nodes, checked at compile time as a graph of their own
//   #include <hamilton/compile_module.hpp>
//   constexpr auto feature_nodes = hamilton::module(HAMILTON_NODE(...), ...);
//   hamilton::compiled_module features() { return hamilton::compile_module<"features", feature_nodes>(); }
//
// This header is small on purpose: a unit that only passes compiled modules to a builder does not
// parse their nodes, nor the code that links them (detail/link.hpp, compiled with the modules).
#pragma once

#include <memory>
#include <utility>

namespace hamilton {

namespace detail {
struct module_unit;  // detail/module_unit.hpp
}  // namespace detail

class compiled_module {
public:
    explicit compiled_module(std::shared_ptr<const detail::module_unit> unit) noexcept : unit_(std::move(unit)) {}

    [[nodiscard]] const detail::module_unit& unit() const noexcept { return *unit_; }

private:
    std::shared_ptr<const detail::module_unit> unit_;
};

}  // namespace hamilton
