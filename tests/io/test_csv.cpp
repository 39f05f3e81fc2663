#include "support/testing.hpp"

#include <heat/io/csv.hpp>

#include <cstdio>
#include <fstream>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

const std::string csv_dir = std::string(HEAT_TEST_REFERENCE_DIR) + "/csv/";

}  // namespace

TEST_CASE("NumPy's CSV files read in parallel, every split", "[io][csv]") {
  const auto f = global_pattern<double>({37, 5});
  const auto i = global_pattern<std::int64_t>({37, 5});
  bool ok = true;
  for (ht::split_t split : {ht::split_t{0}, ht::split_t{}, ht::split_t{1}}) {
    const auto x = ht::load_csv<double>(csv_dir + "f8_37x5_header.csv", split, {.sep = ',', .header_lines = 1});
    const auto y = ht::load_csv<std::int64_t>(csv_dir + "i8_37x5_semicolon.csv", split, {.sep = ';'});
    ok = ok && block_matches(x, f) && block_matches(y, i) && x.split() == split && x.is_balanced();
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("CSV round trip from every layout", "[io][csv]") {
  const std::string path = ht::testing::scratch_path("out.csv");
  xt::xarray<double> a = global_pattern<double>({23, 3});
  a(4, 1) = 1.0 / 3.0;  // needs every digit to come back
  bool ok = true;
  for (const auto& x : layouts(a)) {
    ht::save_csv(x, path, {.sep = ';'});
    ok = ok && block_matches(ht::load_csv<double>(path, 0, {.sep = ';'}), a);
  }
  const auto v = global_pattern<std::int32_t>({11});
  ht::save_csv(ht::array(v, 0), path);
  ok = ok && block_matches(ht::load_csv<std::int32_t>(path, ht::none),
                           xt::xarray<std::int32_t>(xt::reshape_view(v, {11, 1})));
  ht::comm_world().barrier();
  if (ht::comm_world().rank() == 0) std::remove(path.c_str());
  REQUIRE(all_ranks(ok));
}

TEST_CASE("bad CSV files: the same exception on every rank, naming file and line", "[io][csv][errors]") {
  auto message = [](const std::string& path) {
    std::string m;
    try {
      ht::load_csv<double>(path, 0);
    } catch (const ht::Error& e) {
      m = e.what();
    }
    return m;
  };
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::load_csv<double>(csv_dir + "bad_short_row.csv", 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::load_csv<double>(csv_dir + "bad_cell.csv", 0); }));
  REQUIRE(throws_everywhere<ht::IOError>([&] { ht::load_csv<double>(csv_dir + "bad_empty.csv", 0); }));
  REQUIRE(throws_everywhere<ht::IOError>([&] { ht::load_csv<double>(csv_dir + "missing.csv", 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>(
      [&] { ht::load_csv<std::int64_t>(csv_dir + "f8_37x5_header.csv", 0, {.header_lines = 1}); }));
  const bool named = message(csv_dir + "bad_short_row.csv").find("bad_short_row.csv, line 3") != std::string::npos &&
                     message(csv_dir + "bad_cell.csv").find("bad_cell.csv, line 3, field 2") != std::string::npos;
  REQUIRE(all_ranks(named));
}

TEST_CASE("CSV integers that do not fit the element type are refused", "[io][csv][errors]") {
  const std::string path = ht::testing::scratch_path("range.csv");
  if (ht::comm_world().rank() == 0) std::ofstream(path) << "1,2\n127,-128\n3,128\n";
  ht::comm_world().barrier();
  std::string m;
  try {
    ht::load_csv<std::int8_t>(path, 0);
  } catch (const ht::ValueError& e) {
    m = e.what();
  }
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::load_csv<std::int8_t>(path, 0); }));
  const bool named = m.find("line 3, field 2: '128' is not a valid int8") != std::string::npos;
  const bool wide =
      block_matches(ht::load_csv<std::int16_t>(path, 0), xt::xarray<std::int16_t>{{1, 2}, {127, -128}, {3, 128}});
  ht::comm_world().barrier();
  if (ht::comm_world().rank() == 0) std::remove(path.c_str());
  REQUIRE(all_ranks(named && wide));
}
