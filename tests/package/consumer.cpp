// Built against the installed package by the "package" test.
#include <hamilton/hamilton.hpp>

#include <iostream>

int doubled(int x) { return 2 * x; }

int main() {
    auto dr = hamilton::builder().with_modules(hamilton::module(HAMILTON_NODE(doubled, x))).build();
    const int result = dr.execute<"doubled">({{"x", 21}});
    std::cout << "doubled = " << result << '\n';
    return result == 42 ? 0 : 1;
}
