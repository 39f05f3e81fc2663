#!/usr/bin/env bash
# heat's two entry points on a fresh Debian 12 machine (as root it installs
# what is missing with apt-get):
#   ./build.sh demo   build and run the main job under mpiexec -n 2: K-Means on the
#                     shipped iris data, then Lasso on the shipped diabetes data
#   ./build.sh test   build everything and run the whole test suite (ctest)
#   ./build.sh bench [options]  build the benchmarks in Release and run bench/run.py
#                     (every benchmark at np 1 and 2 beside NumPy/scikit-learn, JSON,
#                     Markdown summary, plots; options: bench/run.py --help)
#   ./build.sh sanitize  build the area tests with ASan + UBSan (clang, -O0) in
#                     SANITIZE_DIR (default build-sanitize) and run every entry of them
#                     (.ci/run runs test, then sanitize)
# BUILD_DIR (default build) and JOBS (default: all cores) may be set.
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake make g++ clang-format mpich libmpich-dev libxtensor-dev xtl-dev libxtensor-blas-dev
          libopenblas-dev catch2 libtrilinos-kokkos-dev libhdf5-mpich-dev clang libclang-rt-14-dev valgrind
          python3-numpy python3-scipy python3-sklearn python3-h5py python3-matplotlib)
build_dir=${BUILD_DIR:-build}
sanitize_dir=${SANITIZE_DIR:-build-sanitize}
jobs=${JOBS:-$(nproc)}

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

configure() {
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
}

case "${1:-}" in
  demo)
    install_missing
    configure
    cmake --build "$build_dir" -j "$jobs" --target kmeans_iris lasso_diabetes
    (cd "$build_dir" && mpiexec.mpich -n 2 examples/kmeans_iris && mpiexec.mpich -n 2 examples/lasso_diabetes)
    ;;
  test)
    install_missing
    configure
    cmake --build "$build_dir" -j "$jobs"
    ctest --test-dir "$build_dir" -j "$jobs" --output-on-failure
    ;;
  bench)
    # Built as users build: heat installed into a prefix, bench/ configured
    # as a consumer project against it at default flags (no -march), and once
    # more at -march=x86-64-v3 where the CPU has AVX2 and FMA (an extra column).
    install_missing
    configure
    cmake --build "$build_dir" -j "$jobs" --target kmeans_iris
    prefix=$(realpath -m "$build_dir/bench-prefix")
    cmake --install "$build_dir" --prefix "$prefix" > /dev/null
    cmake -S bench -B "$build_dir/bench-default" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix"
    cmake --build "$build_dir/bench-default" -j "$jobs"
    march=()
    if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
      cmake -S bench -B "$build_dir/bench-march" -DCMAKE_BUILD_TYPE=Release -DHEAT_BENCH_ARCH=x86-64-v3 \
        -DCMAKE_PREFIX_PATH="$prefix"
      cmake --build "$build_dir/bench-march" -j "$jobs"
      march=(--march-dir "$build_dir/bench-march")
    fi
    /usr/bin/python3 bench/run.py --build "$build_dir" --bench-dir "$build_dir/bench-default" "${march[@]}" "${@:2}"
    ;;
  sanitize)
    install_missing
    cmake -S . -B "$sanitize_dir" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -gline-tables-only" -DHEAT_SANITIZE=ON -DHEAT_BUILD_EXAMPLES=OFF -DHEAT_BUILD_BENCHMARKS=OFF
    cmake --build "$sanitize_dir" -j "$jobs" --target heat_area_tests
    # Every rank count and every chunked run of every area test.
    UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$sanitize_dir" -j "$jobs" --output-on-failure -R '^test_'
    ;;
  *)
    echo "usage: $0 demo|test|bench|sanitize" >&2
    exit 2
    ;;
esac
