// Tests of hamilton/check_output.hpp: data checks run through a real driver (fail and warn,
// variants, optional dependencies, by-name execute), the warning handler, value summaries, and
// the checked node as an ordinary node (listed, tagged, drawn, its function callable alone).
#include <hamilton/executor.hpp>
#include <hamilton/graphviz.hpp>
#include <hamilton/hamilton.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "support.hpp"

using test::error_of;
using test::tracked;

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
series load_rows(const std::string& path) { return path == "empty.csv" ? series{} : series{1, 2, 3}; }
series raw__csv(const std::string& path) { return load_rows(path); }
series raw__const(double level) { return series(3, level); }
double total(const series& raw) { return std::accumulate(raw.begin(), raw.end(), 0.0); }
double scaled(double x, double factor) { return x * factor; }

// Collects the warnings of one test and restores the previous handler afterwards.
class captured_warnings {
public:
    captured_warnings()
        : previous_(hamilton::set_data_check_handler([this](const hamilton::data_check_result& r) {
              const std::lock_guard lock(mutex_);
              results_.push_back(r);
          })) {}
    ~captured_warnings() { hamilton::set_data_check_handler(previous_); }
    captured_warnings(const captured_warnings&) = delete;
    captured_warnings& operator=(const captured_warnings&) = delete;

    std::vector<hamilton::data_check_result> results() {
        const std::lock_guard lock(mutex_);
        return results_;
    }

private:
    std::mutex mutex_;
    std::vector<hamilton::data_check_result> results_;
    hamilton::data_check_handler previous_;
};

// What `call` writes to stderr (file descriptor 2).
template <class Call>
std::string stderr_of(Call&& call) {
    std::fflush(stderr);
    std::FILE* capture = std::tmpfile();
    REQUIRE(capture != nullptr);
    const int saved = ::dup(2);
    ::dup2(::fileno(capture), 2);
    call();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::rewind(capture);
    std::string text;
    for (int c = std::fgetc(capture); c != EOF; c = std::fgetc(capture)) text += static_cast<char>(c);
    std::fclose(capture);
    return text;
}

constexpr auto checked_marketing = hamilton::module(
    hamilton::check_output(HAMILTON_NODE(spend_mean, spend).doc("Mean spend.").tag("team", "growth"),
                           hamilton::in_range(0.0, 1e6)),
    hamilton::check_output(HAMILTON_NODE(spend_zero_mean, spend, spend_mean),
                           hamilton::in_range(-100, 100), hamilton::no_nan(), hamilton::warn));

const series spend{10, 20, 30, 40};

}  // namespace

TEST_CASE("a passing check leaves the value unchanged", "[check_output]") {
    auto dr = hamilton::builder().with_modules(checked_marketing).build();
    captured_warnings warnings;
    auto [zero_mean, mean] = dr.execute<"spend_zero_mean", "spend_mean">({{"spend", spend}});
    STATIC_REQUIRE(std::is_same_v<decltype(mean), double>);
    CHECK(mean == 25.0);
    CHECK(zero_mean == series{-15, -5, 5, 15});
    CHECK(warnings.results().empty());
}

TEST_CASE("a failed check (fail, the default) fails the node with its name, the check and the value", "[check_output]") {
    auto dr = hamilton::builder().with_modules(checked_marketing).build();
    const series huge{1e7, 3e6};
    try {
        (void)dr.execute<"spend_mean">({{"spend", huge}});
        FAIL("expected a node_error");
    } catch (const hamilton::node_error& e) {
        CHECK(e.node() == "spend_mean");
        CHECK(std::string(e.what()) ==
              "hamilton: node 'spend_mean' failed: data checks of node 'spend_mean': "
              "in_range(0, 1000000) failed: 6500000 is outside [0, 1000000]");
        try {
            std::rethrow_if_nested(e);
            FAIL("expected a nested data_check_error");
        } catch (const hamilton::data_check_error& inner) {
            REQUIRE(inner.results().size() == 1);
            const auto& r = inner.results().front();
            CHECK(r.node == "spend_mean");
            CHECK(r.function == "spend_mean");
            CHECK(r.check == "in_range(0, 1000000)");
            CHECK(r.importance == hamilton::data_check_importance::fail);
            CHECK(r.message == "6500000 is outside [0, 1000000]");
            CHECK(inner.problems() == std::vector<std::string>{"in_range(0, 1000000) failed: 6500000 is outside [0, 1000000]"});
        }
    }
    // The driver stays usable after the failure.
    CHECK(dr.execute<"spend_mean">({{"spend", spend}}) == 25.0);
}

