// examples/hello_world/marketing.hpp: the module of Hamilton's classic marketing example.
//
// The functions are declared in functions.hpp and defined in functions.cpp; this header only
// registers them as nodes, in the module `marketing::dataflow` that main.cpp hands to a driver.
// Keeping the bodies out of this header means that editing one recompiles functions.cpp only:
// the units that include this header, where the graph is checked, are not rebuilt.
#pragma once

#include <hamilton/hamilton.hpp>

#include "functions.hpp"

namespace marketing {

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
