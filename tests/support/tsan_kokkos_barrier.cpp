// Kokkos alone: each team thread writes its scratch slot, team_barrier, the
// first thread reads the others (tests/support/tsan.supp: TSan reports line 17).
#include <Kokkos_Core.hpp>
#include <cstdio>
int main(int argc, char** argv) {
  Kokkos::initialize(argc, argv);
  {
    using policy = Kokkos::TeamPolicy<Kokkos::OpenMP>;
    using scratch = Kokkos::View<double*, Kokkos::OpenMP::scratch_memory_space, Kokkos::MemoryUnmanaged>;
    Kokkos::View<double*, Kokkos::HostSpace> out("out", 64);
    policy p(64, 2);
    p.set_scratch_size(0, Kokkos::PerTeam(scratch::shmem_size(2)));
    Kokkos::parallel_for(
        "t", p, KOKKOS_LAMBDA(const policy::member_type& m) {
          scratch s(m.team_scratch(0), m.team_size());
          s(m.team_rank()) = m.league_rank() + m.team_rank();
          m.team_barrier();
          if (m.team_rank() == 0) out(m.league_rank()) = s(0) + s(m.team_size() - 1);
        });
    Kokkos::fence();
    std::printf("out(5) = %g\n", out(5));
  }
  Kokkos::finalize();
}
