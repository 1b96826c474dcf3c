// Tests of parallel.hpp: fan-out (parallelizable<T>) and fan-in (collect<T>), under both executors.
#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>

#include <atomic>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

using hamilton::collect;
using hamilton::parallelizable;

namespace {

// Python Hamilton's own example: items [1, 2, 3], an offset node outside the block, total 314.
parallelizable<int> numbers(int count) {
    std::vector<int> out(static_cast<std::size_t>(count));
    std::iota(out.begin(), out.end(), 1);
    return out;
}
std::atomic<int> offset_calls{0};
int offset() {
    ++offset_calls;
    return 100;
}
long squared(int numbers, int offset) { return long{numbers} * numbers + offset; }
long total(collect<long> squared) { return std::accumulate(squared.begin(), squared.end(), 0L); }
// A second collect of the same fan-out, and a collect of the fan-out node itself.
long largest(collect<long> squared) { return squared.empty() ? 0 : *std::max_element(squared.begin(), squared.end()); }
std::vector<int> items(collect<int> numbers) { return std::move(numbers).items(); }

constexpr auto basic = hamilton::module(HAMILTON_NODE(numbers, count), HAMILTON_NODE(offset),
                                        HAMILTON_NODE(squared, numbers, offset), HAMILTON_NODE(total, squared),
                                        HAMILTON_NODE(largest, squared), HAMILTON_NODE(items, numbers));

// Every test runs under the default executor and on a pool of 1, 2 and 3 threads.
template <class Builder>
std::vector<std::pair<std::string, decltype(std::declval<Builder>().build())>> drivers_of(const Builder& b) {
    std::vector<std::pair<std::string, decltype(b.build())>> out;
    out.emplace_back("synchronous", b.build());
    for (std::size_t threads : {1U, 2U, 3U})
        out.emplace_back(fmt::format("{} threads", threads),
                         b.with_executor(hamilton::multithreading_executor(threads)).build());
    return out;
}

}  // namespace

TEST_CASE("a block runs once per item and collect receives the values in item order") {
    for (const auto& [name, dr] : drivers_of(hamilton::builder().with_modules(basic))) {
        SECTION(name) {
            offset_calls = 0;
            auto [t, l, i] = dr.execute<"total", "largest", "items">({{"count", 3}});
            CHECK(t == 314);  // 1 + 4 + 9 + 3 * 100
            CHECK(l == 109);
            CHECK(i == std::vector<int>{1, 2, 3});
            CHECK(offset_calls == 1);  // outside the block: once

            auto many = dr.execute<"total">({{"count", 2000}});
            CHECK(many == 2000L * 2001 * 4001 / 6 + 2000L * 100);
            auto by_name = dr.execute({"total", "items"}, {{"count", 4}});
            CHECK(by_name.get<long>("total") == 430);
            CHECK(by_name.get<std::vector<int>>("items") == std::vector<int>{1, 2, 3, 4});
        }
    }
}

TEST_CASE("a fan-out with no items gives empty collects") {
    for (const auto& [name, dr] : drivers_of(hamilton::builder().with_modules(basic))) {
        SECTION(name) {
            auto [t, i] = dr.execute<"total", "items">({{"count", 0}});
            CHECK(t == 0);
            CHECK(i.empty());
        }
    }
}

TEST_CASE("the fan-out node itself can be requested, or overridden with other items") {
    const auto dr = hamilton::builder().with_modules(basic).build();
    auto all = dr.execute<"numbers">({{"count", 3}});
    CHECK(all.items() == std::vector<int>{1, 2, 3});
    const parallelizable<int> mine{10, 20};
    CHECK(dr.execute<"total">({}, {{"numbers", mine}}) == 100 + 400 + 200);
}

