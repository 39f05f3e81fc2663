#ifndef HEAT_LINALG_HSVD_HPP
#define HEAT_LINALG_HSVD_HPP

/// HeAT's hierarchical SVD (ht.linalg.hsvd_rank, hsvd_rtol; Iwen and Ong
/// 2016, Himpe, Leibner and Rave 2018): an approximate truncated SVD
/// A ~ U diag(S) Vt from truncated SVDs of the ranks' blocks merged along a
/// tree, with an a-posteriori estimate of ||A - U diag(S) Vt||_F / ||A||_F.
///
/// Contract:
/// - A is n x k, float or double, split 0, split 1 or replicated. As HeAT
///   (which transposes a split-0 A), the tree works on the dimension that
///   is not split: L = k for split 0 (and replicated), L = n for split 1.
///   Every leaf (a rank; one for a replicated A, computed alike on every
///   rank) holds diag(s) Vt (r x L) of its block's SVD (through the block's
///   R when the block is tall); a merge stacks its members' rows and takes
///   the SVD of the stack (a group of one keeps its node; one leaf is the
///   root). Truncation at every node as HeAT's
///   compute_local_truncated_svd: values below the noise level (1e-14 for
///   double, 1e-7 for float) are cut; then the rank is min(maxrank, the
///   smallest rank whose discarded values have a norm below rtol ||A||_F /
///   sqrt(2p - 1), when rtol is set), plus safetyshift (none at the root);
///   at least 1. The node's squared error is the squared norm of the values
///   it discards, summed up the tree (a bound on the squared error of the
///   result, Himpe et al.; HeAT counts from kept - safetyshift on, which
///   counts values a node keeps).
/// - The tree as HeAT's: at each level the active nodes, in rank order,
///   form groups greedily while the sum of their ranks stays within
///   maxmergedim and the group has fewer than no_of_merges members (no
///   limit when unset); the first node of a group merges it. The root is
///   rank 0.
/// - Results: Vt (r x k, replicated), S (r, replicated, in the tree's order:
///   descending up to the approximation), U (n x r). Split 0 and replicated
///   A: Vt is the root's factor, U = A Vt^T / S on each rank's rows (split
///   like A's rows). Split 1: U is the root's factor (replicated), Vt =
///   (A^T U / S)^T. S is the norm of the columns of A Vt^T (resp. A^T U), as
///   HeAT's sigma; a zero S leaves its column zero. Signs: each row of Vt's
///   largest |value| positive (svd's rule), U's column flipped alike.
///   rel_error_estimate = sqrt(squared error) / ||A||_F (0 for A = 0);
///   precision_lost: rtol asked for a larger rank than maxrank (or the
///   noise level) allowed somewhere in the tree (HeAT prints a warning).
/// - Exact (to rounding) when A's rank is at most maxrank. Options as
///   HeAT's: hsvd_rank's maxmergedim defaults to the block width (k for
///   split 0, the largest local column count for split 1) when that exceeds
///   2 (maxrank + safetyshift), else 2 (maxrank + safetyshift) + 1;
///   hsvd_rtol's defaults: with neither maxrank nor maxmergedim, maxrank =
///   k, maxmergedim = 2 (k + safetyshift) + 1 and no_of_merges = 2; with
///   maxmergedim alone, maxrank = floor((maxmergedim - 1) / 2) - safetyshift
///   (the largest that lets two nodes merge; HeAT derives it from the block
///   width instead).
/// - Messages: one Allreduce for ||A||_F; per level an Allgather of the
///   nodes' ranks (with the agreement flag) and one message per merged
///   node (its rows, error and flag); an Allreduce of the root's header (with
///   the last agreement) and a Bcast of the root's factor; then
///   one Allreduce of r values (split 0) or an Allgatherv of V (split 1).
///   A replicated A: the Allreduces of the agreement points only.
/// - Bad input (not 2-D, maxrank < 1, rtol not > 0, safetyshift < 0,
///   maxmergedim <= 2 (maxrank + safetyshift), no_of_merges < 2) throws
///   ValueError on every rank; NaN or inf in A: ValueError on every rank
///   (agreed).

#include "heat/comm/collectives.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/linalg/qr.hpp"
#include "heat/linalg/svd.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xview.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <type_traits>
#include <vector>

