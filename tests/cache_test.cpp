// Tests of cache.hpp: values kept across executes and runs, keys, behaviours, bad entries.
#include <hamilton/cache.hpp>
#include <hamilton/hamilton.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

namespace fs = std::filesystem;

// Counts each node's runs, to check which ones a cache skipped.
std::map<std::string, int> runs;
std::mutex runs_mutex;
void ran(const std::string& node) {
    std::lock_guard lock(runs_mutex);
    ++runs[node];
}

double doubled(double x) {
    ran("doubled");
    return 2 * x;
}
double plus_one(double doubled) {
    ran("plus_one");
    return doubled + 1;
}
double scaled(double y) {
    ran("scaled");
    return 10 * y;
}
double total(double plus_one, double scaled) {
    ran("total");
    return plus_one + scaled;
}
// A value of the same fingerprint for many inputs: its readers hit again.
double sign(double x) {
    ran("sign");
    return x < 0 ? -1.0 : 1.0;
}
double signed_total(double sign, double scaled) {
    ran("signed_total");
    return sign * scaled;
}
constexpr auto m = hamilton::module(HAMILTON_NODE(doubled, x), HAMILTON_NODE(plus_one, doubled), HAMILTON_NODE(scaled, y),
                                    HAMILTON_NODE(total, plus_one, scaled), HAMILTON_NODE(sign, x),
                                    HAMILTON_NODE(signed_total, sign, scaled));

// The node names of the call's events with what happened, "node: what".
std::vector<std::string> events_of(const hamilton::cache& c) {
    std::vector<std::string> out;
    for (const auto& e : c.events()) out.push_back(e.node + ": " + e.what);
    return out;
}

}  // namespace

TEST_CASE("a cached value is reused; a changed input recomputes exactly what it feeds") {
    auto cache = std::make_shared<hamilton::cache>();
    const auto dr = hamilton::builder().with_modules(m).with_cache(cache).build();
    runs.clear();
    CHECK(dr.execute<"total">({{"x", 1.0}, {"y", 2.0}}) == 23.0);
    CHECK(runs == std::map<std::string, int>{{"doubled", 1}, {"plus_one", 1}, {"scaled", 1}, {"total", 1}});
    runs.clear();
    CHECK(dr.execute<"total">({{"x", 1.0}, {"y", 2.0}}) == 23.0);
    CHECK(runs.empty());
    runs.clear();
    cache->clear_events();
    CHECK(dr.execute<"total">({{"x", 1.0}, {"y", 3.0}}) == 33.0);
    CHECK(runs == std::map<std::string, int>{{"scaled", 1}, {"total", 1}});
    CHECK(events_of(*cache) ==
          std::vector<std::string>{"doubled: hit", "scaled: computed", "plus_one: hit", "total: computed"});
    // By name too, and a value that comes out the same lets its readers hit.
    runs.clear();
    CHECK(dr.execute({"signed_total"}, {{"x", 4.0}, {"y", 3.0}}).get<double>("signed_total") == 30.0);
    runs.clear();
    CHECK(dr.execute({"signed_total"}, {{"x", 9.0}, {"y", 3.0}}).get<double>("signed_total") == 30.0);
    CHECK(runs == std::map<std::string, int>{{"sign", 1}});
}

