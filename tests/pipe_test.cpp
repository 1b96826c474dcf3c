// Tests of hamilton/pipe.hpp: pipe_input, pipe_output, mutate and config-gated steps.
#include <hamilton/graphviz.hpp>
#include <hamilton/hamilton.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using series = std::vector<double>;

namespace steps {
series avg_3wk(const series& values, int window) {
    series out(values.size(), 0.0);
    double sum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        sum += values[i];
        if (i >= static_cast<std::size_t>(window)) sum -= values[i - static_cast<std::size_t>(window)];
        out[i] = sum / window;
    }
    return out;
}
}  // namespace steps

series scaled(series values, double factor) {
    for (double& x : values) x *= factor;
    return values;
}
series clipped(series values, double cap) {
    for (double& x : values) x = std::min(x, cap);
    return values;
}
series per_signup(const series& spend, const series& signups) {
    series out(spend.size());
    for (std::size_t i = 0; i < spend.size(); ++i) out[i] = spend[i] / signups[i];
    return out;
}
double times(double x, double factor) { return x * factor; }
double total(const series& values) {
    double sum = 0;
    for (double x : values) sum += x;
    return sum;
}

// spend_per_signup reads spend through two steps: a rolling mean, then a scaling by `rate`.
inline constexpr auto piped_input = hamilton::pipe_input(
    hamilton::node<"spend_per_signup", "spend", "signups">(&per_signup).doc("Spend per signup."),
    HAMILTON_STEP(steps::avg_3wk, hamilton::value(3)),
    hamilton::step<"scaled">(&scaled, hamilton::source<"rate">));

// spend_total is computed, then scaled and clipped; consumers of spend_total read the result.
inline constexpr auto piped_output = hamilton::module(
    hamilton::pipe_output(hamilton::node<"spend_total", "spend">(&total).doc("Total spend.").tag("owner", "growth"),
                          hamilton::step<"half">([](double x) { return x / 2; }),
                          hamilton::step<"capped">([](double x, double cap) { return std::min(x, cap); },
                                                   hamilton::source<"cap">)),
    hamilton::node<"report", "spend_total">([](double t) { return "total=" + std::to_string(int(t)); }));

// A step that runs only when config clip == true: otherwise spend passes through unchanged.
inline constexpr auto gated_input = hamilton::pipe_input(
    hamilton::node<"spend_per_signup", "spend", "signups">(&per_signup),
    HAMILTON_STEP(clipped, hamilton::value(25.0)).when("clip", true),
    hamilton::step<"scaled">(&scaled, hamilton::value(10.0)).named<"in_cents">());

// Two alternatives for one node (Hamilton's processed_df__pipe / __plain): the piped variant's
// steps exist only under its own config.
series processed__pipe(const series& spend) { return spend; }
series processed__plain(const series& spend) { return scaled(steps::avg_3wk(spend, 3), 0.5); }
inline constexpr auto processed = hamilton::module(
    hamilton::pipe_input(HAMILTON_NODE(processed__pipe, spend).when("use_pipe", true),
                         HAMILTON_STEP(steps::avg_3wk, hamilton::value(3)),
                         HAMILTON_STEP(scaled, hamilton::value(0.5))),
    HAMILTON_NODE(processed__plain, spend).when("use_pipe", false));

// The same clean-up on two loaders' outputs, without touching the loaders' module.
inline constexpr auto loaders = hamilton::module(
    hamilton::node<"spend", "raw_spend">([](series raw) { return raw; }),
    hamilton::node<"signups", "raw_signups">([](series raw) { return raw; }),
    hamilton::node<"other", "raw_spend">([](const series& raw) { return raw.size(); }));
inline constexpr auto cleaned = hamilton::mutate<"spend", "signups">(
    loaders, HAMILTON_STEP(clipped, hamilton::source<"cap">), HAMILTON_STEP(scaled, hamilton::value(2.0)));

const series spend{10, 20, 30, 40, 50};
const series signups{1, 2, 3, 4, 5};

// The variable `name` of the driver's graph (fails the test when there is none).
hamilton::variable variable_of(const hamilton::basic_driver& dr, const std::string& name) {
    for (const auto& v : dr.list_available_variables())
        if (v.name == name) return v;
    FAIL("no variable " << name);
    return {};
}

