// examples/parallel/main.cpp: the marketing dataflow over every region's CSV file at once, on
// several threads, with a progress bar and a trace of what ran where.
//
// One CSV file per region sits in a folder. The program fans out over the files (one item per
// file), runs hello_world's marketing dataflow on each file inside the block, fans out again
// inside each region over the rolling windows worth trying, and collects everything into one
// report. It runs the graph twice, on a multithreading executor and on the default synchronous
// one, and checks that both give the same report. docs/parallel.md walks through this code.
//
//   ./parallel [data_dir [threads]]      threads: 0 (the default) is one per hardware thread
//
// It writes parallel.trace.json: open it in ui.perfetto.dev (or chrome://tracing) to see one lane
// per thread and one bar per node run, each labelled with its item.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <hamilton/chrome_trace.hpp>  // needs nlohmann-json, so hamilton.hpp leaves it out
#include <hamilton/executor.hpp>
#include <hamilton/hamilton.hpp>
#include <hamilton/progress_bar.hpp>

#include "../hello_world/marketing.hpp"

#ifndef PARALLEL_DATA_DIR
#define PARALLEL_DATA_DIR "data"
#endif

namespace campaign {

// ---- The fan-out: one item per file ------------------------------------------------------------
// Returning parallelizable<T> makes this node a fan-out: every node downstream that takes a T
// named `region_file` runs once per file. The files are sorted so that the items, and so the
// report's rows, come in the same order on every machine.
hamilton::parallelizable<std::string> region_file(const std::string& data_dir) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::is_directory(data_dir, error))
        throw std::runtime_error("'" + data_dir + "' is not a folder; pass the folder that holds one CSV file per region");
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(data_dir))
        if (entry.is_regular_file() && entry.path().extension() == ".csv") files.push_back(entry.path().string());
    if (files.empty()) throw std::runtime_error("no .csv file in '" + data_dir + "'");
    std::sort(files.begin(), files.end());
    return files;
}

// ---- Inside the block: once per file -----------------------------------------------------------
// The marketing dataflow itself comes in as subdag "region" (see dataflow below): region.spend,
// region.spend_mean... read the file of the item. These plain functions add to it.

double total(const std::vector<double>& column) {
    double sum = 0;
    for (double x : column) sum += x;
    return sum;
}

// The nested fan-out: the rolling windows to try for this region, 2 weeks up to max_window.
// A window must leave at least one week after it to forecast, so short files try fewer.
hamilton::parallelizable<int> window_weeks(const std::vector<double>& spend, int max_window) {
    std::vector<int> windows;
    for (int weeks = 2; weeks <= max_window && static_cast<std::size_t>(weeks) < spend.size(); ++weeks)
        windows.push_back(weeks);
    return windows;
}

// Inside the nested block: once per (file, window). How far the rolling average of the weeks up
// to t is from the spend of week t+1, on average: the error of forecasting next week's spend
// with it. region.avg_3wk_spend is computed with this item's window.
double forecast_error(const std::vector<double>& rolling_average, const std::vector<double>& spend) {
    double error = 0;
    int forecasts = 0;
    for (std::size_t t = 0; t + 1 < spend.size(); ++t) {
        if (std::isnan(rolling_average[t])) continue;  // the first weeks have no full window yet
        error += std::abs(rolling_average[t] - spend[t + 1]);
        ++forecasts;
    }
    return forecasts > 0 ? error / forecasts : 0.0;
}

struct window_choice {
    int weeks = 0;  // 0: the file is too short to try any window
    double error = 0;
    friend bool operator==(const window_choice&, const window_choice&) = default;
};

// Back in the region's block: two collects of the nested fan-out. `window_weeks` collects the
// fan-out directly, so it receives the items (the windows); `forecast_error` receives each
// window's error. Both come in item order, so position i of one matches position i of the other.
window_choice best_window(const hamilton::collect<int>& window_weeks, const hamilton::collect<double>& forecast_error) {
    window_choice best;
    for (std::size_t i = 0; i < window_weeks.size(); ++i)
        if (best.weeks == 0 || forecast_error[i] < best.error) best = {window_weeks[i], forecast_error[i]};
    return best;
}

