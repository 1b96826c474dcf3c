// A program built with HAMILTON_SEPARATE_COMPILATION: this unit includes only the engine's
// declarations, and hamilton::separate (src/separate_compilation.cpp) holds its code. Links only
// if that library defines everything the driver calls; checks the runs a program makes (typed and
// by-name execute, a fan-out on the calling thread and on a pool, an error naming its input).
#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>

#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#ifndef HAMILTON_SEPARATE_COMPILATION
#error "this test is built with HAMILTON_SEPARATE_COMPILATION (from hamilton::separate)"
#endif

namespace flow {
int doubled(int x) { return 2 * x; }
hamilton::parallelizable<int> ids(int count) {
    std::vector<int> out(static_cast<std::size_t>(count));
    std::iota(out.begin(), out.end(), 1);
    return out;
}
long squared(int ids) { return long{ids} * ids; }
long sum_of_squares(hamilton::collect<long> squared) { return std::accumulate(squared.begin(), squared.end(), 0L); }
constexpr auto m = hamilton::module(HAMILTON_NODE(doubled, x), HAMILTON_NODE(ids, count), HAMILTON_NODE(squared, ids),
                                    HAMILTON_NODE(sum_of_squares, squared));
}  // namespace flow

namespace {
int failures = 0;
void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
}  // namespace

int main() {
    const auto dr = hamilton::builder().with_modules(flow::m).build();
    check(dr.execute<"doubled">({{"x", 21}}) == 42, "typed execute");
    const auto by_name = dr.execute({"doubled"}, {{"x", 5}});
    check(by_name.get<int>("doubled") == 10, "by-name execute");
    check(dr.execute<"sum_of_squares">({{"count", 3}}) == 14, "fan-out in the calling thread");

    const auto threaded = hamilton::builder().with_modules(flow::m).with_executor(hamilton::multithreading_executor(2)).build();
    check(threaded.execute<"sum_of_squares">({{"count", 100}}) == 338350, "fan-out on a pool");

    try {
        (void)dr.execute<"doubled">({});
        check(false, "a missing input throws");
    } catch (const hamilton::error& e) {
        check(std::string(e.what()).find("missing input 'x'") != std::string::npos, "the error names the input");
    }
    if (failures == 0) std::printf("separate compilation: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
