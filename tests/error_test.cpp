// Tests of hamilton/error.hpp: how problems are formatted.
#include <hamilton/error.hpp>

#include <hamilton/cache.hpp>
#include <hamilton/hamilton.hpp>
#include <hamilton/io/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

TEST_CASE("one problem reads as one line; several as a list", "[error]") {
    const hamilton::error one("execute ['a']", {"missing input 'x'"});
    CHECK(std::string(one.what()) == "hamilton: execute ['a']: missing input 'x'");
    const hamilton::error two("build", {"first", "second"});
    CHECK(std::string(two.what()) == "hamilton: 2 problems in build:\n  - first\n  - second");
    CHECK(two.problems().size() == 2);
    const hamilton::error plain("something");
    CHECK(std::string(plain.what()) == "hamilton: something");
}

TEST_CASE("node_error names node and function and is a hamilton::error", "[error]") {
    const hamilton::node_error e("raw", "raw__csv", "no such file");
    CHECK(e.node() == "raw");
    CHECK(e.function() == "raw__csv");
    CHECK(std::string(e.what()) == "hamilton: node 'raw' (function raw__csv) failed: no such file");
    const hamilton::error& base = e;
    CHECK(base.problems().size() == 1);
    CHECK(std::string(hamilton::node_error("a", "a", "boom").what()) == "hamilton: node 'a' failed: boom");
}

TEST_CASE("control characters in a message are shown escaped, so what() holds all of it", "[error]") {
    using namespace std::string_literals;
    const hamilton::error e("execute ['a\0b']"s, {"input 'a\0b' is unknown"s, "tab\there, \r, \x1b, \x7f"});
    CHECK(std::string(e.what()) == "hamilton: 2 problems in execute ['a\\x00b']:\n"
                                   "  - input 'a\\x00b' is unknown\n"
                                   "  - tab\\there, \\r, \\x1b, \\x7f");
    CHECK(e.problems().front() == "input 'a\\x00b' is unknown");
    CHECK(std::string(hamilton::node_error("n\0m"s, "n\0m"s, "boom").what()) == "hamilton: node 'n\\x00m' failed: boom");
    CHECK(hamilton::node_error("n\0m"s, "n\0m"s, "boom").node() == "n\0m"s);  // the name itself, for code
    // A nested message keeps its lines.
    CHECK(std::string(hamilton::node_error("n", "n", "first\nsecond").what()) == "hamilton: node 'n' failed: first\nsecond");
}

namespace {

int plus_one(int x) { return x + 1; }
inline constexpr auto graph = hamilton::module(HAMILTON_NODE(plus_one, x));

}  // namespace

TEST_CASE("a name holding a NUL byte is shown escaped, whichever list of names it comes in", "[error]") {
    using namespace std::string_literals;
    const auto nul_name = "plus\0one"s;
    auto dr = hamilton::builder().with_modules(graph).build();
    CHECK(test::error_of([&] { (void)dr.execute({"plus_one"}, {{"x", 1}, {nul_name, 2}}); }) ==
          "hamilton: execute ['plus_one']: input 'plus\\x00one' names nothing in the graph; did you mean 'plus_one'?");
    CHECK(test::error_of([&] { (void)dr.execute({"plus_one"}, {{"x", 1}}, {{nul_name, 2}}); }) ==
          "hamilton: execute ['plus_one']: override 'plus\\x00one' names nothing in the graph; did you mean "
          "'plus_one'?");
    CHECK(test::error_of([&] { (void)dr.execute({nul_name}, {{"x", 1}}); }) ==
          "hamilton: execute ['plus\\x00one']: no node produces 'plus\\x00one' and no node takes it as an input; did "
          "you mean 'plus_one'?");
    auto configured = hamilton::builder().with_modules(graph).with_config({{nul_name, 2}}).build();
    CHECK(test::error_of([&] { (void)configured.execute({"plus_one"}, {{"x", 1}, {nul_name, 2}}); }) ==
          "hamilton: execute ['plus_one']: 'plus\\x00one' is given both as config and as an input; give it in only "
          "one place");
    CHECK(test::error_of([&] {
              (void)dr.materialize({hamilton::to_json<int>("out.json", {nul_name})}, {{"x", 1}});
          }) == "hamilton: materialize: saver 'out.json' saves 'plus\\x00one', which names nothing in the graph; did you "
                "mean 'plus_one'?");
    CHECK(test::error_of([&] {
              (void)hamilton::builder()
                  .with_modules(graph)
                  .with_cache(std::make_shared<hamilton::cache>(), {.recompute = {nul_name}})
                  .build();
          }) == "hamilton: build: with_cache: 'plus\\x00one' in recompute names no node of the graph under this config; "
                "did you mean 'plus_one'?");
}

namespace {

int fast(int x) { return x; }
inline constexpr auto gated = hamilton::module(HAMILTON_NODE(fast, x).when("flag", true));
std::vector<double> columns(const std::vector<double>& chosen) { return chosen; }
inline constexpr auto wired = hamilton::module(
    hamilton::inject<"columns">(&columns, hamilton::config_group<"columns_wanted", "spend", "signups">));

}  // namespace

