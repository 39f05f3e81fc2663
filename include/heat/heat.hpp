#ifndef HEAT_HEAT_HPP
#define HEAT_HEAT_HPP

/// The whole public API: #include <heat/heat.hpp>, or only the modules a
/// program uses (compile time: docs/performance.md): heat/core.hpp (arrays),
/// heat/io.hpp, heat/linalg.hpp, heat/ml.hpp.

#include "heat/core.hpp"
#include "heat/io.hpp"
#include "heat/linalg.hpp"
#include "heat/ml.hpp"

#endif
