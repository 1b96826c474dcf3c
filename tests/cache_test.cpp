// Tests of cache.hpp: values kept across executes and runs, keys, behaviours, bad entries.
#include <hamilton/cache.hpp>
#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
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
    for (const auto& f : fs::directory_iterator(dir)) CHECK(f.path().extension() == ".entry");

    // Damage every entry: a changed byte of the value, a cut file, a changed key, another format.
    int damaged = 0;
    std::vector<std::string> reasons;
    for (const auto& f : fs::directory_iterator(dir)) {
        std::string text = test::read_text(f.path());
        switch (damaged++) {
            case 0: text.back() ^= 1; break;
            case 1: text.resize(text.size() - 3); break;
            case 2: text[text.find("key ") + 4] ^= 1; break;
            default: text[0] = 'H'; break;
        }
        reasons.push_back(damaged <= 3 ? "its checksum does not match its content)"
                                       : "it does not start with 'hamilton cache entry 2')");
        std::ofstream(f.path(), std::ios::trunc | std::ios::binary) << text;
    }
    auto third = std::make_shared<hamilton::cache>(hamilton::cache_options{dir});
    runs.clear();
    CHECK(hamilton::builder().with_modules(m).with_cache(third).build().execute<"total">(in) == 23.0);
    CHECK(runs.size() == 4);
    std::vector<std::string> seen;
    for (const auto& e : third->events()) {
        CHECK(e.what.starts_with("computed: corrupt entry ('" + (dir / e.node).string() + "-"));
        seen.push_back(e.what.substr(e.what.find("': ") + 3));
    }
    std::sort(seen.begin(), seen.end());
    std::sort(reasons.begin(), reasons.end());
    CHECK(seen == reasons);
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

namespace gathered {
hamilton::parallelizable<double> number(std::vector<double> given) { return given; }
double squared(double number) { return number * number; }
std::string label(double number) { return fmt::format("item {}", number); }
double sum_of_squares(hamilton::collect<double> squared) {
    ran("sum_of_squares");
    return std::accumulate(squared.begin(), squared.end(), 0.0);
}
std::string labels(hamilton::collect<std::string> label) {
    ran("labels");
    std::string out;
    for (const auto& l : label) out += l + ";";
    return out;
}
constexpr auto m = hamilton::module(HAMILTON_NODE(number, given), HAMILTON_NODE(squared, number),
                                    HAMILTON_NODE(label, number), HAMILTON_NODE(sum_of_squares, squared),
                                    HAMILTON_NODE(labels, label));
}  // namespace gathered

TEST_CASE("a node reading a collect<T> is keyed by its items, never by where they are") {
    auto cache = std::make_shared<hamilton::cache>();
    const auto dr = hamilton::builder().with_modules(gathered::m).with_cache(cache).build();
    // Collects of the same size, made and freed one call after the other: the allocator hands
    // out the same addresses again.
    const std::vector<std::vector<double>> givens{{1, 2}, {3, 4}, {5, 6}};
    for (int round = 0; round < 3; ++round)
        for (const auto& given : givens)
            CHECK(dr.execute<"sum_of_squares">({{"given", given}}) == given[0] * given[0] + given[1] * given[1]);
    for (int round = 0; round < 3; ++round)
        for (const auto& given : givens)
            CHECK(dr.execute<"labels">({{"given", given}}) == fmt::format("item {};item {};", given[0], given[1]));
    // The same items, gathered again: their readers hit.
    cache->clear_events();
    runs.clear();
    (void)dr.execute<"sum_of_squares", "labels">({{"given", givens[1]}});
    CHECK(runs.empty());
    CHECK(events_of(*cache) == std::vector<std::string>{"number: hit", "sum_of_squares: hit", "labels: hit"});
}

namespace clearing {
std::shared_ptr<hamilton::cache> cache_to_clear;
std::string word(int n) { return std::string(100, static_cast<char>('a' + n)); }
std::size_t cleared(const std::string& word) {
    cache_to_clear->clear();
    return word.size();
}
constexpr auto m = hamilton::module(HAMILTON_NODE(word, n), HAMILTON_NODE(cleared, word));
}  // namespace clearing

