// Tests of hamilton/node.hpp: registration of functions, lambdas and function objects.
#include <hamilton/hamilton.hpp>


#include <string>
#include <vector>

#include "support.hpp"

namespace {

double spend_mean(const std::vector<double>& spend) { return spend.empty() ? 0.0 : spend.front(); }
std::vector<double> raw_spend__csv(const std::string& file_path) { return {double(file_path.size())}; }
int plus(int a, int b) { return a + b; }
const std::string& passthrough(const std::string& s) { return s; }

struct scaler {
    double factor;
    double operator()(double x) const { return factor * x; }
};

constexpr auto mean_node = HAMILTON_NODE(spend_mean, spend).doc("Mean spend.").tag("team", "growth").tag("tier", "1");
constexpr auto gated = HAMILTON_NODE(raw_spend__csv, file_path).when("source", "csv").when_not("dry_run", true);
constexpr auto optional_node = hamilton::node<"sum", "a", "b">(&plus).optional<"b">(10);

}  // namespace

TEST_CASE("HAMILTON_NODE names the node after the function and lists its dependencies", "[node]") {
    using node = decltype(mean_node);
    STATIC_REQUIRE(node::name == "spend_mean");
    STATIC_REQUIRE(node::arity == 1);
    STATIC_REQUIRE(node::dependencies[0] == "spend");
    STATIC_REQUIRE(std::is_same_v<node::result_type, double>);
    STATIC_REQUIRE(std::is_same_v<node::parameter_type<0>, const std::vector<double>&>);
    STATIC_REQUIRE(!node::gated);
    STATIC_REQUIRE(mean_node.documentation == "Mean spend.");
    STATIC_REQUIRE(mean_node.tags.size() == 2);
    STATIC_REQUIRE(mean_node.tags[1].key == "tier");
}

TEST_CASE("a gated node drops its __suffix; an ungated one keeps it", "[node]") {
    using gated_node = decltype(gated);
    STATIC_REQUIRE(gated_node::gated);
    STATIC_REQUIRE(gated_node::name == "raw_spend");
    STATIC_REQUIRE(gated_node::function_name == "raw_spend__csv");
    using plain = decltype(HAMILTON_NODE(raw_spend__csv, file_path));
    STATIC_REQUIRE(plain::name == "raw_spend__csv");
    REQUIRE(gated.condition_texts() == std::vector<std::string>{"when(source=\"csv\")", "when_not(dry_run=true)"});
}

TEST_CASE("node<> takes lambdas and function objects; types come from the signature", "[node]") {
    constexpr auto lambda = hamilton::node<"twice", "x">([](int x) noexcept { return 2 * x; });
    constexpr auto object = hamilton::node<"scaled", "x">(scaler{3.0});
    STATIC_REQUIRE(std::is_same_v<decltype(lambda)::result_type, int>);
    STATIC_REQUIRE(std::is_same_v<decltype(object)::parameter_type<0>, double>);
    REQUIRE(object.function(2.0) == 6.0);
    // A function returning a reference produces a value of the referred type.
    constexpr auto ref = HAMILTON_NODE(passthrough, s);
    STATIC_REQUIRE(std::is_same_v<decltype(ref)::result_type, std::string>);
    REQUIRE(ref.function("text") == "text");
}

TEST_CASE("an optional dependency records its default", "[node]") {
    using node = decltype(optional_node);
    STATIC_REQUIRE(!node::dependency_is_optional[0]);
    STATIC_REQUIRE(node::dependency_is_optional[1]);
    STATIC_REQUIRE(optional_node.default_of<1>() == 10);
}

TEST_CASE("a module of nodes can be constexpr, and modules join into one", "[node][module]") {
    constexpr auto m = hamilton::module(mean_node, gated, optional_node);
    STATIC_REQUIRE(decltype(m)::size == 3);
    constexpr auto both = hamilton::module(m, hamilton::module(HAMILTON_NODE(spend_mean, spend)));
    STATIC_REQUIRE(decltype(both)::size == 4);
}
