// hamilton/hamilton.hpp: the one header users include.
//
// Plain functions become nodes (node.hpp), nodes form modules (module.hpp), modules and a
// config build a driver whose graph is checked at compile time (graph.hpp, driver.hpp), and
// the driver executes the outputs you ask for. The node decorators (check_output, extract_fields,
// parameterize, pipe, subdag) come with it.
//
// What a program may not use has its own header, so that a program that does not use it does
// not pay to compile it:
//   executor.hpp        multithreading_executor: nodes on a thread pool (builder::with_executor)
//   graphviz.hpp        driver::display_all_functions, driver::visualize_execution
//   materialize.hpp     driver::materialize, visualize_materialization, write_file_atomically
//   io/csv.hpp, io/json.hpp   CSV and JSON savers and loaders (with materialize.hpp)
//   cache.hpp           hamilton::cache, builder::with_cache
//   timing_report.hpp, progress_bar.hpp, chrome_trace.hpp   lifecycle adapters
//   catalog.hpp, cli.hpp      a feature catalog, a command line for a driver
// Calling a driver member whose header is missing is a compile error naming the header.
#pragma once

#include "adapters.hpp"
#include "check_output.hpp"
#include "compile_error.hpp"
#include "config.hpp"
#include "driver.hpp"
#include "error.hpp"
#include "extract_fields.hpp"
#include "fixed_string.hpp"
#include "graph.hpp"
#include "module.hpp"
#include "node.hpp"
#include "parallel.hpp"
#include "parameterize.hpp"
#include "pipe.hpp"
#include "result_builder.hpp"
#include "results.hpp"
#include "subdag.hpp"
#include "variable.hpp"
