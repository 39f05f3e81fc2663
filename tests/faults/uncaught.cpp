// Rank 1 throws and nobody catches; rank 0 waits in a collective. The job
// must end with a non-zero status instead of hanging.
#include <heat/heat.hpp>

#include <stdexcept>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  if (world.rank() == 1) throw std::runtime_error("boom");
  world.barrier();
  return 0;
}