TEST_CASE("behaviours: recompute, disable and ignore") {
    auto cache = std::make_shared<hamilton::cache>();
    const hamilton::values in{{"x", 1.0}, {"y", 2.0}};
    SECTION("recompute runs the node every time, and keeps its value for its readers") {
        const auto dr = hamilton::builder().with_modules(m).with_cache(cache, {.recompute = {"plus_one"}}).build();
        (void)dr.execute<"total">(in);
        runs.clear();
        CHECK(dr.execute<"total">(in) == 23.0);
        CHECK(runs == std::map<std::string, int>{{"plus_one", 1}});  // same value: total hits
    }
    SECTION("disable runs the node as without a cache, and its readers too") {
        const auto dr = hamilton::builder().with_modules(m).with_cache(cache, {.disable = {"plus_one"}}).build();
        (void)dr.execute<"total">(in);
        runs.clear();
        cache->clear_events();
        CHECK(dr.execute<"total">(in) == 23.0);
        CHECK(runs == std::map<std::string, int>{{"plus_one", 1}, {"total", 1}});
        CHECK(events_of(*cache) == std::vector<std::string>{"doubled: hit", "scaled: hit", "plus_one: computed: disable",
                                                            "total: computed: not keyed ('plus_one' is not cached: "
                                                            "disable)"});
    }
    SECTION("ignore runs the node and leaves it out of its readers' keys") {
        const auto dr = hamilton::builder().with_modules(m).with_cache(cache, {.ignore = {"sign"}}).build();
        (void)dr.execute<"signed_total">(in);
        runs.clear();
        CHECK(dr.execute<"signed_total">(in) == 20.0);
        CHECK(runs == std::map<std::string, int>{{"sign", 1}});
    }
    CHECK(test::error_of([&] {
              (void)hamilton::builder().with_modules(m).with_cache(cache, {.recompute = {"plus_on"}}).build();
          }) == "hamilton: build: with_cache: 'plus_on' in recompute names no node of the graph under this config; "
                "did you mean 'plus_one'?");
    CHECK(test::error_of([&] { (void)hamilton::builder().with_modules(m).with_cache(std::shared_ptr<hamilton::cache>()); }) ==
          "hamilton: with_cache: the cache is an empty std::shared_ptr; pass one that owns a cache, e.g. "
          "std::make_shared<hamilton::cache>()");
}

namespace versioned {
double rate(double x) {
    ran("rate");
    return x / 2;
}
constexpr auto v1 = hamilton::module(HAMILTON_NODE(rate, x).tag(hamilton::version_tag, "1"));
constexpr auto v2 = hamilton::module(HAMILTON_NODE(rate, x).tag(hamilton::version_tag, "2"));
}  // namespace versioned

TEST_CASE("a node's version is part of its key") {
    auto cache = std::make_shared<hamilton::cache>();
    runs.clear();
    (void)hamilton::builder().with_modules(versioned::v1).with_cache(cache).build().execute<"rate">({{"x", 4.0}});
    (void)hamilton::builder().with_modules(versioned::v1).with_cache(cache).build().execute<"rate">({{"x", 4.0}});
    CHECK(runs["rate"] == 1);
    (void)hamilton::builder().with_modules(versioned::v2).with_cache(cache).build().execute<"rate">({{"x", 4.0}});
    CHECK(runs["rate"] == 2);
}

TEST_CASE("values kept on disk serve later runs; a bad entry is computed again, never trusted") {
    const test::temp_dir scratch;
    const auto& dir = scratch.path;
    const hamilton::values in{{"x", 1.0}, {"y", 2.0}};
    {
        auto first = std::make_shared<hamilton::cache>(hamilton::cache_options{dir});
        (void)hamilton::builder().with_modules(m).with_cache(first).build().execute<"total">(in);
    }
    auto later = std::make_shared<hamilton::cache>(hamilton::cache_options{dir});  // as in a new run
    const auto dr = hamilton::builder().with_modules(m).with_cache(later).build();
    runs.clear();
    CHECK(dr.execute<"total">(in) == 23.0);
    CHECK(runs.empty());
    CHECK(events_of(*later) == std::vector<std::string>{"doubled: hit from disk", "scaled: hit from disk",
                                                        "plus_one: hit from disk", "total: hit from disk"});
    // No temporary file is left behind.
    for (const auto& f : fs::directory_iterator(dir)) CHECK(f.path().extension() == ".json");

    // Damage every entry: a changed value (checksum), a cut file (does not parse).
    int damaged = 0;
    for (const auto& f : fs::directory_iterator(dir)) {
        std::string text;
        {
            std::ifstream file(f.path());
            std::getline(file, text, '\0');
        }
        if (damaged++ % 2 == 0) {
            const auto at = text.find("\"value\":");
            REQUIRE(at != std::string::npos);
            text.insert(at + 8, "1");  // 23.0 becomes 123.0
        } else {
            text.resize(text.size() / 2);
        }
        std::ofstream(f.path(), std::ios::trunc) << text;
    }
    auto third = std::make_shared<hamilton::cache>(hamilton::cache_options{dir});
    runs.clear();
    CHECK(hamilton::builder().with_modules(m).with_cache(third).build().execute<"total">(in) == 23.0);
    CHECK(runs.size() == 4);
    for (const auto& e : third->events()) CHECK(e.what.starts_with("computed: corrupt entry ('"));
    // Written again: the next run reads them.
    auto fourth = std::make_shared<hamilton::cache>(hamilton::cache_options{dir});
    runs.clear();
    CHECK(hamilton::builder().with_modules(m).with_cache(fourth).build().execute<"total">(in) == 23.0);
    CHECK(runs.empty());
}

