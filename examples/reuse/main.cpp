// examples/reuse/main.cpp: one dataflow, two regions, every way hamilton-cpp offers to reuse it.
//
// The dataflow is hello_world's marketing module (spend, signups, a rolling average, spend per
// signup, zero-mean unit-variance spend). Two regions have their own CSV files. Each technique
// below computes the same summary for both regions, the program prints each technique's table,
// and it fails unless all of them agree. docs/reuse.md explains when to pick which.
//
//   ./reuse [us.csv uk.csv]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <hamilton/hamilton.hpp>

#include "../hello_world/marketing.hpp"

#ifndef REUSE_DATA_DIR
#define REUSE_DATA_DIR "data"
#endif

namespace {

// What every technique computes for one region.
struct summary {
    double spend_mean = 0;
    double spend_std_dev = 0;
    double last_avg_3wk_spend = 0;
    double last_spend_per_signup = 0;
    double last_scaled_spend = 0;  // spend_zero_mean_unit_variance of the last week
};

using summaries = std::map<std::string, summary>;  // region -> summary

summary summarize(double mean, double std_dev, const std::vector<double>& avg_3wk,
                  const std::vector<double>& per_signup, const std::vector<double>& scaled) {
    return {mean, std_dev, avg_3wk.back(), per_signup.back(), scaled.back()};
}

// ---- 1. A loop over drivers --------------------------------------------------------------------
// One graph, one driver per dataset: building a driver costs well under a microsecond per node
// (docs/performance.md), so building one per file in a loop is fine. The same driver could as
// well be executed once per file.
summaries loop_over_drivers(const std::map<std::string, std::string>& files) {
    // What one more driver costs (builder, modules, build, destruction), averaged over many.
    constexpr int builds = 1000;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < builds; ++i) {
        auto dr = hamilton::builder().with_modules(marketing::dataflow).build();
        (void)dr;
    }
    const std::chrono::duration<double, std::micro> spent = std::chrono::steady_clock::now() - start;
    std::printf("(loop) building a driver of the 9-node dataflow: %.1f us each, over %d builds\n",
                spent.count() / builds, builds);

    summaries out;
    for (const auto& [region, path] : files) {
        auto dr = hamilton::builder().with_modules(marketing::dataflow).build();
        auto [mean, std_dev, avg, per_signup, scaled] =
            dr.execute<"spend_mean", "spend_std_dev", "avg_3wk_spend", "spend_per_signup",
                       "spend_zero_mean_unit_variance">({{"file_path", path}});
        out[region] = summarize(mean, std_dev, avg, per_signup, scaled);
    }
    return out;
}

// ---- 2. A custom result builder ----------------------------------------------------------------
// The typed execute hands the outputs, typed and in the order requested, to a builder that
// makes the caller's own type; the compiler checks the builder's parameters against them.
summaries result_builder(const std::map<std::string, std::string>& files) {
    auto dr = hamilton::builder().with_modules(marketing::dataflow).build();
    summaries out;
    for (const auto& [region, path] : files)
        out[region] = dr.execute<"spend_mean", "spend_std_dev", "avg_3wk_spend", "spend_per_signup",
                                 "spend_zero_mean_unit_variance">(&summarize, {{"file_path", path}});
    return out;
}

// ---- 3. Hamilton within Hamilton ---------------------------------------------------------------
// A node of an outer graph builds and runs an inner driver: the outer graph sees each region's
// whole run as one node.
summary summary_of_file(const std::string& file_path) {
    auto inner = hamilton::builder().with_modules(marketing::dataflow).build();
    return inner.execute<"spend_mean", "spend_std_dev", "avg_3wk_spend", "spend_per_signup",
                         "spend_zero_mean_unit_variance">(&summarize, {{"file_path", file_path}});
}

inline constexpr auto nested = hamilton::parameterize(
    &summary_of_file, hamilton::output<"us_summary">(hamilton::source<"us_file">),
    hamilton::output<"uk_summary">(hamilton::source<"uk_file">));

summaries hamilton_within_hamilton(const std::map<std::string, std::string>& files) {
    auto dr = hamilton::builder().with_modules(nested).build();
    auto [us, uk] = dr.execute<"us_summary", "uk_summary">({{"us_file", files.at("us")}, {"uk_file", files.at("uk")}});
    return {{"us", us}, {"uk", uk}};
}

