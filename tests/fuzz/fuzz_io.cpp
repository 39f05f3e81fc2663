// libFuzzer target for the NPY and CSV readers. The input is written to a
// file and loaded: as NPY when it starts with NumPy's magic, else as CSV;
// the last byte picks the element type and the CSV options. Any outcome but a value or a typed heat error
// (IOError, ValueError) is a finding; so is a value that does not survive
// our own save and load.
#include <heat/heat.hpp>

#include <unistd.h>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

namespace {

std::unique_ptr<ht::runtime> heat_runtime;
std::string input_path, output_path;

template <class T>
bool same(const xt::xarray<T>& a, const xt::xarray<T>& b) {
  if (a.shape() != b.shape()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const T x = a.data()[i], y = b.data()[i];
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(x) && std::isnan(y)) continue;
    }
    if (x != y) return false;
  }
  return true;
}

template <class T>
void npy_case() {
  ht::DNDarray<T> x;
  try {
    x = ht::load_npy<T>(input_path, ht::none);
  } catch (const ht::IOError&) {
    return;
  } catch (const ht::ValueError&) {
    return;
  }
  const auto values = x.to_xarray();
  ht::save_npy(x, output_path);
  if (!same(values, ht::load_npy<T>(output_path, ht::none).to_xarray())) {
    std::fprintf(stderr, "fuzz_io: NPY round trip changed the values\n");
    std::abort();
  }
}

template <class T>
void csv_case(ht::csv_options options) {
  ht::DNDarray<T> x;
  try {
    x = ht::load_csv<T>(input_path, 0, options);
  } catch (const ht::IOError&) {
    return;
  } catch (const ht::ValueError&) {
    return;
  }
  const auto values = x.to_xarray();
  if (x.ndim() != 2 || values.shape(0) == 0) {
    std::fprintf(stderr, "fuzz_io: CSV gave a shape without rows\n");
    std::abort();
  }
  ht::save_csv(x, output_path, {.sep = options.sep});
  if (!same(values, ht::load_csv<T>(output_path, ht::none, {.sep = options.sep}).to_xarray())) {
    std::fprintf(stderr, "fuzz_io: CSV round trip changed the values\n");
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  heat_runtime = std::make_unique<ht::runtime>(*argc, *argv);
  const char* dir = std::getenv("TMPDIR");
  const std::string base = std::string(dir ? dir : "/tmp") + "/heat-fuzz-" + std::to_string(getpid());
  input_path = base + "-in";
  output_path = base + "-out";
  // libFuzzer ends with exit(): the runtime must end first (registered
  // after it, this runs before its handler, which would abort the job).
  std::atexit([] {
    std::remove(input_path.c_str());
    std::remove(output_path.c_str());
    heat_runtime.reset();
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(input_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const std::uint8_t pick = size > 0 ? data[size - 1] : 0;
  const bool npy = size >= 6 && std::memcmp(data, "\x93NUMPY", 6) == 0;
  const ht::csv_options options{.sep = (pick & 4) ? ';' : ',', .header_lines = (pick >> 3) % 3};
  if (npy) {
    if (pick % 3 == 0)
      npy_case<double>();
    else if (pick % 3 == 1)
      npy_case<std::int32_t>();
    else
      npy_case<bool>();
  } else {
    if (pick % 3 == 0)
      csv_case<float>(options);
    else if (pick % 3 == 1)
      csv_case<double>(options);
    else
      csv_case<std::int64_t>(options);
  }
  return 0;
}
