// NPY and HDF5 (when built with it) write and read throughput against a raw
// read of the same file (MPI_File_read_at_all of each rank's share of its
// bytes, what `dd` would do) in the same run. Prints one JSON line from rank
// 0: per case the times (median, min, max), GB/s and memory (timing.hpp).
// The file stays in the page cache, as the raw read's does: this measures
// the library's overhead, not the disk.
// Usage: bench_io [MB, default 1024] [repeats, default 3] [folder, default $TMPDIR]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const double mb = argc > 1 ? std::atof(argv[1]) : 1024;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::filesystem::path dir = argc > 3 ? argv[3] : std::filesystem::temp_directory_path();
  const std::int64_t cols = 16, rows = static_cast<std::int64_t>(mb * 1e6 / 8 / cols);
  const double gb = static_cast<double>(rows * cols) * 8 / 1e9;
  bench::footprint fp;
  auto x = ht::random::rand<double>({rows, cols}, 0);
  fp.set_block(static_cast<double>(x.lsize()) * sizeof(double));
  bench::json cases, references;
  auto measure = [&](const std::string& format, const std::string& path, auto save, auto load) {
    const auto write = bench::measure(world, repeats, fp, [&] { save(path); });
    const auto read = bench::measure(world, repeats, fp, [&] { auto y = load(path); });
    // The raw read: each rank's balanced share of the file's bytes, no parsing.
    const std::int64_t size = static_cast<std::int64_t>(std::filesystem::file_size(path));
    const std::int64_t lo = size * world.rank() / world.size(), hi = size * (world.rank() + 1) / world.size();
    std::vector<unsigned char> buf(static_cast<std::size_t>(hi - lo));
    const auto raw = bench::measure(world, repeats, fp, [&] {
      ht::detail::io::file in(world, path, false);
      const bool ok = ht::detail::io::io_all(in.handle(), lo, buf.data(), hi - lo, false, world);
      in.close();
      if (!ok) std::abort();
    });
    world.barrier();
    if (world.rank() == 0) std::remove(path.c_str());
    cases.add(("save_" + format).c_str(), bench::json().add(write).add("GBps", gb / write.median_s));
    cases.add(("load_" + format).c_str(), bench::json().add(read).add("GBps", gb / read.median_s));
    references.add(("raw_read_" + format).c_str(), bench::json().add(raw).add("GBps", gb / raw.median_s));
  };
  measure(
      "npy", (dir / "heat-bench-io.npy").string(), [&](const std::string& p) { ht::save_npy(x, p); },
      [&](const std::string& p) { return ht::load_npy<double>(p, 0); });
#ifdef HEAT_HAVE_HDF5
  measure(
      "hdf5", (dir / "heat-bench-io.h5").string(), [&](const std::string& p) { ht::save_hdf5(x, p, "data"); },
      [&](const std::string& p) { return ht::load_hdf5<double>(p, "data", 0); });
#endif
  bench::header("io", world, repeats).add("GB", gb).add("cases", cases).add("references", references).print(world);
  return 0;
}
