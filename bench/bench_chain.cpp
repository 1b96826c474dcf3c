// bench/bench_chain.cpp: per-node overhead of execute, and the cost of build(), on chains of
// CHAIN_NODES nodes (1000 by default) whose functions are not inlined.
//
//   bench_chain execute            trivial chain: execute typed and by name vs the same calls by
//                                  hand (one run; the headline numbers of issue 2's goals)
//   bench_chain work [ROUNDS...]   chain with work: the same comparison for nodes doing ROUNDS
//                                  dependent multiply-adds each (default 0 1 2 4 8 16 32)
//   bench_chain build              build() cost: first build (fresh processes) and later builds
//   bench_chain first-build        one fresh process's first build (bench_chain build runs it)
//   bench_chain callgrind V REPS [ROUNDS]
//                                  V = hand | typed | by_name (trivial chain) or work_hand |
//                                  work_typed | work_by_name (chain with work, ROUNDS rounds,
//                                  default 8): REPS runs inside measured_V(), for valgrind
//                                  --tool=callgrind --toggle-collect='*measured_*'
//
// The graphs come from chain.hpp, which bench/gen_chain.py generates at build time: f0 reads
// the input x, f<i> reads f<i-1>, each `[[gnu::noinline]] double f<i>(double)` doing one
// multiply-add; w0 .. w<N-1> likewise, each calling the non-inlined chain::work (a loop of
// chain::work_rounds dependent multiply-adds).
#include <array>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "bench_util.hpp"
#include "chain.hpp"

