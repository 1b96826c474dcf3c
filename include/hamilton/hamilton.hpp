// hamilton/hamilton.hpp: the one header users include.
//
// Plain functions become nodes (node.hpp), nodes form modules (module.hpp), modules and a
// config build a driver whose graph is checked at compile time (graph.hpp, driver.hpp), and
// the driver executes the outputs you ask for.
#pragma once

#include "adapters.hpp"
#include "check_output.hpp"
#include "compile_error.hpp"
#include "config.hpp"
#include "driver.hpp"
#include "error.hpp"
#include "executor.hpp"
#include "extract_fields.hpp"
#include "file.hpp"
#include "fixed_string.hpp"
#include "graph.hpp"
#include "graphviz.hpp"
#include "materialize.hpp"
#include "module.hpp"
#include "node.hpp"
#include "parallel.hpp"
#include "parameterize.hpp"
#include "pipe.hpp"
#include "result_builder.hpp"
#include "results.hpp"
#include "subdag.hpp"
#include "variable.hpp"