TEST_CASE("a value taken from the cache lives until the call's results are read, whatever clear() does") {
    clearing::cache_to_clear = std::make_shared<hamilton::cache>();
    const auto dr = hamilton::builder()
                        .with_modules(clearing::m)
                        .with_cache(clearing::cache_to_clear, {.recompute = {"cleared"}})
                        .build();
    for (int round = 0; round < 3; ++round) {
        // `word` is kept, then taken from the cache by a call in which `cleared` empties it.
        CHECK(dr.execute<"word">({{"n", 1}}) == std::string(100, 'b'));
        const auto [word, size] = dr.execute<"word", "cleared">({{"n", 1}});
        CHECK(word == std::string(100, 'b'));
        CHECK(size == 100);
        CHECK(dr.execute({"word"}, {{"n", 2}}).get<std::string>("word") == std::string(100, 'c'));
        const auto by_name = dr.execute({"word", "cleared"}, {{"n", 2}});
        CHECK(by_name.get<std::string>("word") == std::string(100, 'c'));
    }
    clearing::cache_to_clear.reset();
}

namespace round_trip {
// The values node `value` returns, by index.
template <class T>
std::vector<T> table;

template <class T>
bool same(const T& a, const T& b);
template <class K, class V>
bool same(const std::pair<const K, V>& a, const std::pair<const K, V>& b) {
    return a.first == b.first && same(a.second, b.second);
}

template <class T>
bool same(const T& a, const T& b) {
    if constexpr (std::is_floating_point_v<T>) {
        return std::isnan(a) ? std::isnan(b) : a == b && std::signbit(a) == std::signbit(b);
    } else if constexpr (requires { a.begin(); } && !std::is_same_v<T, std::string>) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) { return same(x, y); });
    } else {
        return a == b;
    }
}
// Computes each value into the disk cache, then reads each one back in a fresh cache object:
// every value must come back from disk, equal to what was computed.
template <class T>
void check(std::vector<T> values) {
    table<T> = std::move(values);
    const auto m = hamilton::module(hamilton::node<"value", "which">([](std::size_t which) -> T { return table<T>.at(which); }),
                                    hamilton::node<"copy", "value">([](const T& value) -> T { return value; }));
    const test::temp_dir scratch;
    {
        auto first = std::make_shared<hamilton::cache>(hamilton::cache_options{scratch.path});
        const auto dr = hamilton::builder().with_modules(m).with_cache(first).build();
        for (std::size_t i = 0; i < table<T>.size(); ++i) CHECK(same<T>(dr.template execute<"copy">({{"which", i}}), table<T>[i]));
        for (const auto& e : first->events()) CHECK(e.what == "computed");
    }
    auto later = std::make_shared<hamilton::cache>(hamilton::cache_options{scratch.path});
    const auto dr = hamilton::builder().with_modules(m).with_cache(later).build();
    for (std::size_t i = 0; i < table<T>.size(); ++i) {
        INFO(hamilton::detail::type_name<T>() << " #" << i);
        later->clear_events();
        CHECK(same<T>(dr.template execute<"copy">({{"which", i}}), table<T>[i]));
        CHECK(events_of(*later) == std::vector<std::string>{"value: hit from disk", "copy: hit from disk"});
    }
    table<T>.clear();
}
}  // namespace round_trip

TEST_CASE("every value type the cache supports round-trips through the disk exactly") {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    const std::string not_utf8("\xff\xfe\0 \xc3\x28 end", 11);
    round_trip::check<double>({nan, -nan, inf, -inf, -0.0, 0.0, 0.1, 4.9e-324, std::numeric_limits<double>::max()});
    round_trip::check<float>({std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::infinity(), -0.0f,
                              1.5f});
    round_trip::check<bool>({true, false});
    round_trip::check<unsigned char>({0, 255, 'a'});
    round_trip::check<int>({std::numeric_limits<int>::min(), 0, std::numeric_limits<int>::max()});
    round_trip::check<long long>({std::numeric_limits<long long>::min(), std::numeric_limits<long long>::max()});
    round_trip::check<unsigned long long>({0, std::numeric_limits<unsigned long long>::max()});
    round_trip::check<std::string>({"", not_utf8, "plain", std::string(std::size_t{1} << 22, 'x')});
    std::vector<double> large(std::size_t{1} << 20);  // 8 MB
    for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<double>(i) / 3;
    round_trip::check<std::vector<double>>({{}, {nan, inf, -inf, -0.0}, std::move(large)});
    round_trip::check<std::vector<float>>({{}, {std::numeric_limits<float>::quiet_NaN(), -0.0f}});
    round_trip::check<std::vector<int>>({{}, {std::numeric_limits<int>::min(), std::numeric_limits<int>::max()}});
    round_trip::check<std::vector<unsigned long long>>({{}, {std::numeric_limits<unsigned long long>::max()}});
    round_trip::check<std::vector<bool>>({{}, {true, false, true}});
    round_trip::check<std::vector<std::string>>({{}, {""}, {not_utf8, "b"}});
    round_trip::check<std::map<std::string, double>>({{}, {{"nan", nan}, {not_utf8, -inf}, {"", -0.0}}});
    round_trip::check<std::map<std::string, std::string>>({{}, {{not_utf8, not_utf8}, {"", ""}}});
    round_trip::check<std::map<std::string, int>>({{}, {{"a", std::numeric_limits<int>::min()}}});
    round_trip::check<std::map<std::string, long>>({{{"a", std::numeric_limits<long>::max()}}});
}

