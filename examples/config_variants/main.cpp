// examples/config_variants: one program, two configs, two different graphs.
//
// A weekly spend report whose nodes have variants chosen by the runtime config given to the
// builder, as Hamilton's @config.when does:
//   - raw_spend has two variants that need different inputs: measured spend read from a CSV
//     (source=csv, input file_path) or a flat planned budget (source=const, inputs
//     weekly_budget and weeks);
//   - reported_spend is converted with the config value fx_rate, read as an input, when the
//     report's currency is one of ["eur", "gbp"] (when_in), and kept in USD otherwise
//     (when_not_in);
//   - outlier_weeks exists only when the spend is not a plan (when_not): a flat budget has
//     no outliers to count.
// For each config it prints which function computes each node and under which condition
// (from list_available_variables), then the results.
//
//   config_variants                  runs two example configs, one after the other
//   config_variants key=value ...    runs one config, e.g. source=const currency=eur fx_rate=0.9
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include <hamilton/hamilton.hpp>

// The CSV loader of the hello_world example: a plain function is reusable in any dataflow.
#include "../hello_world/marketing.hpp"

#ifndef CONFIG_VARIANTS_CSV
#define CONFIG_VARIANTS_CSV "../hello_world/data/marketing.csv"
#endif

namespace spend_report {

// Variant source=csv: the spend measured week by week.
inline std::vector<double> raw_spend__csv(const std::string& file_path) {
    return marketing::marketing_data(file_path).spend;
}

// Variant source=const: the same planned budget every week.
inline std::vector<double> raw_spend__const(double weekly_budget, int weeks) {
    return std::vector<double>(static_cast<std::size_t>(weeks < 0 ? 0 : weeks), weekly_budget);
}

// Weeks whose spend is above spend_cap.
inline std::size_t outlier_weeks(const std::vector<double>& raw_spend, double spend_cap) {
    std::size_t count = 0;
    for (double x : raw_spend)
        if (x > spend_cap) ++count;
    return count;
}

// Variant for reports in another currency: spend (in USD) times the exchange rate.
inline std::vector<double> reported_spend__converted(const std::vector<double>& raw_spend, double fx_rate) {
    std::vector<double> out(raw_spend);
    for (double& x : out) x *= fx_rate;
    return out;
}

// Variant for reports in USD, the currency spend is recorded in: nothing to convert.
inline std::vector<double> reported_spend__usd(const std::vector<double>& raw_spend) { return raw_spend; }

inline double total_spend(const std::vector<double>& reported_spend) {
    double sum = 0.0;
    for (double x : reported_spend) sum += x;
    return sum;
}

// Config conditions gate the variants. A "__suffix" is dropped from a gated function's name,
// so raw_spend__csv and raw_spend__const are both the node raw_spend; the config must select
// exactly one of them (build() throws if it selects two).
inline constexpr auto dataflow = hamilton::module(
    HAMILTON_NODE(raw_spend__csv, file_path)
        .when("source", "csv")
        .doc("Spend measured each week, from a CSV file."),
    HAMILTON_NODE(raw_spend__const, weekly_budget, weeks)
        .when("source", "const")
        .doc("A planned budget, the same every week."),
    HAMILTON_NODE(outlier_weeks, raw_spend, spend_cap)
        .when_not("source", "const")
        .optional<"spend_cap">(75.0)
        .doc("Weeks whose spend is above spend_cap (75 by default)."),
    // fx_rate is not computed by any node: it is an input, and the config supplies it.
    HAMILTON_NODE(reported_spend__converted, raw_spend, fx_rate)
        .when_in("currency", {"eur", "gbp"})
        .doc("Spend in the report's currency."),
    HAMILTON_NODE(reported_spend__usd, raw_spend)
        .when_not_in("currency", {"eur", "gbp"})
        .doc("Spend in USD, as recorded."),
    HAMILTON_NODE(total_spend, reported_spend).doc("Total spend over all weeks, in the report's currency."));

}  // namespace spend_report

