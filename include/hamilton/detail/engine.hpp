// hamilton/detail/engine.hpp: the run-time half of a driver, shared by every graph type.
//
// The compile-time graph (graph.hpp) is turned once into a graph_view: plain vectors plus
// function pointers to the typed code (run a node, bind a value to a slot). Everything that
// depends on config, inputs or requested outputs works on that view and is compiled once,
// not once per graph. class engine is declared in engine_decl.hpp and defined by concern:
//   engine_build.hpp    choosing variants at build()
//   engine_blocks.hpp   fan-out blocks: which block each node is in, the block plans
//   engine_plan.hpp     planning an execution: upstream closure, order, release points
//   engine_execute.hpp  checking an execute call's names and values, binding them, the results
//   engine_run.hpp      running a plan's steps, or its blocks
//   engine_fan_out.hpp  running blocks item by item in the calling thread
//   engine_threads.hpp  running an execution on a thread pool (included by executor.hpp only)
//   engine_hooks.hpp    calling the adapters' hooks around the graph, each node, each fan-out
//   engine_cache.hpp    binding and using a cache
//   engine_queries.hpp  what a driver tells of its graph without running it
// The hooks, the cache's binding and the thread pool are optional parts (engine_parts in
// engine_decl.hpp): the engine calls them through pointers that with_adapters, with_cache and
// with_executor set, so that a program compiles only the parts it uses.
// Header-only by default; see engine_decl.hpp for HAMILTON_SEPARATE_COMPILATION.
#pragma once

#include "engine_decl.hpp"

// With HAMILTON_SEPARATE_COMPILATION, <hamilton/impl/src.hpp> includes these in one unit.
#ifndef HAMILTON_SEPARATE_COMPILATION
#include "engine_hooks.hpp"
#include "engine_fan_out.hpp"
#include "engine_run.hpp"
#include "engine_build.hpp"
#include "engine_blocks.hpp"
#include "engine_plan.hpp"
#include "engine_execute.hpp"
#include "engine_cache.hpp"
#include "engine_queries.hpp"
#endif
