// Tests of hamilton/results.hpp: by-name results and their errors.
#include <hamilton/results.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using test::error_of;

TEST_CASE("results keep the requested order and give typed access", "[results]") {
    hamilton::results r;
    r.add("mean", 2.5);
    r.add("label", std::string("spend"));
    CHECK(r.size() == 2);
    CHECK(r.names() == std::vector<std::string_view>{"mean", "label"});
    CHECK(r.get<double>("mean") == 2.5);
    CHECK(r.get<std::string>("label") == "spend");
    CHECK(r.get_any("mean").type() == typeid(double));
    CHECK(r.contains("label"));
    CHECK(!r.contains("median"));
}

TEST_CASE("asking for a wrong type names the result, the stored and the asked type", "[results]") {
    hamilton::results r;
    r.add("spend", std::vector<double>{1.0});
    CHECK(error_of([&] { (void)r.get<std::vector<float>>("spend"); }) ==
          "hamilton: result 'spend' has type std::vector<double>, not the std::vector<float> asked for; "
          "call get<std::vector<double>>(\"spend\")");
}

TEST_CASE("asking for a missing name suggests close names", "[results]") {
    hamilton::results r;
    r.add("spend_mean", 1.0);
    CHECK_THAT(error_of([&] { (void)r.get<double>("spend_maen"); }),
               Catch::Contains("results have no value named 'spend_maen'; did you mean 'spend_mean'? They hold ['spend_mean']"));
    CHECK(error_of([&] { (void)r.get_any("x"); }) == "hamilton: results have no value named 'x'; they hold ['spend_mean']");
}
