// examples/project_layout/features.hpp: the module that computes features from spend and
// signups, as the rest of the program sees it.
#pragma once

#include <hamilton/compiled_module.hpp>

namespace marketing {

// Nodes: avg_3wk_spend, spend_per_signup, spend_zero_mean and spend_zero_mean_unit_variance
// (std::vector<double>), spend_mean and spend_std_dev (double). Reads spend and signups, which
// loading() produces.
hamilton::compiled_module features();

}  // namespace marketing
