#!/usr/bin/env bash
# Builds what Benchmarks/gpu/run.sh runs: a self-contained linux-x64 publish of `l2l` without libtorch
# (-p:TorchBackend=external: the GPU machine's PyTorch provides it), packed as one archive.
#
#   Benchmarks/gpu/publish.sh [ARCHIVE]      (default artifacts/l2l-external.tar.xz)
#
# Build files go to artifacts/build/client-external, as deploy/publish.sh does, so the checkout's own CPU build keeps
# its restore.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
archive=$(realpath -m "${1:-$root/artifacts/l2l-external.tar.xz}")
publish="$root/artifacts/publish/client-external"
rm -rf -- "$publish"
dotnet publish "$root/Client/L2LCluster.Client.csproj" -c Release -r linux-x64 --self-contained -p:TorchBackend=external \
  -p:SatelliteResourceLanguages=en -p:InvariantGlobalization=true \
  --artifacts-path "$root/artifacts/build/client-external" -o "$publish" -nologo -v:q
mkdir -p "$(dirname "$archive")"
tar -C "$publish" -cJf "$archive" .
echo "$archive: $(du -h "$archive" | cut -f1)"
