// examples/project_layout/features.cpp: the feature functions and their module. `spend` and
// `signups` come from another module (loading.cpp): here they are inputs, and build() checks
// that loading() produces them with the types these functions take.
#include "features.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <hamilton/compile_module.hpp>

namespace marketing {

namespace {

// Rolling average of spend over `window` weeks; the first window-1 weeks are NaN.
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
    std::vector<double> out(spend.size());
    for (std::size_t i = 0; i < spend.size(); ++i) out[i] = spend[i] / signups.at(i);
    return out;
}

double spend_mean(const std::vector<double>& spend) {
    return std::accumulate(spend.begin(), spend.end(), 0.0) / static_cast<double>(spend.size());
}

// The sample standard deviation (divides by n-1, as pandas' std() does).
double spend_std_dev(const std::vector<double>& spend, double spend_mean) {
    double squares = 0.0;
    for (double x : spend) squares += (x - spend_mean) * (x - spend_mean);
    return std::sqrt(squares / static_cast<double>(spend.size() - 1));
}

std::vector<double> spend_zero_mean_unit_variance(const std::vector<double>& spend, double spend_mean,
                                                  double spend_std_dev) {
    std::vector<double> out(spend);
    for (double& x : out) x = (x - spend_mean) / spend_std_dev;
    return out;
}

}  // namespace

constexpr auto features_nodes = hamilton::module(
    HAMILTON_NODE(avg_3wk_spend, spend, window).optional<"window">(3).doc("Rolling average of spend."),
    HAMILTON_NODE(spend_per_signup, spend, signups).doc("The cost of one signup, week by week."),
    HAMILTON_NODE(spend_mean, spend).doc("Mean spend over all weeks."),
    HAMILTON_NODE(spend_std_dev, spend, spend_mean).doc("Sample standard deviation of spend."),
    HAMILTON_NODE(spend_zero_mean_unit_variance, spend, spend_mean, spend_std_dev)
        .doc("Spend scaled to zero mean and unit variance."));

hamilton::compiled_module features() { return hamilton::compile_module<"features", features_nodes>(); }

}  // namespace marketing
