#include "support/testing.hpp"

#include <heat/io/npy.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

const std::string dir = std::string(HEAT_TEST_REFERENCE_DIR) + "/npy/";

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

template <class T>
bool reads_as(const std::string& file, const ht::shape_t& shape) {
  const xt::xarray<T> expected = global_pattern<T>(shape);
  bool ok = true;
  for (ht::split_t split : {ht::split_t{}, ht::split_t{0}, ht::split_t{-1}}) {
    if (shape.empty() && split) continue;
    const auto x = ht::load_npy<T>(dir + file, split);
    ok = ok && block_matches(x, expected) &&
         x.split() == (split ? ht::normalize_split(split, static_cast<std::int64_t>(shape.size())) : split);
  }
  return ok;
}

}  // namespace

TEST_CASE("NumPy's files read back identically, every split", "[io][npy]") {
  bool ok = reads_as<double>("f8_5x4.npy", {5, 4}) && reads_as<float>("f4_3x4x2.npy", {3, 4, 2}) &&
            reads_as<std::int64_t>("i8_7.npy", {7}) && reads_as<std::int32_t>("i4_6x3.npy", {6, 3}) &&
            reads_as<std::uint8_t>("u1_9x2.npy", {9, 2}) && reads_as<bool>("b1_4x3.npy", {4, 3}) &&
            reads_as<double>("f8_scalar.npy", {}) && reads_as<double>("f8_0x3.npy", {0, 3}) &&
            reads_as<double>("f8_fortran_5x4.npy", {5, 4}) && reads_as<std::int16_t>("i2_big_endian_8x2.npy", {8, 2}) &&
            reads_as<double>("f8_v2_5x4.npy", {5, 4});
  // Converted on read: uint32 to int64, float64 to float32.
  const auto u = ht::load_npy<std::int64_t>(dir + "u4_6.npy", 0);
  const auto f = ht::load_npy<float>(dir + "f8_5x4.npy", 1);
  ok = ok && block_matches(u, xt::xarray<std::int64_t>(xt::cast<std::int64_t>(global_pattern<std::uint8_t>({6})))) &&
       block_matches(f, xt::xarray<float>(xt::cast<float>(global_pattern<double>({5, 4}))));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("what we write is NumPy's file byte for byte, from every layout", "[io][npy]") {
  const std::string path = ht::testing::scratch_path("out.npy");
  const auto check = [&](const auto& oracle, const std::string& numpy_file) {
    bool ok = true;
    for (const auto& x : layouts(oracle)) {
      ht::save_npy(x, path);
      ht::comm_world().barrier();
      ok = ok && bytes_of(path) == bytes_of(dir + numpy_file);
    }
    return ok;
  };
  const bool ok =
      check(global_pattern<double>({5, 4}), "f8_5x4.npy") && check(global_pattern<float>({3, 4, 2}), "f4_3x4x2.npy") &&
      check(global_pattern<std::int64_t>({7}), "i8_7.npy") && check(global_pattern<bool>({4, 3}), "b1_4x3.npy") &&
      check(global_pattern<std::uint8_t>({9, 2}), "u1_9x2.npy");
  ht::comm_world().barrier();
  if (ht::comm_world().rank() == 0) std::remove(path.c_str());
  REQUIRE(all_ranks(ok));
}

TEST_CASE("bad .npy files give IOError on every rank, naming the file", "[io][npy][errors]") {
  for (const char* bad : {"bad_truncated.npy", "bad_magic.npy", "bad_empty.npy", "bad_shape_lies.npy",
                          "bad_complex.npy", "bad_header.npy", "does_not_exist.npy", ""}) {
    const std::string path = dir + bad;  // "" is the folder itself
    bool named = true;
    try {
      ht::load_npy<double>(path, 0);
    } catch (const ht::IOError& e) {
      named = std::string(e.what()).find(path) != std::string::npos;
    }
    CAPTURE(bad);
    REQUIRE(throws_everywhere<ht::IOError>([&] { ht::load_npy<double>(path, 0); }));
    REQUIRE(all_ranks(named));
  }
  REQUIRE(throws_everywhere<ht::IOError>([&] { ht::save_npy(ht::zeros<double>({3}), "/nonexistent-folder/out.npy"); }));
}

TEST_CASE("a header whose shape overflows int64 gives IOError on every rank", "[io][npy][errors]") {
  // Found by fuzz_io: an extent of 23 digits, and extents whose product
  // (times the element size) overflows.
  for (const char* shape : {"(60000000000000000000000,)", "(4000000000, 4000000000, 4000000000)"}) {
    const std::string path = ht::testing::scratch_path("huge.npy");
    if (ht::comm_world().rank() == 0) {
      std::string header = std::string("{'descr': '<f8', 'fortran_order': False, 'shape': ") + shape + ", }";
      header.resize(118, ' ');
      header += '\n';
      std::ofstream out(path, std::ios::binary);
      out << "\x93NUMPY" << '\x01' << '\x00' << static_cast<char>(header.size()) << '\x00' << header << "12345678";
    }
    ht::comm_world().barrier();
    CAPTURE(shape);
    REQUIRE(throws_everywhere<ht::IOError>([&] { ht::load_npy<double>(path, 0); }));
    ht::comm_world().barrier();
    if (ht::comm_world().rank() == 0) std::remove(path.c_str());
  }
}

TEST_CASE("conversion on read: truncation as NumPy's astype, unrepresentable values refused", "[io][npy][errors]") {
  const std::string path = ht::testing::scratch_path("convert.npy");
  // Fractions truncate toward zero; every value fits int32.
  const xt::xarray<double> fine = {{2.5, -2.5}, {-2147483648.0, 2147483647.9}, {0.0, 7.0}};
  ht::save_npy(ht::array(fine, 0), path);
  const xt::xarray<std::int32_t> truncated = {{2, -2}, {-2147483647 - 1, 2147483647}, {0, 7}};
  bool ok = block_matches(ht::load_npy<std::int32_t>(path, 0), truncated);
  // NaN or out of range for the integer type: ValueError on every rank,
  // whichever rank holds the value.
  for (double bad : {std::nan(""), 2147483648.0, -1e300}) {
    xt::xarray<double> a = fine;
    a(2, 1) = bad;
    ht::save_npy(ht::array(a, 0), path);
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::load_npy<std::int32_t>(path, 0); }));
  }
  // uint8 from int16: -1 does not fit; a bool file's byte 2 reads as true.
  ht::save_npy(ht::array(xt::xarray<std::int16_t>{3, -1}, 0), path);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::load_npy<std::uint8_t>(path, 0); }));
  ht::save_npy(ht::array(xt::xarray<std::uint8_t>{0, 2, 1}, 0), path);
  {
    std::string bytes = bytes_of(path);
    bytes.replace(bytes.find("|u1"), 3, "|b1");
    ht::comm_world().barrier();
    if (ht::comm_world().rank() == 0) std::ofstream(path, std::ios::binary) << bytes;
    ht::comm_world().barrier();
  }
  ok = block_matches(ht::load_npy<bool>(path, 0), xt::xarray<bool>{false, true, true}) && ok;
  ht::comm_world().barrier();
  if (ht::comm_world().rank() == 0) std::remove(path.c_str());
  REQUIRE(all_ranks(ok));
}
