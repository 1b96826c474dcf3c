// bench/bench_hooks.cpp: what lifecycle adapters cost per node, on the trivial chain of
// bench_chain (CHAIN_NODES non-inlined one-multiply-add nodes, from chain.hpp).
//
//   bench_hooks              one table: execute typed and by name, without adapters, with an adapter
//                            whose hooks do nothing, and with one that also wants_timing()
//   bench_hooks callgrind ADAPTER REPS
//                            ADAPTER = none | noop | timing: REPS typed executes inside
//                            measured_hooks(), for valgrind --tool=callgrind
//                            --toggle-collect='*measured_*'
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <hamilton/hamilton.hpp>

#include "bench_util.hpp"
#include "chain.hpp"
#include "parallel_util.hpp"

namespace {

constexpr int nodes = CHAIN_NODES;

// Every hook overridden, doing nothing: the cost measured is the library's calling them.
class noop_adapter : public hamilton::lifecycle_adapter {
public:
    void before_graph(const hamilton::graph_run&) override {}
    void after_graph(const hamilton::graph_run&, const hamilton::graph_outcome&) override {}
    void before_node(const hamilton::node_run&) override {}
    void after_node(const hamilton::node_run&, const hamilton::node_outcome&) override {}
    void on_fan_out(const hamilton::fan_out_run&) override {}
    [[nodiscard]] bool wants_timing() const override { return false; }
};

// The same, but asking for each node's duration (two clock reads per node), which it adds up as
// the least a timing adapter does. Single-threaded here, so a plain member is enough.
class timing_adapter : public noop_adapter {
public:
    void after_node(const hamilton::node_run&, const hamilton::node_outcome& outcome) override {
        total_ += outcome.duration;
    }
    [[nodiscard]] bool wants_timing() const override { return true; }
    [[nodiscard]] std::chrono::nanoseconds total() const { return total_; }

private:
    std::chrono::nanoseconds total_{0};
};

auto make_plain() { return hamilton::builder().with_modules(chain::nodes).build(); }
auto make_with(std::shared_ptr<hamilton::lifecycle_adapter> adapter) {
    return hamilton::builder().with_modules(chain::nodes).with_adapters(std::move(adapter)).build();
}

enum variant { plain_typed, noop_typed, timing_typed, plain_by_name, noop_by_name, timing_by_name, variant_count };

int bench_hooks() {
    const double x = bench::opaque_double(0.25);
    const hamilton::values inputs{{"x", x}};
    const auto plain = make_plain();
    const auto noop = make_with(std::make_shared<noop_adapter>());
    const auto timer = std::make_shared<timing_adapter>();
    const auto timing = make_with(timer);
    const double expected = chain::by_hand(x);
    auto check = [&](const auto& dr) {
        bench::check(dr.template execute<CHAIN_LAST>(inputs) == expected, "typed execute == by hand");
        bench::check(dr.execute({CHAIN_LAST}, inputs).template get<double>(CHAIN_LAST) == expected,
                     "by-name execute == by hand");
    };
    check(plain);
    check(noop);
    check(timing);
    bench::check(timer->total().count() > 0, "the timing adapter received durations");
    auto run = [&](std::size_t v) -> double {
        switch (v) {
            case plain_typed: return plain.execute<CHAIN_LAST>(inputs);
            case noop_typed: return noop.execute<CHAIN_LAST>(inputs);
            case timing_typed: return timing.execute<CHAIN_LAST>(inputs);
            case plain_by_name: return plain.execute({CHAIN_LAST}, inputs).get<double>(CHAIN_LAST);
            case noop_by_name: return noop.execute({CHAIN_LAST}, inputs).get<double>(CHAIN_LAST);
            case timing_by_name: return timing.execute({CHAIN_LAST}, inputs).get<double>(CHAIN_LAST);
            default: return 0;
        }
    };
    for (int i = 0; i < 100; ++i)
        for (std::size_t v = 0; v < variant_count; ++v) bench::keep(run(v));
    constexpr int samples = 501;
    constexpr int batch = 10;
    const std::string load = bench::load_average();
    const auto r = bench::interleaved(variant_count, run, samples, batch, nodes);

    std::printf("### Lifecycle hook cost: chain of %d non-inlined trivial nodes, synchronous executor (%d samples "
                "of %d executions, variants interleaved; load average before: %s)\n\n",
                nodes, samples, batch, load.c_str());
    std::printf("| execute | adapters | median ns/node | min ns/node | ns/node above no adapter (median) "
                "| ns/node above no adapter (min) |\n|---|---|---:|---:|---:|---:|\n");
    const char* adapters[] = {"none", "`noop_adapter` (every hook empty)", "`timing_adapter` (wants_timing())"};
    for (std::size_t v = 0; v < variant_count; ++v) {
        const std::size_t base = v < plain_by_name ? plain_typed : plain_by_name;
        std::printf("| %s | %s | %.2f | %.2f | %.2f | %.2f |\n", v < plain_by_name ? "typed" : "by name",
                    adapters[v - base], r[v].median, r[v].min, r[v].median - r[base].median, r[v].min - r[base].min);
    }
    const double typed_noop = r[noop_typed].median - r[plain_typed].median;
    const double by_name_noop = r[noop_by_name].median - r[plain_by_name].median;
    std::printf("\nGoal no-op hooks ≤ 20 ns/node: typed %.2f ns, by name %.2f ns (median) -> %s\n\n", typed_noop,
                by_name_noop, typed_noop <= 20 && by_name_noop <= 20 ? "met" : "MISSED");
    return 0;
}

// ---- callgrind -------------------------------------------------------------------------------

template <class Driver>
[[gnu::noinline]] double measured_hooks(const Driver& dr, const hamilton::values& inputs, int reps) {
    double sum = 0;
    for (int i = 0; i < reps; ++i) sum += dr.template execute<CHAIN_LAST>(inputs);
    return sum;
}

int bench_callgrind(const std::string& which, int reps) {
    const hamilton::values inputs{{"x", 0.25}};
    std::shared_ptr<hamilton::lifecycle_adapter> adapter;
    if (which == "noop") adapter = std::make_shared<noop_adapter>();
    else if (which == "timing") adapter = std::make_shared<timing_adapter>();
    else if (which != "none") return 1;
    double sum = 0;
    if (adapter) {
        const auto dr = make_with(adapter);
        bench::keep(dr.execute<CHAIN_LAST>(inputs));  // the plan is made outside the measured function
        sum = measured_hooks(dr, inputs, reps);
    } else {
        const auto dr = make_plain();
        bench::keep(dr.execute<CHAIN_LAST>(inputs));
        sum = measured_hooks(dr, inputs, reps);
    }
    bench::keep(sum);
    std::printf("%s %d %d\n", which.c_str(), reps, nodes);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (argc == 1) return bench_hooks();
    if (mode == "callgrind" && argc == 4) return bench_callgrind(argv[2], std::atoi(argv[3]));
    std::fprintf(stderr, "usage: %s [callgrind none|noop|timing REPS]\n", argv[0]);
    return 1;
}
