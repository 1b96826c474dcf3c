// Tests of builder().allow_module_overrides() (hamilton/driver.hpp): a later module's node
// replaces the earlier nodes of its name, variants included; without the opt-in, and inside one
// module, a duplicate stays the compile error duplicate_node.
#include <hamilton/hamilton.hpp>

#include <algorithm>
#include <numeric>
#include <string>
#include <type_traits>
#include <vector>

#include "support.hpp"

using test::error_of;

namespace {

using series = std::vector<double>;

double spend_mean(const series& spend) {
    return std::accumulate(spend.begin(), spend.end(), 0.0) / static_cast<double>(spend.size());
}
series spend_zero_mean(const series& spend, double spend_mean) {
    series out(spend);
    for (double& x : out) x -= spend_mean;
    return out;
}
double spend_total(const series& spend) { return std::accumulate(spend.begin(), spend.end(), 0.0); }

constexpr auto marketing = hamilton::module(HAMILTON_NODE(spend_mean, spend).doc("Mean spend."),
                                            HAMILTON_NODE(spend_zero_mean, spend, spend_mean),
                                            HAMILTON_NODE(spend_total, spend));

// A replacement for spend_mean that needs another input.
double trimmed_mean(const series& spend, double trim) {
    series sorted(spend);
    std::sort(sorted.begin(), sorted.end());
    const auto cut = static_cast<std::ptrdiff_t>(trim);
    return std::accumulate(sorted.begin() + cut, sorted.end() - cut, 0.0) / static_cast<double>(sorted.size() - 2 * static_cast<std::size_t>(cut));
}
constexpr auto robust = hamilton::module(hamilton::node<"spend_mean", "spend", "trim">(&trimmed_mean).doc("Trimmed mean."));

double fixed_mean() { return 100.0; }
constexpr auto fixed = hamilton::module(hamilton::node<"spend_mean">(&fixed_mean));

// Variants of one node, in the earlier module and in a later one.
series raw__csv(const std::string& path) { return series(path.size(), 1.0); }
series raw__const(double level) { return series(3, level); }
double total(const series& raw) { return std::accumulate(raw.begin(), raw.end(), 0.0); }
constexpr auto sources = hamilton::module(HAMILTON_NODE(raw__csv, path).when("source", "csv"),
                                          HAMILTON_NODE(raw__const, level).when("source", "const"),
                                          HAMILTON_NODE(total, raw));

series raw() { return {7.0}; }
constexpr auto raw_fixed = hamilton::module(HAMILTON_NODE(raw));

series raw__test(double level) { return series(2, level); }
constexpr auto raw_for_tests = hamilton::module(HAMILTON_NODE(raw__test, level).when("source", "test"));

const series spend{10, 20, 30, 1000};

// The graph a builder would build (to check duplicates without failing to compile).
template <class Builder>
struct graph_of;
template <template <class...> class Builder, class... Nodes>
struct graph_of<Builder<Nodes...>> {
    using type = hamilton::graph<Nodes...>;
};
template <class Builder>
using graph_of_t = typename graph_of<std::remove_cvref_t<Builder>>::type;

std::vector<std::string> names_of(const std::vector<hamilton::variable>& variables) {
    std::vector<std::string> out;
    for (const auto& v : variables) out.push_back(v.name);
    return out;
}

}  // namespace

TEST_CASE("a later module's node replaces the earlier node of the same name", "[module_override]") {
    auto dr = hamilton::builder().allow_module_overrides().with_modules(marketing, robust).build();
    // The consumers of spend_mean now read the trimmed mean: (20 + 30) / 2.
    auto [mean, zero_mean, total] =
        dr.execute<"spend_mean", "spend_zero_mean", "spend_total">({{"spend", spend}, {"trim", 1.0}});
    CHECK(mean == 25.0);
    CHECK(zero_mean == series{-15, -5, 5, 975});
    CHECK(total == 1060.0);
    // The replacement's own dependencies, doc and function are what the driver describes.
    const auto vars = dr.list_available_variables();
    const auto it = std::find_if(vars.begin(), vars.end(), [](const auto& v) { return v.name == "spend_mean"; });
    REQUIRE(it != vars.end());
    CHECK(it->documentation == "Trimmed mean.");
    CHECK(names_of(dr.what_is_upstream_of("spend_mean")) == std::vector<std::string>{"spend", "trim", "spend_mean"});
    STATIC_REQUIRE(graph_of_t<decltype(dr)>::node_count == 3);
}

