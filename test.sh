#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (Debian 12): the Fashion-MNIST IDX files
# from the dataset-fashion-mnist package, the photographs and The Starry Night of opencv-doc (neural art),
# redis-server for the local multi-process cluster, tmux, the terminal the console's live progress is checked in,
# chromium, the browser the dashboard is checked in, and gcc, which builds the fused LSTM cell (Learning/Native).
# Needs root (or sudo) only for that install.
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need_packages+=(dataset-fashion-mnist)
[ -f /usr/share/doc/opencv-doc/examples/data/starry_night.jpg ] || need_packages+=(opencv-doc)
[ -x /usr/bin/redis-server ] || need_packages+=(redis-server)
[ -x /usr/bin/tmux ] || need_packages+=(tmux)
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
[ -x /usr/bin/gcc ] || need_packages+=(gcc)
if ((${#need_packages[@]})); then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need_packages[@]}"
fi

# TorchSharp 0.107 does not keep a Scalar alive through the native call it is handed to; unoptimized JIT code keeps
# every argument alive to its method's end (README, "TorchSharp and the collector"). The test hosts, the silos and
# consoles they start inherit it.
export DOTNET_JITMinOpts=1
dotnet build L2LCluster.sln -c Release
# The container images' build step, for the CPU backend (the CUDA package needs nuget.org): the same script.
deploy/publish.sh silo --backend cpu
deploy/publish.sh client --backend cpu
# The packages as a user gets them: packed into a local feed, both samples built from it alone and run.
samples/run.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# One test assembly at a time: the cluster and end-to-end tests run real silos and must not starve each other.
dotnet test L2LCluster.sln -c Release --no-build -m:1 "$@" 2>&1 | tee "$log" || status=$?
# One plain summary line over all test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
echo "$passed passed, $failed failed"
exit "$status"