namespace ht::linalg {

/// Options of hsvd_rank / hsvd_rtol (HeAT's names; unset: HeAT's defaults).
struct hsvd_options {
  std::optional<std::int64_t> maxrank = std::nullopt;  ///< hsvd_rtol's cap (hsvd_rank takes it as argument)
  std::optional<std::int64_t> maxmergedim = std::nullopt;
  std::int64_t safetyshift = 5;
  std::optional<std::int64_t> no_of_merges = std::nullopt;  ///< hsvd_rtol only; hsvd_rank merges without limit
};

template <class T>
struct hsvd_result {
  DNDarray<T> U;   ///< n x r: split 0 for a split-0 A, else replicated
  DNDarray<T> S;   ///< r, replicated
  DNDarray<T> Vt;  ///< r x k, replicated
  double rel_error_estimate = 0;
  bool precision_lost = false;
};

template <class T>
hsvd_result<T> hsvd_rank(const DNDarray<T>& A, std::int64_t maxrank, const hsvd_options& o = {});
template <class T>
hsvd_result<T> hsvd_rtol(const DNDarray<T>& A, double rtol, const hsvd_options& o = {});

// ---------------------------------------------------------------------------

namespace detail {

/// The settled parameters of one hsvd.
struct hsvd_plan {
  std::int64_t maxrank = 0, maxmergedim = 0, safetyshift = 0, no_of_merges = 0;  ///< no_of_merges 0: no limit
  std::optional<double> atol;                                                    ///< rtol ||A||_F / sqrt(2 p - 1)
};

/// A node of the tree: rows diag(s) Vt (or Vt at the root) of its matrix's
/// truncated SVD, r x L; its squared error and precision flag so far.
template <class T>
struct hsvd_node {
  xt::xarray<T> z;
  double err2 = 0;
  bool lost = false;
};

/// The rank HeAT's truncation keeps of the descending values s (before the
/// safety shift): at least 1; sets lost when rtol asked for more.
template <class T>
std::int64_t truncation_rank(const xt::xarray<T>& s, const hsvd_plan& plan, std::int64_t cut_noise, bool& lost) {
  std::int64_t rank = std::min(plan.maxrank, cut_noise);
  if (plan.atol) {
    const auto m = static_cast<std::int64_t>(s.size());
    std::int64_t ideal = m;
    double tail = 0;
    for (std::int64_t i = m - 1; i >= 0; --i) {
      tail += static_cast<double>(s(i)) * static_cast<double>(s(i));
      if (tail >= *plan.atol * *plan.atol) break;
      ideal = i;
    }
    lost = lost || rank < ideal;
    rank = std::min(rank, ideal);
  }
  return std::max<std::int64_t>(rank, 1);
}

/// HeAT's truncated SVD of a node's matrix x (rows x L, row-major): the
/// node's rows, scaled by the values unless at the root; shift is the
/// safety shift (0 at the root). Throws ValueError on NaN or inf.
template <class T>
hsvd_node<T> truncate(const xt::xarray<T>& x, const hsvd_plan& plan, std::int64_t shift, bool scaled) {
  const std::size_t width = x.shape()[1];
  const xt::xarray<T> small = x.shape()[0] > width ? local_r<T>(x) : x;
  ht::detail::check(std::all_of(small.begin(), small.end(), [](T v) { return std::isfinite(v); }),
                    "hsvd: the matrix holds NaN or inf");
  xt::xarray<T> s = xt::zeros<T>({std::size_t{0}}), vt;
  if (small.shape()[0] > 0) {
    auto [u, values, v] = xt::linalg::svd(small, false, true);
    s = values;
    vt = v;
  }
  const T noise = std::is_same_v<T, double> ? T(1e-14) : T(1e-7);
  const auto cut_noise = static_cast<std::int64_t>(std::count_if(s.begin(), s.end(), [&](T v) { return v >= noise; }));
  hsvd_node<T> out;
  if (cut_noise == 0) {
    for (T v : s) out.err2 += static_cast<double>(v) * static_cast<double>(v);
    out.z = xt::zeros<T>({std::size_t{1}, width});
    return out;
  }
  const auto m = static_cast<std::int64_t>(s.size());
  const std::int64_t kept = std::min(m, truncation_rank(s, plan, cut_noise, out.lost) + shift);
  for (std::int64_t i = kept; i < m; ++i) out.err2 += static_cast<double>(s(i)) * static_cast<double>(s(i));
  out.z = xt::view(vt, xt::range(0, kept), xt::all());
  if (scaled)
    for (std::int64_t i = 0; i < kept; ++i) xt::row(out.z, static_cast<std::size_t>(i)) *= s(i);
  return out;
}

/// One level's groups (HeAT's greedy rule): head[q] is the node rank q sends
/// to (-1: none, q heads or is inactive); returns the heads in order.
inline std::vector<int> merge_groups(const std::vector<int>& active, const std::vector<std::int64_t>& dims,
                                     const hsvd_plan& plan, std::vector<int>& head) {
  head.assign(dims.size(), -1);
  std::vector<int> heads{active.front()};
  std::int64_t budget = 0, members = 0;
  for (const int q : active) {
    const std::int64_t d = dims[static_cast<std::size_t>(q)];
    if (budget + d > plan.maxmergedim || (plan.no_of_merges > 0 && members == plan.no_of_merges)) {
      heads.push_back(q);
      budget = d;
      members = 1;
      continue;
    }
    if (budget > 0) head[static_cast<std::size_t>(q)] = heads.back();
    budget += d;
    ++members;
  }
  return heads;
}

/// The nodes' ranks at this level, -1 where the previous level's work
/// failed: the agreement rides in this Allgather.
inline std::vector<std::int64_t> gather_dims(const communicator& comm, std::int64_t mine) {
  const auto p = static_cast<std::size_t>(comm.size());
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> one("heat::hsvd::dim", 1), all("heat::hsvd::dims", p);
  one(0) = mine;
  allgatherv(comm, one, all, std::vector<std::int64_t>(p, 1));
  return std::vector<std::int64_t>(all.data(), all.data() + p);
}

/// A node's rows, error and flag as one message (rows x width, then 2 values).
template <class T>
void merge_received(hsvd_node<T>& node, const std::vector<std::vector<T>>& parts, std::size_t width) {
  std::size_t rows = node.z.shape()[0];
  for (const auto& part : parts) rows += (part.size() - 2) / width;
  xt::xarray<T> stacked = xt::xarray<T>::from_shape({rows, width});
  std::copy(node.z.begin(), node.z.end(), stacked.begin());
  std::size_t at = node.z.size();
  for (const auto& part : parts) {
    std::copy(part.begin(), part.end() - 2, stacked.begin() + static_cast<std::ptrdiff_t>(at));
    at += part.size() - 2;
    node.err2 += static_cast<double>(part[part.size() - 2]);
    node.lost = node.lost || part.back() != T(0);
  }
  node.z = std::move(stacked);
}

/// The members of this level's groups send their nodes to their heads;
/// a head returns what it received, in rank order.
template <class T>
std::vector<std::vector<T>> send_nodes(const communicator& comm, const hsvd_node<T>& node,
                                       const std::vector<std::int64_t>& dims, const std::vector<int>& head,
                                       std::size_t width) {
  const int me = comm.rank();
  ht::detail::exchange<T> ex(comm);
  std::vector<T> out;
  std::vector<std::vector<T>> in;
  if (head[static_cast<std::size_t>(me)] >= 0) {
    out.assign(node.z.begin(), node.z.end());
    out.push_back(static_cast<T>(node.err2));
    out.push_back(node.lost ? T(1) : T(0));
    ex.send(out.data(), static_cast<std::int64_t>(out.size()), head[static_cast<std::size_t>(me)]);
  }
  for (std::size_t q = 0; q < head.size(); ++q) {
    if (head[q] != me) continue;
    in.emplace_back(static_cast<std::size_t>(dims[q]) * width + 2);
    ex.recv(in.back().data(), static_cast<std::int64_t>(in.back().size()), static_cast<int>(q));
  }
  ex.wait();
  return in;
}

/// The root's node on every rank: the Allreduce of its header carries the
/// last level's agreement (every rank's flag).
template <class T>
hsvd_node<T> share_root(const communicator& comm, hsvd_node<T> node, ht::detail::agreement_point& point,
                        std::size_t width) {
  Kokkos::View<double*, Kokkos::HostSpace> head("heat::hsvd::root", 4);
  if (comm.rank() == 0) head(0) = static_cast<double>(node.z.shape()[0]), head(1) = node.err2, head(2) = node.lost;
  head(3) = point.flag();
  allreduce(comm, head, reduce_op::sum);  // the root's header, and every rank's flag
  point.conclude(head(3));
  if (comm.rank() != 0) node.z = xt::xarray<T>::from_shape({static_cast<std::size_t>(head(0)), width});
  Kokkos::View<T*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged> z(node.z.data(), node.z.size());
  bcast(comm, z, 0);
  node.err2 = head(1);
  node.lost = head(2) != 0.0;
  return node;
}

/// The tree from the leaves' matrix x (this rank's, rows x width) to the
/// root's node on every rank. One leaf (a replicated A, computed alike on
/// every rank, or one rank) is the root: one truncation, no safety shift.
template <class T>
hsvd_node<T> merge_tree(const communicator& comm, const xt::xarray<T>& x, const hsvd_plan& plan, bool alone) {
  using ht::detail::error_kind;
  const std::size_t width = x.shape()[1];
  const bool leaf_is_root = alone || comm.size() == 1;
  std::optional<ht::detail::agreement_point> point;
  point.emplace(comm, "hsvd: local factor", error_kind::value);
  hsvd_node<T> node =
      point->run([&] { return leaf_is_root ? truncate(x, plan, 0, false) : truncate(x, plan, plan.safetyshift, true); })
          .value_or(hsvd_node<T>{});
  if (leaf_is_root) {
    point->conclude();
    return node;
  }
  std::vector<int> active(static_cast<std::size_t>(comm.size())), head;
  std::iota(active.begin(), active.end(), 0);
  while (true) {
    // The previous level's agreement rides in this Allgather.
    const std::int64_t mine = point->failed() ? -1 : static_cast<std::int64_t>(node.z.shape()[0]);
    const std::vector<std::int64_t> dims = gather_dims(comm, mine);
    if (std::any_of(dims.begin(), dims.end(), [](auto d) { return d < 0; })) point->conclude(1.0);
    const std::vector<int> heads = merge_groups(active, dims, plan, head);
    ht::detail::check(heads.size() < active.size(),
                      "hsvd: maxmergedim admits no merge");  // unreachable when maxmergedim > 2 (maxrank + shift)
    const bool root = heads.size() == 1;
    const auto parts = send_nodes(comm, node, dims, head, width);
    point.emplace(comm, "hsvd: merge", error_kind::value);
    // A head without members keeps its node (HeAT truncates it again: one
    // more truncation than the sqrt(2p - 1) of the tolerance counts).
    if (!parts.empty())
      point->run([&] {
        merge_received(node, parts, width);
        const double err2 = node.err2;
        const bool lost = node.lost;
        node = truncate(node.z, plan, root ? 0 : plan.safetyshift, !root);
        node.err2 += err2;
        node.lost = node.lost || lost;
      });
    if (root) break;
    active = heads;
  }
  return share_root(comm, std::move(node), *point, width);
}

/// The squared sums of the columns of a rows x r block (summed over the ranks when split).
template <class T>
std::vector<double> column_norms(const communicator& comm, const T* w, std::int64_t rows, std::int64_t r, bool split) {
  Kokkos::View<double*, Kokkos::HostSpace> sq("heat::hsvd::sigma", static_cast<std::size_t>(r));
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < r; ++j) sq(j) += static_cast<double>(w[i * r + j]) * static_cast<double>(w[i * r + j]);
  if (split) allreduce(comm, sq, reduce_op::sum);
  std::vector<double> out(static_cast<std::size_t>(r));
  for (std::int64_t j = 0; j < r; ++j) out[static_cast<std::size_t>(j)] = std::sqrt(sq(j));
  return out;
}

/// Divides the columns of a rows x r block by sigma (a zero sigma leaves its column).
template <class T>
void divide_columns(T* w, std::int64_t rows, const std::vector<double>& sigma) {
  const auto r = static_cast<std::int64_t>(sigma.size());
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < r; ++j)
      if (sigma[static_cast<std::size_t>(j)] > 0) w[i * r + j] /= static_cast<T>(sigma[static_cast<std::size_t>(j)]);
}