TEST_CASE("by-name execute reports a failed check the same way", "[check_output]") {
    auto dr = hamilton::builder().with_modules(checked_marketing).build();
    const auto message = error_of([&] { (void)dr.execute({"spend_mean"}, {{"spend", series{-5.0}}}); });
    CHECK(message.find("node 'spend_mean' failed") != std::string::npos);
    CHECK(message.find("in_range(0, 1000000) failed: -5 is outside [0, 1000000]") != std::string::npos);
}

TEST_CASE("warn: the value passes on and each failed check goes to the handler", "[check_output]") {
    auto dr = hamilton::builder().with_modules(checked_marketing).build();
    captured_warnings warnings;
    const series wide{0, 0, 0, 1000};  // mean 250: the zero-mean values -250 and 750 are outside [-100, 100]
    const series zero_mean = dr.execute<"spend_zero_mean">({{"spend", wide}});
    CHECK(zero_mean == series{-250, -250, -250, 750});
    const auto got = warnings.results();
    REQUIRE(got.size() == 1);
    CHECK(got[0].node == "spend_zero_mean");
    CHECK(got[0].check == "in_range(-100, 100)");
    CHECK(got[0].importance == hamilton::data_check_importance::warn);
    CHECK(got[0].message ==
          "element [0] = -250 is outside [-100, 100]; value: std::vector<double> of size 4: [-250, -250, -250, 750]");
    CHECK(got[0].text() == "node 'spend_zero_mean': in_range(-100, 100) failed: " + got[0].message);
}

TEST_CASE("warn: several failed checks of one node are each reported, in order", "[check_output]") {
    const auto m = hamilton::module(hamilton::check_output(hamilton::node<"clean", "raw">([](const series& s) { return s; }),
                                                           hamilton::in_range(-100, 100), hamilton::no_nan(),
                                                           hamilton::warn));
    auto dr = hamilton::builder().with_modules(m).build();
    captured_warnings warnings;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const series clean = dr.execute<"clean">({{"raw", series{1.0, nan}}});
    CHECK(clean.size() == 2);
    const auto got = warnings.results();
    REQUIRE(got.size() == 2);
    CHECK(got[0].check == "in_range(-100, 100)");
    CHECK(got[0].message == "element [1] = nan is outside [-100, 100]; value: std::vector<double> of size 2: [1, nan]");
    CHECK(got[1].check == "no_nan");
    CHECK(got[1].message == "element [1] is NaN; value: std::vector<double> of size 2: [1, nan]");
}

TEST_CASE("the default handler writes one line per warning on stderr", "[check_output]") {
    auto dr = hamilton::builder().with_modules(checked_marketing).build();
    const auto text = stderr_of([&] { (void)dr.execute<"spend_zero_mean">({{"spend", series{0, 1000}}}); });
    CHECK(text ==
          "hamilton: data check warning: node 'spend_zero_mean': in_range(-100, 100) failed: element [0] = -500 is "
          "outside [-100, 100]; value: std::vector<double> of size 2: [-500, 500]\n");
}

TEST_CASE("set_data_check_handler returns the previous handler; an empty one restores the default", "[check_output]") {
    int first = 0;
    int second = 0;
    auto original = hamilton::set_data_check_handler([&](const hamilton::data_check_result&) { ++first; });
    auto previous = hamilton::set_data_check_handler([&](const hamilton::data_check_result&) { ++second; });
    previous(hamilton::data_check_result{});  // the first handler came back
    CHECK(first == 1);
    auto dr = hamilton::builder().with_modules(checked_marketing).build();
    (void)dr.execute<"spend_zero_mean">({{"spend", series{0, 1000}}});
    CHECK(second == 1);
    (void)hamilton::set_data_check_handler({});
    const auto text = stderr_of([&] { (void)dr.execute<"spend_zero_mean">({{"spend", series{0, 1000}}}); });
    CHECK(text.find("hamilton: data check warning: node 'spend_zero_mean'") == 0);
    CHECK(second == 1);
    (void)hamilton::set_data_check_handler(original);
}

