#!/usr/bin/env bash
# Publishes the silo or the console the way the container images ship them; the Dockerfiles run this very script,
# and test.sh runs it for the CPU backend, so CI proves the images' build step.
#
#   deploy/publish.sh silo|client [--backend cpu|cuda] [--output DIR]
#
# Framework-dependent for linux-x64: the images bring the .NET runtime (ASP.NET Core for the silo). --backend picks
# the libtorch package (cuda needs nuget.org: TorchSharp-cuda-linux is not on every mirror). Build files go to
# artifacts/build/APP-BACKEND, apart from the usual bin/ and obj/, so a cuda publish never changes what the
# developer's build restored. The default output is artifacts/publish/APP-BACKEND.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

usage() {
  echo "usage: deploy/publish.sh silo|client [--backend cpu|cuda] [--output DIR]" >&2
  exit 2
}

(($# >= 1)) || usage
app=$1
shift
case $app in
  silo) project=Silos/L2LCluster.Silo.csproj entry=l2l-silo.dll ;;
  client) project=Client/L2LCluster.Client.csproj entry=l2l.dll ;;
  *) echo "publish.sh: the first argument must be silo or client; got '$app'" >&2; exit 2 ;;
esac

backend=cpu
output=
while (($#)); do
  (($# >= 2)) || usage
  case $1 in
    --backend) backend=$2 ;;
    --output) output=$2 ;;
    *) usage ;;
  esac
  shift 2
done
case $backend in
  cpu | cuda) ;;
  *) echo "publish.sh: --backend must be cpu or cuda; got '$backend'" >&2; exit 2 ;;
esac
output=$(realpath -m -- "${output:-$repo/artifacts/publish/$app-$backend}")

rm -rf -- "$output"
dotnet publish "$repo/$project" -c Release -r linux-x64 --self-contained false -p:TorchBackend="$backend" \
  --artifacts-path "$repo/artifacts/build/$app-$backend" -o "$output" -nologo -v:q

# What the image's entry point needs: the app, its configuration where it has one, and libtorch of the backend.
required=("$entry")
[ "$app" = silo ] && required+=(appsettings.json)
case $backend in
  cpu) required+=(libtorch_cpu.so) ;;
  cuda) required+=(libtorch_cuda.so) ;;
esac
for file in "${required[@]}"; do
  [ -n "$(find "$output" -name "$file" -print -quit)" ] || { echo "publish.sh: $file is missing from $output" >&2; exit 1; }
done
echo "published $app ($backend) to $output: $(du -sh --apparent-size "$output" | cut -f1)"
