// hamilton/detail/clock.hpp: std::chrono's durations and steady_clock, which the adapters' hooks
// report and the engine measures, without the rest of <chrono>.
//
// Since C++20, libstdc++'s <chrono> also holds the calendar, time zones and their formatting, and
// includes <sstream> for them: about half a second of every compile of a program that includes
// hamilton.hpp. libstdc++ (11 and later) keeps durations and clocks in <bits/chrono.h>, which its
// own <thread> and <mutex> include; elsewhere this is <chrono>. A program that uses the rest of
// std::chrono includes <chrono> itself.
#pragma once

#include <cstddef>  // defines __GLIBCXX__ with libstdc++

#if defined(__GLIBCXX__) && __has_include(<bits/chrono.h>)
#include <bits/chrono.h>
#else
#include <chrono>
#endif
