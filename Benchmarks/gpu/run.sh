#!/usr/bin/env bash
# The GPU benchmark, for a machine with an NVIDIA GPU, PyTorch and no .NET: runs `l2l bench` from a self-contained
# publish built with -p:TorchBackend=external against this machine's PyTorch libraries (TorchSharp 0.107 binds
# libtorch 2.10; whatever happens when it meets this PyTorch is recorded), and the same meta-iteration written in
# PyTorch (meta_iteration.py), in one run. Every step's output lands in OUT; a failing step does not stop the rest.
#
#   Benchmarks/gpu/run.sh PUBLISH.tar.xz OUT
#
# PUBLISH.tar.xz comes from Benchmarks/gpu/publish.sh on a machine with the .NET SDK.
set -uo pipefail
archive=${1:?usage: run.sh PUBLISH.tar.xz OUT}
out=${2:?usage: run.sh PUBLISH.tar.xz OUT}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
exec > >(tee -a "$out/run.log") 2>&1

step() { echo; echo "== $* ($(date -u +%H:%M:%S))"; }

step "machine"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv | tee "$out/gpu.csv"
nproc; grep -m1 'model name' /proc/cpuinfo; ldd --version | head -1
python3 - <<'PY' | tee "$out/torch.txt"
import torch, os
print("torch", torch.__version__, "cuda", torch.version.cuda, "cxx11abi", torch.compiled_with_cxx11_abi())
print("lib", os.path.join(os.path.dirname(torch.__file__), "lib"))
PY
torch_lib=$(sed -n 's/^lib //p' "$out/torch.txt")
ls "$torch_lib" > "$out/torch-lib.txt"

step "PyTorch reference, CUDA"
timeout 110 python3 "$here/meta_iteration.py" --device cuda --batches 128,1024,8192,65536 --iterations 200 --warmup 20 \
  --repeats 3 --ceiling-size 8192 --json "$out/pytorch-cuda.json"

step "PyTorch reference, CPU, 1 thread (as l2l bench's default)"
timeout 60 python3 "$here/meta_iteration.py" --device cpu --threads 1 --batches 128,1024 --variants functional \
  --iterations 30 --warmup 5 --repeats 3 --ceiling-size 2048 --json "$out/pytorch-cpu.json"

step "l2l against this machine's PyTorch libraries"
app=$(mktemp -d)
tar -C "$app" -xJf "$archive"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
ldd "$app/libLibTorchSharp.so" > "$out/ldd-libtorchsharp.txt" 2>&1
grep -E 'not found' "$out/ldd-libtorchsharp.txt"
LD_BIND_NOW=1 ldd -r "$app/libLibTorchSharp.so" 2>&1 | grep -E 'undefined symbol' | head -50 > "$out/undefined-symbols.txt"
echo "undefined symbols of libLibTorchSharp.so against this libtorch: $(wc -l < "$out/undefined-symbols.txt") (first 50 in undefined-symbols.txt)"

step "l2l bench, CPU, 1 thread"
timeout 80 "$app/l2l" bench --device cpu --threads 1 --sections ceiling,throughput --workloads quadratic:128,quadratic:1024 \
  --iterations 30 --warmup 5 --repeats 3 --json "$out/l2l-cpu.json"

step "l2l bench, CUDA"
timeout 150 "$app/l2l" bench --device cuda --sections ceiling,throughput --workloads quadratic:128,quadratic:1024,quadratic:8192,quadratic:65536 \
  --iterations 200 --warmup 20 --repeats 3 --ceiling-size 8192 --json "$out/l2l-cuda.json"

step "coordinator, 16 idle cores"
timeout 40 "$app/l2l" bench --device cpu --sections coordinator --iterations 50 --repeats 5 --json "$out/l2l-coordinator.json"
step "done"
