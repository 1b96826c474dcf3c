// tests/compile_module/modules.hpp: the modules compiled in the other files of this folder, as
// compile_module_test.cpp sees them: declarations only, none of their nodes.
#pragma once

#include <hamilton/compiled_module.hpp>

namespace test_units {

// A base and a class derived from it, for a base-class reading across units.
struct shape {
    virtual ~shape() = default;
    double side = 0;
};
struct square : shape {};

// raw.cpp: count = 2 * seed; series = count values of 1.5; level__low = 1 (when tier=low).
hamilton::compiled_module raw();
// raw.cpp: offset = 100.
hamilton::compiled_module offsets();

// features.cpp: total = sum(series); scaled = total / count; level__high = 10 (when tier=high);
// boosted = scaled * level; adjusted = total + offset (offset optional, 0.5 by default).
hamilton::compiled_module features();

// fan_out.cpp: city = 1..cities (a fan-out); population = 1000 * city, per city;
// total_population = sum of population.
hamilton::compiled_module cities();

// mistakes.cpp: modules that do not fit the others, one mistake each.
hamilton::compiled_module count_as_double();   // half(double count): raw gives an int
hamilton::compiled_module another_total();     // total(int seed): features has a total
hamilton::compiled_module ping_module();       // ping(int pong)
hamilton::compiled_module pong_module();       // pong(int ping)
hamilton::compiled_module level_as_int();      // level__mid (when tier=mid) returns an int
hamilton::compiled_module rate_as_int();       // rated(int rate)
hamilton::compiled_module rate_as_double();    // rated_too(double rate)
hamilton::compiled_module squares();           // a_square() returns a square
hamilton::compiled_module shape_reader();      // area(const shape& a_square)

}  // namespace test_units
