// bench/bench_chain.cpp: per-node overhead of execute, and the cost of build(), on a chain of
// CHAIN_NODES nodes (1000 by default) whose functions are not inlined.
//
//   bench_chain execute            execute typed and by name vs the same calls by hand (one run)
//   bench_chain build              build() cost: first build (fresh processes) and later builds
//   bench_chain first-build        one fresh process's first build (bench_chain build runs it)
//   bench_chain callgrind V REPS   V = hand | typed | by_name: REPS runs inside measured_V(),
//                                  for valgrind --tool=callgrind --toggle-collect='measured_*'
//
// The graph comes from chain.hpp, which bench/gen_chain.py generates at build time: f0 reads
// the input x, f<i> reads f<i-1>, each `[[gnu::noinline]] double f<i>(double)`.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
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

double run_variant(int v, const driver_type& dr, const hamilton::values& inputs, double x) {
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
    for (int i = 0; i < 200; ++i)
        for (int v = 0; v < variant_count; ++v) bench::keep(run_variant(v, dr, inputs, x));

    // Samples of `batch` executions, the variants interleaved (rotating which goes first).
    constexpr int samples = 1001;
    constexpr int batch = 10;
    std::array<std::vector<double>, variant_count> ns_per_unit;
    for (int s = 0; s < samples; ++s) {
        for (int i = 0; i < variant_count; ++i) {
            const int v = (s + i) % variant_count;
            const auto start = bench::clock::now();
            for (int b = 0; b < batch; ++b) bench::keep(run_variant(v, dr, inputs, x));
            const auto stop = bench::clock::now();
            ns_per_unit[v].push_back(bench::elapsed_ns(start, stop) / batch / (rows[v].per_node ? nodes : 1));
        }
    }
    std::array<bench::summary, variant_count> r;
    for (int v = 0; v < variant_count; ++v) r[v] = bench::summarize(ns_per_unit[v]);

    std::printf("### Per-node overhead: chain of %d non-inlined nodes (%d samples of %d executions, "
                "variants interleaved)\n\n",
                nodes, samples, batch);
    std::printf("| variant | median ns/node | min ns/node | median µs per execute | × hand-written (median) "
                "| × hand-written (min) | ns/node above hand-written (median) |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (int v : {hand, typed, by_name})
        std::printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", rows[v].name, r[v].median, r[v].min,
                    r[v].median * nodes / 1000.0, r[v].median / r[hand].median, r[v].min / r[hand].min,
                    r[v].median - r[hand].median);
    std::printf("\nFixed cost of one execute call, measured on the same driver with a 1-node plan:\n\n");
    std::printf("| variant | median ns per call | min ns per call |\n|---|---:|---:|\n");
    for (int v : {typed_first, by_name_first})
        std::printf("| %s | %.0f | %.0f |\n", rows[v].name, r[v].median, r[v].min);

    const double typed_ratio = r[typed].median / r[hand].median;
    const double by_name_above = r[by_name].median - r[hand].median;
    std::printf("\nGoal typed ≤ 1.5× hand-written: %.2f× -> %s\n", typed_ratio, typed_ratio <= 1.5 ? "met" : "MISSED");
    std::printf("Goal by name ≤ 50 ns/node above hand-written: %.2f ns -> %s\n\n", by_name_above,
                by_name_above <= 50 ? "met" : "MISSED");
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

// Only these functions are measured (valgrind --toggle-collect='measured_*').
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

int bench_callgrind(const char* which, int reps) {
    const double x = input_value();
    const auto dr = make_driver();
    const hamilton::values inputs{{"x", x}};
    bench::keep(dr.execute<CHAIN_LAST>(inputs));  // plans made outside the measured functions
    bench::keep(dr.execute({CHAIN_LAST}, inputs));
    double sum = 0;
    if (std::strcmp(which, "hand") == 0) sum = measured_hand(reps, x);
    else if (std::strcmp(which, "typed") == 0) sum = measured_typed(reps, dr, inputs);
    else if (std::strcmp(which, "by_name") == 0) sum = measured_by_name(reps, dr, inputs);
    else return 1;
    bench::keep(sum);
    std::printf("%s %d %d\n", which, reps, nodes);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "execute";
    if (mode == "execute") return bench_execute();
    if (mode == "build") return bench_build();
    if (mode == "first-build") return bench_first_build();
    if (mode == "callgrind" && argc == 4) return bench_callgrind(argv[2], std::atoi(argv[3]));
    std::fprintf(stderr, "usage: %s [execute | build | first-build | callgrind hand|typed|by_name REPS]\n", argv[0]);
    return 1;
}