TEST_CASE("the opt-in applies to modules added after it, replacing nodes added before it", "[module_override]") {
    auto before = hamilton::builder().with_modules(marketing).allow_module_overrides().with_modules(fixed).build();
    CHECK(before.execute<"spend_zero_mean">({{"spend", spend}}) == series{-90, -80, -70, 900});

    // Each later module wins over all earlier ones: the last spend_mean is fixed_mean.
    auto chain = hamilton::builder()
                     .allow_module_overrides()
                     .with_config({{"unused", 1}})
                     .with_modules(marketing)
                     .with_modules(robust, fixed)
                     .build();
    CHECK(chain.execute<"spend_mean">() == 100.0);
    CHECK(chain.configuration().count("unused") == 1);

    // Modules added before the opt-in are not overridden by each other: still a duplicate.
    using late = decltype(hamilton::builder().with_modules(marketing, fixed).allow_module_overrides());
    STATIC_REQUIRE(graph_of_t<late>::first_duplicate != hamilton::detail::none);
    // Without the opt-in, a duplicate is the compile error duplicate_node (see
    // tests/compile_fail/duplicate_node.cpp); build() would not compile here.
    using strict = decltype(hamilton::builder().with_modules(marketing, fixed));
    STATIC_REQUIRE(!graph_of_t<strict>::valid);
    using allowed = decltype(hamilton::builder().allow_module_overrides().with_modules(marketing, fixed));
    STATIC_REQUIRE(graph_of_t<allowed>::valid);
}

TEST_CASE("two nodes of one name inside one module stay a duplicate", "[module_override]") {
    constexpr auto twice = hamilton::module(HAMILTON_NODE(spend_mean, spend), hamilton::node<"spend_mean">(&fixed_mean));
    using b = decltype(hamilton::builder().allow_module_overrides().with_modules(twice));
    STATIC_REQUIRE(graph_of_t<b>::first_duplicate != hamilton::detail::none);
}

TEST_CASE("a later node replaces every variant of its name", "[module_override]") {
    // An ungated node replaces both variants: no duplicate, and the config no longer matters.
    auto plain = hamilton::builder()
                     .with_config({{"source", "csv"}})
                     .allow_module_overrides()
                     .with_modules(sources, raw_fixed)
                     .build();
    CHECK(plain.execute<"total">() == 7.0);
    using replaced = decltype(hamilton::builder().allow_module_overrides().with_modules(sources, raw_fixed));
    STATIC_REQUIRE(graph_of_t<replaced>::node_count == 2);

    // A gated node replaces both earlier variants too: under source=csv no variant is left, so raw
    // is an input, as for any node whose variants are all inactive.
    auto gated = hamilton::builder()
                     .with_config({{"source", "test"}})
                     .allow_module_overrides()
                     .with_modules(sources, raw_for_tests)
                     .build();
    CHECK(gated.execute<"total">({{"level", 2.0}}) == 4.0);
    auto csv = hamilton::builder()
                   .with_config({{"source", "csv"}})
                   .allow_module_overrides()
                   .with_modules(sources, raw_for_tests)
                   .build();
    CHECK(error_of([&] { (void)csv.execute<"total">({{"path", std::string("a.csv")}}); }).find(
              "input 'path' names nothing in the graph") != std::string::npos);
    CHECK(csv.execute<"total">({{"raw", series{1, 2}}}) == 3.0);
}

TEST_CASE("a module that replaces nothing just adds its nodes", "[module_override]") {
    auto dr = hamilton::builder().allow_module_overrides().with_modules(marketing, sources).with_config({{"source", "const"}}).build();
    CHECK(dr.execute<"total">({{"level", 2.0}}) == 6.0);
    CHECK(dr.execute<"spend_mean">({{"spend", spend}}) == 265.0);
}