/// Split 0 or replicated: U = A Vt^T / S from the root's Vt (r x k).
template <class T>
hsvd_result<T> finish_rows(const DNDarray<T>& A, const T* a, xt::xarray<T> vt) {
  const communicator& comm = A.comm();
  const std::int64_t rows = A.lshape()[0], k = A.shape()[1], r = static_cast<std::int64_t>(vt.shape()[0]);
  const distribution dist(shape_t{A.shape()[0], r}, A.split(), comm.size(),
                          A.split() ? A.dist().counts() : std::vector<std::int64_t>{});
  ht::detail::host_result<T> w(dist, comm);
  gemm<T>(rows, r, k, T(1), a, k, vt.data(), k, true, T(0), w.data(), r);
  const std::vector<double> sigma = column_norms(comm, w.data(), rows, r, A.split().has_value());
  divide_columns(w.data(), rows, sigma);
  flip_signs(vt, w.data(), rows);
  const xt::xarray<T> s = xt::cast<T>(xt::adapt(sigma));
  return {w.finish(), replicated(s, comm), replicated(vt, comm)};
}

/// Split 1: Vt = (A^T U / S)^T from the root's U^T (r x n).
template <class T>
hsvd_result<T> finish_columns(const DNDarray<T>& A, const T* b, const xt::xarray<T>& ut) {
  const communicator& comm = A.comm();
  const std::int64_t n = A.shape()[0], cols = A.lshape()[1], k = A.shape()[1];
  const auto r = static_cast<std::int64_t>(ut.shape()[0]);
  xt::xarray<T> mine = xt::zeros<T>({static_cast<std::size_t>(cols), static_cast<std::size_t>(r)});
  if (cols > 0) {  // B^T U (cols x r) as (U^T B)^T
    xt::xarray<T> c = xt::xarray<T>::from_shape({static_cast<std::size_t>(r), static_cast<std::size_t>(cols)});
    gemm<T>(r, cols, n, T(1), ut.data(), n, b, cols, false, T(0), c.data(), cols);
    mine = xt::transpose(c);
  }
  xt::xarray<T> v = xt::xarray<T>::from_shape({static_cast<std::size_t>(k), static_cast<std::size_t>(r)});
  std::vector<std::int64_t> counts = A.dist().counts();
  for (auto& c : counts) c *= r;
  allgatherv(comm, Kokkos::View<const T*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(mine.data(), mine.size()),
             Kokkos::View<T*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(v.data(), v.size()), counts);
  const std::vector<double> sigma = column_norms(comm, v.data(), k, r, false);
  divide_columns(v.data(), k, sigma);
  xt::xarray<T> vt = xt::transpose(v), u = xt::transpose(ut);
  flip_signs(vt, u.data(), n);
  const xt::xarray<T> s = xt::cast<T>(xt::adapt(sigma));
  return {replicated(u, comm), replicated(s, comm), replicated(vt, comm)};
}

