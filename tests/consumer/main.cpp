#include <heat/heat.hpp>

#include <iostream>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  auto x = ht::arange<double>(0, 10, 1, 0);
  const double sum = ht::allreduce(x.comm(), xt::sum(x.larray())(), ht::reduce_op::sum);
  if (x.comm().rank() == 0) std::cout << "consumer: ranks=" << x.comm().size() << " sum=" << sum << "\n";
  return sum == 45.0 ? 0 : 1;
}
