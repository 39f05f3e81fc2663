// The README's first command runs this under mpiexec -n 2: a distributed
// array built from a formula, its blocks, a reduction and the array itself.
#include <heat/core.hpp>

#include <xtensor/xarray.hpp>
#include <xtensor/xbuilder.hpp>

#include <iostream>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const ht::communicator world = ht::comm_world();

  // 7 x 4 values 0.5 * i, rows cut across the ranks (4 and 3 rows at 2 ranks).
  xt::xarray<double> values = 0.5 * xt::arange<double>(28);
  values.reshape({7, 4});
  auto x = ht::array(values, 0);

  // Who holds what: every rank knows every rank's block, without a message.
  const auto [counts, displs] = x.counts_displs();
  if (world.rank() == 0)
    for (int r = 0; r < world.size(); ++r)
      std::cout << "rank " << r << " holds rows [" << displs[r] << ", " << displs[r] + counts[r] << ")\n";

  // Reductions: over everything (one kernel, one Allreduce) and over the
  // rows, the split axis (one Allreduce of the four column sums).
  const double total = ht::sum(x).item();
  auto column_means = ht::mean(x, 0);

  // The same array split along the columns instead (one Alltoallv).
  auto y = ht::resplit(x, 1);
  if (world.rank() == 0) std::cout << "sum = " << total << " on " << world.size() << " ranks\n";
  ht::print0(column_means);
  ht::print0(x);
  ht::print0(y);
  return 0;
}
