// The CUDA compile check (./build.sh kokkos cuda, the CI stage after the
// test suite): one translation unit that instantiates every public kernel
// family of heat for float, double and int64 (the floating-point-only
// families for float and double) and links. Built with nvcc_wrapper against
// a Kokkos with the CUDA backend, it proves that device lambdas, host-only
// kernels (GCC vector extensions, BLAS/LAPACK, std::sort) and the host/device
// seam compile as nvcc sees them; on a machine with a GPU it also runs (every
// family once on a 6 x 4 array; the exit code says whether the results are
// finite and their shapes right). Contract: no family of the public API is
// left out; one that cannot compile for the device is a finding, not a skip.
#include <heat/heat.hpp>

#include <cstdint>
#include <cstdio>
#include <type_traits>

namespace {

/// Shapes agree: counts the mismatches.
int expect(bool ok, const char* what, int& bad) {
  if (!ok) {
    std::printf("heat_cuda_check: %s failed\n", what);
    ++bad;
  }
  return bad;
}

/// Families every element type has: factories, elementwise expressions,
/// reductions and scans, manipulations, indexing, sorting, resplit.
template <class T>
int common_families(int& bad) {
  auto a = ht::arange<T>(0, 24, 1, 0);
  auto m = ht::reshape(a, {6, 4});
  auto z = ht::zeros<T>({6, 4}, 0);
  auto o = ht::ones<T>({6, 4}, 1);
  ht::DNDarray<T> e = m * T(2) + o - z;
  ht::DNDarray<T> w = ht::where(m > T(3), m, z);
  ht::DNDarray<T> lo = ht::minimum(m, o);
  expect(e.shape() == ht::shape_t{6, 4} && w.shape() == e.shape() && lo.shape() == e.shape(), "elementwise", bad);
  expect(ht::sum(m).item() == T(276), "sum", bad);
  expect(ht::prod(o, 0).shape() == ht::shape_t{4}, "prod", bad);
  expect(ht::max(m, 1).shape() == ht::shape_t{6}, "max", bad);
  expect(ht::argmax(m, 0).shape() == ht::shape_t{4}, "argmax", bad);
  expect(ht::cumsum(m, 0).shape() == m.shape() && ht::cumprod(o, 1).shape() == m.shape(), "scans", bad);
  auto c = ht::concatenate({m, z}, 0);
  expect(c.shape() == ht::shape_t{12, 4}, "concatenate", bad);
  expect(ht::diff(m, 1, 0).shape() == ht::shape_t{5, 4}, "diff", bad);
  expect(ht::tril(m).shape() == m.shape() && ht::flip(m, 0).shape() == m.shape(), "tril/flip", bad);
  expect(ht::transpose(m, {1, 0}).shape() == ht::shape_t{4, 6}, "transpose", bad);
  ht::DNDarray<T> v = ht::view(m, xt::range(1, 4));
  expect(v.shape() == ht::shape_t{3, 4}, "view", bad);
  ht::view(z, xt::range(0, 2)) = T(1);
  expect(ht::sum(z).item() == T(8), "view assignment", bad);
  expect(ht::sort(a, 0).shape() == a.shape() && ht::argsort(a, 0).shape() == a.shape(), "sort", bad);
  expect(ht::unique(a).shape() == ht::shape_t{24}, "unique", bad);
  expect(ht::resplit(m, 1).shape() == m.shape() && ht::resplit(m, ht::none).shape() == m.shape(), "resplit", bad);
  expect(m.template astype<double>().shape() == m.shape(), "astype", bad);
  // Rearrangements (heat/core/rearranging.hpp) and bin indices.
  expect(ht::repeat(m, 2, 0).shape() == ht::shape_t{12, 4} && ht::tile(m, {1, 2}).shape() == ht::shape_t{6, 8},
         "repeat/tile", bad);
  expect(ht::roll(m, 1, 1).shape() == m.shape() && ht::broadcast_to(a, {2, 24}).shape() == ht::shape_t{2, 24},
         "roll/broadcast_to", bad);
  expect(ht::diagonal(m).shape() == ht::shape_t{4} && ht::diag(a).shape() == ht::shape_t{24, 24}, "diagonal", bad);
  expect(ht::digitize(m, a).shape() == m.shape() && ht::bucketize(m, a).shape() == m.shape(), "digitize", bad);
  expect(ht::median(m, 0).shape() == ht::shape_t{4}, "median", bad);
  // The options of issue 23's second part.
  expect(ht::eye<T>(3, 5, 1, 0).shape() == ht::shape_t{3, 5} && ht::tril(a, 1).shape() == ht::shape_t{24, 24},
         "eye(k)/1-D tril", bad);
  expect(ht::pad(m, {{1, 2}}, "reflect").shape() == ht::shape_t{9, 7} && ht::sort(a, 0, true).shape() == a.shape(),
         "pad modes/descending sort", bad);
  expect(ht::argmax(m, 1, ht::keepdims).shape() == ht::shape_t{6, 1} && ht::cumsum(m).shape() == ht::shape_t{24},
         "keepdims/flat scans", bad);
  expect(ht::matmul(ht::reshape(a, {2, 3, 4}), ht::ones<T>({4, 2})).shape() == ht::shape_t{2, 3, 2}, "stacked matmul",
         bad);
  return bad;
}

/// The elementwise functions of heat/expr/math.hpp an integer type has.
template <class T>
int integer_families(int& bad) {
  auto m = ht::reshape(ht::arange<T>(0, 24, 1, 0), {6, 4});
  ht::DNDarray<T> b = ht::bitwise_and(m, T(3)) + ht::bitwise_xor(m, T(5)) + ht::left_shift(m, T(1)) +
                      ht::right_shift(m, T(1)) + ht::gcd(m, T(6)) + ht::lcm(m, T(4)) + ht::invert(m) +
                      ht::floor_divide(m, T(3)) + ht::fmod(m, T(5));
  expect(b.shape() == m.shape(), "integer math", bad);
  expect(ht::bincount(ht::arange<T>(0, 24, 1, 0)).shape() == ht::shape_t{24}, "bincount", bad);
  return bad;
}

/// Families of floating-point types: math functions, statistics, linear
/// algebra, distances and the estimators.
template <class T>
int float_families(int& bad) {
  auto m = ht::reshape(ht::arange<T>(0, 24, 1, 0), {6, 4});
  ht::DNDarray<T> s = ht::sqrt(m) + ht::exp(m * T(-1));
  expect(s.shape() == m.shape(), "math", bad);
  expect(ht::mean(m, 0).shape() == ht::shape_t{4} && ht::var(m, 1).shape() == ht::shape_t{6}, "statistics", bad);
  auto x = ht::random::randn<T>({6, 4}, 0);
  expect(ht::matmul(x, ht::transpose(x, {1, 0})).shape() == ht::shape_t{6, 6}, "matmul", bad);
  const auto [Q, R] = ht::linalg::qr(x);
  expect(Q.shape() == ht::shape_t{6, 4} && R.shape() == ht::shape_t{4, 4}, "qr", bad);
  expect(ht::linalg::norm(x).item() > T(0), "norm", bad);
  ht::DNDarray<T> f = ht::hypot(m, m) + ht::copysign(m, T(-1)) + ht::logaddexp(m, m) + ht::logaddexp2(m, m) +
                      ht::deg2rad(m) + ht::rad2deg(m) + ht::arcsinh(m) + ht::fabs(m) + ht::floor_divide(m, T(2)) +
                      ht::fmod(m, T(3)) + ht::nan_to_num(m) + ht::modf(m).first;
  ht::DNDarray<bool> t = ht::isclose(m, m) || ht::signbit(m) || ht::isposinf(m) || ht::isneginf(m);
  expect(f.shape() == m.shape() && t.shape() == m.shape(), "floating math", bad);
  expect(ht::percentile(m, T(30), 1).shape() == ht::shape_t{6} && ht::skew(m, 0).shape() == ht::shape_t{4} &&
             ht::kurtosis(m).ndim() == 0 && ht::average(m, m, 0).shape() == ht::shape_t{4},
         "moments", bad);
  expect(ht::histc(m, 5).shape() == ht::shape_t{5} && ht::histogram(m, 4).bin_edges.shape() == ht::shape_t{5},
         "histograms", bad);
  auto sq = ht::random::randn<T>({4, 4}, 0);
  expect(ht::linalg::inv(sq).shape() == sq.shape() && ht::linalg::det(sq).ndim() == 0, "inv/det", bad);
  expect(ht::linalg::vector_norm(x, 0).shape() == ht::shape_t{4} && ht::linalg::matrix_norm(x).ndim() == 0,
         "vector/matrix norms", bad);
  expect(ht::cov(x).shape() == ht::shape_t{6, 6}, "cov", bad);
  expect(ht::nanmean(m, 0).shape() == ht::shape_t{4} && ht::nanvar(m, 1).shape() == ht::shape_t{6} &&
             ht::round(m, 2).shape() == m.shape() && ht::linspace<T>(0, 1, 4, ht::endpoint(false)).size() == 4,
         "nan-reductions/round/endpoint", bad);
  expect(ht::spatial::cdist(x, x).shape() == ht::shape_t{6, 6}, "cdist", bad);
  const auto [labels, dist] = ht::spatial::nearest(x, ht::resplit(x, ht::none));
  expect(labels.shape() == ht::shape_t{6} && dist.shape() == ht::shape_t{6}, "nearest", bad);
  ht::cluster::KMeans<T> km({.n_clusters = 2, .init = "k-means++", .random_state = 1});
  km.fit(x);
  expect(km.cluster_centers().shape() == ht::shape_t{2, 4} && km.n_iter() > 0, "KMeans", bad);
  // Enough clusters and features for Hamerly's bounds, with sample weights;
  // nearest under the other metrics (the device's scalar kernels).
  auto wide = ht::random::rand<T>({64, 20}, 0);
  ht::cluster::KMeans<T> bounded({.n_clusters = 8, .random_state = 2});
  bounded.fit(wide, ht::ones<T>({64}, 0));
  expect(bounded.cluster_centers().shape() == ht::shape_t{8, 20}, "KMeans with bounds and weights", bad);
  const auto far = ht::spatial::nearest<ht::spatial::chebyshev>(x, ht::resplit(x, ht::none)).first;
  const auto l1 = ht::spatial::nearest<ht::spatial::cityblock>(x, ht::resplit(x, ht::none)).first;
  expect(far.shape() == ht::shape_t{6} && l1.shape() == ht::shape_t{6}, "nearest (Chebyshev, Manhattan)", bad);
  ht::cluster::KMedians<T> kmed({.n_clusters = 2, .random_state = 1});
  kmed.fit(x);
  expect(kmed.cluster_centers().shape() == ht::shape_t{2, 4}, "KMedians", bad);
  auto y = ht::sum(x, 1);
  ht::regression::Lasso<T> lasso({.lam = 0.1});
  lasso.fit(x, y);
  expect(lasso.coef().shape() == ht::shape_t{4}, "Lasso", bad);
  return bad;
}

}  // namespace

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  int bad = 0;
  common_families<float>(bad);
  common_families<double>(bad);
  common_families<std::int64_t>(bad);
  integer_families<std::int32_t>(bad);
  integer_families<std::int64_t>(bad);
  float_families<float>(bad);
  float_families<double>(bad);
  // The verdict agreed: every rank's failures summed (rank 0's line names
  // the rank count, so one-rank copies cannot pass for a run at np 2).
  const ht::communicator world = ht::comm_world();
  Kokkos::View<double*, Kokkos::HostSpace> total("heat_cuda_check::bad", 1);
  total(0) = bad;
  ht::allreduce(world, total, ht::reduce_op::sum);
  if (world.rank() == 0) std::printf("heat_cuda_check: %d failures on %d ranks\n", int(total(0)), world.size());
  return total(0) == 0 ? 0 : 1;
}