/// The tree and the factors for a settled plan (rtol: HeAT's relative tolerance, if any).
template <class T>
hsvd_result<T> hsvd(const DNDarray<T>& A, hsvd_plan plan, std::optional<double> rtol) {
  const communicator& comm = A.comm();
  const auto host = ht::detail::host_block(A);
  const std::int64_t rows = A.lshape()[0], cols = A.lshape()[1];
  const bool by_columns = A.split() == 1;
  double norm2 = 0;
  for (std::int64_t i = 0; i < rows * cols; ++i)
    norm2 += static_cast<double>(host.data()[i]) * static_cast<double>(host.data()[i]);
  if (A.split()) norm2 = allreduce(comm, norm2, reduce_op::sum);
  const int leaves = A.split() ? comm.size() : 1;
  if (rtol) plan.atol = std::sqrt(norm2) * *rtol / std::sqrt(2.0 * leaves - 1.0);
  const auto block =
      xt::adapt(host.data(), static_cast<std::size_t>(rows * cols), xt::no_ownership(),
                std::vector<std::size_t>{static_cast<std::size_t>(rows), static_cast<std::size_t>(cols)});
  const xt::xarray<T> x = by_columns ? xt::xarray<T>(xt::transpose(block)) : xt::xarray<T>(block);
  const hsvd_node<T> root = merge_tree(comm, x, plan, !A.split());
  hsvd_result<T> out = by_columns ? finish_columns(A, host.data(), root.z) : finish_rows(A, host.data(), root.z);
  out.rel_error_estimate = norm2 > 0 ? std::sqrt(root.err2 / norm2) : 0.0;
  out.precision_lost = root.lost;
  return out;
}

