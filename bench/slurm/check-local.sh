#!/usr/bin/env bash
# The check of the sbatch templates on this machine: builds the two
# benchmarks, starts the one-node SLURM (local-cluster.sh), submits
# kmeans.sbatch (weak scaling) and lasso.sbatch (strong scaling) at 2 tasks
# with small sizes, waits for both, requires a JSON line from rank counts 1
# and 2 in each output, keeps everything in DIR/slurm-check.log and draws
# the two scaling plots into DIR (default $BUILD_DIR/slurm-check).
# Run from the repository root: bench/slurm/check-local.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
dir=${1:-$build/slurm-check}
mkdir -p "$dir"
log=$dir/slurm-check.log
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$build" -j "$(nproc)" --target bench_kmeans bench_lasso > /dev/null
eval "$(bench/slurm/local-cluster.sh start)"
trap 'bench/slurm/local-cluster.sh stop' EXIT
tasks=2
out=$(mktemp -d)
{
  echo "# $(date -u +%FT%TZ) $(sbatch --version) on $(hostname -s), $tasks tasks"
  sbatch --wait --nodes=1 --ntasks-per-node=$tasks --output="$out/kmeans.out" \
    --export=ALL,BUILD="$build",SCALING=weak,ROWS_PER_RANK=20000,D=20,K=8,ITERS=5,REPEATS=1 bench/slurm/kmeans.sbatch
  sbatch --wait --nodes=1 --ntasks-per-node=$tasks --output="$out/lasso.out" \
    --export=ALL,BUILD="$build",N_TOTAL=20000,D=50,REPEATS=1 bench/slurm/lasso.sbatch
  for job in kmeans lasso; do
    echo "## $job.sbatch output"
    cat "$out/$job.out"
  done
} 2>&1 | tee "$log"
for job in kmeans lasso; do
  for n in 1 $tasks; do
    grep -q "\"benchmark\": \"$job\", \"ranks\": $n," "$out/$job.out" ||
      { echo "FAILED: no $job result at $n ranks (see $log)" >&2; exit 1; }
  done
done
# The scaling plots of the two outputs (bench/plot.py reads the JSON lines).
/usr/bin/python3 bench/plot.py "$out/kmeans.out" --kind weak --out "$dir" | tee -a "$log"
/usr/bin/python3 bench/plot.py "$out/lasso.out" --kind strong --out "$dir" | tee -a "$log"
rm -rf "$out"
echo "sbatch templates ran under the local SLURM at 1 and $tasks ranks: $log"
