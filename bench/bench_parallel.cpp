// bench/bench_parallel.cpp: the cost of fan-out (parallelizable / collect) per item, and what two
// threads gain on a wide layer of 20 µs items, against hand-written loops and oneTBB.
//
//   bench_parallel fan-out [COUNTS...]   a trivial block (item -> doubled -> collect) over COUNTS
//                                        items (default 10 1000 100000): ns per item above the
//                                        same work done by a hand-written loop, with the
//                                        synchronous executor and multithreading_executor(2)
//   bench_parallel wide [ITEMS]          a fan-out of ITEMS (default 10000) items of about 20 µs
//                                        of work each: hand-written loop, synchronous executor,
//                                        multithreading_executor(2), and, when built with oneTBB,
//                                        a flow_graph and a parallel_for on 2 threads
//   bench_parallel callgrind-fan-out EXECUTOR ITEMS REPS
//                                        EXECUTOR = sync | threads: REPS executes of the trivial
//                                        block inside measured_fan_out(), for valgrind
//                                        --tool=callgrind --toggle-collect='*measured_*'
#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>

#include "bench_util.hpp"
#include "parallel_util.hpp"

#if HAMILTON_BENCH_TBB
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include "tbb_graphs.hpp"
#endif

namespace {

// ---- the trivial block -----------------------------------------------------------------------

hamilton::parallelizable<int> item(int items) {
    std::vector<int> out(static_cast<std::size_t>(items));
    std::iota(out.begin(), out.end(), 0);
    return out;
}
[[gnu::noinline]] int doubled(int item) { return item * 2; }
long total(hamilton::collect<int> doubled) {
    long sum = 0;
    for (int d : doubled) sum += d;
    return sum;
}

inline const auto trivial_block =
    hamilton::module(HAMILTON_NODE(item, items), HAMILTON_NODE(doubled, item), HAMILTON_NODE(total, doubled));

// The same work by hand: the items, one call per item into a vector, the sum of the collected values.
[[gnu::noinline]] long trivial_by_hand(int items) {
    const hamilton::parallelizable<int> all = item(items);
    std::vector<int> values;
    values.reserve(all.size());
    for (int i : all) values.push_back(doubled(i));
    return total(hamilton::collect<int>(std::move(values)));
}

auto make_sync(const auto& mod) { return hamilton::builder().with_modules(mod).build(); }
auto make_threads(const auto& mod) {
    return hamilton::builder().with_modules(mod).with_executor(hamilton::multithreading_executor(2)).build();
}

int bench_fan_out(const std::vector<int>& counts) {
    const auto sync = make_sync(trivial_block);
    const auto threads = make_threads(trivial_block);

    std::printf("### Fan-out per-item overhead: trivial block `item` -> `doubled(int item)` -> "
                "`total(collect<int> doubled)` (load average before: %s)\n\n",
                bench::load_average().c_str());
    std::printf("| items | samples × executes | hand-written ns/item (median / min) | synchronous ns/item (median / min) "
                "| 2 threads ns/item (median / min) | synchronous ns/item above hand-written (median / min) "
                "| 2 threads ns/item above hand-written (median / min) | synchronous µs per execute (median) "
                "| 2 threads µs per execute (median) |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    struct above {
        int items;
        double sync, threads;
    };
    std::vector<above> rows;
    for (int n : counts) {
        const hamilton::values inputs{{"items", n}};
        const long expected = trivial_by_hand(n);
        bench::check(sync.execute<"total">(inputs) == expected, "synchronous execute == by hand");
        bench::check(threads.execute<"total">(inputs) == expected, "multithreading execute == by hand");
        bench::check(threads.execute({"total"}, inputs).get<long>("total") == expected,
                     "multithreading execute by name == by hand");
        auto run = [&](std::size_t v) -> long {
            switch (v) {
                case 0: return trivial_by_hand(bench::opaque(n));
                case 1: return sync.execute<"total">(inputs);
                default: return threads.execute<"total">(inputs);
            }
        };
        // Warm up, and size the batch so that a sample of the slowest variant takes about 2 ms.
        double slowest = 0;
        for (std::size_t v = 0; v < 3; ++v) {
            const auto start = bench::clock::now();
            for (int i = 0; i < 5; ++i) bench::keep(run(v));
            slowest = std::max(slowest, bench::elapsed_ns(start, bench::clock::now()) / 5);
        }
        const int batch = std::max(1, static_cast<int>(2e6 / slowest));
        const int samples = n <= 1000 ? 201 : 31;
        const auto r = bench::interleaved(3, run, samples, batch, n);
        std::printf("| %d | %d × %d | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.2f | %.2f |\n",
                    n, samples, batch, r[0].median, r[0].min, r[1].median, r[1].min, r[2].median, r[2].min,
                    r[1].median - r[0].median, r[1].min - r[0].min, r[2].median - r[0].median, r[2].min - r[0].min,
                    r[1].median * n / 1000, r[2].median * n / 1000);
        rows.push_back({n, r[1].median - r[0].median, r[2].median - r[0].median});
    }
    std::printf("\n");
    for (const auto& row : rows) {
        const bool met = row.sync <= 1000 && row.threads <= 1000;
        std::printf("Goal ≤ 1 µs per item above hand-written, %d items: synchronous %.1f ns, 2 threads %.1f ns -> %s\n",
                    row.items, row.sync, row.threads, met ? "met" : "MISSED");
    }
    if (rows.size() >= 2) {
        const auto& a = rows[rows.size() - 2];
        const auto& b = rows.back();
        std::printf("Flat as the count grows, %d -> %d items: synchronous %.1f -> %.1f ns/item, 2 threads %.1f -> "
                    "%.1f ns/item\n",
                    a.items, b.items, a.sync, b.sync, a.threads, b.threads);
    }
    std::printf("\n");
    return 0;  // a missed goal is reported, not a failure of the benchmark
}

// ---- the wide layer as a fan-out -----------------------------------------------------------------

double seed(double x) { return x * 0.5 + 0.25; }  // the same as tbb_graphs::fan_out_seed
hamilton::parallelizable<long> task(int tasks) {
    std::vector<long> out(static_cast<std::size_t>(tasks));
    std::iota(out.begin(), out.end(), 0L);
    return out;
}
double spun(long task, double seed) { return spin::work(seed, spin::factor(task), spin::offset(task)); }
// Summed left to right, as tbb_graphs::sum and the hand-written loop do: equal results, bit for bit.
double spun_total(hamilton::collect<double> spun) {
    double s = spun.empty() ? 0.0 : spun[0];
    for (std::size_t i = 1; i < spun.size(); ++i) s += spun[i];
    return s;
}

inline const auto wide_block = hamilton::module(HAMILTON_NODE(seed, x), HAMILTON_NODE(task, tasks),
                                                HAMILTON_NODE(spun, task, seed), HAMILTON_NODE(spun_total, spun));

[[gnu::noinline]] double wide_by_hand(double x, int tasks) {
    const double s = seed(x);
    std::vector<double> results(static_cast<std::size_t>(tasks));
    for (long i = 0; i < tasks; ++i) results[static_cast<std::size_t>(i)] = spun(i, s);
    return spun_total(hamilton::collect<double>(std::move(results)));
}

enum wide_variant { w_hand, w_sync, w_threads, w_tbb_graph, w_tbb_for, wide_variant_count };

int bench_wide(int tasks) {
    const double work_ns = spin::calibrate(20000);
    const double x = 0.5;
    const hamilton::values inputs{{"x", x}, {"tasks", tasks}};
    const auto sync = make_sync(wide_block);
    const auto threads = make_threads(wide_block);
    const double expected = wide_by_hand(x, tasks);
    bench::check(sync.execute<"spun_total">(inputs) == expected, "synchronous execute == by hand");
    bench::check(threads.execute<"spun_total">(inputs) == expected, "multithreading execute == by hand");
    std::size_t variants = w_tbb_graph;
#if HAMILTON_BENCH_TBB
    // Two threads for oneTBB too: the thread that waits works as well, so this is two in all,
    // as many as multithreading_executor(2) runs nodes on.
    oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism, 2);
    tbb_graphs::fan_out_graph tbb_graph(static_cast<std::size_t>(tasks));
    std::vector<double> tbb_results(static_cast<std::size_t>(tasks));
    auto tbb_for = [&] {
        const double s = seed(x);
        oneapi::tbb::parallel_for(0L, static_cast<long>(tasks),
                                  [&](long i) { tbb_results[static_cast<std::size_t>(i)] = spun(i, s); });
        return tbb_graphs::sum(tbb_results);
    };
    bench::check(tbb_graph.run(x) == expected, "oneTBB flow_graph == by hand");
    bench::check(tbb_for() == expected, "oneTBB parallel_for == by hand");
    variants = wide_variant_count;
#endif
    auto run = [&](std::size_t v) -> double {
        switch (v) {
            case w_hand: return wide_by_hand(bench::opaque_double(x), tasks);
            case w_sync: return sync.execute<"spun_total">(inputs);
            case w_threads: return threads.execute<"spun_total">(inputs);
#if HAMILTON_BENCH_TBB
            case w_tbb_graph: return tbb_graph.run(x);
            case w_tbb_for: return tbb_for();
#endif
            default: return 0;
        }
    };
    for (std::size_t v = 0; v < variants; ++v) bench::keep(run(v));
    constexpr int samples = 15;
    const std::string load = bench::load_average();
    const auto r = bench::interleaved(variants, run, samples, 1, 1e6);  // ms per execute