/// The checks every hsvd makes; the width HeAT's defaults start from.
template <class T>
std::int64_t hsvd_width(const DNDarray<T>& A, std::int64_t safetyshift) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "hsvd works on float or double");
  ht::detail::check(A.ndim() == 2, "hsvd needs a 2-D array, got shape ", to_string(A.shape()));
  ht::detail::check(A.size() > 0, "hsvd needs a non-empty matrix, got shape ", to_string(A.shape()));
  ht::detail::check(safetyshift >= 0, "hsvd: safetyshift must be non-negative, got ", safetyshift);
  if (A.split() != 1) return A.shape()[1];
  const auto& counts = A.dist().counts();
  return *std::max_element(counts.begin(), counts.end());
}

inline void check_merge_dim(const hsvd_plan& plan) {
  ht::detail::check(plan.maxrank >= 1, "hsvd: maxrank must be at least 1, got ", plan.maxrank);
  ht::detail::check(
      plan.maxmergedim > 2 * (plan.maxrank + plan.safetyshift), "hsvd: maxmergedim=", plan.maxmergedim,
      " is too small: it must exceed 2 (maxrank + safetyshift) = ", 2 * (plan.maxrank + plan.safetyshift));
}

}  // namespace detail

/// The hierarchical SVD truncated to rank maxrank (see the contract above).
template <class T>
hsvd_result<T> hsvd_rank(const DNDarray<T>& A, std::int64_t maxrank, const hsvd_options& o) {
  const std::int64_t width = detail::hsvd_width(A, o.safetyshift);
  detail::hsvd_plan plan;
  plan.maxrank = maxrank;
  plan.safetyshift = o.safetyshift;
  const std::int64_t pair = 2 * (maxrank + o.safetyshift);
  plan.maxmergedim = o.maxmergedim.value_or(width > pair ? width : pair + 1);
  detail::check_merge_dim(plan);
  return detail::hsvd(A, plan, std::nullopt);
}

