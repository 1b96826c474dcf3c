// The one translation unit of hamilton::separate (see include/hamilton/impl/src.hpp): the engine's
// code, compiled once for the programs that link it.
#include <hamilton/impl/src.hpp>