// A 90% interval for the cost of one signup, by bootstrap: resample the weeks with replacement
// `resamples` times. The slowest node of the block by far, and the reason to run regions in
// parallel. Its random numbers come from a fixed seed, so every run prints the same interval.
struct interval {
    double low = 0;
    double high = 0;
    friend bool operator==(const interval&, const interval&) = default;
};

interval cost_per_signup_interval(const marketing::weekly_table& data, int resamples) {
    if (resamples < 1) throw std::invalid_argument("resamples must be at least 1, not " + std::to_string(resamples));
    std::uint64_t state = 42;
    const auto next = [&state] {  // splitmix64: tiny, and the same on every platform
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31U);
    };
    const std::size_t weeks = data.spend.size();
    std::vector<double> costs(static_cast<std::size_t>(resamples));
    for (double& cost : costs) {
        double spend = 0;
        double signups = 0;
        for (std::size_t i = 0; i < weeks; ++i) {
            const std::size_t week = next() % weeks;
            spend += data.spend[week];
            signups += data.signups[week];
        }
        cost = spend / signups;
    }
    std::sort(costs.begin(), costs.end());
    const auto at = [&](double q) { return costs[static_cast<std::size_t>(q * static_cast<double>(costs.size() - 1))]; };
    return {at(0.05), at(0.95)};
}

// One row of the report: the region's numbers, gathered from inside its block.
struct region_summary {
    std::string region;
    std::size_t weeks = 0;
    double spend_total = 0;
    double spend_mean = 0;
    double spend_std_dev = 0;
    double cost_per_signup = 0;
    window_choice best_window;
    interval cost_per_signup_interval;
    friend bool operator==(const region_summary&, const region_summary&) = default;
};

region_summary region_row(const std::string& region_file, const std::vector<double>& spend, double spend_total,
                          double signups_total, double spend_mean, double spend_std_dev, const window_choice& best_window,
                          const interval& cost_per_signup_interval) {
    return {std::filesystem::path(region_file).stem().string(),
            spend.size(),
            spend_total,
            spend_mean,
            spend_std_dev,
            spend_total / signups_total,
            best_window,
            cost_per_signup_interval};
}

// ---- After the block: once ---------------------------------------------------------------------
// Three collects of the same fan-out: spend_total and signups_total here, region_row below.
double overall_cost_per_signup(const hamilton::collect<double>& spend_total,
                               const hamilton::collect<double>& signups_total) {
    double spend = 0;
    double signups = 0;
    for (std::size_t i = 0; i < spend_total.size(); ++i) {
        spend += spend_total[i];
        signups += signups_total[i];
    }
    return spend / signups;
}

struct report {
    std::vector<region_summary> regions;  // in file order
    double overall_cost_per_signup = 0;
    friend bool operator==(const report&, const report&) = default;
};

report campaign_report(const hamilton::collect<region_summary>& region_row, double overall_cost_per_signup) {
    return {region_row.items(), overall_cost_per_signup};
}

// ---- The registration --------------------------------------------------------------------------
// Nothing here says what runs in parallel: a node is inside the block when it depends on the
// fan-out's item, and leaves it through a collect. The subdag adds the marketing dataflow again
// as region.marketing_data, region.spend, ...: its input file_path reads the item region_file,
// and its optional input window reads the nested fan-out's item window_weeks.
using hamilton::node;
inline constexpr auto dataflow = hamilton::module(
    HAMILTON_NODE(region_file, data_dir).doc("Every .csv file in data_dir, one item each."),
    hamilton::subdag<"region">(marketing::dataflow, hamilton::input<"file_path">(hamilton::source<"region_file">),
                               hamilton::input<"window">(hamilton::source<"window_weeks">)),
    node<"spend_total", "region.spend">(&total).doc("Spend over all weeks of the region."),
    node<"signups_total", "region.signups">(&total).doc("Signups over all weeks of the region."),
    node<"window_weeks", "region.spend", "max_window">(&window_weeks).doc("The rolling windows to try."),
    node<"forecast_error", "region.avg_3wk_spend", "region.spend">(&forecast_error)
        .doc("Mean error of forecasting next week's spend with the rolling average."),
    HAMILTON_NODE(best_window, window_weeks, forecast_error).doc("The window with the smallest forecast error."),
    node<"cost_per_signup_interval", "region.marketing_data", "resamples">(&cost_per_signup_interval)
        .doc("90% bootstrap interval of the cost per signup."),
    node<"region_row", "region_file", "region.spend", "spend_total", "signups_total", "region.spend_mean",
         "region.spend_std_dev", "best_window", "cost_per_signup_interval">(&region_row),
    HAMILTON_NODE(overall_cost_per_signup, spend_total, signups_total),
    HAMILTON_NODE(campaign_report, region_row, overall_cost_per_signup).doc("One row per region, in file order."));

}  // namespace campaign