std::vector<std::string> names_of(const hamilton::basic_driver& dr) {
    std::vector<std::string> out;
    for (const auto& v : dr.list_available_variables())
        if (!v.is_input) out.push_back(v.name);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("pipe_input chains the steps over the node's first dependency", "[pipe]") {
    auto dr = hamilton::builder().with_modules(piped_input).build();
    const series result =
        dr.execute<"spend_per_signup">({{"spend", spend}, {"signups", signups}, {"rate", 2.0}});
    CHECK(result == per_signup(scaled(steps::avg_3wk(spend, 3), 2.0), signups));

    CHECK(names_of(dr) == std::vector<std::string>{"spend_per_signup", "spend_per_signup.with_avg_3wk",
                                                   "spend_per_signup.with_scaled"});
    hamilton::results r = dr.execute({"spend_per_signup.with_avg_3wk", "spend_per_signup"},
                                     {{"spend", spend}, {"signups", signups}, {"rate", 2.0}});
    CHECK(r.get<series>("spend_per_signup.with_avg_3wk") == steps::avg_3wk(spend, 3));
    CHECK(r.get<series>("spend_per_signup") == result);
}

TEST_CASE("pipe_output chains the steps over the node's value, and consumers read the last step", "[pipe]") {
    auto dr = hamilton::builder().with_modules(piped_output).build();
    auto [raw, halved, final_total, report] =
        dr.execute<"spend_total.raw", "spend_total.with_half", "spend_total", "report">(
            {{"spend", spend}, {"cap", 60.0}});
    CHECK(raw == total(spend));
    CHECK(halved == total(spend) / 2);
    CHECK(final_total == std::min(total(spend) / 2, 60.0));
    CHECK(report == "total=60");
    CHECK(names_of(dr) == std::vector<std::string>{"report", "spend_total", "spend_total.raw", "spend_total.with_half"});
    const auto v = variable_of(dr, "spend_total");
    CHECK(v.documentation == "Total spend.");
    CHECK(v.tags == std::vector<std::pair<std::string, std::string>>{{"owner", "growth"}});
    CHECK(variable_of(dr, "spend_total.raw").function == "spend_total.raw");
}

TEST_CASE("a step node is an ordinary node: overridable, drawn, and its function stays testable", "[pipe]") {
    auto dr = hamilton::builder().with_modules(piped_input).build();
    // The rolling mean is replaced: neither it nor its window runs; scaled reads the override.
    const series ones(5, 1.0);
    const series result = dr.execute<"spend_per_signup">({{"spend", spend}, {"signups", signups}, {"rate", 3.0}},
                                                          {{"spend_per_signup.with_avg_3wk", ones}});
    CHECK(result == per_signup(series(5, 3.0), signups));

    const std::string dot = dr.display_all_functions();
    CHECK(dot.find("spend_per_signup.with_avg_3wk") != std::string::npos);
    CHECK(dot.find("spend_per_signup.with_scaled") != std::string::npos);
    const auto up = dr.what_is_upstream_of("spend_per_signup.with_scaled");
    CHECK(std::any_of(up.begin(), up.end(), [](const auto& v) { return v.name == "spend_per_signup.with_avg_3wk"; }));

    using first = std::remove_cvref_t<decltype(hamilton::detail::node_of<0>(piped_input))>;
    STATIC_REQUIRE(first::name == "spend_per_signup.with_avg_3wk");
    STATIC_REQUIRE(first::dependencies[0] == "spend");
    const auto& node = hamilton::detail::node_of<0>(piped_input);
    CHECK(node.function.function()(series{3, 3, 3}, 3) == series{1, 2, 3});
}

TEST_CASE("a config-gated step is applied under its config and skipped otherwise", "[pipe]") {
    const hamilton::values in{{"spend", spend}, {"signups", signups}};
    auto applied = hamilton::builder().with_modules(gated_input).with_config({{"clip", true}}).build();
    CHECK(applied.execute<"spend_per_signup">(in) == per_signup(scaled(clipped(spend, 25.0), 10.0), signups));
    auto skipped = hamilton::builder().with_modules(gated_input).with_config({{"clip", false}}).build();
    CHECK(skipped.execute<"spend_per_signup">(in) == per_signup(scaled(spend, 10.0), signups));
    auto missing = hamilton::builder().with_modules(gated_input).build();  // a missing key: .when fails
    CHECK(missing.execute<"spend_per_signup">(in) == per_signup(scaled(spend, 10.0), signups));

    // Either way the step's node exists (a variant), so it can be requested and overridden.
    CHECK(skipped.execute<"spend_per_signup.with_clipped">(in) == spend);
    CHECK(names_of(skipped) == std::vector<std::string>{"spend_per_signup", "spend_per_signup.in_cents",
                                                        "spend_per_signup.with_clipped"});
    const auto pass = variable_of(skipped, "spend_per_signup.with_clipped");
    CHECK(pass.function == "spend_per_signup.with_clipped__skipped");
    CHECK(pass.conditions == std::vector<std::string>{"when_not(clip=true)"});
    CHECK(variable_of(applied, "spend_per_signup.with_clipped").function == "spend_per_signup.with_clipped__applied");
}

TEST_CASE("a step gated by several conditions runs only when all hold", "[pipe]") {
    constexpr auto m = hamilton::pipe_output(
        hamilton::node<"level", "x">([](double x) { return x; }),
        hamilton::step<"doubled">([](double x) { return 2 * x; }).when("a", 1).when_in("b", {"u", "v"}));
    auto run = [&](hamilton::config cfg) {
        return hamilton::builder().with_modules(m).with_config(std::move(cfg)).build().execute<"level">({{"x", 5.0}});
    };
    CHECK(run({{"a", 1}, {"b", "u"}}) == 10.0);
    CHECK(run({{"a", 1}, {"b", "w"}}) == 5.0);
    CHECK(run({{"a", 2}, {"b", "v"}}) == 5.0);
    CHECK(run({}) == 5.0);
}

TEST_CASE("pipe_input on a variant: the steps exist only under the variant's config", "[pipe]") {
    auto piped = hamilton::builder().with_modules(processed).with_config({{"use_pipe", true}}).build();
    auto plain = hamilton::builder().with_modules(processed).with_config({{"use_pipe", false}}).build();
    const series with_pipe = piped.execute<"processed">({{"spend", spend}});
    CHECK(with_pipe == plain.execute<"processed">({{"spend", spend}}));
    CHECK(with_pipe == scaled(steps::avg_3wk(spend, 3), 0.5));
    CHECK(names_of(piped) == std::vector<std::string>{"processed", "processed.with_avg_3wk", "processed.with_scaled"});
    CHECK(names_of(plain) == std::vector<std::string>{"processed"});
    CHECK(variable_of(piped, "processed.with_scaled").function == "processed.with_scaled__pipe");
    CHECK(variable_of(piped, "processed").function == "processed__pipe");
}

TEST_CASE("pipe_input<\"name\"> chains the steps over the dependency of that name", "[pipe]") {
    constexpr auto m = hamilton::pipe_input<"signups">(hamilton::node<"spend_per_signup", "spend", "signups">(&per_signup),
                                                       HAMILTON_STEP(scaled, hamilton::value(2.0)));
    auto dr = hamilton::builder().with_modules(m).build();
    CHECK(dr.execute<"spend_per_signup">({{"spend", spend}, {"signups", signups}}) ==
          per_signup(spend, scaled(signups, 2.0)));
    CHECK(names_of(dr) == std::vector<std::string>{"spend_per_signup", "spend_per_signup.with_scaled"});
}

TEST_CASE("a gated pipe_output step under both configs, and overriding the step that took the node's name", "[pipe]") {
    constexpr auto m = hamilton::module(
        hamilton::pipe_output(HAMILTON_NODE(total, spend), HAMILTON_STEP(times, hamilton::value(2.0)).when("double", true)),
        hamilton::node<"report", "total">([](double t) { return t + 1; }));
    auto on = hamilton::builder().with_modules(m).with_config({{"double", true}}).build();
    auto off = hamilton::builder().with_modules(m).with_config({{"double", false}}).build();
    CHECK(on.execute<"report">({{"spend", spend}}) == times(total(spend), 2.0) + 1);
    CHECK(off.execute<"report">({{"spend", spend}}) == total(spend) + 1);
    // Overriding the raw value still runs the step; overriding the node's name replaces the step.
    CHECK(on.execute<"total">({}, {{"total.raw", 4.0}}) == 8.0);
    CHECK(on.execute<"report">({}, {{"total", 4.0}}) == 5.0);
    CHECK(off.execute<"report">({}, {{"total", 4.0}}) == 5.0);
}

TEST_CASE("mutate applies the steps to every target, and consumers read the transformed values", "[pipe]") {
    auto dr = hamilton::builder().with_modules(cleaned).build();
    const hamilton::values in{{"raw_spend", spend}, {"raw_signups", signups}, {"cap", 30.0}};
    auto [s, n, other] = dr.execute<"spend", "signups", "other">(in);
    CHECK(s == scaled(clipped(spend, 30.0), 2.0));
    CHECK(n == scaled(clipped(signups, 30.0), 2.0));
    CHECK(other == spend.size());
    CHECK(names_of(dr) == std::vector<std::string>{"other", "signups", "signups.raw", "signups.with_clipped", "spend",
                                                   "spend.raw", "spend.with_clipped"});

    // By name, and composed with pipe_input: spend_per_signup reads the mutated spend and signups.
    auto both = hamilton::builder().with_modules(cleaned, piped_input).build();
    hamilton::results r = both.execute({"spend_per_signup", "spend.raw"}, {{"raw_spend", spend},
                                                                            {"raw_signups", signups},
                                                                            {"cap", 30.0},
                                                                            {"rate", 1.0}});
    CHECK(r.get<series>("spend.raw") == spend);
    const series clean_spend = scaled(clipped(spend, 30.0), 2.0);
    const series clean_signups = scaled(clipped(signups, 30.0), 2.0);
    CHECK(r.get<series>("spend_per_signup") == per_signup(scaled(steps::avg_3wk(clean_spend, 3), 1.0), clean_signups));
}