namespace nested {
// Regions, each with cities: a block inside a block, collected at both levels.
parallelizable<std::string> region(std::vector<std::string> regions) { return regions; }
parallelizable<int> city(const std::string& region) {
    std::vector<int> out;
    for (std::size_t i = 0; i < region.size(); ++i) out.push_back(static_cast<int>(i) + 1);
    return out;
}
int population(int city, const std::string& region, int scale) {
    if (region == "boom" && city == 3) throw std::runtime_error("no census for city 3");
    return city * scale + static_cast<int>(region.size());
}
long region_total(collect<int> population) { return std::accumulate(population.begin(), population.end(), 0L); }
std::string label(const std::string& region, long region_total) { return fmt::format("{}={}", region, region_total); }
std::string report(collect<std::string> label, const collect<long>& region_total) {
    return fmt::format("{} (sum {})", fmt::join(label.items(), ", "),
                       std::accumulate(region_total.begin(), region_total.end(), 0L));
}
constexpr auto m = hamilton::module(HAMILTON_NODE(region, regions), HAMILTON_NODE(city, region),
                                    HAMILTON_NODE(population, city, region, scale),
                                    HAMILTON_NODE(region_total, population), HAMILTON_NODE(label, region, region_total),
                                    HAMILTON_NODE(report, label, region_total));
}  // namespace nested

TEST_CASE("blocks nest: a fan-out inside a block, collected at both levels") {
    const std::vector<std::string> regions{"ab", "cde", "f"};
    for (const auto& [name, dr] : drivers_of(hamilton::builder().with_modules(nested::m))) {
        SECTION(name) {
            CHECK(dr.execute<"report">({{"regions", regions}, {"scale", 10}}) == "ab=34, cde=69, f=11 (sum 114)");
        }
    }
}

TEST_CASE("a node that throws inside a block names the node and its items; the driver stays usable") {
    const std::vector<std::string> regions{"ab", "boom", "f"};
    for (const auto& [name, dr] : drivers_of(hamilton::builder().with_modules(nested::m))) {
        SECTION(name) {
            try {
                (void)dr.execute<"report">({{"regions", regions}, {"scale", 1}});
                FAIL("expected a node_error");
            } catch (const hamilton::node_error& e) {
                CHECK(e.node() == "population");
                CHECK(e.items() == std::vector<std::size_t>{1, 2});
                CHECK(std::string(e.what()) ==
                      "hamilton: node 'population' failed on item 2 of fan-out 'city', in item 1 of fan-out "
                      "'region': no census for city 3");
                CHECK_THROWS_WITH(std::rethrow_if_nested(e), "no census for city 3");
            }
            CHECK(dr.execute<"report">({{"regions", std::vector<std::string>{"ab"}}, {"scale", 10}}) ==
                  "ab=34 (sum 34)");
        }
    }
}

namespace tracking {
using test::tracked;
parallelizable<int> ids(int count) { return std::vector<int>(static_cast<std::size_t>(count), 1); }
tracked big(int ids) { return tracked(ids); }
tracked bigger(tracked big) { return tracked(big.value * 2); }  // by value: moved from its slot
int fails_at(int ids, const tracked& bigger, int fail) {
    if (fail >= 0 && ids == 1 && bigger.value == 2 && fail-- == 0) throw std::runtime_error("failed");
    return bigger.value;
}
tracked shared() { return tracked(5); }
int add(int fails_at, const tracked& shared) { return fails_at + shared.value; }
int sum(collect<int> add) { return std::accumulate(add.begin(), add.end(), 0); }
constexpr auto m = hamilton::module(HAMILTON_NODE(ids, count), HAMILTON_NODE(big, ids), HAMILTON_NODE(bigger, big),
                                    HAMILTON_NODE(fails_at, ids, bigger, fail), HAMILTON_NODE(shared),
                                    HAMILTON_NODE(add, fails_at, shared), HAMILTON_NODE(sum, add));
}  // namespace tracking

TEST_CASE("values inside a block are released item by item, and nothing leaks when a node throws") {
    for (const auto& [name, dr] : drivers_of(hamilton::builder().with_modules(tracking::m))) {
        SECTION(name) {
            test::tracked::alive = 0;
            test::tracked::reset_counts();
            CHECK(dr.execute<"sum">({{"count", 100}, {"fail", -1}}) == 700);
            CHECK(test::tracked::alive == 0);
            CHECK(test::tracked::copies == 0);
            CHECK_THROWS_AS(dr.execute<"sum">({{"count", 100}, {"fail", 0}}), hamilton::node_error);
            CHECK(test::tracked::alive == 0);
        }
    }
}

