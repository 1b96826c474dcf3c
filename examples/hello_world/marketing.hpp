// examples/hello_world/marketing.hpp: the functions of Hamilton's classic marketing example.
//
// Each function is plain C++: its name is the value it computes and its parameters are named
// after the values it needs. Nothing here runs a graph, so every function can be unit-tested
// by calling it directly. The module `marketing::dataflow` at the bottom registers them as
// nodes; main.cpp hands that module to a driver.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <hamilton/hamilton.hpp>

namespace marketing {

// One row per week: how many people signed up and how much was spent on ads.
struct weekly_table {
    std::vector<double> signups;
    std::vector<double> spend;
};

namespace detail {

inline std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

inline std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        const auto comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma - start)));
        if (comma == std::string_view::npos) return fields;
        start = comma + 1;
    }
}

}  // namespace detail

// Reads a CSV file whose header names the columns `signups` and `spend` (in any order).
// Throws std::runtime_error saying what is wrong and where: the driver reports it as the
// failure of node `marketing_data`.
inline weekly_table marketing_data(const std::string& file_path) {
    std::ifstream file(file_path);
    if (!file) throw std::runtime_error("cannot open '" + file_path + "'");

    std::string line;
    std::getline(file, line);
    const auto header = detail::split_fields(line);
    const auto column = [&](std::string_view name) {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        throw std::runtime_error("'" + file_path + "' has no column '" + std::string(name) +
                                 "'; its first line must name the columns, e.g. signups,spend");
    };
    const std::size_t signups_column = column("signups");
    const std::size_t spend_column = column("spend");

    weekly_table table;
    for (int line_number = 2; std::getline(file, line); ++line_number) {
        if (detail::trim(line).empty()) continue;
        const auto fields = detail::split_fields(line);
        const auto number = [&](std::size_t index) {
            const std::string where = "'" + file_path + "' line " + std::to_string(line_number);
            if (index >= fields.size())
                throw std::runtime_error(where + ": expected " + std::to_string(header.size()) + " fields, found " +
                                         std::to_string(fields.size()));
            double value = 0.0;
            const auto text = fields[index];
            const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (status != std::errc() || end != text.data() + text.size())
                throw std::runtime_error(where + ": '" + std::string(text) + "' is not a number");
            return value;
        };
        table.signups.push_back(number(signups_column));
        table.spend.push_back(number(spend_column));
    }
    if (table.spend.empty()) throw std::runtime_error("'" + file_path + "' has a header but no rows");
    return table;
}

// The spend column of the table.
inline std::vector<double> spend(const weekly_table& marketing_data) { return marketing_data.spend; }

// The signups column of the table.
inline std::vector<double> signups(const weekly_table& marketing_data) { return marketing_data.signups; }

// Rolling average of spend over `window` weeks. As pandas' rolling(window).mean(), the first
// window-1 weeks have no full window yet and are NaN.
inline std::vector<double> avg_3wk_spend(const std::vector<double>& spend, int window) {
    if (window < 1) throw std::invalid_argument("window must be at least 1, not " + std::to_string(window));
    const auto width = static_cast<std::size_t>(window);
    std::vector<double> out(spend.size(), std::numeric_limits<double>::quiet_NaN());
    double sum = 0.0;
    for (std::size_t i = 0; i < spend.size(); ++i) {
        sum += spend[i];
        if (i >= width) sum -= spend[i - width];
        if (i + 1 >= width) out[i] = sum / static_cast<double>(width);
    }
    return out;
}

// The cost of one signup, week by week.
inline std::vector<double> spend_per_signup(const std::vector<double>& spend, const std::vector<double>& signups) {
    if (spend.size() != signups.size())
        throw std::invalid_argument("spend has " + std::to_string(spend.size()) + " weeks but signups has " +
                                    std::to_string(signups.size()));
    std::vector<double> out(spend.size());
    for (std::size_t i = 0; i < spend.size(); ++i) out[i] = spend[i] / signups[i];
    return out;
}

// A scalar computed from a whole column: the mean spend.
inline double spend_mean(const std::vector<double>& spend) {
    return std::accumulate(spend.begin(), spend.end(), 0.0) / static_cast<double>(spend.size());
}

// A column computed with a scalar: spend minus its mean.
inline std::vector<double> spend_zero_mean(const std::vector<double>& spend, double spend_mean) {
    std::vector<double> out(spend);
    for (double& x : out) x -= spend_mean;
    return out;
}

// The sample standard deviation of spend (divides by n-1, as pandas' std() does).
inline double spend_std_dev(const std::vector<double>& spend) {
    if (spend.size() < 2) throw std::invalid_argument("a standard deviation needs at least two weeks of spend");
    const double mean = spend_mean(spend);
    double squares = 0.0;
    for (double x : spend) squares += (x - mean) * (x - mean);
    return std::sqrt(squares / static_cast<double>(spend.size() - 1));
}

// Spend scaled to zero mean and unit variance, built from two other nodes.
inline std::vector<double> spend_zero_mean_unit_variance(const std::vector<double>& spend_zero_mean,
                                                         double spend_std_dev) {
    std::vector<double> out(spend_zero_mean);
    for (double& x : out) x /= spend_std_dev;
    return out;
}

// The registration: HAMILTON_NODE(function, names of its parameters...). The graph is checked
// when a driver is built from this module: a misspelt dependency or a type that does not fit
// is a compile error naming the node.
inline constexpr auto dataflow = hamilton::module(
    HAMILTON_NODE(marketing_data, file_path)
        .doc("Weekly signups and spend, read from the CSV file at file_path.")
        .tag("stage", "load"),
    HAMILTON_NODE(spend, marketing_data).doc("Spend per week.").tag("stage", "load"),
    HAMILTON_NODE(signups, marketing_data).doc("Signups per week.").tag("stage", "load"),
    // `window` is optional: 3 unless an input named "window" is given.
    HAMILTON_NODE(avg_3wk_spend, spend, window)
        .optional<"window">(3)
        .doc("Rolling average of spend over `window` weeks (3 by default).")
        .tag("stage", "features"),
    HAMILTON_NODE(spend_per_signup, spend, signups)
        .doc("The cost per signup in relation to spend.")
        .tag("stage", "features")
        .tag("owner", "growth"),
    HAMILTON_NODE(spend_mean, spend).doc("Mean spend over all weeks.").tag("stage", "statistics"),
    HAMILTON_NODE(spend_zero_mean, spend, spend_mean).doc("Spend with its mean removed.").tag("stage", "features"),
    HAMILTON_NODE(spend_std_dev, spend).doc("Sample standard deviation of spend.").tag("stage", "statistics"),
    HAMILTON_NODE(spend_zero_mean_unit_variance, spend_zero_mean, spend_std_dev)
        .doc("Spend scaled to zero mean and unit variance.")
        .tag("stage", "features")
        .tag("owner", "growth"));

}  // namespace marketing