TEST_CASE("a cache directory that cannot be written is an error naming it") {
    CHECK_THROWS_WITH(hamilton::cache(hamilton::cache_options{"/proc/hamilton-cache"}),
                      Catch::StartsWith("hamilton: cache: cannot create the cache directory '/proc/hamilton-cache': ") &&
                          Catch::EndsWith("; give a directory you can write to"));
    CHECK_THROWS_WITH(hamilton::cache(hamilton::cache_options{"/proc/self"}),
                      Catch::StartsWith("hamilton: cache: cannot write in the cache directory '/proc/self': ") &&
                          Catch::EndsWith("; give a directory you can write to"));
}

namespace custom {
struct point {
    double x = 0, y = 0;
    friend bool operator==(const point&, const point&) = default;
};
void to_json(nlohmann::json& j, const point& p) { j = {{"x", p.x}, {"y", p.y}}; }
void from_json(const nlohmann::json& j, point& p) { p = {j.at("x").get<double>(), j.at("y").get<double>()}; }
point corner(double x) {
    ran("corner");
    return {x, -x};
}
double spread(const point& corner) {
    ran("spread");
    return corner.x - corner.y;
}
constexpr auto m = hamilton::module(HAMILTON_NODE(corner, x), HAMILTON_NODE(spread, corner));
}  // namespace custom

TEST_CASE("a type the cache does not know: kept in memory only; as an input, its readers are computed") {
    auto cache = std::make_shared<hamilton::cache>();
    const auto dr = hamilton::builder().with_modules(custom::m).with_cache(cache).build();
    (void)dr.execute<"spread">({{"x", 2.0}});
    runs.clear();
    cache->clear_events();
    // A computed point has no fingerprint of its own, but its key identifies it.
    CHECK(dr.execute<"spread">({{"x", 2.0}}) == 4.0);
    CHECK(runs.empty());
    CHECK(events_of(*cache) == std::vector<std::string>{"corner: hit", "spread: hit"});
    // Given as an input (here an override), a point cannot be told from another.
    cache->clear_events();
    CHECK(dr.execute<"spread">({}, {{"corner", custom::point{3, 1}}}) == 2.0);
    CHECK(events_of(*cache) == std::vector<std::string>{"spread: computed: not keyed ('corner' of type custom::point "
                                                        "has no fingerprint)"});

    const test::temp_dir scratch;
    const auto& dir = scratch.path;
    auto on_disk = std::make_shared<hamilton::cache>(hamilton::cache_options{dir});
    on_disk->support<custom::point>();
    (void)hamilton::builder().with_modules(custom::m).with_cache(on_disk).build().execute<"spread">({{"x", 2.0}});
    auto later = std::make_shared<hamilton::cache>(hamilton::cache_options{dir});
    later->support<custom::point>();
    runs.clear();
    CHECK(hamilton::builder().with_modules(custom::m).with_cache(later).build().execute<"spread">({{"x", 2.0}}) == 4.0);
    CHECK(runs.empty());
}

TEST_CASE("overrides are part of the keys; a cache works on a thread pool") {
    auto cache = std::make_shared<hamilton::cache>();
    const auto dr = hamilton::builder()
                        .with_modules(m)
                        .with_cache(cache)
                        .with_executor(hamilton::multithreading_executor(2))
                        .build();
    const hamilton::values in{{"x", 1.0}, {"y", 2.0}};
    CHECK(dr.execute<"total">(in) == 23.0);
    runs.clear();
    CHECK(dr.execute<"total">(in, {{"plus_one", 100.0}}) == 120.0);
    CHECK(runs == std::map<std::string, int>{{"total", 1}});
    runs.clear();
    CHECK(dr.execute<"total">(in, {{"plus_one", 100.0}}) == 120.0);
    CHECK(runs.empty());
    CHECK(dr.execute<"total">(in) == 23.0);
}
