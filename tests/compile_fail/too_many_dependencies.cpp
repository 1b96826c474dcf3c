// 65 dependencies: more than hamilton::max_dependencies (64).
// EXPECT: compile_error::too_many_dependencies
// EXPECT: more dependencies than the limit
// EXPECT-NAME: wide
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <boost/preprocessor/cat.hpp>
#include <boost/preprocessor/repetition/enum.hpp>
#include <boost/preprocessor/repetition/enum_params.hpp>

#define DEPENDENCY(z, n, unused) BOOST_PP_STRINGIZE(BOOST_PP_CAT(d, n))

int wide(BOOST_PP_ENUM_PARAMS(65, int d)) { return d0; }

constexpr auto m = hamilton::module(hamilton::node<"wide", BOOST_PP_ENUM(65, DEPENDENCY, ~)>(&wide));

int main() {}