// ---- 4. Unique names by hand -------------------------------------------------------------------
// One graph holding both regions: every node needs a name of its own, so each function is
// registered once per region with parameterize. It works, and shows why subdag exists.
using hamilton::output;
using hamilton::source;
inline constexpr auto by_hand = hamilton::module(
    hamilton::parameterize(&marketing::marketing_data, output<"us_marketing_data">(source<"us_file">),
                           output<"uk_marketing_data">(source<"uk_file">)),
    hamilton::parameterize(&marketing::spend, output<"us_spend">(source<"us_marketing_data">),
                           output<"uk_spend">(source<"uk_marketing_data">)),
    hamilton::parameterize(&marketing::signups, output<"us_signups">(source<"us_marketing_data">),
                           output<"uk_signups">(source<"uk_marketing_data">)),
    hamilton::parameterize(&marketing::avg_3wk_spend, output<"us_avg_3wk_spend">(source<"us_spend">, hamilton::value(3)),
                           output<"uk_avg_3wk_spend">(source<"uk_spend">, hamilton::value(3))),
    hamilton::parameterize(&marketing::spend_per_signup, output<"us_spend_per_signup">(source<"us_spend">, source<"us_signups">),
                           output<"uk_spend_per_signup">(source<"uk_spend">, source<"uk_signups">)),
    hamilton::parameterize(&marketing::spend_mean, output<"us_spend_mean">(source<"us_spend">),
                           output<"uk_spend_mean">(source<"uk_spend">)),
    hamilton::parameterize(&marketing::spend_zero_mean, output<"us_spend_zero_mean">(source<"us_spend">, source<"us_spend_mean">),
                           output<"uk_spend_zero_mean">(source<"uk_spend">, source<"uk_spend_mean">)),
    hamilton::parameterize(&marketing::spend_std_dev, output<"us_spend_std_dev">(source<"us_spend">),
                           output<"uk_spend_std_dev">(source<"uk_spend">)),
    hamilton::parameterize(&marketing::spend_zero_mean_unit_variance,
                           output<"us_scaled">(source<"us_spend_zero_mean">, source<"us_spend_std_dev">),
                           output<"uk_scaled">(source<"uk_spend_zero_mean">, source<"uk_spend_std_dev">)));

summaries unique_names(const std::map<std::string, std::string>& files) {
    auto dr = hamilton::builder().with_modules(by_hand).build();
    const hamilton::values inputs{{"us_file", files.at("us")}, {"uk_file", files.at("uk")}};
    auto us = dr.execute<"us_spend_mean", "us_spend_std_dev", "us_avg_3wk_spend", "us_spend_per_signup", "us_scaled">(
        &summarize, inputs);
    auto uk = dr.execute<"uk_spend_mean", "uk_spend_std_dev", "uk_avg_3wk_spend", "uk_spend_per_signup", "uk_scaled">(
        &summarize, inputs);
    return {{"us", us}, {"uk", uk}};
}

// ---- 5. subdag ---------------------------------------------------------------------------------
// The same module again under a namespace per region, each with its own input: the nodes are
// named us.spend_mean, uk.spend_mean... and the outer graph can read them by those names.
inline constexpr auto regions = hamilton::parameterized_subdag(
    marketing::dataflow, hamilton::instance<"us">(hamilton::input<"file_path">(hamilton::source<"us_file">)),
    hamilton::instance<"uk">(hamilton::input<"file_path">(hamilton::source<"uk_file">)));

double total_spend_mean(double us, double uk) { return us + uk; }
inline constexpr auto with_regions = hamilton::module(
    regions, hamilton::node<"total_spend_mean", "us.spend_mean", "uk.spend_mean">(&total_spend_mean));

summaries subdag(const std::map<std::string, std::string>& files) {
    auto dr = hamilton::builder().with_modules(with_regions).build();
    const hamilton::values inputs{{"us_file", files.at("us")}, {"uk_file", files.at("uk")}};
    auto us = dr.execute<"us.spend_mean", "us.spend_std_dev", "us.avg_3wk_spend", "us.spend_per_signup",
                         "us.spend_zero_mean_unit_variance">(&summarize, inputs);
    auto uk = dr.execute<"uk.spend_mean", "uk.spend_std_dev", "uk.avg_3wk_spend", "uk.spend_per_signup",
                         "uk.spend_zero_mean_unit_variance">(&summarize, inputs);
    std::printf("(subdag) total of the two regions' mean spend: %.4f\n", dr.execute<"total_spend_mean">(inputs));
    return {{"us", us}, {"uk", uk}};
}

// ---- 6. pipe, with a config switch ---------------------------------------------------------------
// One node, two implementations chosen by config (the __suffix rule): scaled_spend__piped runs
// spend through two steps, each a node you can see, request and override
// (scaled_spend.with_zero_mean, scaled_spend.with_unit_variance);
// scaled_spend__plain computes the same in one function.
std::vector<double> minus(std::vector<double> values, double amount) {
    for (double& v : values) v -= amount;
    return values;
}
std::vector<double> divided_by(std::vector<double> values, double divisor) {
    for (double& v : values) v /= divisor;
    return values;
}
std::vector<double> as_is(const std::vector<double>& spend) { return spend; }
std::vector<double> scaled_in_one_go(const std::vector<double>& spend, double spend_mean, double spend_std_dev) {
    return divided_by(minus(spend, spend_mean), spend_std_dev);
}

inline constexpr auto switchable = hamilton::module(
    marketing::dataflow,
    hamilton::pipe_input(hamilton::node<"scaled_spend__piped", "spend">(&as_is).when("use_pipe", true),
                         hamilton::step<"zero_mean">(&minus, hamilton::source<"spend_mean">),
                         hamilton::step<"unit_variance">(&divided_by, hamilton::source<"spend_std_dev">)),
    hamilton::node<"scaled_spend__plain", "spend", "spend_mean", "spend_std_dev">(&scaled_in_one_go)
        .when("use_pipe", false));