    std::printf("### Wide layer as a fan-out: %d items of %.1f µs of work each (`seed` -> `task` "
                "(parallelizable<long>) -> `spun(long task, double seed)` -> `spun_total(collect<double> spun)`; "
                "%d samples, variants interleaved; load average before: %s)\n\n",
                tasks, work_ns / 1000, samples, load.c_str());
    bench::print_speedups(r, {"hand-written loop, 1 thread", "hamilton-cpp, synchronous_executor",
                              "hamilton-cpp, multithreading_executor(2)", "oneTBB flow_graph, 2 threads",
                              "oneTBB parallel_for, 2 threads"},
                          w_hand, w_sync, w_threads, w_tbb_graph);
    return 0;
}

// ---- callgrind -------------------------------------------------------------------------------

template <class Driver>
[[gnu::noinline]] long measured_fan_out(const Driver& dr, const hamilton::values& inputs, int reps) {
    long sum = 0;
    for (int i = 0; i < reps; ++i) sum += dr.template execute<"total">(inputs);
    return sum;
}

int bench_callgrind(const std::string& executor, int items, int reps) {
    const hamilton::values inputs{{"items", items}};
    long sum = 0;
    if (executor == "sync") {
        const auto dr = make_sync(trivial_block);
        bench::keep(dr.execute<"total">(inputs));
        sum = measured_fan_out(dr, inputs, reps);
    } else if (executor == "threads") {
        const auto dr = make_threads(trivial_block);
        bench::keep(dr.execute<"total">(inputs));
        sum = measured_fan_out(dr, inputs, reps);
    } else {
        return 1;
    }
    bench::keep(sum);
    std::printf("%s %d %d\n", executor.c_str(), items, reps);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "fan-out") {
        std::vector<int> counts;
        for (int i = 2; i < argc; ++i) counts.push_back(std::atoi(argv[i]));
        if (counts.empty()) counts = {10, 1000, 100000};
        return bench_fan_out(counts);
    }
    if (mode == "wide" && argc <= 3) return bench_wide(argc == 3 ? std::atoi(argv[2]) : 10000);
    if (mode == "callgrind-fan-out" && argc == 5)
        return bench_callgrind(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
    std::fprintf(stderr,
                 "usage: %s fan-out [COUNTS...] | wide [ITEMS] | callgrind-fan-out sync|threads ITEMS REPS\n",
                 argv[0]);
    return 1;
}
