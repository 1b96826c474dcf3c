// tests/support.hpp: helpers shared by the unit tests.
#pragma once

#include <string>

#include <catch2/catch.hpp>

#include <hamilton/error.hpp>

namespace test {

// A value that counts how many of it are alive, copied and moved.
struct tracked {
    static inline int alive = 0;
    static inline int copies = 0;
    static inline int moves = 0;
    static void reset_counts() { copies = moves = 0; }

    int value = 0;
    explicit tracked(int v = 0) : value(v) { ++alive; }
    tracked(const tracked& other) : value(other.value) { ++alive; ++copies; }
    tracked(tracked&& other) noexcept : value(other.value) { ++alive; ++moves; }
    tracked& operator=(const tracked&) = default;
    tracked& operator=(tracked&&) = default;
    ~tracked() { --alive; }
};

// The message of the hamilton::error `call` throws (fails the test if it throws nothing).
template <class Call>
std::string error_of(Call&& call) {
    try {
        call();
    } catch (const hamilton::error& e) {
        return e.what();
    }
    FAIL("expected a hamilton::error");
    return {};
}

}  // namespace test
