#include "support/testing.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <vector>

using ht::testing::all_ranks;

namespace {

using view_t = ht::local_view_t<std::int64_t>;

/// Sets the MPI count limit for one scope, on every rank.
struct count_limit {
  explicit count_limit(std::int64_t limit) : saved(ht::mpi_count_limit()) { ht::set_mpi_count_limit(limit); }
  ~count_limit() { ht::set_mpi_count_limit(saved); }
  std::int64_t saved;
};

view_t make_view(const std::vector<std::int64_t>& v) {
  view_t out("test", v.size());
  auto h = Kokkos::create_mirror_view(out);
  for (std::size_t i = 0; i < v.size(); ++i) h(i) = v[i];
  Kokkos::deep_copy(out, h);
  return out;
}

std::vector<std::int64_t> to_vector(const view_t& v) {
  auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), v);
  return std::vector<std::int64_t>(h.data(), h.data() + h.extent(0));
}

/// A value that names where it came from and where it goes.
std::int64_t tag(int from, int to, std::int64_t k) { return 1000000 * from + 1000 * to + k; }

}  // namespace

TEST_CASE("collectives move the right data, in one call and in pieces", "[comm]") {
  const auto world = ht::comm_world();
  const int p = world.size(), me = world.rank();
  // The default limit, then one small enough that every transfer is cut.
  const std::int64_t limit = GENERATE(std::int64_t{0}, std::int64_t{3});
  count_limit guard(limit);
  CAPTURE(limit);

  SECTION("allreduce") {
    std::vector<std::int64_t> v(10);
    for (int i = 0; i < 10; ++i) v[static_cast<std::size_t>(i)] = me + i;
    auto sum = make_view(v), mn = make_view(v), mx = make_view(v);
    ht::allreduce(world, sum, ht::reduce_op::sum);
    ht::allreduce(world, mn, ht::reduce_op::min);
    ht::allreduce(world, mx, ht::reduce_op::max);
    bool ok = true;
    const auto s = to_vector(sum), a = to_vector(mn), b = to_vector(mx);
    for (int i = 0; i < 10; ++i) {
      const auto k = static_cast<std::size_t>(i);
      ok = ok && s[k] == static_cast<std::int64_t>(p) * i + p * (p - 1) / 2 && a[k] == i && b[k] == p - 1 + i;
    }
    REQUIRE(all_ranks(ok));
    REQUIRE(all_ranks(ht::allreduce(world, me == 0, ht::reduce_op::lor) &&
                      ht::allreduce(world, me == 0, ht::reduce_op::land) == (p == 1)));
    REQUIRE(all_ranks(ht::allreduce(world, 0.5 * me, ht::reduce_op::sum) == 0.25 * p * (p - 1)));
  }

  SECTION("bcast from the last rank") {
    std::vector<std::int64_t> v(11, -1);
    if (me == p - 1)
      for (int i = 0; i < 11; ++i) v[static_cast<std::size_t>(i)] = tag(me, 0, i);
    auto b = make_view(v);
    ht::bcast(world, b, p - 1);
    const auto got = to_vector(b);
    bool ok = true;
    for (int i = 0; i < 11; ++i) ok = ok && got[static_cast<std::size_t>(i)] == tag(p - 1, 0, i);
    REQUIRE(all_ranks(ok));
  }

  SECTION("allgatherv with uneven and empty contributions") {
    std::vector<std::int64_t> counts(static_cast<std::size_t>(p));
    for (int r = 0; r < p; ++r) counts[static_cast<std::size_t>(r)] = (2 * r) % 5;  // rank 0 sends nothing
    std::vector<std::int64_t> mine;
    for (std::int64_t k = 0; k < counts[static_cast<std::size_t>(me)]; ++k) mine.push_back(tag(me, 0, k));
    std::int64_t total = 0;
    for (auto c : counts) total += c;
    view_t recv("recv", static_cast<std::size_t>(total));
    ht::allgatherv(world, make_view(mine), recv, counts);
    std::vector<std::int64_t> expected;
    for (int r = 0; r < p; ++r)
      for (std::int64_t k = 0; k < counts[static_cast<std::size_t>(r)]; ++k) expected.push_back(tag(r, 0, k));
    REQUIRE(all_ranks(to_vector(recv) == expected));
  }

  SECTION("alltoallv with uneven and empty segments") {
    auto count = [](int from, int to) { return static_cast<std::int64_t>((from + 2 * to) % 4); };
    std::vector<std::int64_t> sc(static_cast<std::size_t>(p)), rc(static_cast<std::size_t>(p)), send, expected;
    for (int q = 0; q < p; ++q) {
      sc[static_cast<std::size_t>(q)] = count(me, q);
      rc[static_cast<std::size_t>(q)] = count(q, me);
      for (std::int64_t k = 0; k < count(me, q); ++k) send.push_back(tag(me, q, k));
      for (std::int64_t k = 0; k < count(q, me); ++k) expected.push_back(tag(q, me, k));
    }
    view_t recv("recv", expected.size());
    ht::alltoallv(world, make_view(send), sc, recv, rc);
    REQUIRE(all_ranks(to_vector(recv) == expected));
  }

  SECTION("sendrecv around a ring") {
    const int next = (me + 1) % p, prev = (me + p - 1) % p;
    std::vector<std::int64_t> send;
    for (int k = 0; k < 8; ++k) send.push_back(tag(me, next, k));
    view_t recv("recv", 8);
    ht::sendrecv(world, make_view(send), next, recv, prev);
    std::vector<std::int64_t> expected;
    for (int k = 0; k < 8; ++k) expected.push_back(tag(prev, me, k));
    REQUIRE(all_ranks(to_vector(recv) == expected));
  }
}

