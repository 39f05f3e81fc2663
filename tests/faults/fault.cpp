// One rank misbehaves while rank 0 waits in a collective; the job must end
// with a non-zero status instead of hanging or passing. HEAT_FAULT picks how
// rank 1 misbehaves:
//   uncaught  throws an exception nobody catches
//   sigkill   is killed by SIGKILL
//   exit      calls std::exit(0) before the others are done
//   sleep     never arrives (only the launcher's time limit ends the job)
// Unset: every rank takes part, rank 0 prints the harness's final line and
// the job succeeds (the control run).
#include <heat/heat.hpp>

#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const char* env = std::getenv("HEAT_FAULT");
  const std::string fault = env ? env : "";
  if (world.rank() == 1) {
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
