// examples/hello_world/functions.cpp: the bodies of the node functions that functions.hpp declares.
//
// This unit includes no hamilton header, so it compiles in a moment: editing a function here
// recompiles this file and relinks, while main.cpp, where the graph is checked and built, is left
// as it was.
#include "functions.hpp"

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

namespace marketing {

// What marketing_data reads a CSV line with.
namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        const auto comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma - start)));
        if (comma == std::string_view::npos) return fields;
        start = comma + 1;
    }
}

}  // namespace

weekly_table marketing_data(const std::string& file_path) {
    std::ifstream file(file_path);
    if (!file) throw std::runtime_error("cannot open '" + file_path + "'");

    std::string line;
    std::getline(file, line);
    const auto header = split_fields(line);
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
        if (trim(line).empty()) continue;
        const auto fields = split_fields(line);
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

std::vector<double> spend(const weekly_table& marketing_data) { return marketing_data.spend; }

std::vector<double> signups(const weekly_table& marketing_data) { return marketing_data.signups; }

std::vector<double> avg_3wk_spend(const std::vector<double>& spend, int window) {
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

std::vector<double> spend_per_signup(const std::vector<double>& spend, const std::vector<double>& signups) {
    if (spend.size() != signups.size())
        throw std::invalid_argument("spend has " + std::to_string(spend.size()) + " weeks but signups has " +
                                    std::to_string(signups.size()));
    std::vector<double> out(spend.size());
    for (std::size_t i = 0; i < spend.size(); ++i) out[i] = spend[i] / signups[i];
    return out;
}

double spend_mean(const std::vector<double>& spend) {
    return std::accumulate(spend.begin(), spend.end(), 0.0) / static_cast<double>(spend.size());
}

std::vector<double> spend_zero_mean(const std::vector<double>& spend, double spend_mean) {
    std::vector<double> out(spend);
    for (double& x : out) x -= spend_mean;
    return out;
}

double spend_std_dev(const std::vector<double>& spend) {
    if (spend.size() < 2) throw std::invalid_argument("a standard deviation needs at least two weeks of spend");
    const double mean = spend_mean(spend);
    double squares = 0.0;
    for (double x : spend) squares += (x - mean) * (x - mean);
    return std::sqrt(squares / static_cast<double>(spend.size() - 1));
}

std::vector<double> spend_zero_mean_unit_variance(const std::vector<double>& spend_zero_mean,
                                                  double spend_std_dev) {
    std::vector<double> out(spend_zero_mean);
    for (double& x : out) x /= spend_std_dev;
    return out;
}

}  // namespace marketing
