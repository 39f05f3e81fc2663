// The one main of every test executable: MPI and Kokkos around Catch2,
// the rank count checked, the verdict agreed by all ranks, and a final line
// from rank 0 that the ctest runner requires.
#define CATCH_CONFIG_RUNNER
#include <heat/heat.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const ht::communicator world = ht::comm_world();

  // --heat-expected-ranks N is ours; the rest goes to Catch2.
  int expected = -1;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::string(argv[i]) == "--heat-expected-ranks" && i + 1 < argc) {
      expected = std::atoi(argv[++i]);
      continue;
    }
    args.push_back(argv[i]);
  }
  if (expected > 0 && expected != world.size()) {
    // A wrong launcher starts N one-rank copies: every copy says so and fails.
    std::fprintf(stderr, "heat-test: expected %d ranks, running on %d\n", expected, world.size());
    return 2;
  }

  Catch::Session session;
  if (session.applyCommandLine(static_cast<int>(args.size()), args.data()) != 0) return 2;
  // Rank 0 reports to the terminal; other ranks to a file shown only if they fail.
  const std::string log = "heat-test-rank" + std::to_string(world.rank()) + "-" + std::to_string(getpid()) + ".log";
  if (world.rank() != 0) session.configData().outputFilename = log;
  const int failed = session.run();

  if (world.rank() != 0) {
    if (failed) {
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      std::fprintf(stderr, "---- rank %d ----\n%s\n", world.rank(), text.str().c_str());
    }
    std::remove(log.c_str());
  }
  const int worst = ht::allreduce(world, failed, ht::reduce_op::max);
  if (world.rank() == 0) {
    if (worst == 0)
      std::printf("heat-test: all %d ranks passed\n", world.size());
    else
      std::printf("heat-test: FAILED on at least one of %d ranks\n", world.size());
    std::fflush(stdout);
  }
  return worst == 0 ? 0 : 1;
}
