// One rank misbehaves while rank 0 waits in a collective; the job must end
// with a non-zero status instead of hanging or passing. HEAT_FAULT picks how
// rank 1 misbehaves:
//   uncaught  throws an exception nobody catches
//   sigkill   is killed by SIGKILL
//   exit      calls std::exit(0) before the others are done
//   sleep     never arrives (only the launcher's time limit ends the job)
//   oom       cannot allocate a new array's block (HEAT_TEST_ALLOC_LIMIT):
//             outside an agreement point the job ends (heat/core/memory.hpp)
//   new       operator new fails outside an agreement point (the
//             runtime's new-handler ends the job)
// Unset: every rank takes part, rank 0 prints the harness's final line and
// the job succeeds (the control run).
#include <heat/heat.hpp>

#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const char* env = std::getenv("HEAT_FAULT");
  const std::string fault = env ? env : "";
  if (fault == "oom") {
    // Every rank makes the array; rank 1 refuses its 8 KB block.
    ht::detail::set_allocation_limit(1, 1024);
    const auto x = ht::zeros<double>({2048}, 0);
    std::printf("rank %d: %g\n", world.rank(), ht::sum(x).item());
  }
  if (world.rank() == 1) {
    if (fault == "new") {
      std::vector<char> huge(std::size_t{1} << 62);
      huge[0] = 1;
    }
    if (fault == "uncaught") throw std::runtime_error("boom");
    if (fault == "sigkill") std::raise(SIGKILL);
    if (fault == "exit") std::exit(0);
    if (fault == "sleep")
      for (;;) sleep(60);
  }
  world.barrier();
  if (world.rank() == 0) std::printf("heat-test: all %d ranks passed\n", world.size());
  return 0;
}
