// examples/hello_world/functions.hpp: the functions of Hamilton's classic marketing example,
// declared; functions.cpp defines them.
//
// Each function is plain C++: its name is the value it computes and its parameters are named
// after the values it needs. Nothing here depends on the library, so every function can be
// unit-tested by calling it directly. marketing.hpp registers them as nodes.
#pragma once

#include <string>
#include <vector>

namespace marketing {

// One row per week: how many people signed up and how much was spent on ads.
struct weekly_table {
    std::vector<double> signups;
    std::vector<double> spend;
};

// Reads a CSV file whose header names the columns `signups` and `spend` (in any order).
// Throws std::runtime_error saying what is wrong and where: the driver reports it as the
// failure of node `marketing_data`.
weekly_table marketing_data(const std::string& file_path);

// The spend column of the table.
std::vector<double> spend(const weekly_table& marketing_data);

// The signups column of the table.
std::vector<double> signups(const weekly_table& marketing_data);

// Rolling average of spend over `window` weeks. As pandas' rolling(window).mean(), the first
// window-1 weeks have no full window yet and are NaN.
std::vector<double> avg_3wk_spend(const std::vector<double>& spend, int window);

// The cost of one signup, week by week.
std::vector<double> spend_per_signup(const std::vector<double>& spend, const std::vector<double>& signups);

// A scalar computed from a whole column: the mean spend.
double spend_mean(const std::vector<double>& spend);

// A column computed with a scalar: spend minus its mean.
std::vector<double> spend_zero_mean(const std::vector<double>& spend, double spend_mean);

// The sample standard deviation of spend (divides by n-1, as pandas' std() does).
double spend_std_dev(const std::vector<double>& spend);

// Spend scaled to zero mean and unit variance, built from two other nodes.
std::vector<double> spend_zero_mean_unit_variance(const std::vector<double>& spend_zero_mean,
                                                  double spend_std_dev);

}  // namespace marketing