namespace move_only {
parallelizable<int> seeds(int count) { return std::vector<int>(static_cast<std::size_t>(count), 3); }
std::unique_ptr<int> boxed(int seeds) { return std::make_unique<int>(seeds); }
int unboxed_sum(collect<std::unique_ptr<int>> boxed) {
    int total = 0;
    for (const auto& b : boxed) total += *b;
    return total;
}
constexpr auto m = hamilton::module(HAMILTON_NODE(seeds, count), HAMILTON_NODE(boxed, seeds),
                                    HAMILTON_NODE(unboxed_sum, boxed));
}  // namespace move_only

TEST_CASE("values that can only be moved are collected by moving them") {
    for (const auto& [name, dr] : drivers_of(hamilton::builder().with_modules(move_only::m))) {
        SECTION(name) { CHECK(dr.execute<"unboxed_sum">({{"count", 50}}) == 150); }
    }
}

namespace with_subdag {
// The marketing-style dataflow, reused inside a block through a subdag.
double mean(const std::vector<double>& values) {
    return values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}
double spread(const std::vector<double>& values, double mean) {
    double worst = 0;
    for (double v : values) worst = std::max(worst, std::abs(v - mean));
    return worst;
}
constexpr auto stats = hamilton::module(HAMILTON_NODE(mean, values), HAMILTON_NODE(spread, values, mean));
parallelizable<std::vector<double>> series(int count) {
    std::vector<std::vector<double>> out;
    for (int i = 0; i < count; ++i) out.push_back({1.0 * i, 3.0 * i});
    return out;
}
double spreads(collect<double> spread_of_series) { return std::accumulate(spread_of_series.begin(), spread_of_series.end(), 0.0); }
double spread_of_series(double stats_spread) { return stats_spread; }
const auto m = hamilton::module(
    HAMILTON_NODE(series, count),
    hamilton::subdag<"stats">(stats, hamilton::input<"values">(hamilton::source<"series">)),
    hamilton::node<"spread_of_series", "stats.spread">(&spread_of_series), HAMILTON_NODE(spreads, spread_of_series));
}  // namespace with_subdag

TEST_CASE("a subdag runs inside a block") {
    for (const auto& [name, dr] : drivers_of(hamilton::builder().with_modules(with_subdag::m))) {
        SECTION(name) { CHECK(dr.execute<"spreads">({{"count", 4}}) == Approx(0 + 1 + 2 + 3)); }
    }
}

namespace variants {
parallelizable<int> xs(int count) { return std::vector<int>(static_cast<std::size_t>(count), 2); }
int scaled__double(int xs) { return 2 * xs; }
int scaled__triple(int xs) { return 3 * xs; }
int scaled_sum(collect<int> scaled) { return std::accumulate(scaled.begin(), scaled.end(), 0); }
constexpr auto m = hamilton::module(HAMILTON_NODE(xs, count), HAMILTON_NODE(scaled__double, xs).when("mode", "double"),
                                    HAMILTON_NODE(scaled__triple, xs).when("mode", "triple"),
                                    HAMILTON_NODE(scaled_sum, scaled));
}  // namespace variants

TEST_CASE("config variants work inside a block") {
    auto b = hamilton::builder().with_modules(variants::m);
    CHECK(b.with_config({{"mode", "double"}}).build().execute<"scaled_sum">({{"count", 5}}) == 20);
    CHECK(b.with_config({{"mode", "triple"}})
              .with_executor(hamilton::multithreading_executor(2))
              .build()
              .execute<"scaled_sum">({{"count", 5}}) == 30);
}

namespace mistakes {
parallelizable<int> a(int n) { return std::vector<int>(static_cast<std::size_t>(n), 1); }
parallelizable<int> b(int n) { return std::vector<int>(static_cast<std::size_t>(n), 2); }
int from_a(int a) { return a; }
int from_b(int b) { return b; }
int both(int from_a, int from_b) { return from_a + from_b; }                   // two blocks, not nested
int plain(int n) { return n; }
int collects_plain(collect<int> plain) { return static_cast<int>(plain.size()); }  // not inside a block
int self(int from_a, collect<int> from_a2) { return from_a + static_cast<int>(from_a2.size()); }
int a_total(collect<int> from_a) { return std::accumulate(from_a.begin(), from_a.end(), 0); }
int needs_total(int a, int a_total) { return a + a_total; }  // inside a's block, needs a's collect
int needs_total_sum(collect<int> needs_total) { return static_cast<int>(needs_total.size()); }
}  // namespace mistakes

