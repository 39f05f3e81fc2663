# What the sbatch templates share (sourced; bench/slurm/*.sbatch).
BUILD=${BUILD:-build}
# One rank's threads: the cores SLURM gave the task (one rank per node) or 1.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export OMP_PROC_BIND=spread OMP_PLACES=cores
# BLAS inside a rank stays single-threaded unless the rank owns several cores.
export OPENBLAS_NUM_THREADS=$OMP_NUM_THREADS

# 1, 2, 4, ... below SLURM_NTASKS, then SLURM_NTASKS (or RANKS as given).
rank_counts() {
  if [ -n "${RANKS:-}" ]; then
    echo "$RANKS"
    return
  fi
  local n=1
  while [ "$n" -lt "$SLURM_NTASKS" ]; do
    echo "$n"
    n=$((n * 2))
  done
  echo "$SLURM_NTASKS"
}

# run_ranks N command...: the command on N of the allocation's tasks, spread
# over nodes as the allocation is (whole nodes first), each pinned to its
# cores. MPICH takes its wire-up from SLURM's PMI-2.
run_ranks() {
  local n=$1
  shift
  local per_node=${SLURM_NTASKS_PER_NODE:-}
  per_node=${per_node%%(*}
  [ -n "$per_node" ] || per_node=$(((SLURM_NTASKS + SLURM_JOB_NUM_NODES - 1) / SLURM_JOB_NUM_NODES))
  local nodes=$(((n + per_node - 1) / per_node))
  srun --mpi=pmi2 --nodes="$nodes" --ntasks="$n" --cpu-bind=cores --exact "$@"
}
