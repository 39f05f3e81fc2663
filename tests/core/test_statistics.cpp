// heat/core/quantiles.hpp and heat/core/statistics.hpp against NumPy's and
// scipy's answers (tests/reference/make_statistics.py) at every layout;
// order statistics exactly, sums within a stated relative tolerance.
#include "support/testing.hpp"

#include <heat/core/statistics.hpp>
#include "support/numpy_reference.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::matches_numpy;
using ht::testing::numpy_ref;
using ht::testing::throws_everywhere;

TEST_CASE("median, percentile and quantile equal NumPy's at every layout", "[core][statistics]") {
  const auto X = numpy_ref<double>("stat_X"), Xn = numpy_ref<double>("stat_Xn");
  const std::vector<double> q{0, 12.5, 50, 99, 100};
  const auto xn = layouts(Xn);
  const auto xs = layouts(X);
  for (std::size_t l = 0; l < xs.size(); ++l) {
    const auto& x = xs[l];
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    REQUIRE(all_ranks(matches_numpy(ht::median(x), numpy_ref<double>("stat_med_none"), 0)));
    REQUIRE(all_ranks(matches_numpy(ht::median(x, 0), numpy_ref<double>("stat_med_0"), 0)));
    REQUIRE(all_ranks(matches_numpy(ht::median(x, -1), numpy_ref<double>("stat_med_1"), 0)));
    REQUIRE(all_ranks(matches_numpy(ht::percentile(x, q), numpy_ref<double>("stat_pct_none"), 1e-15)));
    REQUIRE(all_ranks(matches_numpy(ht::percentile(x, q, 0), numpy_ref<double>("stat_pct_0"), 1e-15)));
    REQUIRE(all_ranks(matches_numpy(ht::percentile(x, q, 1), numpy_ref<double>("stat_pct_1"), 1e-15)));
    REQUIRE(all_ranks(matches_numpy(ht::quantile(x, 0.3, 0), numpy_ref<double>("stat_qua_0"), 1e-15)));
    REQUIRE(all_ranks(matches_numpy(ht::median(xn[l], 0), numpy_ref<double>("stat_medn_0"), 0)));
    REQUIRE(all_ranks(matches_numpy(ht::median(xn[l], 1), numpy_ref<double>("stat_medn_1"), 0)));
    // keepdims keeps the reduced axis; a vector q comes first.
    REQUIRE(ht::median(x, 1, true).shape() == ht::shape_t{7, 1});
    REQUIRE(ht::percentile(x, q, 0, true).shape() == ht::shape_t{5, 1, 5});
    REQUIRE(ht::median(x, ht::none, true).shape() == ht::shape_t{1, 1});
    const xt::xarray<float> F = xt::cast<float>(X);
    const auto f = ht::array(F, x.split());
    REQUIRE(all_ranks(matches_numpy(ht::median(f, 0), numpy_ref<float>("stat_f32med_0"), 0)));
    REQUIRE(all_ranks(matches_numpy(ht::percentile(f, 25.0, 1), numpy_ref<float>("stat_f32pct_1"), 1e-7)));
  }
  for (const auto& i : layouts(numpy_ref<std::int64_t>("stat_I"))) {
    REQUIRE(all_ranks(matches_numpy(ht::median(i), numpy_ref<double>("stat_imed_none"), 0)));
    REQUIRE(all_ranks(matches_numpy(ht::median(i, 0), numpy_ref<double>("stat_imed_0"), 0)));
    REQUIRE(all_ranks(matches_numpy(ht::median(i, 1), numpy_ref<double>("stat_imed_1"), 0)));
    REQUIRE(all_ranks(matches_numpy(ht::percentile(i, 37.0, 1), numpy_ref<double>("stat_ipct_1"), 1e-15)));
  }
  // HeAT's percentile docstring: [[10, 7, 4], [3, 2, 1]] at 50 -> 3.5, along 0 -> [6.5, 4.5, 2.5].
  const auto d = ht::array(xt::xarray<double>{{10, 7, 4}, {3, 2, 1}}, 0);
  REQUIRE(ht::percentile(d, 50.0).item() == 3.5);
  REQUIRE(all_ranks(matches_numpy(ht::percentile(d, 50.0, 0), xt::xarray<double>{6.5, 4.5, 2.5}, 0)));
  REQUIRE(std::isnan(ht::median(ht::zeros<double>({0}, 0)).item()));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::percentile(d, 101.0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::quantile(d, std::vector<double>{0.5, -0.1}, 1); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::median(d, 2); }));
}