namespace {

void print(const campaign::report& report) {
    std::printf("%-7s %5s %12s %10s %9s %12s %12s %14s %20s\n", "region", "weeks", "spend_total", "spend_mean",
                "std_dev", "per_signup", "best_window", "window_mae", "per_signup 90% CI");
    for (const auto& r : report.regions)
        std::printf("%-7s %5zu %12.2f %10.4f %9.4f %12.4f %12d %14.4f %9.4f - %-9.4f\n", r.region.c_str(), r.weeks,
                    r.spend_total, r.spend_mean, r.spend_std_dev, r.cost_per_signup, r.best_window.weeks,
                    r.best_window.error, r.cost_per_signup_interval.low, r.cost_per_signup_interval.high);
    std::printf("overall cost per signup: %.4f over %zu regions\n", report.overall_cost_per_signup,
                report.regions.size());
}

// Runs `dr` once and returns its report and how long it took.
template <class Driver>
std::pair<campaign::report, double> timed(const Driver& dr, const hamilton::values& inputs) {
    const auto start = std::chrono::steady_clock::now();
    auto report = dr.template execute<"campaign_report">(inputs);
    const std::chrono::duration<double, std::milli> spent = std::chrono::steady_clock::now() - start;
    return {std::move(report), spent.count()};
}

std::size_t parse_threads(std::string_view text) {
    std::size_t threads = 0;
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), threads);
    if (status != std::errc() || end != text.data() + text.size())
        throw std::invalid_argument("threads must be a whole number (0: one per hardware thread), not '" +
                                    std::string(text) + "'");
    return threads;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::string data_dir = argc > 1 ? argv[1] : PARALLEL_DATA_DIR;
        const hamilton::multithreading_executor executor(argc > 2 ? parse_threads(argv[2]) : 0);
        const hamilton::values inputs{{"data_dir", data_dir}, {"max_window", 6}, {"resamples", 20000}};

        // Adapters see every node run. The bar draws only when stderr is a terminal; the trace is
        // written at the end of every execute call.
        auto progress = std::make_shared<hamilton::progress_bar>(hamilton::progress_bar_options{.label = "regions"});
        auto trace = std::make_shared<hamilton::chrome_trace>("parallel.trace.json");
        const auto threaded = hamilton::builder()
                                  .with_modules(campaign::dataflow)
                                  .with_executor(executor)
                                  .with_adapters(progress, trace)
                                  .build();
        // The same graph on the default executor: every node in the calling thread, one after the other.
        const auto synchronous = hamilton::builder().with_modules(campaign::dataflow).build();

        const auto [report, threaded_ms] = timed(threaded, inputs);
        const auto [expected, synchronous_ms] = timed(synchronous, inputs);

        print(report);
        std::printf("\nsynchronous: %.1f ms; multithreading_executor(%zu): %.1f ms\n", synchronous_ms,
                    executor.threads(), threaded_ms);
        if (!(report == expected)) {
            std::printf("the threaded and synchronous runs disagree\n");
            return 1;
        }
        std::printf("the threaded and synchronous runs agree\n");
        std::printf("wrote parallel.trace.json (%zu node runs): open it in ui.perfetto.dev\n", trace->size());
        return 0;
    } catch (const std::exception& e) {
        // A node that throws stops the run; the message names the node and, inside a block, the item.
        std::fprintf(stderr, "parallel: %s\n", e.what());
        return 1;
    }
}
