#include "support/testing.hpp"

#include <mpi.h>

using ht::testing::all_ranks;
using ht::testing::throws_everywhere;

TEST_CASE("comm_world wraps MPI_COMM_WORLD", "[comm]") {
  const auto world = ht::comm_world();
  int rank = -1, size = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  world.barrier();
  REQUIRE(all_ranks(world.rank() == rank && world.size() == size && world.native() == MPI_COMM_WORLD));
  REQUIRE(all_ranks(world == ht::comm_world()));
}

TEST_CASE("dup gives the same ranks on a new handle", "[comm]") {
  const auto world = ht::comm_world();
  const auto d = world.dup();
  const int sum = ht::allreduce(d, d.rank(), ht::reduce_op::sum);
  REQUIRE(all_ranks(d.rank() == world.rank() && d.size() == world.size() && !(d == world) &&
                    sum == world.size() * (world.size() - 1) / 2));
}

TEST_CASE("split groups ranks by color, ordered by key", "[comm]") {
  const auto world = ht::comm_world();
  const int color = world.rank() % 2;
  // Reverse order inside each group.
  const auto part = world.split(color, world.size() - world.rank());
  const int expected_size = (world.size() + 1 - color) / 2;
  const int members = ht::allreduce(part, 1, ht::reduce_op::sum);
  const int expected_rank = expected_size - 1 - world.rank() / 2;
  REQUIRE(all_ranks(part.size() == expected_size && members == expected_size && part.rank() == expected_rank));
}

TEST_CASE("split with a negative color on one rank throws everywhere", "[comm][errors]") {
  const auto world = ht::comm_world();
  REQUIRE(throws_everywhere<ht::ValueError>([&] { world.split(world.rank() == world.size() - 1 ? -1 : 0); }));
}

TEMPLATE_LIST_TEST_CASE("mpi_type matches the element size", "[comm]", ht::testing::element_types) {
  int bytes = 0;
  MPI_Type_size(ht::mpi_type<TestType>(), &bytes);
  REQUIRE(bytes == static_cast<int>(sizeof(TestType)));
}
