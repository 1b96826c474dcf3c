// A driver's materialize is called without <hamilton/materialize.hpp>, which defines it: the
// compile error names the header (never a link error).
// EXPECT: hamilton: materialize and visualize_materialization are defined in <hamilton/materialize.hpp>
// EXPECT: #include <hamilton/materialize.hpp>
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend));

int main() {
    auto dr = hamilton::builder().with_modules(m).build();
    (void)dr.materialize({}, {{"spend", std::vector<double>{1.0}}});
}