TEST_CASE("a config value holding a NUL byte is shown escaped in build() errors", "[error]") {
    using namespace std::string_literals;
    CHECK(test::error_of([] { (void)hamilton::builder().with_modules(gated).with_config({{"flag", "ye\0s"s}}).build(); }) ==
          "hamilton: build: config key 'flag' is a string (\"ye\\x00s\"), but node 'fast' compares it with true; give "
          "the config value the same kind as the condition");
    const hamilton::config wanting{{"columns_wanted", hamilton::config_value(std::vector<std::string>{"spe\0nd"s})}};
    CHECK(test::error_of([&] { (void)hamilton::builder().with_modules(wired).with_config(wanting).build(); }) ==
          "hamilton: build: config key 'columns_wanted' names 'spe\\x00nd', which node 'columns' cannot be wired to "
          "(choose among 'spend', 'signups'); did you mean 'spend'?");
}

namespace {

// Nodes that fail with a hamilton::error of their own, as a node calling the library does.
int checked(int x) {
    if (x < 0) throw hamilton::error("checked", {"x is negative"});
    if (x == 0) throw hamilton::error("checked", {"x is zero", "x is not positive"});
    return x;
}
int plain(int x) {
    // Not a hamilton::error: its text is quoted as it is, even when it starts like one.
    if (x < 0) throw std::runtime_error("hamilton: a look-alike");
    return x;
}
// A node that runs a driver of its own: the inner node's failure reads inside the outer's.
int nested(int x) {
    auto inner = hamilton::builder().with_modules(hamilton::module(HAMILTON_NODE(checked, x))).build();
    return inner.execute<"checked">({{"x", x}});
}
inline constexpr auto failing = hamilton::module(HAMILTON_NODE(checked, x), HAMILTON_NODE(plain, x),
                                                 HAMILTON_NODE(nested, x));

struct failing_hook : hamilton::lifecycle_adapter {
    void before_graph(const hamilton::graph_run&) override { throw hamilton::error("hook", {"refused"}); }
};

}  // namespace

TEST_CASE("a hamilton::error thrown inside a node or an adapter reads with one 'hamilton: '", "[error]") {
    auto dr = hamilton::builder().with_modules(failing).build();
    CHECK(test::error_of([&] { (void)dr.execute<"checked">({{"x", -1}}); }) ==
          "hamilton: node 'checked' failed: checked: x is negative");
    CHECK(test::error_of([&] { (void)dr.execute<"checked">({{"x", 0}}); }) ==
          "hamilton: node 'checked' failed: 2 problems in checked:\n  - x is zero\n  - x is not positive");
    CHECK(test::error_of([&] { (void)dr.execute<"plain">({{"x", -1}}); }) ==
          "hamilton: node 'plain' failed: hamilton: a look-alike");
    CHECK(test::error_of([&] { (void)dr.execute<"nested">({{"x", -1}}); }) ==
          "hamilton: node 'nested' failed: node 'checked' failed: checked: x is negative");

    // The nested exception is the node's own, with its own what().
    try {
        (void)dr.execute<"checked">({{"x", -1}});
        FAIL("expected a node_error");
    } catch (const hamilton::node_error& e) {
        try {
            std::rethrow_if_nested(e);
            FAIL("expected a nested exception");
        } catch (const hamilton::error& inner) {
            CHECK(std::string(inner.what()) == "hamilton: checked: x is negative");
        }
    }

    auto hooked = hamilton::builder().with_modules(failing).with_adapters(std::make_shared<failing_hook>()).build();
    CHECK_THAT(test::error_of([&] { (void)hooked.execute<"checked">({{"x", 1}}); }),
               Catch::Matches("hamilton: before_graph of adapter 1 \\(.*failing_hook\\) failed: hook: refused"));
}

namespace {

double revenue(double price, double units) { return price * units; }
double margin(double revenu, double cost) { return revenu - cost; }  // the dependency is misspelt
inline constexpr auto misspelt = hamilton::module(HAMILTON_NODE(revenue, price, units), HAMILTON_NODE(margin, revenu, cost));
inline constexpr auto short_names = hamilton::module(hamilton::node<"b", "a">([](double a) { return a; }));

}  // namespace

TEST_CASE("a missing input spelt like a node suggests the node; a real input gets no suggestion", "[error]") {
    auto dr = hamilton::builder().with_modules(misspelt).build();
    CHECK(test::error_of([&] { (void)dr.execute({"margin"}, {{"cost", 1.0}, {"price", 2.0}, {"units", 3.0}}); }) ==
          "hamilton: execute ['margin']: missing input 'revenu' of type double, needed by 'margin'; did you mean "
          "'revenue'?; inputs given: ['cost', 'price', 'units']");
    // 'cost' is close to no node: the message lists the inputs given, nothing more.
    CHECK(test::error_of([&] { (void)dr.execute({"margin"}, {{"revenu", 2.0}}); }) ==
          "hamilton: execute ['margin']: missing input 'cost' of type double, needed by 'margin'; inputs given: "
          "['revenu']");
    // One letter of two changed is half the name: not a likely typo, so no suggestion.
    auto short_dr = hamilton::builder().with_modules(short_names).build();
    CHECK(test::error_of([&] { (void)short_dr.execute({"b"}, {}); }) ==
          "hamilton: execute ['b']: missing input 'a' of type double, needed by 'b'; inputs given: []");
}
