// A module that declares its inputs: a misspelt dependency (revenu for revenue) is neither
// produced by a node of the module nor declared, so the module does not compile; the error
// names the dependency and the node that reads it.
// EXPECT: compile_error::undeclared_input
// EXPECT: declare_inputs<\.\.\.>
// EXPECT-NAME: revenu
// EXPECT-NAME: margin
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

double revenue(double price, double units) { return price * units; }
double margin(double revenu, double cost) { return revenu - cost; }

constexpr auto pricing = hamilton::module(hamilton::declare_inputs<"price", "units", "cost">,
                                          HAMILTON_NODE(revenue, price, units), HAMILTON_NODE(margin, revenu, cost));

int main() { (void)hamilton::builder().with_modules(pricing).build(); }
