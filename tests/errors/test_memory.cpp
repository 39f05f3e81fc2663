// Out of memory on one rank (heat/core/memory.hpp): with a test-only
// allocation limit on one rank, an allocation whose size the data decides
// (an unbalanced is_split block, a resplit that concentrates the array,
// a reader's block, a sort's buckets, unique's values) raises MemoryError
// on every rank with one message, and the communicator stays usable. At one
// rank, any allocation raises it. (Outside an agreement point, at several
// ranks, the job ends: tests/faults/fault.cpp, fault_oom_np2.)
#include "support/testing.hpp"

#include <filesystem>
#include <functional>
#include <new>
#include <string>
#include <typeinfo>

namespace {

/// Runs f with `rank` refusing allocations above `bytes`: MemoryError
/// (exactly) with one message on every rank, naming the size and saying
/// which rank failed when not all did; then a collective with a known answer.
bool memory_error_everywhere(const std::function<void()>& f, int rank, std::size_t bytes, std::string& report,
                             const std::string& label) {
  const auto world = ht::comm_world();
  ht::detail::set_allocation_limit(rank, bytes);
  std::string type = "(nothing thrown)", message;
  try {
    f();
  } catch (const std::exception& e) {
    type = typeid(e).name();
    message = e.what();
  }
  ht::detail::set_allocation_limit(-1, 0);
  const std::string where = world.size() > 1 ? "[rank " + std::to_string(rank) + ", 1 of " : "";
  const bool right = type == typeid(ht::MemoryError).name() &&
                     message.find("out of memory: cannot allocate") != std::string::npos &&
                     message.find(where) != std::string::npos;
  const auto h = static_cast<std::int64_t>(std::hash<std::string>{}(type + '\n' + message) >> 1);
  const bool same = ht::allreduce(world, h, ht::reduce_op::min) == ht::allreduce(world, h, ht::reduce_op::max);
  const bool ok = ht::testing::all_ranks(right && same);
  const bool alive = ht::testing::all_ranks(ht::sum(ht::ones<double>({5}, 0)).item() == 5.0);
  if (!ok || !alive)
    report += label + " (limit on rank " + std::to_string(rank) + "): threw " + type + " \"" + message + "\"" +
              (same ? "" : ", ranks disagree") + (alive ? "" : ", collective broken") + "\n";
  return ok && alive;
}

}  // namespace

TEST_CASE("an allocation one rank cannot make is a MemoryError on every rank", "[errors][memory]") {
  const auto world = ht::comm_world();
  const int p = world.size();
  const std::string dir = ht::testing::scratch_path("memory");
  if (world.rank() == 0) std::filesystem::create_directories(dir);
  world.barrier();
  // 4000 x 8 doubles: 256 000 bytes in all, at most 64 000 per balanced block at 4 ranks.
  const auto x = ht::reshape(ht::arange<double>(0, 32000, 1, 0), {4000, 8});
  ht::save(x, dir + "/x.npy");
  ht::save(x, dir + "/x.csv");
  const std::size_t limit = 40000;  // below a block at np 1..4 (64 000 .. 256 000 bytes)
  std::string report;
  bool ok = true;
  for (const int victim : {0, p - 1}) {
    // The victim's own block is large; the others hold two rows.
    ok = memory_error_everywhere(
             [&] {
               const std::size_t rows = world.rank() == victim ? 1000 : 2;
               ht::array(xt::xarray<double>(xt::zeros<double>({rows, std::size_t{8}})), ht::is_split(0));
             },
             victim, limit, report, "array(is_split) with a large block on one rank") &&
         ok;
    ok = memory_error_everywhere([&] { ht::resplit(x, ht::none); }, victim, limit, report, "resplit to none") && ok;
    ok = memory_error_everywhere([&] { ht::resplit(x, 1); }, victim, limit / 4, report, "resplit 0 -> 1") && ok;
    ok = memory_error_everywhere([&] { ht::load_npy<double>(dir + "/x.npy", 0); }, victim, limit / 4, report,
                                 "load_npy") &&
         ok;
    ok = memory_error_everywhere([&] { ht::load_csv<double>(dir + "/x.csv", 0); }, victim, limit / 4, report,
                                 "load_csv") &&
         ok;
    if (p > 1) {
      // A sort's buckets and unique's gathered values (one rank needs no messages).
      const ht::DNDarray<double> v = ht::arange<double>(0, 32000, 1, 0) * -1.0;
      ok = memory_error_everywhere([&] { ht::sort(v, 0); }, victim, limit / 4, report, "sort") && ok;
      ok = memory_error_everywhere([&] { ht::unique(v); }, victim, limit / 4, report, "unique") && ok;
    } else {
      // One rank: any allocation raises MemoryError.
      ok =
          memory_error_everywhere([&] { ht::zeros<double>({100000}, 0); }, 0, limit, report, "zeros at one rank") && ok;
    }
  }
  world.barrier();
  if (world.rank() == 0) std::filesystem::remove_all(dir);
  INFO(report);
  REQUIRE(ok);
}

