// hamilton/impl/src.hpp: the engine's code, for programs built with HAMILTON_SEPARATE_COMPILATION.
//
// Header-only is the default. A program that defines HAMILTON_SEPARATE_COMPILATION in every
// translation unit (CMake: link hamilton::separate, or add the definition yourself) compiles the
// engine's member functions once: exactly one of its units includes this header,
//
//   // hamilton_engine.cpp
//   #include <hamilton/impl/src.hpp>
//
// and the others include <hamilton/hamilton.hpp> as usual, which then only declares them.
#pragma once

#ifndef HAMILTON_SEPARATE_COMPILATION
#error "<hamilton/impl/src.hpp> is for HAMILTON_SEPARATE_COMPILATION builds: define it in every translation unit, or do not include this header (the default build is header-only)"
#endif

#include "../detail/engine_hooks.hpp"
#include "../detail/engine_fan_out.hpp"
#include "../detail/engine_threads.hpp"
#include "../detail/engine_run.hpp"
#include "../detail/engine_build.hpp"
#include "../detail/engine_blocks.hpp"
#include "../detail/engine_plan.hpp"
#include "../detail/engine_execute.hpp"
#include "../detail/engine_cache.hpp"
#include "../detail/engine_queries.hpp"
