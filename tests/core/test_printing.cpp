#include "support/testing.hpp"

#include <xtensor/xbuilder.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>

using ht::testing::all_ranks;
using ht::testing::global_pattern;

namespace {

/// NumPy's output for each case, written by reference/make_printing.py.
const std::map<std::string, std::string>& numpy_reference() {
  static const std::map<std::string, std::string> cases = [] {
    std::map<std::string, std::string> m;
    std::ifstream in(HEAT_TEST_REFERENCE_DIR "/printing.txt");
    std::string line, name, text;
    while (std::getline(in, line)) {
      if (line.rfind("=== ", 0) == 0) {
        if (!name.empty()) m[name] = text.substr(0, text.size() - 1);
        name = line.substr(4);
        text.clear();
      } else {
        text += line + "\n";
      }
    }
    if (!name.empty()) m[name] = text.substr(0, text.size() - 1);
    return m;
  }();
  return cases;
}

/// Every rank prints (a collective); rank 0's text must be NumPy's, the others' empty.
template <class T>
bool prints_like_numpy(const ht::DNDarray<T>& x, const std::string& name) {
  std::ostringstream os;
  os << x;
  const bool ok = x.comm().rank() == 0 ? os.str() == numpy_reference().at(name) : os.str().empty();
  if (!ok) UNSCOPED_INFO("case " << name << " printed:\n" << os.str() << "\nexpected:\n" << numpy_reference().at(name));
  return all_ranks(ok);
}

}  // namespace

TEST_CASE("printing matches NumPy", "[printing]") {
  REQUIRE(numpy_reference().size() == 16);
  CHECK(prints_like_numpy(ht::array(global_pattern<double>({2, 3}), 0), "float64_2x3_split0"));
  CHECK(prints_like_numpy(ht::array(global_pattern<float>({7}), 0), "float32_7_split0"));
  CHECK(prints_like_numpy(ht::array(global_pattern<std::int64_t>({3, 4}), 1), "int64_3x4_split1"));
  CHECK(prints_like_numpy(ht::array(global_pattern<bool>({2, 2, 3}), 2), "bool_2x2x3_split2"));
  CHECK(prints_like_numpy(ht::array(global_pattern<std::uint8_t>({2, 5})), "uint8_2x5_none"));
  CHECK(prints_like_numpy(ht::full<double>({}, 2.5), "float64_scalar"));
  CHECK(prints_like_numpy(ht::zeros<double>({0, 3}, 0), "float64_empty_0x3_split0"));
  CHECK(prints_like_numpy(ht::array(global_pattern<std::int32_t>({40, 30}), 0), "int32_40x30_split0"));
  CHECK(prints_like_numpy(ht::arange<double>(0, 2000, 1, 0), "float64_arange2000_split0"));
  CHECK(prints_like_numpy(ht::array(global_pattern<std::int16_t>({12, 10, 10}), 1), "int16_12x10x10_split1"));
  CHECK(prints_like_numpy(ht::array(global_pattern<double>({1, 30}), 1), "float64_1x30_split1"));
  CHECK(prints_like_numpy(ht::logspace<double>(-5, 5, 3, 0), "float64_logspace_split0"));
  const xt::xarray<double> special = {NAN, INFINITY, -INFINITY, 1.5, -0.25};
  CHECK(prints_like_numpy(ht::array(special), "float64_special_none"));
  const xt::xarray<float> mixed = {0.5f, 1.25f, 100.0f, -3.0f};
  CHECK(prints_like_numpy(ht::array(mixed, 0), "float32_mixed_split0"));
}

TEST_CASE("print0 writes the array and a newline from rank 0 only", "[printing]") {
  auto x = ht::array(global_pattern<double>({2, 3}), 0);
  std::ostringstream os;
  ht::print0(x, os);
  const bool ok =
      x.comm().rank() == 0 ? os.str() == numpy_reference().at("float64_2x3_split0") + "\n" : os.str().empty();
  REQUIRE(all_ranks(ok));
}

TEST_CASE("a lazy expression prints as its value", "[printing][expr]") {
  auto x = ht::array(global_pattern<double>({2, 3}), 0);
  std::ostringstream os;
  os << x * 1.0 + 0.0;
  const bool ok = x.comm().rank() == 0 ? os.str() == numpy_reference().at("float64_2x3_split0") : os.str().empty();
  REQUIRE(all_ranks(ok));
}

TEST_CASE("print options change what prints as NumPy's do; local printing shows each block", "[printing]") {
  const ht::print_options before = ht::get_printoptions();
  ht::set_printoptions({.precision = 3, .threshold = 20, .edgeitems = 2, .linewidth = 40});
  REQUIRE(ht::get_printoptions().edgeitems == 2);
  const xt::xarray<double> thirds = global_pattern<double>({6, 8}) / 3;
  CHECK(prints_like_numpy(ht::array(thirds, 0), "opts_float64_6x8_split0"));
  ht::set_printoptions("short");
  CHECK(prints_like_numpy(ht::eval(ht::arange<double>(0, 2000, 1, 0) / 7.0), "short_float64_arange2000_split0"));
  ht::set_printoptions("full");
  REQUIRE(ht::get_printoptions().threshold == std::numeric_limits<std::int64_t>::max());
  ht::set_printoptions("default");
  REQUIRE(ht::get_printoptions().precision == before.precision);
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([] { ht::set_printoptions("long"); }));
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([] { ht::set_printoptions({.edgeitems = -1}); }));

  // Local printing: every rank writes its own block (NumPy's text of the block, x's split).
  const auto x = ht::array(global_pattern<double>({5, 3}), 0);
  std::ostringstream mine, block;
  ht::local_printing();
  mine << x;
  ht::global_printing();
  const xt::xarray<double> own = x.larray();
  block << ht::array(own, ht::none, ht::comm_self());
  std::string expected = block.str();
  expected.replace(expected.find("split=None"), 10, "split=0");
  REQUIRE(all_ranks(mine.str() == expected));
  ht::set_printoptions(before);
}
