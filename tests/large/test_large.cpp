// Opt-in (cmake -DHEAT_LARGE_TESTS=ON; ctest -R large): transfers of more
// than 2^31 elements and bytes at 2 ranks, where one MPI call's int count
// would overflow and the collectives must cut them into pieces. Needs about
// 7 GB of memory; takes about a minute.
#include "support/testing.hpp"

#include <cstdint>

using ht::testing::all_ranks;

namespace {

constexpr std::int64_t big = (std::int64_t{1} << 31) + 4096;  // elements (and bytes) past INT_MAX

inline std::uint8_t pattern(std::int64_t i) { return static_cast<std::uint8_t>((i * 7 + i / 255) % 251); }

}  // namespace

TEST_CASE("allreduce of more than 2^31 elements", "[large]") {
  const auto world = ht::comm_world();
  Kokkos::View<std::uint8_t*, Kokkos::HostSpace> v(Kokkos::view_alloc(Kokkos::WithoutInitializing, "large"), big);
  // Rank r holds the pattern where i % size == r and 0 elsewhere: the max is the pattern.
  for (std::int64_t i = 0; i < big; ++i) v(i) = i % world.size() == world.rank() ? pattern(i) : 0;
  ht::allreduce(world, v, ht::reduce_op::max);
  bool ok = true;
  for (std::int64_t i = 0; i < big && ok; ++i) ok = v(i) == pattern(i);
  REQUIRE(all_ranks(ok));
}

TEST_CASE("resplit to replicated (allgatherv) of more than 2^31 elements", "[large]") {
  ht::DNDarray<std::uint8_t> x = ht::empty<std::uint8_t>({big}, 0);
  {
    auto local = x.local_view();
    const std::int64_t first = x.offset();
    for (std::int64_t i = 0; i < x.lshape()[0]; ++i) local(i) = pattern(first + i);
  }
  const ht::DNDarray<std::uint8_t> all = ht::resplit(x, ht::none);
  const auto local = all.local_view();
  bool ok = all.lshape()[0] == big;
  for (std::int64_t i = 0; i < big && ok; ++i) ok = local(i) == pattern(i);
  REQUIRE(all_ranks(ok));
}
