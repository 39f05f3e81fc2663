// A user's program: arrays, a K-Means fit and (where heat has it) HDF5,
// built against heat the way the consumer project took it in.
#include <heat/heat.hpp>
#ifdef HEAT_HAVE_HDF5
#include <heat/io/hdf5.hpp>
#endif

#include <iostream>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  auto x = ht::arange<double>(0, 10, 1, 0);
  const double sum = ht::allreduce(x.comm(), xt::sum(x.larray())(), ht::reduce_op::sum);
  bool ok = sum == 45.0;
#ifdef HEAT_HAVE_HDF5
  ht::save_hdf5(x, "scratch/x.h5", "x");
  ok = ok && ht::load_hdf5<double>("scratch/x.h5", "x", 0).to_xarray() == x.to_xarray();
#endif
  if (x.comm().rank() == 0)
    std::cout << "consumer: ranks=" << x.comm().size() << " sum=" << sum << (ok ? " ok" : " WRONG") << "\n";
  return ok ? 0 : 1;
}