TEST_CASE("a block that makes no sense is a build() error naming the nodes") {
    using namespace mistakes;
    CHECK(test::error_of([] {
              (void)hamilton::builder()
                  .with_modules(hamilton::module(HAMILTON_NODE(a, n), HAMILTON_NODE(b, n), HAMILTON_NODE(from_a, a),
                                                 HAMILTON_NODE(from_b, b), HAMILTON_NODE(both, from_a, from_b)))
                  .build();
          }) == "hamilton: build: node 'both' takes items of two blocks that are not nested: of fan-out 'a' (through "
                "'from_a') and of fan-out 'b' (through 'from_b'); collect one of them (a hamilton::collect<T> "
                "parameter) before combining them");
    CHECK(test::error_of([] {
              (void)hamilton::builder()
                  .with_modules(hamilton::module(HAMILTON_NODE(plain, n), HAMILTON_NODE(collects_plain, plain)))
                  .build();
          }) == "hamilton: build: node 'collects_plain' collects 'plain', which is not inside a block: collect<T> "
                "gathers the values of a node downstream of a node returning hamilton::parallelizable<T>; take "
                "'plain' as a plain parameter instead");
    CHECK(test::error_of([] {
              (void)hamilton::builder()
                  .with_modules(hamilton::module(HAMILTON_NODE(a, n), HAMILTON_NODE(from_a, a),
                                                 hamilton::node<"self", "from_a", "from_a">(&self)))
                  .build();
          }) == "hamilton: build: node 'self' is inside the block of fan-out 'a' and collects 'from_a' of that same "
                "block; a collect<T> receives every item's value, so it must be outside the block: move the collect "
                "to a node that does not depend on the items");
    CHECK(test::error_of([] {
              (void)hamilton::builder()
                  .with_modules(hamilton::module(HAMILTON_NODE(a, n), HAMILTON_NODE(from_a, a),
                                                 HAMILTON_NODE(a_total, from_a), HAMILTON_NODE(needs_total, a, a_total),
                                                 HAMILTON_NODE(needs_total_sum, needs_total)))
                  .build();
          }) == "hamilton: build: the block of fan-out 'a' and node 'a_total' need each other: a node inside the "
                "block needs a value computed from the block's collect; compute that value without the collect, or "
                "move the node out of the block");
}

TEST_CASE("requesting or overriding a node inside a block is an error at execute") {
    const auto dr = hamilton::builder().with_modules(basic).build();
    CHECK(test::error_of([&] { (void)dr.execute<"squared">({{"count", 3}}); }) ==
          "hamilton: execute ['squared']: 'squared' is computed once per item, inside the block of fan-out 'numbers'; "
          "request a node that collects it (a parameter hamilton::collect<T> squared) instead");
    CHECK(test::error_of([&] { (void)dr.execute({"total"}, {{"count", 3}}, {{"squared", 1L}}); }) ==
          "hamilton: execute ['total']: override 'squared' names a node inside the block of fan-out 'numbers', which "
          "runs once per item; override the fan-out 'numbers' (its items) or a node outside the block");
    CHECK_THROWS_WITH(dr.validate_execution({"squared"}, {{"count", 3}}),
                      Catch::Contains("'squared' is computed once per item"));
}

TEST_CASE("parallelizable takes any range of its item type; collect reads like a vector") {
    const std::vector<long> longs{1, 2, 3};
    const parallelizable<int> from_longs(longs);
    CHECK(from_longs.items() == std::vector<int>{1, 2, 3});
    const parallelizable<std::string> from_view(std::vector<const char*>{"a", "b"});
    CHECK(from_view.size() == 2);
    CHECK(from_view[1] == "b");
    const collect<int> c{4, 5, 6};
    CHECK(std::accumulate(c.begin(), c.end(), 0) == 15);
    CHECK(c.front() == 4);
    CHECK(c.back() == 6);
    CHECK(!c.empty());
    // A node that collects is a plain function to unit-test.
    CHECK(total(collect<long>{1, 2, 3}) == 6);
}
