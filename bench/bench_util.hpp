// bench/bench_util.hpp: timing and reporting helpers shared by the benchmarks.
//
// Plain std::chrono: every benchmark times several variants interleaved in one process and
// reports the median and the minimum of many samples, so that a shared, noisy machine affects
// all variants alike.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace bench {

using clock = std::chrono::steady_clock;

// Keeps the compiler from dropping the computation of `value`.
template <class T>
inline void keep(const T& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}

// Returns `value`, which the compiler must assume it has never seen: calls taking it cannot be
// hoisted out of a loop or merged.
template <class T>
inline T opaque(T value) {
    asm volatile("" : "+r,m"(value) : : "memory");
    return value;
}

inline double elapsed_ns(clock::time_point start, clock::time_point stop) {
    return std::chrono::duration<double, std::nano>(stop - start).count();
}

struct summary {
    double median = 0;
    double min = 0;
};

inline summary summarize(std::vector<double> samples) {
    if (samples.empty()) return {};
    std::sort(samples.begin(), samples.end());
    const std::size_t n = samples.size();
    const double median = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
    return {median, samples.front()};
}

// Stops the benchmark when a result is wrong: the numbers of a wrong computation mean nothing.
inline void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "benchmark check failed: %s\n", what);
        std::exit(2);
    }
}

}  // namespace bench
