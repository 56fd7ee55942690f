#!/usr/bin/env bash
# Builds what Benchmarks/gpu/run.sh runs: a self-contained linux-x64 publish of `l2l` without libtorch
# (-p:TorchBackend=external: the GPU machine's PyTorch provides it), packed as one archive.
#
#   Benchmarks/gpu/publish.sh [ARCHIVE]      (default artifacts/l2l-external.tar.xz)
#
# It builds in a copy of the tree, so that the checkout's own CPU build keeps its restore.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
archive=$(realpath -m "${1:-$root/artifacts/l2l-external.tar.xz}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$root" ls-files -z --cached --others --exclude-standard | (cd "$root" && xargs -0 cp --parents -t "$work")
dotnet publish "$work/Client" -c Release -r linux-x64 --self-contained -p:TorchBackend=external \
  -p:SatelliteResourceLanguages=en -p:InvariantGlobalization=true -o "$work/publish"
mkdir -p "$(dirname "$archive")"
tar -C "$work/publish" -cJf "$archive" .
echo "$archive: $(du -h "$archive" | cut -f1)"