namespace {

constexpr int nodes = CHAIN_NODES;

auto make_driver() { return hamilton::builder().with_modules(chain::nodes).build(); }
using driver_type = decltype(make_driver());

double input_value() {
    static volatile double x = 0.25;  // opaque to the optimiser
    return x;
}

// ---- execute ---------------------------------------------------------------------------------

// Times `run(v)` for every variant v < V: `samples` samples of `batch` calls each, the variants
// interleaved (rotating which goes first) so that a noisy machine affects them alike. Each
// sample is divided by `units[v]` (nodes per call, or 1) and by the batch.
template <std::size_t V, class Run>
std::array<bench::summary, V> interleaved(const Run& run, const std::array<double, V>& units, int samples,
                                          int batch) {
    std::array<std::vector<double>, V> ns;
    for (auto& n : ns) n.reserve(static_cast<std::size_t>(samples));
    for (int s = 0; s < samples; ++s) {
        for (std::size_t i = 0; i < V; ++i) {
            const std::size_t v = (static_cast<std::size_t>(s) + i) % V;
            const auto start = bench::clock::now();
            for (int b = 0; b < batch; ++b) bench::keep(run(v));
            const auto stop = bench::clock::now();
            ns[v].push_back(bench::elapsed_ns(start, stop) / batch / units[v]);
        }
    }
    std::array<bench::summary, V> out;
    for (std::size_t v = 0; v < V; ++v) out[v] = bench::summarize(std::move(ns[v]));
    return out;
}

enum variant { hand, typed, by_name, typed_first, by_name_first, variant_count };

struct row {
    const char* name;
    bool per_node;  // the whole chain (report per node) or one node (report per call)
};

constexpr std::array<row, variant_count> rows{{
    {"hand-written calls", true},
    {"typed `execute<\"" CHAIN_LAST "\">(inputs)`", true},
    {"by name `execute({\"" CHAIN_LAST "\"}, inputs)`", true},
    {"typed `execute<\"f0\">(inputs)` (1-node plan)", false},
    {"by name `execute({\"f0\"}, inputs)` (1-node plan)", false},
}};

double run_variant(std::size_t v, const driver_type& dr, const hamilton::values& inputs, double x) {
    switch (v) {
        case hand: return chain::by_hand(bench::opaque(x));
        case typed: return dr.execute<CHAIN_LAST>(inputs);
        case by_name: return dr.execute({CHAIN_LAST}, inputs).get<double>(CHAIN_LAST);
        case typed_first: return dr.execute<"f0">(inputs);
        case by_name_first: return dr.execute({"f0"}, inputs).get<double>("f0");
        default: return 0;
    }
}

int bench_execute() {
    const double x = input_value();
    const auto dr = make_driver();
    const hamilton::values inputs{{"x", x}};

    // Warm up (the first execute of each output makes and caches its plan) and check results.
    const double expected = chain::by_hand(x);
    bench::check(dr.execute<CHAIN_LAST>(inputs) == expected, "typed execute == by hand");
    bench::check(dr.execute({CHAIN_LAST}, inputs).get<double>(CHAIN_LAST) == expected, "by-name execute == by hand");
    bench::check(dr.execute<"f0">(inputs) == chain::f0(x), "typed execute f0");
    auto run = [&](std::size_t v) { return run_variant(v, dr, inputs, x); };
    for (int i = 0; i < 200; ++i)
        for (std::size_t v = 0; v < variant_count; ++v) bench::keep(run(v));

    constexpr int samples = 1001;
    constexpr int batch = 10;
    std::array<double, variant_count> units{};
    for (std::size_t v = 0; v < variant_count; ++v) units[v] = rows[v].per_node ? nodes : 1;
    const auto r = interleaved(run, units, samples, batch);

    std::printf("### Per-node overhead: chain of %d non-inlined trivial nodes (%d samples of %d executions, "
                "variants interleaved)\n\n",
                nodes, samples, batch);
    std::printf("| variant | median ns/node | min ns/node | median µs per execute | × hand-written (median) "
                "| × hand-written (min) | ns/node above hand-written (median) | ns/node above hand-written (min) |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const variant v : {hand, typed, by_name})
        std::printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", rows[v].name, r[v].median, r[v].min,
                    r[v].median * nodes / 1000.0, r[v].median / r[hand].median, r[v].min / r[hand].min,
                    r[v].median - r[hand].median, r[v].min - r[hand].min);
    std::printf("\nFixed cost of one execute call, measured on the same driver with a 1-node plan:\n\n");
    std::printf("| variant | median ns per call | min ns per call |\n|---|---:|---:|\n");
    for (const variant v : {typed_first, by_name_first})
        std::printf("| %s | %.0f | %.0f |\n", rows[v].name, r[v].median, r[v].min);

    const double typed_ratio = r[typed].median / r[hand].median;
    const double by_name_above = r[by_name].median - r[hand].median;
    std::printf("\nGoal typed ≤ 1.5× hand-written: %.2f× (min %.2f×) -> %s\n", typed_ratio,
                r[typed].min / r[hand].min, typed_ratio <= 1.5 ? "met" : "MISSED");
    std::printf("Goal by name ≤ 50 ns/node above hand-written: %.2f ns (min %.2f ns) -> %s\n\n", by_name_above,
                r[by_name].min - r[hand].min, by_name_above <= 50 ? "met" : "MISSED");
    return 0;
}

// ---- execute, chain with work ------------------------------------------------------------------

auto make_work_driver() { return hamilton::builder().with_modules(chain::work_nodes).build(); }
using work_driver_type = decltype(make_work_driver());

enum work_variant { work_hand, work_typed, work_by_name, work_variant_count };

double run_work_variant(std::size_t v, const work_driver_type& dr, const hamilton::values& inputs, double x) {
    switch (v) {
        case work_hand: return chain::work_by_hand(bench::opaque(x));
        case work_typed: return dr.execute<WORK_LAST>(inputs);
        case work_by_name: return dr.execute({WORK_LAST}, inputs).get<double>(WORK_LAST);
        default: return 0;
    }
}

int bench_work(const std::vector<int>& all_rounds) {
    const double x = input_value();
    const auto dr = make_work_driver();
    const hamilton::values inputs{{"x", x}};
    constexpr int samples = 501;
    constexpr int batch = 10;

    std::printf("### Per-node overhead: chain of %d non-inlined nodes with work (%d samples of %d executions per "
                "row, variants interleaved)\n\n",
                nodes, samples, batch);
    std::printf("Each node `w<i>` calls the non-inlined `chain::work(x, a, b)`, a loop of R dependent multiply-adds "
                "(`x = x * a + b`). The hand-written column is the cost of one node's function, call included.\n\n");
    std::printf("| R rounds | hand-written ns/node (median / min) | typed ns/node (median / min) "
                "| by name ns/node (median / min) | typed × hand-written (median / min) "
                "| by name × hand-written (median / min) | typed ns/node above hand-written (median) |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|\n");
    int first_within = -1;
    double first_within_ns = 0;
    for (int rounds : all_rounds) {
        chain::work_rounds = rounds;
        const double expected = chain::work_by_hand(x);
        bench::check(dr.execute<WORK_LAST>(inputs) == expected, "typed execute (work) == by hand");
        bench::check(dr.execute({WORK_LAST}, inputs).get<double>(WORK_LAST) == expected,
                     "by-name execute (work) == by hand");
        auto run = [&](std::size_t v) { return run_work_variant(v, dr, inputs, x); };
        for (int i = 0; i < 50; ++i)
            for (std::size_t v = 0; v < work_variant_count; ++v) bench::keep(run(v));
        const auto r = interleaved(run, std::array<double, work_variant_count>{nodes, nodes, nodes}, samples, batch);
        const auto& h = r[work_hand];
        const auto& t = r[work_typed];
        const auto& n = r[work_by_name];
        std::printf("| %d | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.2f× / %.2f× | %.2f× / %.2f× | %.2f |\n", rounds,
                    h.median, h.min, t.median, t.min, n.median, n.min, t.median / h.median, t.min / h.min,
                    n.median / h.median, n.min / h.min, t.median - h.median);
        if (first_within < 0 && t.median / h.median <= 1.5) {
            first_within = rounds;
            first_within_ns = h.median;
        }
    }
    if (first_within >= 0)
        std::printf("\nTyped execute within 1.5× of hand-written (median) from R = %d on (a node function of "
                    "%.1f ns)\n\n",
                    first_within, first_within_ns);
    else
        std::printf("\nTyped execute not within 1.5× of hand-written (median) for any R measured\n\n");
    return 0;
}

// ---- build -----------------------------------------------------------------------------------

struct first_build_times {
    double with_modules, first_build, second_build, first_execute, second_execute;
};

// One fresh process: the first build() of the graph type also makes its static graph view.
int bench_first_build() {
    const auto t0 = bench::clock::now();
    const auto b = hamilton::builder().with_modules(chain::nodes);
    const auto t1 = bench::clock::now();
    const auto first = b.build();
    const auto t2 = bench::clock::now();
    const auto second = b.build();
    const auto t3 = bench::clock::now();
    const hamilton::values inputs{{"x", input_value()}};
    const double r1 = first.execute<CHAIN_LAST>(inputs);  // makes the plan
    const auto t4 = bench::clock::now();
    const double r2 = first.execute<CHAIN_LAST>(inputs);
    const auto t5 = bench::clock::now();
    bench::check(r1 == r2 && r1 == chain::by_hand(input_value()), "first execute == by hand");
    bench::keep(second);
    std::printf("%.0f %.0f %.0f %.0f %.0f\n", bench::elapsed_ns(t0, t1), bench::elapsed_ns(t1, t2),
                bench::elapsed_ns(t2, t3), bench::elapsed_ns(t3, t4), bench::elapsed_ns(t4, t5));
    return 0;
}

int bench_build() {
    // First builds: one per fresh process.
    constexpr int processes = 15;
    char self[4096] = {};
    bench::check(readlink("/proc/self/exe", self, sizeof self - 1) > 0, "readlink /proc/self/exe");
    const std::string command = std::string("'") + self + "' first-build";
    std::vector<double> with_modules, first_build, second_build, first_execute, second_execute;
    for (int p = 0; p < processes; ++p) {
        FILE* child = popen(command.c_str(), "r");
        bench::check(child != nullptr, "popen");
        first_build_times t{};
        const int got = std::fscanf(child, "%lf %lf %lf %lf %lf", &t.with_modules, &t.first_build, &t.second_build,
                                    &t.first_execute, &t.second_execute);
        bench::check(pclose(child) == 0 && got == 5, "first-build child");
        with_modules.push_back(t.with_modules);
        first_build.push_back(t.first_build);
        second_build.push_back(t.second_build);
        first_execute.push_back(t.first_execute);
        second_execute.push_back(t.second_execute);
    }

    // Later builds in this process (the graph view already exists).
    constexpr int samples = 301;
    const auto b = hamilton::builder().with_modules(chain::nodes);
    (void)b.build();
    std::vector<double> build_only, whole;
    for (int s = 0; s < samples; ++s) {
        auto t0 = bench::clock::now();
        { const auto dr = b.build(); bench::keep(dr); }
        auto t1 = bench::clock::now();
        { const auto dr = hamilton::builder().with_modules(chain::nodes).build(); bench::keep(dr); }
        auto t2 = bench::clock::now();
        build_only.push_back(bench::elapsed_ns(t0, t1));
        whole.push_back(bench::elapsed_ns(t1, t2));
    }

    std::printf("### build() cost: %d-node chain (first build: %d fresh processes; later builds: %d samples "
                "in one process; driver destruction included)\n\n",
                nodes, processes, samples);
    std::printf("| what | median µs | min µs | median ns/node | min ns/node |\n|---|---:|---:|---:|---:|\n");
    auto line = [&](const char* what, const std::vector<double>& ns) {
        const auto s = bench::summarize(ns);
        std::printf("| %s | %.1f | %.1f | %.0f | %.0f |\n", what, s.median / 1000, s.min / 1000, s.median / nodes,
                    s.min / nodes);
    };
    line("`builder().with_modules(nodes)` (fresh process)", with_modules);
    line("first `build()` of the graph type (makes the static graph view)", first_build);
    line("second `build()` in that process", second_build);
    line("later `build()` (many in one process)", build_only);
    line("later `builder().with_modules(nodes).build()`", whole);
    line("first `execute<\"" CHAIN_LAST "\">` after build (makes and caches the plan)", first_execute);
    line("second `execute<\"" CHAIN_LAST "\">` (cached plan)", second_execute);
    const auto later = bench::summarize(build_only);
    const auto first = bench::summarize(first_build);
    std::printf("\nGoal build() ≤ 1 µs/node: later builds %.0f ns/node -> %s; first build %.0f ns/node -> %s\n\n",
                later.median / nodes, later.median / nodes <= 1000 ? "met" : "MISSED", first.median / nodes,
                first.median / nodes <= 1000 ? "met" : "MISSED");
    return 0;
}

// ---- callgrind -------------------------------------------------------------------------------

// Only these functions are measured (valgrind --toggle-collect='*measured_*').
[[gnu::noinline]] double measured_hand(int reps, double x) {
    double sum = 0;
    for (int i = 0; i < reps; ++i) sum += chain::by_hand(bench::opaque(x));
    return sum;
}
[[gnu::noinline]] double measured_typed(int reps, const driver_type& dr, const hamilton::values& inputs) {
    double sum = 0;
    for (int i = 0; i < reps; ++i) sum += dr.execute<CHAIN_LAST>(inputs);
    return sum;
}
[[gnu::noinline]] double measured_by_name(int reps, const driver_type& dr, const hamilton::values& inputs) {
    double sum = 0;
    for (int i = 0; i < reps; ++i) sum += dr.execute({CHAIN_LAST}, inputs).get<double>(CHAIN_LAST);
    return sum;
}
[[gnu::noinline]] double measured_work_hand(int reps, double x) {
    double sum = 0;
    for (int i = 0; i < reps; ++i) sum += chain::work_by_hand(bench::opaque(x));
    return sum;
}
[[gnu::noinline]] double measured_work_typed(int reps, const work_driver_type& dr, const hamilton::values& inputs) {
    double sum = 0;
    for (int i = 0; i < reps; ++i) sum += dr.execute<WORK_LAST>(inputs);
    return sum;
}
[[gnu::noinline]] double measured_work_by_name(int reps, const work_driver_type& dr, const hamilton::values& inputs) {
    double sum = 0;
    for (int i = 0; i < reps; ++i) sum += dr.execute({WORK_LAST}, inputs).get<double>(WORK_LAST);
    return sum;
}

int bench_callgrind(const std::string& which, int reps, int rounds) {
    const double x = input_value();
    const hamilton::values inputs{{"x", x}};
    double sum = 0;
    if (which == "hand" || which == "typed" || which == "by_name") {
        const auto dr = make_driver();
        bench::keep(dr.execute<CHAIN_LAST>(inputs));  // plans made outside the measured functions
        bench::keep(dr.execute({CHAIN_LAST}, inputs));
        if (which == "hand") sum = measured_hand(reps, x);
        else if (which == "typed") sum = measured_typed(reps, dr, inputs);
        else sum = measured_by_name(reps, dr, inputs);
    } else if (which == "work_hand" || which == "work_typed" || which == "work_by_name") {
        chain::work_rounds = rounds;
        const auto dr = make_work_driver();
        bench::keep(dr.execute<WORK_LAST>(inputs));
        bench::keep(dr.execute({WORK_LAST}, inputs));
        if (which == "work_hand") sum = measured_work_hand(reps, x);
        else if (which == "work_typed") sum = measured_work_typed(reps, dr, inputs);
        else sum = measured_work_by_name(reps, dr, inputs);
    } else {
        return 1;
    }
    bench::keep(sum);
    std::printf("%s %d %d\n", which.c_str(), reps, nodes);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "execute";
    if (mode == "execute" && argc == 2) return bench_execute();
    if (mode == "work") {
        std::vector<int> rounds;
        for (int i = 2; i < argc; ++i) rounds.push_back(std::atoi(argv[i]));
        if (rounds.empty()) rounds = {0, 1, 2, 4, 8, 16, 32};
        return bench_work(rounds);
    }
    if (mode == "build" && argc == 2) return bench_build();
    if (mode == "first-build" && argc == 2) return bench_first_build();
    if (mode == "callgrind" && (argc == 4 || argc == 5))
        return bench_callgrind(argv[2], std::atoi(argv[3]), argc == 5 ? std::atoi(argv[4]) : 8);
    std::fprintf(stderr,
                 "usage: %s [execute | work [ROUNDS...] | build | first-build | callgrind VARIANT REPS [ROUNDS]]\n"
                 "  VARIANT: hand | typed | by_name | work_hand | work_typed | work_by_name\n",
                 argv[0]);
    return 1;
}