summaries pipe(const std::map<std::string, std::string>& files, bool use_pipe) {
    auto dr = hamilton::builder().with_modules(switchable).with_config({{"use_pipe", use_pipe}}).build();
    if (use_pipe)
        for (const auto& v : dr.list_available_variables())
            if (v.name.find(".with_") != std::string::npos) std::printf("(pipe) step node: %s\n", v.name.c_str());
    summaries out;
    for (const auto& [region, path] : files)
        out[region] = dr.execute<"spend_mean", "spend_std_dev", "avg_3wk_spend", "spend_per_signup", "scaled_spend">(
            &summarize, {{"file_path", path}});
    return out;
}

// ---- 7. resolve + inject: wiring chosen by config ---------------------------------------------------
// The node `columns` is wired at build() to the values the config list `columns_wanted` names,
// among those declared (Hamilton's resolve + inject); the others are not computed. build()
// rejects a missing key, a value that is not a list of strings, or an unknown name.
double last_value(const std::vector<double>& series) { return series.back(); }
std::map<std::string, double> as_columns(const std::map<std::string, double>& chosen) { return chosen; }

inline constexpr auto by_config = hamilton::module(
    marketing::dataflow,
    hamilton::parameterize(&last_value, output<"last_avg_3wk_spend">(source<"avg_3wk_spend">),
                           output<"last_spend_per_signup">(source<"spend_per_signup">),
                           output<"last_scaled_spend">(source<"spend_zero_mean_unit_variance">)),
    hamilton::inject<"columns">(&as_columns,
                                hamilton::config_group<"columns_wanted", "spend_mean", "spend_std_dev", "last_avg_3wk_spend",
                                                       "last_spend_per_signup", "last_scaled_spend">));

summaries resolve_inject(const std::map<std::string, std::string>& files) {
    const hamilton::config_value::string_list wanted{"spend_mean", "spend_std_dev", "last_avg_3wk_spend",
                                                     "last_spend_per_signup", "last_scaled_spend"};
    auto dr = hamilton::builder().with_modules(by_config).with_config({{"columns_wanted", wanted}}).build();
    summaries out;
    for (const auto& [region, path] : files) {
        const auto columns = dr.execute<"columns">({{"file_path", path}});
        out[region] = {columns.at("spend_mean"), columns.at("spend_std_dev"), columns.at("last_avg_3wk_spend"),
                       columns.at("last_spend_per_signup"), columns.at("last_scaled_spend")};
    }
    return out;
}

void print(const char* technique, const summaries& all) {
    std::printf("\n%s\n  %-6s %12s %12s %12s %12s %12s\n", technique, "region", "spend_mean", "std_dev", "avg_3wk",
                "per_signup", "scaled");
    for (const auto& [region, s] : all)
        std::printf("  %-6s %12.4f %12.4f %12.4f %12.4f %12.4f\n", region.c_str(), s.spend_mean, s.spend_std_dev,
                    s.last_avg_3wk_spend, s.last_spend_per_signup, s.last_scaled_spend);
}

bool same(const summaries& a, const summaries& b) {
    auto close = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(x)); };
    if (a.size() != b.size()) return false;
    for (const auto& [region, s] : a) {
        const auto it = b.find(region);
        if (it == b.end()) return false;
        const summary& t = it->second;
        if (!close(s.spend_mean, t.spend_mean) || !close(s.spend_std_dev, t.spend_std_dev) ||
            !close(s.last_avg_3wk_spend, t.last_avg_3wk_spend) ||
            !close(s.last_spend_per_signup, t.last_spend_per_signup) || !close(s.last_scaled_spend, t.last_scaled_spend))
            return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    const std::map<std::string, std::string> files{
        {"us", argc > 2 ? argv[1] : REUSE_DATA_DIR "/us.csv"},
        {"uk", argc > 2 ? argv[2] : REUSE_DATA_DIR "/uk.csv"},
    };
    try {
        const std::vector<std::pair<const char*, summaries>> results{
            {"1. a loop over drivers", loop_over_drivers(files)},
            {"2. a custom result builder", result_builder(files)},
            {"3. Hamilton within Hamilton", hamilton_within_hamilton(files)},
            {"4. unique names by hand (parameterize)", unique_names(files)},
            {"5. subdag", subdag(files)},
            {"6. pipe, config use_pipe=true", pipe(files, true)},
            {"6. the plain variant, config use_pipe=false", pipe(files, false)},
            {"7. resolve + inject, columns chosen by config", resolve_inject(files)},
        };
        bool agree = true;
        for (const auto& [technique, all] : results) {
            print(technique, all);
            agree = agree && same(all, results.front().second);
        }
        if (!agree) {
            std::printf("\nthe techniques disagree\n");
            return 1;
        }
        std::printf("\nall %zu techniques agree\n", results.size());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "reuse: %s\n", e.what());
        return 1;
    }
}
