// examples/hello_world: Hamilton's classic marketing example, in C++.
//
// The functions of functions.hpp (defined in functions.cpp) become a graph through the module
// of marketing.hpp; a driver computes the outputs asked for from one input, the path of a CSV
// file of weekly signups and spend. The function bodies are compiled apart, so editing one does
// not recompile this file, where the graph is checked. It shows:
//   - building a driver from a module,
//   - the typed execute (outputs named at compile time, results unpacked with structured
//     bindings) and the by-name execute (names at run time, a hamilton::results back),
//   - drawing the graph: hello_world.dot always, hello_world.svg when Graphviz is installed.
//
//   hello_world [path/to/marketing.csv]
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <hamilton/graphviz.hpp>
#include <hamilton/hamilton.hpp>

#include "marketing.hpp"

// The CMake build passes the absolute path of data/marketing.csv, so the default works from
// any folder; a build without CMake falls back to a path relative to this example's folder.
#ifndef HELLO_WORLD_CSV
#define HELLO_WORLD_CSV "data/marketing.csv"
#endif

namespace {

struct column {
    std::string_view name;
    const std::vector<double>& values;
};

// One row per week, one right-aligned column per vector; "-" where there is no value yet
// (the first weeks of a rolling average).
void print_table(const std::vector<column>& columns) {
    std::vector<std::size_t> widths;
    fmt::print("{:>4}", "week");
    for (const auto& c : columns) {
        widths.push_back(std::max<std::size_t>(c.name.size(), 8));
        fmt::print("  {:>{}}", c.name, widths.back());
    }
    fmt::print("\n");
    for (std::size_t row = 0; row < columns.front().values.size(); ++row) {
        fmt::print("{:>4}", row + 1);
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const double x = columns[i].values[row];
            if (std::isnan(x)) fmt::print("  {:>{}}", "-", widths[i]);
            else fmt::print("  {:>{}.3f}", x, widths[i]);
        }
        fmt::print("\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string csv_path = argc > 1 ? argv[1] : HELLO_WORLD_CSV;
    try {
        // build() is where the graph is checked. No config: this graph has no variants.
        const auto dr = hamilton::builder().with_modules(marketing::dataflow).build();

        // file_path is an input: no node computes it, so execute takes it from here. Its type
        // must be the parameter's (std::string, not a string literal).
        const hamilton::values inputs{{"file_path", csv_path}};

        // Typed execute: the names are checked at compile time and each result has its
        // function's return type (std::vector<double> here), no casts needed.
        const auto [spend, signups, avg_3wk_spend, spend_per_signup, spend_zero_mean, spend_zero_mean_unit_variance] =
            dr.execute<"spend", "signups", "avg_3wk_spend", "spend_per_signup", "spend_zero_mean",
                       "spend_zero_mean_unit_variance">(inputs);

        // By-name execute: names known only at run time (from a CLI, a config file...). Only
        // the nodes these outputs need run: the CSV, spend and the two statistics.
        const hamilton::results stats = dr.execute({"spend_mean", "spend_std_dev"}, inputs);

        fmt::print("Marketing data from {}\n\n", csv_path);
        print_table({{"signups", signups},
                     {"spend", spend},
                     {"avg_3wk_spend", avg_3wk_spend},
                     {"spend_per_signup", spend_per_signup},
                     {"spend_zero_mean", spend_zero_mean},
                     {"spend_zero_mean_unit_variance", spend_zero_mean_unit_variance}});
        fmt::print("\nspend_mean    = {:.4f}\n", stats.get<double>("spend_mean"));
        fmt::print("spend_std_dev = {:.4f}\n\n", stats.get<double>("spend_std_dev"));

        // The graph as a picture: DOT text needs nothing else; SVG needs Graphviz's `dot`
        // program, and display_all_functions throws a hamilton::error saying so when it is missing.
        dr.display_all_functions("hello_world.dot");
        fmt::print("wrote the graph to hello_world.dot\n");
        try {
            dr.display_all_functions("hello_world.svg");
            fmt::print("wrote the graph to hello_world.svg\n");
        } catch (const hamilton::error& e) {
            fmt::print("note: no hello_world.svg ({})\n", e.what());
        }
    } catch (const std::exception& e) {
        // A bad CSV path arrives here as a hamilton::node_error naming node marketing_data,
        // with the loader's own message in it.
        fmt::print(stderr, "hello_world: {}\n", e.what());
        return 1;
    }
    return 0;
}
