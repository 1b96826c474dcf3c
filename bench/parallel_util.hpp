// bench/parallel_util.hpp: what the parallel benchmarks (bench_parallel, bench_wide, bench_hooks)
// share: the calibrated work of a node (spin::work), interleaved timing, and the machine's load.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "bench_util.hpp"

namespace bench {

// `value` read back through a volatile: calls taking it cannot be hoisted out of a loop or merged.
// (bench::opaque's register-or-memory constraint is rejected by g++ for some double constants.)
inline double opaque_double(double value) {
    volatile double copy = value;
    return copy;
}

}  // namespace bench

namespace spin {

// Rounds per call; calibrate() sets it before anything is timed.
inline long rounds = 1000;

// Each round waits for the previous one, and the compiler can neither remove nor shorten the
// loop (strict floating point, a round count it cannot see). Not sleep: the work occupies a core,
// as real node functions do, so only truly concurrent execution makes it faster.
[[gnu::noinline]] inline double work(double x, double a, double b) {
    const long n = rounds;
    for (long r = 0; r < n; ++r) x = x * a + b;
    return x;
}

// Constants that differ per node or item, close to 1 and 0 so that x stays finite and normal.
inline double factor(long i) { return 1.0 + static_cast<double>(i % 97 + 1) * 1e-9; }
inline double offset(long i) { return static_cast<double>(i % 89 + 1) * 1e-6; }

// Sets `rounds` so that one work() call takes about `target_ns`, from the fastest of several
// timings (the least disturbed by other work on a shared machine). Returns the median ns per
// call measured afterwards.
inline double calibrate(double target_ns) {
    rounds = 100000;
    double best = 1e300;
    for (int s = 0; s < 21; ++s) {
        const auto start = bench::clock::now();
        bench::keep(work(bench::opaque_double(0.5), factor(s), offset(s)));
        best = std::min(best, bench::elapsed_ns(start, bench::clock::now()));
    }
    rounds = std::max(1L, static_cast<long>(target_ns / (best / static_cast<double>(rounds))));
    std::vector<double> check;
    for (int s = 0; s < 51; ++s) {
        const auto start = bench::clock::now();
        bench::keep(work(bench::opaque_double(0.5), factor(s), offset(s)));
        check.push_back(bench::elapsed_ns(start, bench::clock::now()));
    }
    return bench::summarize(std::move(check)).median;
}

}  // namespace spin

namespace bench {

// Times `run(v)` for every variant v < variants: `samples` samples of `batch` calls each, the
// variants interleaved (rotating which goes first) so that other work on a shared machine
// affects them alike. Returns ns per call divided by `units` (items or nodes per call).
template <class Run>
std::vector<summary> interleaved(std::size_t variants, const Run& run, int samples, int batch, double units) {
    std::vector<std::vector<double>> ns(variants);
    for (int s = 0; s < samples; ++s) {
        for (std::size_t i = 0; i < variants; ++i) {
            const std::size_t v = (static_cast<std::size_t>(s) + i) % variants;
            const auto start = clock::now();
            for (int b = 0; b < batch; ++b) keep(run(v));
            const auto stop = clock::now();
            ns[v].push_back(elapsed_ns(start, stop) / batch / units);
        }
    }
    std::vector<summary> out;
    for (auto& n : ns) out.push_back(summarize(std::move(n)));
    return out;
}

// The table of a wide benchmark, one row per variant of `r` (ms per execute), and its verdicts
// against issue 4's goals. The variants at `hand`, `sync`, `threads` are the hand-written calls,
// the synchronous and the 2-thread executor; `tbb_graph` is oneTBB's flow_graph, measured only
// when HAMILTON_BENCH_TBB.
inline void print_speedups(const std::vector<summary>& r, const std::vector<const char*>& names, std::size_t hand,
                           std::size_t sync, std::size_t threads, [[maybe_unused]] std::size_t tbb_graph) {
    std::printf("| variant | median ms per execute | min ms | × synchronous (median) | × the ideal, hand-written / 2 "
                "(median) |\n|---|---:|---:|---:|---:|\n");
    for (std::size_t v = 0; v < r.size(); ++v)
        std::printf("| %s | %.2f | %.2f | %.2f× | %.2f |\n", names[v], r[v].median, r[v].min,
                    r[sync].median / r[v].median, r[v].median / (r[hand].median / 2));
    const double speedup = r[sync].median / r[threads].median;
    std::printf("\nGoal multithreading_executor(2) ≥ 1.8× synchronous: %.2f× (on the minima %.2f×) -> %s\n", speedup,
                r[sync].min / r[threads].min, speedup >= 1.8 ? "met" : "MISSED");
#if HAMILTON_BENCH_TBB
    const double vs_tbb = r[threads].median / r[tbb_graph].median;
    std::printf("Goal multithreading_executor(2) ≤ 1.1× oneTBB flow_graph: %.2f× (on the minima %.2f×) -> %s\n\n",
                vs_tbb, r[threads].min / r[tbb_graph].min, vs_tbb <= 1.1 ? "met" : "MISSED");
#else
    std::printf("oneTBB was not found when the benchmarks were configured: the comparison with oneTBB's flow_graph "
                "is skipped (install libtbb-dev and configure again).\n\n");
#endif
}

// The 1, 5 and 15 minute load averages: other work on the machine changes what two threads can
// gain, so each parallel table says how busy the machine was.
inline std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    if (!(in >> one >> five >> fifteen)) return "unknown";
    return one + " " + five + " " + fifteen;
}

}  // namespace bench