TEST_CASE("the count limit cuts transfers and guards the conversion", "[comm]") {
  count_limit guard(4);
  std::vector<std::pair<std::int64_t, int>> pieces;
  ht::detail::for_each_chunk(10, [&](std::int64_t off, int c) { pieces.emplace_back(off, c); });
  const std::vector<std::pair<std::int64_t, int>> expected{{0, 4}, {4, 4}, {8, 2}};
  REQUIRE(pieces == expected);
  REQUIRE_THROWS_AS(ht::detail::mpi_count(5), ht::Error);
  REQUIRE(ht::detail::mpi_count(4) == 4);
  ht::set_mpi_count_limit(0);
  REQUIRE(ht::mpi_count_limit() == INT_MAX);
}

TEST_CASE("max and min of unsigned integers past the signed range", "[comm]") {
  // MPICH 4.0.2's MPI_MAX/MPI_MIN compare unsigned types as signed; the
  // library must not: rank r holds the large value at position r.
  const auto world = ht::comm_world();
  const int p = world.size(), r = world.rank();
  Kokkos::View<std::uint8_t*, Kokkos::HostSpace> a("u8", static_cast<std::size_t>(p)),
      b("u8", static_cast<std::size_t>(p));
  Kokkos::View<std::uint64_t*, Kokkos::HostSpace> c("u64", static_cast<std::size_t>(p));
  for (int i = 0; i < p; ++i) {
    a(i) = i == r ? 200 : 3;
    b(i) = a(i);
    c(i) = i == r ? (std::uint64_t{1} << 63) + 5 : 7;
  }
  ht::allreduce(world, a, ht::reduce_op::max);
  ht::allreduce(world, b, ht::reduce_op::min);
  ht::allreduce(world, c, ht::reduce_op::max);
  bool ok = true;
  for (int i = 0; i < p; ++i)
    ok = ok && a(i) == 200 && b(i) == (p > 1 ? 3 : 200) && c(i) == (std::uint64_t{1} << 63) + 5;
  REQUIRE(all_ranks(ok));
}