TEST_CASE("order statistics of large sets take the wide first round and stay exact", "[core][statistics]") {
  // 1 100 001 rows: the largest target rank (99 %: 1 089 000) passes 2^20,
  // so the selection's first round reads 16 bits (heat/core/selection.hpp).
  // At q = 0, 1, 50, 99, 100 the positions (n - 1) q / 100 are whole: the
  // answers are elements of the sorted column, found here by std::sort.
  // Column 0 spreads over many binades with negatives and repeats; column 1
  // lies in one binade ([1, 1.5): 4096 distinct values, each repeated), so
  // a 16-bit bucket holds an eighth of it and the rounds after the first
  // still read the whole column before the survivors are compacted.
  const std::size_t n = 1100001;
  xt::xarray<double> X = xt::empty<double>({n, std::size_t{2}});
  for (std::size_t i = 0; i < n; ++i) {
    X(i, 0) = static_cast<double>((i * 7919) % 1000003) / 977.0 - 500.0;
    X(i, 1) = 1.0 + static_cast<double>((i * 37) % 4096) / 8192.0;
  }
  const std::vector<double> q{0, 1, 50, 99, 100};
  xt::xarray<double> want0 = xt::empty<double>({q.size(), std::size_t{2}});
  std::vector<double> flat(X.begin(), X.end());
  std::sort(flat.begin(), flat.end());
  for (std::size_t j = 0; j < 2; ++j) {
    std::vector<double> col(n);
    for (std::size_t i = 0; i < n; ++i) col[i] = X(i, j);
    std::sort(col.begin(), col.end());
    for (std::size_t h = 0; h < q.size(); ++h) want0(h, j) = col[static_cast<std::size_t>(q[h]) * (n - 1) / 100];
  }
  // Over both columns, 2n values: the extremes, and the median as the mean of the middle two (NumPy's).
  const xt::xarray<double> want_ends{flat.front(), flat.back()};
  const xt::xarray<double> want_med = (flat[n - 1] + flat[n]) / 2;
  for (const auto& x : layouts(X)) {
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    REQUIRE(all_ranks(matches_numpy(ht::percentile(x, q, 0), want0, 0)));
    REQUIRE(all_ranks(matches_numpy(ht::median(x, 0), xt::xarray<double>(xt::view(want0, 2)), 0)));
    const auto all = ht::percentile(x, std::vector<double>{0, 100});
    REQUIRE(all_ranks(matches_numpy(all, want_ends, 0)));
    REQUIRE(all_ranks(matches_numpy(ht::median(x), want_med, 0)));
  }
}

TEST_CASE("average, skew and kurtosis match NumPy and scipy at every layout", "[core][statistics]") {
  const auto X = numpy_ref<double>("stat_X"), W = numpy_ref<double>("stat_W");
  const auto ws = layouts(W);
  const auto xs = layouts(X);
  for (std::size_t l = 0; l < xs.size(); ++l) {
    const auto& x = xs[l];
    const auto& w = ws[(l + 1) % ws.size()];
    CAPTURE(ht::to_string(x.split()), ht::to_string(w.split()));
    REQUIRE(all_ranks(matches_numpy(ht::average(x, w), numpy_ref<double>("stat_avg_none"), 1e-14)));
    REQUIRE(all_ranks(matches_numpy(ht::average(x, w, 0), numpy_ref<double>("stat_avg_0"), 1e-14)));
    REQUIRE(all_ranks(matches_numpy(ht::average(x, w, 1), numpy_ref<double>("stat_avg_1"), 1e-14)));
    REQUIRE(all_ranks(matches_numpy(ht::average(x, ht::array(numpy_ref<double>("stat_w1"), 0), 1),
                                    numpy_ref<double>("stat_avg1_1"), 1e-14)));
    REQUIRE(all_ranks(matches_numpy(ht::average(x, ht::array(numpy_ref<double>("stat_w0")), 0),
                                    numpy_ref<double>("stat_avg0_0"), 1e-14)));
    REQUIRE(all_ranks(matches_numpy(ht::average(x, 0), xt::xarray<double>(xt::mean(X, {0})), 1e-14)));
    REQUIRE(all_ranks(matches_numpy(ht::skew(x, 0), numpy_ref<double>("stat_skew_0"), 1e-12)));
    REQUIRE(all_ranks(matches_numpy(ht::skew(x, 1, false), numpy_ref<double>("stat_skewb_1"), 1e-12)));
    REQUIRE(all_ranks(matches_numpy(ht::skew(x), numpy_ref<double>("stat_skew_none"), 1e-12)));
    REQUIRE(all_ranks(matches_numpy(ht::kurtosis(x, 1), numpy_ref<double>("stat_kurt_1"), 1e-12)));
    REQUIRE(all_ranks(matches_numpy(ht::kurtosis(x, 0, false, false), numpy_ref<double>("stat_kurtb_0"), 1e-12)));
    REQUIRE(all_ranks(matches_numpy(ht::kurtosis(x), numpy_ref<double>("stat_kurt_none"), 1e-12)));
  }
  const auto x = ht::array(X, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::average(x, ht::zeros<double>({7, 5}, 1)); }));
  REQUIRE(throws_everywhere<ht::TypeError>([&] { ht::average(x, ht::ones<double>({5})); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::average(x, ht::ones<double>({6}), 0); }));
}