/// The hierarchical SVD to relative error rtol (see the contract above).
template <class T>
hsvd_result<T> hsvd_rtol(const DNDarray<T>& A, double rtol, const hsvd_options& o) {
  const std::int64_t width = detail::hsvd_width(A, o.safetyshift);
  ht::detail::check(rtol > 0 && std::isfinite(rtol), "hsvd_rtol: rtol must be positive, got ", rtol);
  ht::detail::check(o.no_of_merges.value_or(2) >= 2, "hsvd_rtol: no_of_merges must be at least 2, got ",
                    o.no_of_merges.value_or(2));
  detail::hsvd_plan plan;
  plan.safetyshift = o.safetyshift;
  plan.no_of_merges = o.no_of_merges.value_or(0);
  if (o.maxrank) {
    const std::int64_t pair = 2 * (*o.maxrank + o.safetyshift);
    plan.maxrank = *o.maxrank;
    plan.maxmergedim = o.maxmergedim.value_or(width > pair ? width : pair + 1);
  } else if (o.maxmergedim) {
    plan.maxmergedim = *o.maxmergedim;
    plan.maxrank = (*o.maxmergedim - 1) / 2 - o.safetyshift;
  } else {
    plan.maxrank = A.shape()[1];
    plan.maxmergedim = 2 * (A.shape()[1] + o.safetyshift) + 1;
    plan.no_of_merges = o.no_of_merges.value_or(2);
  }
  detail::check_merge_dim(plan);
  return detail::hsvd(A, plan, rtol);
}

/// HeAT's hsvd, which both call: to relative error rtol when given (capped
/// by o.maxrank if set), else to rank o.maxrank; neither: ValueError.
template <class T>
hsvd_result<T> hsvd(const DNDarray<T>& A, const hsvd_options& o, std::optional<double> rtol = std::nullopt) {
  if (rtol) return hsvd_rtol(A, *rtol, o);
  ht::detail::check(o.maxrank.has_value(), "hsvd: give maxrank (in the options) or rtol");
  return hsvd_rank(A, o.maxrank.value_or(0), o);
}

}  // namespace ht::linalg

#endif