TEST_CASE("a handler that throws fails the node with its exception", "[check_output]") {
    auto previous = hamilton::set_data_check_handler(
        [](const hamilton::data_check_result& r) { throw std::runtime_error("strict: " + r.check); });
    auto dr = hamilton::builder().with_modules(checked_marketing).build();
    const auto message = error_of([&] { (void)dr.execute<"spend_zero_mean">({{"spend", series{0, 1000}}}); });
    CHECK(message == "hamilton: node 'spend_zero_mean' failed: strict: in_range(-100, 100)");
    (void)hamilton::set_data_check_handler(previous);
}

TEST_CASE("warnings from several threads reach the handler, each once", "[check_output][threads]") {
    auto dr = hamilton::builder().with_modules(checked_marketing).build();
    captured_warnings warnings;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i)
                if (dr.execute<"spend_zero_mean">({{"spend", series{0, 1000}}}) != series{-500, 500}) ++wrong;
        });
    for (auto& t : threads) t.join();
    CHECK(wrong == 0);
    CHECK(warnings.results().size() == 200);
}

TEST_CASE("several checks with fail: every failure is one problem of the error", "[check_output]") {
    const auto strict = hamilton::module(hamilton::check_output(
        hamilton::node<"rows", "path">(&load_rows), hamilton::not_empty(),
        hamilton::satisfies<"at least two rows">([](const series& s) { return s.size() >= 2; })));
    auto dr = hamilton::builder().with_modules(strict).build();
    CHECK(dr.execute<"rows">({{"path", std::string("rows.csv")}}) == series{1, 2, 3});
    const auto message = error_of([&] { (void)dr.execute<"rows">({{"path", std::string("empty.csv")}}); });
    CHECK(message ==
          "hamilton: node 'rows' failed: 2 problems in data checks of node 'rows':\n"
          "  - not_empty failed: the value is empty: std::vector<double> of size 0: []\n"
          "  - at least two rows failed: not satisfied by std::vector<double> of size 0: []");
}

TEST_CASE("a checked variant keeps its condition and is named as the node, with its function", "[check_output]") {
    // check_output around a gated node, and .when after check_output: both keep the condition.
    const auto sources = hamilton::module(
        hamilton::check_output(HAMILTON_NODE(raw__csv, path).when("source", "csv"), hamilton::not_empty()),
        hamilton::check_output(HAMILTON_NODE(raw__const, level), hamilton::in_range(0, 10)).when("source", "const"),
        HAMILTON_NODE(total, raw));
    auto csv = hamilton::builder().with_modules(sources).with_config({{"source", "csv"}}).build();
    CHECK(csv.execute<"total">({{"path", std::string("rows.csv")}}) == 6.0);
    const auto message = error_of([&] { (void)csv.execute<"total">({{"path", std::string("empty.csv")}}); });
    CHECK(message ==
          "hamilton: node 'raw' (function raw__csv) failed: data checks of node 'raw' (function raw__csv): "
          "not_empty failed: the value is empty: std::vector<double> of size 0: []");

    auto constant = hamilton::builder().with_modules(sources).with_config({{"source", "const"}}).build();
    CHECK(constant.execute<"total">({{"level", 2.0}}) == 6.0);
    const auto late = error_of([&] { (void)constant.execute<"total">({{"level", 20.0}}); });
    CHECK(late.find("node 'raw' (function raw__const) failed") != std::string::npos);
    CHECK(late.find("in_range(0, 10) failed: element [0] = 20 is outside [0, 10]") != std::string::npos);
    CHECK(constant.list_available_variables().size() == 3);  // raw, level, total: the csv variant is not active
}

