// Tests of hamilton/config.hpp: config values and the conditions that gate variants.
#include <hamilton/config.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using hamilton::condition;
using hamilton::condition_list;
using hamilton::condition_op;
using hamilton::config;
using hamilton::config_literal;
using hamilton::config_value;

namespace {

// Evaluates one condition `op(key, values)` under `cfg`, requiring no kind mismatch.
bool holds(condition_op op, std::string_view key, std::vector<config_literal> values, const config& cfg) {
    const condition c{op, key, 0, static_cast<std::uint32_t>(values.size())};
    std::vector<std::string> problems;
    const bool result = condition_list{{&c, 1}, values}.hold(cfg, problems, "node");
    REQUIRE(problems.empty());
    return result;
}

}  // namespace

TEST_CASE("config values keep their kind", "[config]") {
    const config cfg{{"s", "csv"}, {"b", true}, {"i", 3}, {"d", 0.5}, {"l", {"a", "b"}}};
    CHECK(cfg.at("s").holds<std::string>());
    CHECK(cfg.at("b").holds<bool>());
    CHECK(cfg.at("i").holds<std::int64_t>());
    CHECK(cfg.at("d").holds<double>());
    CHECK(cfg.at("l").holds<config_value::string_list>());
    CHECK(cfg.at("l").to_string() == R"(["a", "b"])");
    CHECK(cfg.at("s").kind_name() == "a string");
    CHECK(cfg.at("i").kind_name() == "an integer");
}

TEST_CASE("when, when_not, when_in and when_not_in compare the config value", "[config]") {
    const config cfg{{"source", "csv"}, {"n", 3}};
    CHECK(holds(condition_op::when, "source", {"csv"}, cfg));
    CHECK(!holds(condition_op::when, "source", {"const"}, cfg));
    CHECK(holds(condition_op::when_not, "source", {"const"}, cfg));
    CHECK(holds(condition_op::when_in, "source", {"a", "csv"}, cfg));
    CHECK(!holds(condition_op::when_not_in, "source", {"a", "csv"}, cfg));
    // Integers and doubles compare as numbers.
    CHECK(holds(condition_op::when, "n", {3.0}, cfg));
}

TEST_CASE("a missing key equals nothing", "[config]") {
    const config empty;
    CHECK(!holds(condition_op::when, "source", {"csv"}, empty));
    CHECK(holds(condition_op::when_not, "source", {"csv"}, empty));
    CHECK(!holds(condition_op::when_in, "source", {"csv"}, empty));
    CHECK(holds(condition_op::when_not_in, "source", {"csv"}, empty));
}

TEST_CASE("all conditions of a list must hold; texts read like the registration", "[config]") {
    const std::vector<config_literal> literals{"csv", "a", "b"};
    const std::vector<condition> conditions{{condition_op::when, "source", 0, 1}, {condition_op::when_not_in, "region", 1, 2}};
    const condition_list list{conditions, literals};
    std::vector<std::string> problems;
    CHECK(list.hold({{"source", "csv"}, {"region", "c"}}, problems, "n"));
    CHECK(!list.hold({{"source", "csv"}, {"region", "a"}}, problems, "n"));
    CHECK(list.texts() == std::vector<std::string>{R"(when(source="csv"))", R"(when_not_in(region=["a", "b"]))"});
}

TEST_CASE("gate phrases say each variant condition as a comparison, without selects", "[config]") {
    const std::vector<config_literal> literals{"csv", "a", "b", 2, "x", "y", "z"};
    const std::vector<condition> conditions{{condition_op::when, "source", 0, 1},
                                            {condition_op::when_not_in, "region", 1, 2},
                                            {condition_op::when_not, "version", 3, 1},
                                            {condition_op::when_in, "tier", 4, 2},
                                            {condition_op::selects, "parts", 5, 2}};
    std::vector<std::string> phrases, keys;
    condition_list{conditions, literals}.gate_phrases(phrases, keys);
    CHECK(phrases == std::vector<std::string>{R"(source == "csv")", R"(region not in ["a", "b"])", "version != 2",
                                              R"(tier in ["x", "y"])"});
    CHECK(keys == std::vector<std::string>{"source", "region", "version", "tier"});
}

TEST_CASE("comparing unlike kinds is reported, naming key, node and both values", "[config]") {
    const config cfg{{"flag", "yes"}};
    const std::vector<config_literal> literals{true};
    const condition c{condition_op::when, "flag", 0, 1};
    std::vector<std::string> problems;
    CHECK(!condition_list{{&c, 1}, literals}.hold(cfg, problems, "loader__fast"));
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Catch::Contains("config key 'flag' is a string (\"yes\")") &&
                                Catch::Contains("node 'loader__fast' compares it with true"));
}
