// hamilton/parallel.hpp: fan-out and fan-in: parallelizable<T> and collect<T>.
//
//   hamilton::parallelizable<std::string> files(std::string dir) { return list_files(dir); }
//   Summary summarize(std::string files, Settings s) { ... }        // runs once per file
//   Report report(hamilton::collect<Summary> summarize) { ... }    // every file's summary, in order
//
// A node returning parallelizable<T> starts a block. A node taking a `T` named after it runs once
// per item, and so does every node downstream of it, up to a parameter of type collect<U>: that
// one receives all items' values in item order, and its node runs once. Blocks nest (a node in
// a block may return parallelizable<V> again), one fan-out may be collected several times, and
// collect<T> named after the fan-out node itself receives the items.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/range_concepts.hpp"

namespace hamilton {

namespace detail {
// The items of a fan-out or a collect: a vector, readable like one.
template <class T>
class item_vector {
public:
    using value_type = T;
    using size_type = std::size_t;
    using const_iterator = typename std::vector<T>::const_iterator;
    using iterator = const_iterator;

    item_vector() = default;
    // Copyable exactly when the items are (std::vector's own copy is declared for any T).
    item_vector(const item_vector&) requires std::is_copy_constructible_v<T> = default;
    item_vector(item_vector&&) noexcept = default;
    item_vector& operator=(const item_vector&) requires std::is_copy_assignable_v<T> = default;
    item_vector& operator=(item_vector&&) noexcept = default;
    ~item_vector() = default;
    item_vector(std::vector<T> items) : items_(std::move(items)) {}  // NOLINT(google-explicit-constructor)
    item_vector(std::initializer_list<T> items) : items_(items) {}

    [[nodiscard]] const_iterator begin() const noexcept { return items_.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return items_.end(); }
    [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
    [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
    [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return items_[i]; }
    [[nodiscard]] const T& front() const noexcept { return items_.front(); }
    [[nodiscard]] const T& back() const noexcept { return items_.back(); }

    // The items themselves; moved out of an rvalue.
    [[nodiscard]] const std::vector<T>& items() const& noexcept { return items_; }
    [[nodiscard]] std::vector<T> items() && noexcept { return std::move(items_); }

    friend bool operator==(const item_vector&, const item_vector&) = default;

protected:
    std::vector<T> items_;
};
}  // namespace detail

// What a fan-out node returns: the items its block runs over, from any range of T.
template <class T>
class parallelizable : public detail::item_vector<T> {
public:
    using detail::item_vector<T>::item_vector;
    parallelizable() = default;

    template <std::ranges::input_range Range>
        requires(!std::is_same_v<std::remove_cvref_t<Range>, parallelizable> &&
                 !std::is_same_v<std::remove_cvref_t<Range>, std::vector<T>> &&
                 std::is_constructible_v<T, std::ranges::range_reference_t<Range>>)
    parallelizable(Range&& items) {  // NOLINT(google-explicit-constructor)
        if constexpr (std::ranges::sized_range<Range>) this->items_.reserve(std::ranges::size(items));
        for (auto&& item : items) this->items_.emplace_back(std::forward<decltype(item)>(item));
    }
};

// A parameter that receives every item's value of a block, in item order.
template <class T>
class collect : public detail::item_vector<T> {
public:
    using detail::item_vector<T>::item_vector;
    collect() = default;
};

namespace detail {
template <class T>
inline constexpr bool is_parallelizable = false;
template <class T>
inline constexpr bool is_parallelizable<parallelizable<T>> = true;

template <class T>
inline constexpr bool is_collect = false;
template <class T>
inline constexpr bool is_collect<collect<T>> = true;
}  // namespace detail

}  // namespace hamilton