TEST_CASE("a checked node keeps its optional dependencies' defaults", "[check_output]") {
    const auto m = hamilton::module(hamilton::check_output(
        hamilton::node<"scaled", "x", "factor">(&scaled).optional<"factor">(2.0), hamilton::in_range(0, 100)));
    auto dr = hamilton::builder().with_modules(m).build();
    CHECK(dr.execute<"scaled">({{"x", 3.0}}) == 6.0);
    CHECK(dr.execute<"scaled">({{"x", 3.0}, {"factor", 10.0}}) == 30.0);
    const auto message = error_of([&] { (void)dr.execute<"scaled">({{"x", 60.0}}); });
    CHECK(message.find("in_range(0, 100) failed: 120 is outside [0, 100]") != std::string::npos);
}

TEST_CASE("a checked node is an ordinary node: listed with its doc and tags, drawn", "[check_output]") {
    auto dr = hamilton::builder().with_modules(checked_marketing).build();
    const auto vars = dr.list_available_variables();
    const auto mean = std::find_if(vars.begin(), vars.end(), [](const auto& v) { return v.name == "spend_mean"; });
    REQUIRE(mean != vars.end());
    CHECK(mean->type == "double");
    CHECK(mean->documentation == "Mean spend.");
    CHECK(mean->required_dependencies == std::vector<std::string>{"spend"});
    CHECK(mean->tags == std::vector<std::pair<std::string, std::string>>{{"team", "growth"},
                                                                          {"hamilton.data_check", "in_range"}});
    const auto zero = dr.list_available_variables({{"hamilton.data_check", {"in_range (warn)"}}});
    REQUIRE(zero.size() == 1);
    CHECK(zero[0].name == "spend_zero_mean");
    CHECK(zero[0].tags == std::vector<std::pair<std::string, std::string>>{{"hamilton.data_check", "in_range (warn)"},
                                                                           {"hamilton.data_check", "no_nan (warn)"}});
    CHECK(dr.list_available_variables({{"hamilton.data_check", {}}}).size() == 2);
    const std::string dot = dr.display_all_functions();
    CHECK(dot.find("spend_zero_mean") != std::string::npos);
    CHECK(dot.find("spend_mean") != std::string::npos);
}

TEST_CASE("the functions stay callable alone: the plain one, and the checked one", "[check_output]") {
    constexpr auto checked = hamilton::check_output(HAMILTON_NODE(spend_mean, spend), hamilton::in_range(0.0, 100.0));
    CHECK(spend_mean(series{1e6}) == 1e6);                    // the plain function: no checks
    CHECK(checked.function.function()(series{1e6}) == 1e6);   // the wrapped function, unchecked
    CHECK(checked.function(series{4, 6}) == 5.0);             // the node's callable runs the checks
    CHECK_THROWS_AS(checked.function(series{1e6}), hamilton::data_check_error);
    STATIC_REQUIRE(checked.name == "spend_mean");
    STATIC_REQUIRE(checked.dependencies[0] == "spend");
    STATIC_REQUIRE(std::is_same_v<decltype(checked)::result_type, double>);
    STATIC_REQUIRE(std::is_same_v<decltype(checked)::parameter_type<0>, const series&>);
}

TEST_CASE("check_output can be applied twice; each layer reports its own checks", "[check_output]") {
    const auto m = hamilton::module(hamilton::check_output(
        hamilton::check_output(hamilton::node<"x", "v">([](double v) { return v; }), hamilton::in_range(0, 10)),
        hamilton::satisfies<"even">([](double v) { return std::fmod(v, 2.0) == 0.0; }), hamilton::warn));
    auto dr = hamilton::builder().with_modules(m).build();
    captured_warnings warnings;
    CHECK(dr.execute<"x">({{"v", 3.0}}) == 3.0);
    REQUIRE(warnings.results().size() == 1);
    CHECK(warnings.results()[0].text() == "node 'x': even failed: not satisfied by 3");
    CHECK(error_of([&] { (void)dr.execute<"x">({{"v", 12.0}}); }).find("in_range(0, 10) failed: 12") !=
          std::string::npos);
    const auto vars = dr.list_available_variables();
    const auto x = std::find_if(vars.begin(), vars.end(), [](const auto& v) { return v.name == "x"; });
    REQUIRE(x != vars.end());
    CHECK(x->tags.size() == 2);
}