TEST_CASE("a real failed allocation (Kokkos' error) is a MemoryError on every rank", "[errors][memory]") {
  // 2^61 bytes: no machine has them. Kokkos reports the failure as a
  // runtime_error; the allocation policy turns it into MemoryError, which
  // the agreement point gives every rank.
  const auto world = ht::comm_world();
  const std::size_t huge = std::size_t{1} << 58;
  std::string message;
  bool threw = false;
  try {
    ht::detail::agreed(world, "test: huge buffer", ht::detail::error_kind::memory, [&] {
      if (world.rank() == world.size() - 1) ht::detail::host_buffer<double>("heat::test::huge", huge);
    });
  } catch (const ht::MemoryError& e) {
    threw = true;
    message = e.what();
  }
  const auto h = static_cast<std::int64_t>(std::hash<std::string>{}(message) >> 1);
  const bool same = ht::allreduce(world, h, ht::reduce_op::min) == ht::allreduce(world, h, ht::reduce_op::max);
  bool ok = threw && same &&
            message.find("out of memory: cannot allocate 2305843009213693952 bytes for 'heat::test::huge'") == 0;
  if (world.size() == 1) {
    // One rank: a new array's block outside any agreement point too.
    try {
      ht::zeros<double>({static_cast<std::int64_t>(huge)}, 0);
      ok = false;
    } catch (const ht::MemoryError& e) {
      ok = ok && std::string(e.what()).find("'heat::DNDarray'") != std::string::npos;
    }
  }
  REQUIRE(ht::testing::all_ranks(ok));
}

TEST_CASE("operator new failing inside an agreement point is a MemoryError on every rank", "[errors][memory]") {
  // What operator new does when it cannot allocate: it calls the new-handler
  // (ht::runtime's), which lets std::bad_alloc through inside agreed work;
  // the point makes it every rank's MemoryError. Called directly: sanitizer
  // and valgrind allocators report a failed new themselves and never call
  // the handler (the real failure, outside agreed work, ends the job:
  // fault_new_np2).
  const auto world = ht::comm_world();
  std::string message;
  bool threw = false;
  try {
    ht::detail::agreed(world, "test: allocation", ht::detail::error_kind::memory, [&] {
      if (world.rank() == world.size() - 1) std::get_new_handler()();
    });
  } catch (const ht::MemoryError& e) {
    threw = true;
    message = e.what();
  }
  const auto h = static_cast<std::int64_t>(std::hash<std::string>{}(message) >> 1);
  const bool same = ht::allreduce(world, h, ht::reduce_op::min) == ht::allreduce(world, h, ht::reduce_op::max);
  REQUIRE(ht::testing::all_ranks(threw && same && message.find("test: allocation: out of memory") == 0));
}
