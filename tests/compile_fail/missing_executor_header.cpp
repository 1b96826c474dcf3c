// A multithreading_executor is used without <hamilton/executor.hpp>, which defines it: the
// compile error names the header (not "multithreading_executor is not a member of hamilton").
// EXPECT: hamilton: multithreading_executor is defined in <hamilton/executor.hpp>
// EXPECT: #include <hamilton/executor.hpp>
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend));

int main() {
    const hamilton::multithreading_executor pool(2);
    auto dr = hamilton::builder().with_modules(m).with_executor(pool).build();
    const auto r = dr.execute({"spend_mean"}, {{"spend", std::vector<double>{1.0}}});
    return r.get<double>("spend_mean") == 1.0 ? 0 : 1;
}