namespace {
hamilton::parallelizable<double> items(int n) {
    series out;
    for (int i = 0; i < n; ++i) out.push_back(i);
    return out;
}
double squared(double items) { return items * items; }
double sum_squares(hamilton::collect<double> squared) { return std::accumulate(squared.begin(), squared.end(), 0.0); }
}  // namespace

TEST_CASE("checks in a fan-out: on the items, and on each item's value", "[check_output][parallel]") {
    const auto m = hamilton::module(hamilton::check_output(HAMILTON_NODE(items, n), hamilton::not_empty()),
                                    hamilton::check_output(HAMILTON_NODE(squared, items), hamilton::in_range(0, 50)),
                                    HAMILTON_NODE(sum_squares, squared));
    auto dr = hamilton::builder().with_modules(m).build();
    CHECK(dr.execute<"sum_squares">({{"n", 5}}) == 30.0);
    const auto item = error_of([&] { (void)dr.execute<"sum_squares">({{"n", 9}}); });
    CHECK(item.find("node 'squared'") != std::string::npos);
    CHECK(item.find("in_range(0, 50) failed: 64 is outside [0, 50]") != std::string::npos);
    CHECK(error_of([&] { (void)dr.execute<"sum_squares">({{"n", 0}}); }) ==
          "hamilton: node 'items' failed: data checks of node 'items': not_empty failed: the value is empty: "
          "hamilton::parallelizable<double> of size 0: []");
}

namespace {
// Records the nodes that failed, as the driver reports them to lifecycle adapters.
struct failed_nodes : hamilton::lifecycle_adapter {
    std::mutex mutex;
    std::vector<std::string> names;
    std::vector<std::vector<std::pair<std::string, std::string>>> tags;
    std::vector<std::exception_ptr> errors;
    void after_node(const hamilton::node_run& run, const hamilton::node_outcome& outcome) override {
        if (outcome.success) return;
        const std::lock_guard lock(mutex);
        names.emplace_back(run.name);
        tags.push_back(*run.tags);
        errors.push_back(outcome.error);
    }
};
}  // namespace

TEST_CASE("checks under the multithreading executor: per item, warnings and failures", "[check_output][parallel][threads]") {
    const auto m = hamilton::module(
        hamilton::check_output(HAMILTON_NODE(items, n), hamilton::not_empty()),
        hamilton::check_output(hamilton::check_output(HAMILTON_NODE(squared, items), hamilton::in_range(0, 50)),
                               hamilton::satisfies<"even">([](double v) { return std::fmod(v, 2.0) == 0.0; }),
                               hamilton::warn),
        HAMILTON_NODE(sum_squares, squared));
    auto failed = std::make_shared<failed_nodes>();
    auto dr = hamilton::builder()
                  .with_modules(m)
                  .with_executor(hamilton::multithreading_executor(2))
                  .with_adapters(failed)
                  .build();
    captured_warnings warnings;
    CHECK(dr.execute<"sum_squares">({{"n", 8}}) == 140.0);  // 0 + 1 + 4 + ... + 49
    auto got = warnings.results();
    REQUIRE(got.size() == 4);  // the odd squares 1, 9, 25, 49, in any order
    std::vector<std::string> messages;
    for (const auto& r : got) messages.push_back(r.message);
    std::sort(messages.begin(), messages.end());
    CHECK(messages == std::vector<std::string>{"not satisfied by 1", "not satisfied by 25", "not satisfied by 49",
                                               "not satisfied by 9"});
    CHECK(failed->names.empty());

    try {
        (void)dr.execute<"sum_squares">({{"n", 9}});
        FAIL("expected a node_error");
    } catch (const hamilton::node_error& e) {
        CHECK(e.node() == "squared");
        CHECK(e.items() == std::vector<std::size_t>{8});
        CHECK(std::string(e.what()).find("in_range(0, 50) failed: 64 is outside [0, 50]") != std::string::npos);
    }
    REQUIRE(failed->names == std::vector<std::string>{"squared"});
    CHECK(std::count(failed->tags[0].begin(), failed->tags[0].end(),
                     std::pair<std::string, std::string>{"hamilton.data_check", "in_range"}) == 1);
    CHECK_THROWS_AS(std::rethrow_exception(failed->errors[0]), hamilton::data_check_error);
    CHECK(dr.execute<"sum_squares">({{"n", 3}}) == 5.0);  // usable after the failure
}

