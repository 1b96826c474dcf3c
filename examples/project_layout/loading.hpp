// examples/project_layout/loading.hpp: the module that reads the marketing CSV, as the rest of
// the program sees it. Only this declaration: main.cpp does not parse its nodes, and an edit to
// loading.cpp recompiles loading.cpp alone.
#pragma once

#include <hamilton/compiled_module.hpp>

namespace marketing {

// Nodes: marketing_data (from the input file_path), spend and signups (std::vector<double>).
hamilton::compiled_module loading();

}  // namespace marketing
