// examples/cli: the marketing dataflow of examples/hello_world as a command-line program.
//
// hamilton::run_cli turns a builder into a program with the subcommands list, describe, viz, run,
// validate and catalog (see docs/cli.md). Try:
//
//   marketing_cli --help
//   marketing_cli list --tag stage=features
//   marketing_cli describe spend_zero_mean
//   marketing_cli describe spend_baseline                       (its variants, and how to choose one)
//   marketing_cli run --output spend_baseline --input file_path=... --config method=median
//   marketing_cli run --output spend_mean,spend_std_dev --input file_path=examples/hello_world/data/marketing.csv
//   marketing_cli run --output avg_3wk_spend --input file_path=... --config window=2 --json
//   marketing_cli viz --output marketing.svg
#include <algorithm>
#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include <hamilton/cli.hpp>
#include <hamilton/hamilton.hpp>

#include "../hello_world/marketing.hpp"

namespace baseline {

// Variant method=mean: the typical week is the average one.
double spend_baseline__mean(double spend_mean) { return spend_mean; }

// Variant method=median: the typical week is the middle one, which a few unusual weeks do not move.
double spend_baseline__median(std::vector<double> spend) {
    if (spend.empty()) throw std::invalid_argument("the median of no weeks of spend");
    std::sort(spend.begin(), spend.end());
    const std::size_t half = spend.size() / 2;
    return spend.size() % 2 == 1 ? spend[half] : (spend[half - 1] + spend[half]) / 2;
}

// A node with two variants, chosen by `--config method=...`: `describe spend_baseline` lists them
// with their conditions, and says which one a config selects and why.
inline constexpr auto dataflow = hamilton::module(
    HAMILTON_NODE(spend_baseline__mean, spend_mean)
        .when("method", "mean")
        .doc("Typical weekly spend: the mean.")
        .tag("stage", "statistics"),
    HAMILTON_NODE(spend_baseline__median, spend)
        .when("method", "median")
        .doc("Typical weekly spend: the median.")
        .tag("stage", "statistics"));

}  // namespace baseline

int main(int argc, char** argv) {
    hamilton::cli_options options;
    options.description = "Hamilton's marketing example: weekly signups and ad spend, read from a CSV file.";
    // The table has no built-in printer; without this line `run --output marketing_data` prints
    // "<a value of type marketing::weekly_table>".
    options.add_printer<marketing::weekly_table>([](const marketing::weekly_table& t) {
        return fmt::format("{} weeks, {} signups, {} spent", t.spend.size(),
                           std::accumulate(t.signups.begin(), t.signups.end(), 0.0),
                           std::accumulate(t.spend.begin(), t.spend.end(), 0.0));
    });
    // A builder, not a driver: each run builds the driver with the --config values it is given.
    return hamilton::run_cli(hamilton::builder().with_modules(marketing::dataflow, baseline::dataflow), argc, argv,
                             options);
}
