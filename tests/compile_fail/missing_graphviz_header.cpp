// A driver's display_all_functions is called without <hamilton/graphviz.hpp>, which defines it:
// the compile error names the header (never a link error).
// EXPECT: hamilton: display_all_functions and visualize_execution are defined in <hamilton/graphviz.hpp>
// EXPECT: #include <hamilton/graphviz.hpp>
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <string>
#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend));

int main() {
    auto dr = hamilton::builder().with_modules(m).build();
    const std::string dot = dr.display_all_functions();
    return dot.empty() ? 1 : 0;
}
