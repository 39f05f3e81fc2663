#include "support/testing.hpp"

#include <heat/io/hdf5.hpp>

#include <cstdio>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

const std::string file = std::string(HEAT_TEST_REFERENCE_DIR) + "/hdf5/mixed.h5";

}  // namespace

TEST_CASE("h5py's datasets read in parallel, every split, converted", "[io][hdf5]") {
  bool ok = true;
  for (ht::split_t split : {ht::split_t{}, ht::split_t{0}, ht::split_t{1}}) {
    ok =
        ok && block_matches(ht::load_hdf5<double>(file, "data", split), global_pattern<double>({37, 5})) &&
        block_matches(ht::load_hdf5<std::int32_t>(file, "/grp/ints", split), global_pattern<std::int32_t>({6, 4, 3})) &&
        block_matches(ht::load_hdf5<bool>(file, "flags", split), global_pattern<bool>({4, 3})) &&
        block_matches(ht::load_hdf5<std::uint8_t>(file, "bytes", split), global_pattern<std::uint8_t>({5, 2}));
  }
  // Converted on read, and a part of a dataset.
  const xt::xarray<double> data = global_pattern<double>({37, 5});
  ok = ok && block_matches(ht::load_hdf5<float>(file, "data", 0), xt::xarray<float>(xt::cast<float>(data))) &&
       block_matches(ht::load_hdf5<double>(file, "small", 0),
                     xt::xarray<double>(xt::cast<double>(global_pattern<float>({9})))) &&
       block_matches(ht::load_hdf5<double>(file, "data", 0, {{3, 30}, {1, 4}}),
                     xt::xarray<double>(xt::view(data, xt::range(3, 30), xt::range(1, 4))));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("HDF5 round trip from every layout", "[io][hdf5]") {
  const std::string path = ht::testing::scratch_path("out.h5");
  bool ok = true;
  const auto a = global_pattern<double>({23, 3});
  const auto b = global_pattern<bool>({7, 2});
  for (const auto& x : layouts(a)) {
    ht::save_hdf5(x, path, "x");
    ok = ok && block_matches(ht::load_hdf5<double>(path, "x", 0), a) &&
         block_matches(ht::load_hdf5<double>(path, "x", ht::none), a);
  }
  for (const auto& x : layouts(b)) {
    ht::save_hdf5(x, path, "flags");
    ok = ok && block_matches(ht::load_hdf5<bool>(path, "flags", 1), b);
  }
  ht::comm_world().barrier();
  if (ht::comm_world().rank() == 0) std::remove(path.c_str());
  REQUIRE(all_ranks(ok));
}

TEST_CASE("bad HDF5 input gives IOError on every rank", "[io][hdf5][errors]") {
  const std::string not_hdf5 = std::string(HEAT_TEST_REFERENCE_DIR) + "/csv/i8_37x5_semicolon.csv";
  REQUIRE(throws_everywhere<ht::IOError>([&] { ht::load_hdf5<double>(file, "nope", 0); }));
  REQUIRE(throws_everywhere<ht::IOError>([&] { ht::load_hdf5<double>(file + ".missing", "data", 0); }));
  REQUIRE(throws_everywhere<ht::IOError>([&] { ht::load_hdf5<double>(not_hdf5, "data", 0); }));
  REQUIRE(throws_everywhere<ht::IOError>([&] { ht::load_hdf5<double>(file, "text", 0); }));
  REQUIRE(throws_everywhere<ht::IOError>([&] { ht::load_hdf5<double>(file, "data", 0, {{0, 38}}); }));
  REQUIRE(throws_everywhere<ht::IOError>([&] { ht::save_hdf5(ht::zeros<double>({3}), "/nonexistent-dir/x.h5", "x"); }));
  std::string message;
  try {
    ht::load_hdf5<double>(file, "nope", 0);
  } catch (const ht::IOError& e) {
    message = e.what();
  }
  REQUIRE(all_ranks(message.find("mixed.h5") != std::string::npos && message.find("'nope'") != std::string::npos));
}
