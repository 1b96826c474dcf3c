// examples/project_layout/features.cpp: the module of the features, compiled in this unit.
// `spend` and `signups` come from another module (loading.cpp): here they are inputs, and
// build() checks that loading() produces them with the types these functions take. The
// functions are hello_world's (functions.hpp), compiled once in the marketing_functions library.
#include "features.hpp"

#include <hamilton/compile_module.hpp>

#include "../hello_world/functions.hpp"

namespace marketing {

constexpr auto features_nodes = hamilton::module(
    HAMILTON_NODE(avg_3wk_spend, spend, window).optional<"window">(3).doc("Rolling average of spend."),
    HAMILTON_NODE(spend_per_signup, spend, signups).doc("The cost of one signup, week by week."),
    HAMILTON_NODE(spend_mean, spend).doc("Mean spend over all weeks."),
    HAMILTON_NODE(spend_zero_mean, spend, spend_mean).doc("Spend with its mean removed."),
    HAMILTON_NODE(spend_std_dev, spend).doc("Sample standard deviation of spend."),
    HAMILTON_NODE(spend_zero_mean_unit_variance, spend_zero_mean, spend_std_dev)
        .doc("Spend scaled to zero mean and unit variance."));

hamilton::compiled_module features() { return hamilton::compile_module<"features", features_nodes>(); }

}  // namespace marketing
