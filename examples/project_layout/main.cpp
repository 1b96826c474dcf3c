// examples/project_layout: the layout of a large project, where an edit rebuilds one unit.
//
//   loading.hpp / loading.cpp    a module compiled in its own .cpp: reads the CSV
//   features.hpp / features.cpp  another: features computed from what loading produces
//   main.cpp                     a small header-visible module, the driver, the program
//
// The functions are hello_world's, declared in functions.hpp and compiled once apart (the
// marketing_functions library). Each module is registered in its own .cpp, where
// compile_module checks it at compile time; main.cpp sees only hamilton::compiled_module
// declarations. build() links the modules and checks what crosses them (a value read with the
// type it is produced with, one producer per name, no cycle) before any node runs. The typed
// execute<...> works for the values whose types this unit sees (those its own nodes read);
// by-name execute works for every value.
//
//   project_layout [path/to/marketing.csv]
#include <cmath>
#include <cstddef>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <hamilton/hamilton.hpp>

#include "features.hpp"
#include "loading.hpp"

#ifndef PROJECT_LAYOUT_CSV
#define PROJECT_LAYOUT_CSV "../hello_world/data/marketing.csv"
#endif

namespace {

// A node of this unit: it reads two values the features module computes, so their types are
// checked when build() links the modules, and this unit can execute "summary" typed.
std::string summary(double spend_mean, double spend_std_dev) {
    return fmt::format("mean spend {:.4f} a week, standard deviation {:.4f}", spend_mean, spend_std_dev);
}

constexpr auto report = hamilton::module<"report">(HAMILTON_NODE(summary, spend_mean, spend_std_dev));

}  // namespace

int main(int argc, char** argv) {
    const std::string csv_path = argc > 1 ? argv[1] : PROJECT_LAYOUT_CSV;
    try {
        const auto dr = hamilton::builder().with_modules(marketing::loading(), marketing::features(), report).build();
        const hamilton::values inputs{{"file_path", csv_path}};

        // Where each node comes from: compile_module<"name", nodes> tags its nodes ("module", "name").
        for (const auto& v : dr.list_available_variables()) {
            std::string module = "input";
            for (const auto& [key, value] : v.tags)
                if (key == "module") module = value;
            fmt::print("{:<30} {:<20} {}\n", v.name, v.type, module);
        }

        // Typed: this unit reads spend_mean and spend_std_dev, so it knows their types too.
        const auto [text, mean] = dr.execute<"summary", "spend_mean">(inputs);
        fmt::print("\nsummary: {}\n", text);
        fmt::print("spend_mean (typed) = {:.4f}\n\n", mean);

        // By name: any node of any module.
        const auto r = dr.execute({"spend", "avg_3wk_spend", "spend_per_signup", "spend_zero_mean_unit_variance"},
                                  inputs);
        const auto& spend = r.get<std::vector<double>>("spend");
        const auto& average = r.get<std::vector<double>>("avg_3wk_spend");
        const auto& per_signup = r.get<std::vector<double>>("spend_per_signup");
        const auto& scaled = r.get<std::vector<double>>("spend_zero_mean_unit_variance");
        fmt::print("{:>4} {:>8} {:>14} {:>17} {:>8}\n", "week", "spend", "avg_3wk_spend", "spend_per_signup", "scaled");
        for (std::size_t week = 0; week < spend.size(); ++week)
            fmt::print("{:>4} {:>8.3f} {:>14} {:>17.3f} {:>8.3f}\n", week + 1, spend[week],
                       std::isnan(average[week]) ? std::string("-") : fmt::format("{:.3f}", average[week]),
                       per_signup[week], scaled[week]);
    } catch (const std::exception& e) {
        fmt::print(stderr, "project_layout: {}\n", e.what());
        return 1;
    }
    return 0;
}
