// examples/project_layout/loading.cpp: the functions that read the data, and their module,
// compiled in this unit: a mistake in how they connect to each other is a compile error here.
#include "loading.hpp"

#include <charconv>
#include <cstddef>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <hamilton/compile_module.hpp>

namespace marketing {

namespace {

// One row per week. Only this unit knows this type: other modules read the columns below.
struct weekly_table {
    std::vector<double> signups;
    std::vector<double> spend;
};

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

// Reads a CSV file whose first line names the columns `signups` and `spend`.
weekly_table marketing_data(const std::string& file_path) {
    std::ifstream file(file_path);
    if (!file) throw std::runtime_error("cannot open '" + file_path + "'");
    std::string line;
    std::getline(file, line);
    const auto header = split_fields(line);
    const auto column = [&](std::string_view name) {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        throw std::runtime_error("'" + file_path + "' has no column '" + std::string(name) + "'");
    };
    const std::size_t signups_column = column("signups"), spend_column = column("spend");
    weekly_table table;
    for (int line_number = 2; std::getline(file, line); ++line_number) {
        if (trim(line).empty()) continue;
        const auto fields = split_fields(line);
        const auto number = [&](std::size_t index) {
            double value = 0.0;
            const auto text = index < fields.size() ? fields[index] : std::string_view{};
            const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (text.empty() || status != std::errc() || end != text.data() + text.size())
                throw std::runtime_error("'" + file_path + "' line " + std::to_string(line_number) + ": '" +
                                         std::string(text) + "' is not a number");
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

}  // namespace

// A constexpr module: built at compile time, however many nodes it has.
constexpr auto loading_nodes = hamilton::module(
    HAMILTON_NODE(marketing_data, file_path).doc("Weekly signups and spend, read from the CSV file at file_path."),
    HAMILTON_NODE(spend, marketing_data).doc("Spend per week."),
    HAMILTON_NODE(signups, marketing_data).doc("Signups per week."));

hamilton::compiled_module loading() { return hamilton::compile_module<"loading", loading_nodes>(); }

}  // namespace marketing
