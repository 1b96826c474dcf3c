// inject: two config groups share the candidate "radio" but take it as double and as int.
// EXPECT: compile_error::shared_value_types_differ
// EXPECT: read the same value as different types
// EXPECT-NAME: channel_report
// EXPECT-NAME: radio
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double report(const std::vector<double>& spend, const std::vector<int>& counts) { return spend.size() + counts.size(); }

constexpr auto m = hamilton::module(hamilton::inject<"channel_report">(
    &report, hamilton::config_group<"spend_wanted", "tv", "radio">, hamilton::config_group<"counts_wanted", "radio", "web">));

int main() {}
