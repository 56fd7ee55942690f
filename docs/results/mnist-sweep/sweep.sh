#!/usr/bin/env bash
# The MNIST fine-tuning sweep behind docs/results.md, for a machine with PyTorch (and ideally an NVIDIA GPU) but no
# .NET: the fine-tuning configurations start φ from the first Fashion-MNIST optimizer (docs/results/mnist-1200-seed1),
# the --fresh ones from a new φ. All train on seed 2 with best-checkpoint selection on the same 20 validation networks
# (so their validation losses compare) and are stopped with SIGINT after SECONDS, which keeps each one's best
# validated φ. Half the runs use the GPU, half one CPU thread each.
#
#   docs/results/mnist-sweep/sweep.sh PUBLISH.tar.xz FASHION-MNIST.tar.xz OUT [SECONDS]
#
# PUBLISH.tar.xz comes from Benchmarks/gpu/publish.sh; FASHION-MNIST.tar.xz holds the four IDX files.
# The recorded sweep (validation.md, sweep.log) ran with SECONDS=430 under a 560 s device limit: its own copy step never
# ran, and the run folders were fetched from the machine afterwards. The archives, with PDBs and the plotting native
# libraries left out, must fit the device's 64 MiB carry limit together.
set -uo pipefail
archive=${1:?usage: sweep.sh PUBLISH.tar.xz DATA.tar.xz OUT [SECONDS]}
data_archive=${2:?usage: sweep.sh PUBLISH.tar.xz DATA.tar.xz OUT [SECONDS]}
out=${3:?usage: sweep.sh PUBLISH.tar.xz DATA.tar.xz OUT [SECONDS]}
seconds=${4:-470}
root=$(cd "$(dirname "$0")/../../.." && pwd)
start="$root/docs/results/mnist-1200-seed1/optimizer.l2lopt"
mkdir -p "$out"
exec > >(tee -a "$out/sweep.log") 2>&1

work=$(mktemp -d)
mkdir -p "$work/app" "$work/data" "$work/runs"
tar -C "$work/app" -xJf "$archive"
tar -C "$work/data" -xJf "$data_archive"
torch_lib=$(python3 -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=268435456
nproc; grep -m1 'model name' /proc/cpuinfo; nvidia-smi --query-gpu=name --format=csv,noheader

# name device iterations flags...
configs=(
  "g-inc-3e-3 cuda 20000 --loss-weights increasing --lr 0.003"
  "g-inc-1e-3 cuda 20000 --loss-weights increasing --lr 0.001"
  "g-uni-3e-3 cuda 20000 --loss-weights uniform --lr 0.003"
  "g-uni-1e-3 cuda 20000 --loss-weights uniform --lr 0.001"
  "g-inc-3e-3-b4 cuda 20000 --loss-weights increasing --lr 0.003 --batch 4"
  "g-inc-1e-3-b4 cuda 20000 --loss-weights increasing --lr 0.001 --batch 4"
  "g-fresh-uni-1e-2 cuda 20000 --loss-weights uniform --lr 0.01 --fresh"
  "g-fresh-uni-1e-2-b4 cuda 20000 --loss-weights uniform --lr 0.01 --batch 4 --fresh"
  "c-inc-3e-3 cpu 5000 --loss-weights increasing --lr 0.003"
  "c-inc-2e-3 cpu 5000 --loss-weights increasing --lr 0.002"
  "c-inc-1e-3 cpu 5000 --loss-weights increasing --lr 0.001"
  "c-inc-5e-4 cpu 5000 --loss-weights increasing --lr 0.0005"
  "c-uni-3e-3 cpu 5000 --loss-weights uniform --lr 0.003"
  "c-uni-1e-3 cpu 5000 --loss-weights uniform --lr 0.001"
  "c-inc-3e-3-clip1 cpu 5000 --loss-weights increasing --lr 0.003 --clip 1"
  "c-inc-1e-3-b2 cpu 5000 --loss-weights increasing --lr 0.001 --batch 2"
)
for config in "${configs[@]}"; do
  read -r name device iterations flags <<<"$config"
  origin=(--start-from "$start")
  if [[ $flags == *--fresh* ]]; then origin=(); flags=${flags/--fresh/}; fi
  # shellcheck disable=SC2086
  timeout -s INT -k 60 "$seconds" "$work/app/l2l" train --problem mnist-mlp --data "$work/data" --optimizee-init fan-in \
    --engine single-process --device "$device" --threads 1 --seed 2 --iterations "$iterations" --validate-every 100 \
    "${origin[@]}" $flags --out "$work/runs/$name" --report-every 100 > "$work/$name.log" 2>&1 &
done
sleep 90; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv
wait
for config in "${configs[@]}"; do
  read -r name _ <<<"$config"
  mkdir -p "$out/$name"
  cp "$work/$name.log" "$out/$name/train.log"
  cp "$work/runs/$name"/{spec.json,metrics.csv,optimizer.l2lopt} "$out/$name/" 2>/dev/null
  echo "$name: $(tail -n 2 "$work/$name.log" | head -c 400)"
done
