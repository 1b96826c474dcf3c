// Tests of hamilton/error.hpp: how problems are formatted.
#include <hamilton/error.hpp>

#include <stdexcept>

#include "support.hpp"

TEST_CASE("one problem reads as one line; several as a list", "[error]") {
    const hamilton::error one("execute ['a']", {"missing input 'x'"});
    CHECK(std::string(one.what()) == "hamilton: execute ['a']: missing input 'x'");
    const hamilton::error two("build", {"first", "second"});
    CHECK(std::string(two.what()) == "hamilton: 2 problems in build:\n  - first\n  - second");
    CHECK(two.problems().size() == 2);
    const hamilton::error plain("something");
    CHECK(std::string(plain.what()) == "hamilton: something");
}

TEST_CASE("node_error names node and function and is a hamilton::error", "[error]") {
    const hamilton::node_error e("raw", "raw__csv", "no such file");
    CHECK(e.node() == "raw");
    CHECK(e.function() == "raw__csv");
    CHECK(std::string(e.what()) == "hamilton: node 'raw' (function raw__csv) failed: no such file");
    const hamilton::error& base = e;
    CHECK(base.problems().size() == 1);
    CHECK(std::string(hamilton::node_error("a", "a", "boom").what()) == "hamilton: node 'a' failed: boom");
}