namespace unwritable {
struct opaque {
    int n = 0;
};
// A conversion that fails for some values: the cache must not fail the node for it.
void to_json(nlohmann::json& j, const opaque& o) {
    if (o.n < 0) throw std::runtime_error("negative values have no JSON form");
    j = o.n;
}
void from_json(const nlohmann::json& j, opaque& o) { o.n = j.get<int>(); }
opaque make_opaque(int n) { return {n}; }
int read_opaque(const opaque& make_opaque) { return make_opaque.n * 2; }
constexpr auto m = hamilton::module(HAMILTON_NODE(make_opaque, n), HAMILTON_NODE(read_opaque, make_opaque));
}  // namespace unwritable

TEST_CASE("a value the cache cannot fingerprint or write does not fail its node") {
    const test::temp_dir scratch;
    auto cache = std::make_shared<hamilton::cache>(hamilton::cache_options{scratch.path});
    cache->support<unwritable::opaque>();
    const auto dr = hamilton::builder().with_modules(unwritable::m).with_cache(cache).build();
    CHECK(dr.execute<"read_opaque">({{"n", -2}}) == -4);
    CHECK(dr.execute<"read_opaque">({{"n", -2}}) == -4);
    const auto events = events_of(*cache);
    REQUIRE(events.size() >= 2);
    CHECK(events[1] == "make_opaque: not written (its value has no fingerprint: negative values have no JSON form)");
    // Kept in memory all the same, under its key.
    CHECK(events[events.size() - 2] == "make_opaque: hit");
}


