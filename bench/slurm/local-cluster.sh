#!/usr/bin/env bash
# A one-node SLURM on this machine (Debian's slurmctld + slurmd, no munge:
# auth/none), to check the sbatch templates here before a real cluster.
#   bench/slurm/local-cluster.sh start   writes a config under $HEAT_SLURM_DIR
#                                        (default /tmp/heat-slurm), starts both
#                                        daemons, waits for the node; prints
#                                        the SLURM_CONF to export
#   bench/slurm/local-cluster.sh stop    stops them
# As root it installs slurmctld, slurmd and slurm-client when missing.
set -euo pipefail
dir=${HEAT_SLURM_DIR:-/tmp/heat-slurm}
conf=$dir/slurm.conf
node=$(hostname -s)

case "${1:-}" in
  start)
    if ! command -v slurmctld > /dev/null || ! command -v sbatch > /dev/null; then
      [ "$(id -u)" -eq 0 ] || { echo "install slurmctld slurmd slurm-client (Debian) first" >&2; exit 1; }
      apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurmctld slurmd slurm-client
    fi
    mkdir -p "$dir/state" "$dir/spool"
    cat > "$conf" <<CONF
ClusterName=heatlocal
SlurmctldHost=$node
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/none
CredType=cred/none
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmi2
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
    slurmctld -f "$conf"
    slurmd -f "$conf"
    export SLURM_CONF=$conf
    for _ in $(seq 30); do
      sinfo -h -o %T 2> /dev/null | grep -q idle && break
      sleep 1
    done
    sinfo -h -o %T | grep -q idle || { echo "the node did not come up; see $dir/*.log" >&2; exit 1; }
    echo "export SLURM_CONF=$conf"
    ;;
  stop)
    for pid in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do
      [ -f "$pid" ] && kill "$(cat "$pid")" 2> /dev/null || true
    done
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