TEST_CASE("a checked node moves and copies its arguments as the unchecked node does", "[check_output]") {
    const auto take = [](tracked t) { return tracked(t.value + 1); };
    const auto plain = hamilton::module(hamilton::node<"y", "t">(take));
    const auto checked = hamilton::module(hamilton::check_output(
        hamilton::node<"y", "t">(take), hamilton::satisfies<"positive">([](const tracked& t) { return t.value > 0; })));
    auto count = [](const auto& m) {
        auto dr = hamilton::builder().with_modules(m).build();
        tracked::reset_counts();
        const tracked y = dr.template execute<"y">({{"t", tracked(1)}});
        CHECK(y.value == 2);
        return tracked::copies.load();
    };
    CHECK(count(checked) == count(plain));
    CHECK(error_of([&] {
              auto dr = hamilton::builder().with_modules(checked).build();
              (void)dr.execute<"y">({{"t", tracked(-5)}});
          }).find("positive failed: not satisfied by a value of type test::tracked") != std::string::npos);
}

TEST_CASE("value summaries: numbers, strings, ranges, maps, other types", "[check_output]") {
    using hamilton::detail::summarize;
    CHECK(summarize(42) == "42");
    CHECK(summarize(2.5) == "2.5");
    CHECK(summarize(true) == "true");
    CHECK(summarize(std::string("say \"hi\"\n")) == "\"say \\\"hi\\\"\\n\"");
    CHECK(summarize(std::string(100, 'a')) == "\"" + std::string(40, 'a') + "...\" (length 100)");
    CHECK(summarize(std::vector<int>{1, 2, 3, 4, 5, 6, 7}) == "std::vector<int> of size 7: [1, 2, 3, 4, 5, ...]");
    CHECK(summarize(std::vector<std::string>{"a"}) == "std::vector<std::string> of size 1: [\"a\"]");
    CHECK(summarize(std::map<std::string, int>{{"k", 1}}) == "std::map<std::string, int> of size 1: [(\"k\", 1)]");
    CHECK(summarize(tracked(1)) == "a value of type test::tracked");
}

TEST_CASE("checks on their own: bounds of any number types, strings, parallelizable", "[check_output]") {
    // A std::size_t value against int bounds compares exactly, without sign surprises.
    CHECK(!hamilton::in_range(-1, 5).validate(std::size_t(3)));
    CHECK(hamilton::in_range(-1, 5).validate(std::size_t(-1)) == "18446744073709551615 is outside [-1, 5]");
    CHECK(hamilton::in_range(0, 1).validate(std::numeric_limits<double>::quiet_NaN()) == "nan is outside [0, 1]");
    CHECK(!hamilton::in_range(1, 1).validate(1.0));
    // A 64-bit integer against a double bound: 2^53 + 1 is above 2^53, though a double cannot tell them apart.
    CHECK(hamilton::in_range(0.0, 9007199254740992.0).validate(std::int64_t(9007199254740993)).has_value());
    CHECK(!hamilton::in_range(0.0, 9007199254740992.0).validate(std::int64_t(9007199254740992)));
    CHECK(hamilton::not_empty().validate(std::string()) == "the value is empty: \"\"");
    CHECK(!hamilton::not_empty().validate(std::string("x")));
    CHECK(hamilton::no_nan().validate(std::nan("")) == "the value is NaN");
    CHECK(hamilton::in_range(0, 5).validate(hamilton::parallelizable<int>{1, 9}) ==
          "element [1] = 9 is outside [0, 5]; value: hamilton::parallelizable<int> of size 2: [1, 9]");
}

TEST_CASE("in_range with bounds in the wrong order or NaN is a hamilton::error", "[check_output][errors]") {
    CHECK(error_of([] { (void)hamilton::in_range(10, 0); }) ==
          "hamilton: in_range(10, 0): the lower bound must not be above the upper bound, and neither may be NaN; "
          "give in_range(low, high) with low <= high");
    CHECK(error_of([] { (void)hamilton::in_range(0.0, std::nan("")); }).find("in_range(0, nan)") != std::string::npos);
}