namespace forged {
std::map<std::string, double> weights(double x) {
    ran("weights");
    return {{"x", x}, {"nan", std::numeric_limits<double>::quiet_NaN()}};
}
constexpr auto m = hamilton::module(HAMILTON_NODE(weights, x));

// Rewrites the entry at `path` to hold `value` as its stored bytes (and `form`, unless empty),
// with the checksum that matches: an entry no damage would make, only someone who means it.
void forge(const fs::path& path, std::string_view value, std::string_view form = {}) {
    const std::string text = test::read_text(path);
    std::size_t at = 0;
    std::vector<std::string> lines;
    for (int i = 0; i < 5; ++i) {
        const auto end = text.find('\n', at);
        lines.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    if (!form.empty()) lines[4] = "form " + std::string(form);
    const std::string rest = lines[2] + "\n" + lines[3] + "\n" + lines[4] + "\n" + std::string(value);
    const std::string checksum = hamilton::detail::digest_text(XXH3_128bits(rest.data(), rest.size()));
    std::ofstream(path, std::ios::trunc | std::ios::binary) << lines[0] << "\nchecksum " << checksum << "\n" << rest;
}
}  // namespace forged

TEST_CASE("a forged entry whose checksum matches is decoded within bounds: computed again, never a crash") {
    const test::temp_dir scratch;
    {
        auto first = std::make_shared<hamilton::cache>(hamilton::cache_options{scratch.path});
        (void)hamilton::builder().with_modules(forged::m).with_cache(first).build().execute<"weights">({{"x", 1.0}});
    }
    REQUIRE(scratch.files().size() == 1);
    const auto path = scratch.path / scratch.files().front();
    auto reason_after = [&](std::string_view value, std::string_view form = {}) {
        forged::forge(path, value, form);
        auto later = std::make_shared<hamilton::cache>(hamilton::cache_options{scratch.path});
        runs.clear();
        const auto weights = hamilton::builder().with_modules(forged::m).with_cache(later).build().execute<"weights">(
            {{"x", 1.0}});
        CHECK(weights.at("x") == 1.0);
        CHECK(runs["weights"] == 1);
        const auto events = events_of(*later);
        REQUIRE(events.size() == 1);
        const std::string start = "weights: computed: corrupt entry ('" + path.string() + "': ";
        REQUIRE(events[0].starts_with(start));
        return events[0].substr(start.size());
    };
    // 200000 nested arrays (CBOR 0x81: an array of one item): the parser would recurse once each.
    CHECK(reason_after(std::string(200000, '\x81') + '\xf6') == "its value does not decode: it nests deeper than 256 levels)");
    // 257 nested maps of one key each.
    std::string maps;
    for (int i = 0; i < 257; ++i) maps += "\xa1\x61k";
    CHECK(reason_after(maps + '\xf6') == "its value does not decode: it nests deeper than 256 levels)");
    CHECK(reason_after("\x9f\x01") == "its value does not decode: [json.exception.parse_error.110] parse error at byte 3: "
                                      "syntax error while parsing CBOR value: unexpected end of input)");
    CHECK(reason_after("\x9b\xff\xff\xff\xff\xff\xff\xff\xff").starts_with("its value does not decode: "));
    CHECK(reason_after("\x83\x01\x02\x03") ==
          "its value does not decode: [json.exception.type_error.302] type must be object, but is array)");
    CHECK(reason_after("", "raw 8-byte middle-endian") ==
          "its value is stored as 'raw 8-byte middle-endian', which this program does not read (it stores this type as "
          "'cbor'))");
}

namespace uncopyable {
// A value whose copy throws: the cache cannot keep it, and must not fail its node for that.
struct fragile {
    std::vector<int> data;
    explicit fragile(std::vector<int> d) : data(std::move(d)) {}
    fragile(const fragile&) : data() { throw std::runtime_error("this copy fails"); }
    fragile(fragile&&) noexcept = default;
    fragile& operator=(const fragile&) = delete;
    fragile& operator=(fragile&&) noexcept = default;
    ~fragile() = default;
};
fragile make_fragile(int n) { return fragile(std::vector<int>(static_cast<std::size_t>(n), 1)); }
int read_fragile(const fragile& make_fragile) { return static_cast<int>(make_fragile.data.size()); }
constexpr auto m = hamilton::module(HAMILTON_NODE(make_fragile, n), HAMILTON_NODE(read_fragile, make_fragile));
}  // namespace uncopyable

TEST_CASE("a value the cache cannot copy does not fail its node, nor leak") {
    auto cache = std::make_shared<hamilton::cache>();
    const auto dr = hamilton::builder().with_modules(uncopyable::m).with_cache(cache).build();
    CHECK(dr.execute<"read_fragile">({{"n", 3}}) == 3);
    CHECK(events_of(*cache) == std::vector<std::string>{"make_fragile: computed",
                                                        "make_fragile: not kept (its copy failed: this copy fails)",
                                                        "read_fragile: computed"});
    CHECK(dr.execute<"read_fragile">({{"n", 3}}) == 3);  // read_fragile's own value was kept
    CHECK(events_of(*cache).back() == "read_fragile: hit");
}

namespace released {
std::vector<double> numbers(int n) { return std::vector<double>(static_cast<std::size_t>(n), 1.0); }
std::size_t count(const std::vector<double>& numbers) { return numbers.size(); }
constexpr auto m = hamilton::module(HAMILTON_NODE(numbers, n), HAMILTON_NODE(count, numbers));
}  // namespace released

TEST_CASE("a value whose last reader is taken from the cache is released all the same") {
    // Under LeakSanitizer: `numbers` is computed every time, and `count`, which would release
    // it, does not run from the second call on.
    auto cache = std::make_shared<hamilton::cache>();
    const auto dr = hamilton::builder().with_modules(released::m).with_cache(cache, {.recompute = {"numbers"}}).build();
    for (int round = 0; round < 3; ++round) CHECK(dr.execute<"count">({{"n", 5}}) == 5);
    CHECK(events_of(*cache).back() == "count: hit");
}
