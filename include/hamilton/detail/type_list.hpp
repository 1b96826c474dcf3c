// hamilton/detail/type_list.hpp: the I-th type of a long pack, found without recursion.
//
// Every type is a base of one flat struct; overload resolution picks the base with index I.
// Unlike std::tuple_element on libstdc++'s recursive std::tuple, this keeps graphs of
// thousands of nodes within the compiler's template depth and grows linearly.
#pragma once

#include <cstddef>
#include <utility>

namespace hamilton::detail {

template <std::size_t I, class T>
struct indexed {
    using type = T;
};

template <class Indices, class... Types>
struct indexed_types;

template <std::size_t... I, class... Types>
struct indexed_types<std::index_sequence<I...>, Types...> : indexed<I, Types>... {};

template <std::size_t I, class T>
indexed<I, T> select_indexed(const indexed<I, T>*);

template <class... Types>
using type_list = indexed_types<std::index_sequence_for<Types...>, Types...>;

template <std::size_t I, class List>
using type_at = typename decltype(select_indexed<I>(static_cast<const List*>(nullptr)))::type;

}  // namespace hamilton::detail
