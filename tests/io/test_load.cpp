#include "support/testing.hpp"

#include <heat/io/io.hpp>

#include <cstdio>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;
using ht::testing::throws_everywhere;

TEST_CASE("ht::load and ht::save pick the format by extension", "[io]") {
  const auto a = global_pattern<double>({13, 4});
  const auto x = ht::array(a, 0);
  bool ok = true;
  std::vector<std::string> names{"out.npy", "out.CSV"};
#if defined(HEAT_HAVE_HDF5)
  names.push_back("out.h5");
#endif
  for (const auto& name : names) {
    const std::string path = ht::testing::scratch_path(name);
    ht::save(x, path, {.dataset = "x", .csv = {.sep = ';'}});
    const auto y = ht::load<double>(path, 0, {.dataset = "x", .csv = {.sep = ';'}});
    ok = ok && block_matches(y, a);
    ht::comm_world().barrier();
    if (ht::comm_world().rank() == 0) std::remove(path.c_str());
  }
  REQUIRE(all_ranks(ok));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::load<double>("table.xlsx", 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::save(x, "/tmp/no-extension"); }));
}