namespace {

// "true"/"false" become booleans, "12" an integer, "0.9" a double, anything else a string:
// the kinds a config holds, so that conditions and nodes reading the value see the right one.
hamilton::config_value parse_config_value(std::string_view text) {
    if (text == "true" || text == "false") return text == "true";
    const char* end = text.data() + text.size();
    std::int64_t integer = 0;
    if (auto [at, status] = std::from_chars(text.data(), end, integer); status == std::errc() && at == end)
        return integer;
    double number = 0.0;
    if (auto [at, status] = std::from_chars(text.data(), end, number); status == std::errc() && at == end)
        return number;
    return text;
}

std::string describe(const hamilton::config& config) {
    std::string text;
    for (const auto& [key, value] : config)
        text += fmt::format("{}{}={}", text.empty() ? "" : ", ", key, value.to_string());
    return "{" + text + "}";
}

// Builds the driver for `config`, shows which variant each node uses, and runs the report.
void run_report(const hamilton::config& config) {
    const auto dr = hamilton::builder().with_modules(spend_report::dataflow).with_config(config).build();

    fmt::print("=== config {}\n", describe(config));
    // The values of this config's graph: inputs first, then each node with the function
    // (the active variant) that computes it, its dependencies and its condition.
    const std::vector<hamilton::variable> graph = dr.list_available_variables();
    const auto only_optional = [&](const std::string& input) {  // read only where a default exists
        for (const auto& v : graph)
            if (std::find(v.required_dependencies.begin(), v.required_dependencies.end(), input) !=
                v.required_dependencies.end())
                return false;
        return true;
    };
    bool has_outlier_weeks = false;
    for (const hamilton::variable& v : graph) {
        if (v.is_input) {
            fmt::print("  input {:<15} {}{}\n", v.name, v.type,
                       v.from_config ? " (from config)" : only_optional(v.name) ? " (optional)" : "");
            continue;
        }
        std::string arguments;
        for (const auto& d : v.required_dependencies) arguments += (arguments.empty() ? "" : ", ") + d;
        for (const auto& d : v.optional_dependencies) arguments += (arguments.empty() ? "[" : ", [") + d + "]";
        std::string conditions;
        for (const auto& c : v.conditions) conditions += "  " + c;
        fmt::print("  node  {:<15} = {}({}){}\n", v.name, v.function, arguments, conditions);
        has_outlier_weeks = has_outlier_weeks || v.name == "outlier_weeks";
    }

    // Every input any variant may need. Each config's graph reads only those of its active
    // variants; the others are names the graph knows and are ignored. Config values are read
    // as inputs too (fx_rate above), so a key given in the config (weeks=4) replaces the input.
    hamilton::values inputs{
        {"file_path", std::string(CONFIG_VARIANTS_CSV)}, {"weekly_budget", 50.0}, {"weeks", 12}};
    for (const auto& [key, value] : config) inputs.erase(key);
    std::vector<std::string> outputs{"reported_spend", "total_spend"};
    if (has_outlier_weeks) outputs.push_back("outlier_weeks");  // absent under source=const
    const hamilton::results r = dr.execute(outputs, inputs);

    fmt::print("  reported_spend = [");
    const auto& spend = r.get<std::vector<double>>("reported_spend");
    for (std::size_t i = 0; i < spend.size(); ++i) fmt::print("{}{:.2f}", i ? ", " : "", spend[i]);
    fmt::print("]\n  total_spend    = {:.2f}\n", r.get<double>("total_spend"));
    if (r.contains("outlier_weeks"))
        fmt::print("  outlier_weeks  = {}\n", r.get<std::size_t>("outlier_weeks"));
    fmt::print("\n");
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<hamilton::config> configs;
    if (argc > 1) {
        hamilton::config given;
        for (int i = 1; i < argc; ++i) {
            const std::string_view arg = argv[i];
            const auto equals = arg.find('=');
            if (equals == std::string_view::npos || equals == 0) {
                fmt::print(stderr, "config_variants: expected key=value, got '{}'\n"
                                   "usage: config_variants [key=value ...], e.g. source=csv\n", arg);
                return 2;
            }
            given.insert_or_assign(std::string(arg.substr(0, equals)),
                                   parse_config_value(arg.substr(equals + 1)));
        }
        configs.push_back(given);
    } else {
        // Measured spend reported in USD, and a planned budget reported in euros.
        configs.push_back({{"source", "csv"}});
        configs.push_back({{"source", "const"}, {"currency", "eur"}, {"fx_rate", 0.92}});
    }
    try {
        for (const auto& config : configs) run_report(config);
    } catch (const std::exception& e) {
        // A config that selects no variant of raw_spend, or needs an input nobody gives
        // (currency=eur without fx_rate), arrives here with a message that says which.
        fmt::print(stderr, "config_variants: {}\n", e.what());
        return 1;
    }
    return 0;
}
