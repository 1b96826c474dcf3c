// hamilton/detail/range_concepts.hpp: the range concepts and customization points of <ranges>
// (std::ranges::input_range, range_reference_t, size, empty, begin, next...) without its views.
//
// libstdc++'s <ranges> is mostly views and adaptors, which the library does not use and every
// program including hamilton.hpp would compile; libstdc++ (11 and later) keeps the concepts and
// customization points in <bits/ranges_base.h>, which its own <string_view> and <span> include.
// Elsewhere this is <ranges>.
#pragma once

#include <cstddef>  // defines __GLIBCXX__ with libstdc++

#if defined(__GLIBCXX__) && __has_include(<bits/ranges_base.h>)
#include <bits/ranges_base.h>
#else
#include <ranges>
#endif