TEST_CASE("bincount, histc and histogram equal NumPy's and torch's", "[core][statistics]") {
  const auto B = numpy_ref<std::int64_t>("stat_B");
  for (const auto& b : layouts(B)) {
    CAPTURE(ht::to_string(b.split()), b.lshape()[0]);
    REQUIRE(all_ranks(matches_numpy(ht::bincount(b), numpy_ref<std::int64_t>("stat_bc"), 0)));
    REQUIRE(all_ranks(matches_numpy(ht::bincount(b, 10), numpy_ref<std::int64_t>("stat_bc10"), 0)));
    for (const auto& w : layouts(numpy_ref<double>("stat_Bw")))
      REQUIRE(all_ranks(matches_numpy(ht::bincount(b, w), numpy_ref<double>("stat_bcw"), 1e-14)));
  }
  for (const auto& x : layouts(numpy_ref<double>("stat_X"))) {
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    const auto h7 = ht::histogram(x, 7);
    REQUIRE(all_ranks(matches_numpy(h7.hist, numpy_ref<std::int64_t>("stat_hist7_counts"), 0)));
    REQUIRE(all_ranks(matches_numpy(h7.bin_edges, numpy_ref<double>("stat_hist7_edges"), 0)));
    const auto hr = ht::histogram(x, 5, std::pair{0.2, 0.8});
    REQUIRE(all_ranks(matches_numpy(hr.hist, numpy_ref<std::int64_t>("stat_histr_counts"), 0)));
    REQUIRE(all_ranks(matches_numpy(hr.bin_edges, numpy_ref<double>("stat_histr_edges"), 0)));
    // histc's bins over [0.2, 0.8] are histogram's there (no value lies on an edge).
    REQUIRE(all_ranks(matches_numpy(ht::histc(x, 5, 0.2, 0.8), numpy_ref<std::int64_t>("stat_histr_counts"), 0)));
    REQUIRE(ht::sum(ht::histc(x, 9)).item() == 35.0);
    const auto f =
        ht::histogram(ht::array(xt::xarray<float>(xt::cast<float>(numpy_ref<double>("stat_X"))), x.split()), 6);
    REQUIRE(all_ranks(matches_numpy(f.hist, numpy_ref<std::int64_t>("stat_f32hist_counts"), 0)));
    REQUIRE(all_ranks(matches_numpy(f.bin_edges, numpy_ref<float>("stat_f32hist_edges"), 0)));
  }
  for (const auto& i : layouts(numpy_ref<std::int64_t>("stat_I"))) {
    const auto h = ht::histogram(i, 4);
    REQUIRE(all_ranks(matches_numpy(h.hist, numpy_ref<std::int64_t>("stat_ihist_counts"), 0)));
    REQUIRE(all_ranks(matches_numpy(h.bin_edges, numpy_ref<double>("stat_ihist_edges"), 0)));
  }
  // torch's histc docstring: [1, 2, 1], 4 bins over [0, 3] -> [0, 2, 1, 0].
  const auto t = ht::array(xt::xarray<float>{1, 2, 1}, 0);
  REQUIRE(all_ranks(matches_numpy(ht::histc(t, 4, 0, 3), xt::xarray<float>{0, 2, 1, 0}, 0)));
  REQUIRE(all_ranks(matches_numpy(ht::histc(ht::full<double>({4}, 2.0, 0), 2), xt::xarray<double>{0, 4}, 0)));
  const auto neg = ht::array(xt::xarray<int>{1, 2, -1}, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::bincount(neg); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::histogram(ht::array(numpy_ref<double>("stat_Xn"), 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::histc(t, 0); }));
}

TEST_CASE("digitize and bucketize equal NumPy's and torch's", "[core][statistics]") {
  const xt::xarray<double> bins{0.1, 0.3, 0.5, 0.9};
  const xt::xarray<double> rev = xt::flip(bins, 0);
  for (const auto& x : layouts(numpy_ref<double>("stat_Xn"))) {
    for (const auto& b : layouts(bins)) {
      REQUIRE(all_ranks(matches_numpy(ht::digitize(x, b), numpy_ref<std::int64_t>("stat_dig"), 0)));
      REQUIRE(all_ranks(matches_numpy(ht::digitize(x, b, true), numpy_ref<std::int64_t>("stat_dig_right"), 0)));
    }
    REQUIRE(all_ranks(matches_numpy(ht::digitize(x, ht::array(rev, 0)), numpy_ref<std::int64_t>("stat_dig_dec"), 0)));
    REQUIRE(all_ranks(
        matches_numpy(ht::digitize(x, ht::array(rev), true), numpy_ref<std::int64_t>("stat_dig_dec_right"), 0)));
  }
  // torch's bucketize docstring.
  const auto v = ht::array(xt::xarray<int>{{3, 6, 9}, {3, 6, 9}}, 1);
  const auto edges = ht::array(xt::xarray<int>{1, 3, 5, 7, 9}, 0);
  REQUIRE(all_ranks(matches_numpy(ht::bucketize(v, edges), xt::xarray<std::int64_t>{{1, 3, 4}, {1, 3, 4}}, 0)));
  REQUIRE(all_ranks(matches_numpy(ht::bucketize(v, edges, true), xt::xarray<std::int64_t>{{2, 3, 5}, {2, 3, 5}}, 0)));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::digitize(v, ht::array(xt::xarray<int>{1, 3, 2}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::bucketize(v, ht::array(xt::xarray<int>{3, 1}, 0)); }));
}
