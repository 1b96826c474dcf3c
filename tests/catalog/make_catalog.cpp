// tests/catalog/make_catalog.cpp: writes the catalog page of a small sample graph, for
// browser_check.py to open in a headless browser.
//
//   make_catalog OUT.html [--no-dot]     (--no-dot: the graph as DOT text instead of an SVG)
#include <hamilton/catalog.hpp>
#include <hamilton/hamilton.hpp>

#include <cstdio>
#include <exception>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using series = std::vector<double>;

series raw_spend__csv(const std::string& file_path) { return series(file_path.size(), 1.0); }
series raw_spend__const(double weekly_budget) { return series(4, weekly_budget); }
double spend_mean(const series& raw_spend) {
    return std::accumulate(raw_spend.begin(), raw_spend.end(), 0.0) / static_cast<double>(raw_spend.size());
}
series spend_zero_mean(const series& raw_spend, double spend_mean) {
    series out(raw_spend);
    for (double& x : out) x -= spend_mean;
    return out;
}
series spend_per_signup(const series& raw_spend, const series& signups) {
    series out(raw_spend.size());
    for (std::size_t i = 0; i < raw_spend.size() && i < signups.size(); ++i) out[i] = raw_spend[i] / signups[i];
    return out;
}
double signups_total(const series& signups, double scale) { return std::accumulate(signups.begin(), signups.end(), 0.0) * scale; }
double signups_mean(const series& signups) { return std::accumulate(signups.begin(), signups.end(), 0.0) / static_cast<double>(signups.size()); }
bool signups_growing(double mean, const series& signups) { return !signups.empty() && signups.back() > mean; }

// The doc of signups_total tries to run a script: the page must show it as text.
constexpr auto sample = hamilton::module(
    HAMILTON_NODE(raw_spend__csv, file_path).when("source", "csv").doc("Weekly spend read from a CSV file."),
    HAMILTON_NODE(raw_spend__const, weekly_budget).when("source", "const").doc("The same budget every week.").tag("module", "loaders"),
    HAMILTON_NODE(spend_mean, raw_spend).doc("Mean weekly spend.").tag("owner", "growth").tag("module", "marketing"),
    HAMILTON_NODE(spend_zero_mean, raw_spend, spend_mean).doc("Spend with its mean removed.").tag("owner", "growth"),
    HAMILTON_NODE(spend_per_signup, raw_spend, signups).doc("Spend per signup, week by week.").tag("owner", "finance"),
    HAMILTON_NODE(signups_total, signups, scale)
        .optional<"scale">(1.0)
        .doc("All signups. </script><script>window.pwned = true;</script> \"quoted\"")
        .tag("owner", "finance"),
    // A name with spaces and parentheses: its anchor must still work as a link target.
    hamilton::node<"weekly signups (mean)", "signups">(&signups_mean).doc("Signups in an average week."),
    hamilton::node<"signups_growing", "weekly signups (mean)", "signups">(&signups_growing)
        .doc("Did the last week beat the average?"));

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3 || (argc == 3 && std::string_view(argv[2]) != "--no-dot")) {
        std::fprintf(stderr, "usage: %s OUT.html [--no-dot]\n", argc > 0 ? argv[0] : "make_catalog");
        return 2;
    }
    try {
        const auto dr = hamilton::builder().with_modules(sample).with_config({{"source", "const"}}).build();
        hamilton::catalog_options options;
        options.title = "Marketing features";
        if (argc == 3) options.dot_program = std::nullopt;
        hamilton::write_catalog(dr, argv[1], options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
