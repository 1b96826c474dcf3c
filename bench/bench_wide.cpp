// bench/bench_wide.cpp: a wide compile-time graph of WIDE_WORKERS nodes of about 20 µs of work
// each, executed by the synchronous executor, by multithreading_executor(2) and, when built with
// oneTBB, by the same graph in oneTBB's flow_graph (a function_node per worker) on 2 threads.
//
//   bench_wide [SAMPLES]     one table: hand-written loop, the three executions, speedup and ratio
//
// The graph comes from wide.hpp, which bench/gen_wide.py generates at build time: one source node
// `seed` reading the input x, WIDE_WORKERS independent workers w<i> reading seed, reducers r<j>
// summing WIDE_FAN_IN workers each, and `total` summing the reducers.
#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>

#include "bench_util.hpp"
#include "parallel_util.hpp"
#include "wide.hpp"

#if HAMILTON_BENCH_TBB
#include <oneapi/tbb/global_control.h>

#include "tbb_graphs.hpp"
#endif

namespace {

constexpr std::size_t workers = WIDE_WORKERS;
constexpr std::size_t fan_in = WIDE_FAN_IN;

// Left to right, as the generated reducers add: every variant's result is the same, bit for bit.
double sum(std::span<const double> values) {
    double s = values.empty() ? 0.0 : values[0];
    for (std::size_t i = 1; i < values.size(); ++i) s += values[i];
    return s;
}

// The same functions called by hand, in order, on one thread.
[[gnu::noinline]] double by_hand(double x) {
    const double s = wide::seed(x);
    std::vector<double> results(workers);
    for (std::size_t i = 0; i < workers; ++i) results[i] = wide::workers[i](s);
    std::vector<double> reduced;
    for (std::size_t first = 0; first < workers; first += fan_in)
        reduced.push_back(sum(std::span<const double>(results).subspan(first, std::min(fan_in, workers - first))));
    return sum(reduced);
}

enum variant { hand, sync, threads, tbb_graph, variant_count };

int bench_wide(int samples) {
    const double work_ns = spin::calibrate(20000);
    const double x = 0.5;
    const hamilton::values inputs{{"x", x}};
    const auto sync_dr = hamilton::builder().with_modules(wide::nodes).build();
    const auto threads_dr =
        hamilton::builder().with_modules(wide::nodes).with_executor(hamilton::multithreading_executor(2)).build();
    const double expected = by_hand(x);
    bench::check(sync_dr.execute<"total">(inputs) == expected, "synchronous execute == by hand");
    bench::check(threads_dr.execute<"total">(inputs) == expected, "multithreading execute == by hand");
    bench::check(threads_dr.execute({"total"}, inputs).get<double>("total") == expected,
                 "multithreading execute by name == by hand");
    std::size_t variants = tbb_graph;
#if HAMILTON_BENCH_TBB
    // Two threads for oneTBB too: the thread that waits works as well, so this is two in all,
    // as many as multithreading_executor(2) runs nodes on.
    oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism, 2);
    tbb_graphs::wide_graph tbb(&wide::seed, wide::workers, fan_in);
    bench::check(tbb.run(x) == expected, "oneTBB flow_graph == by hand");
    variants = variant_count;
#endif
    auto run = [&](std::size_t v) -> double {
        switch (v) {
            case hand: return by_hand(bench::opaque_double(x));
            case sync: return sync_dr.execute<"total">(inputs);
            case threads: return threads_dr.execute<"total">(inputs);
#if HAMILTON_BENCH_TBB
            case tbb_graph: return tbb.run(x);
#endif
            default: return 0;
        }
    };
    for (std::size_t v = 0; v < variants; ++v) bench::keep(run(v));
    const std::string load = bench::load_average();
    const auto r = bench::interleaved(variants, run, samples, 1, 1e6);  // ms per execute

    std::printf("### Wide compile-time graph: %zu workers of %.1f µs of work each, %d reducers, %zu nodes in all "
                "(%d samples, variants interleaved; load average before: %s)\n\n",
                workers, work_ns / 1000, WIDE_REDUCERS, workers + WIDE_REDUCERS + 2, samples, load.c_str());
    bench::print_speedups(r, {"hand-written calls, 1 thread", "hamilton-cpp, synchronous_executor",
                              "hamilton-cpp, multithreading_executor(2)",
                              "oneTBB flow_graph, a function_node per worker, 2 threads"},
                          hand, sync, threads, tbb_graph);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const int samples = argc > 1 ? std::atoi(argv[1]) : 21;
    if (argc > 2 || samples < 1) {
        std::fprintf(stderr, "usage: %s [SAMPLES]   (SAMPLES ≥ 1, default 21)\n", argv[0]);
        return 1;
    }
    return bench_wide(samples);
}
