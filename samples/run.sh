#!/usr/bin/env bash
# Packs the L2LCluster libraries into a local folder feed (artifacts/packages) and builds and runs both samples from
# that feed alone, as a user's own projects would. Run after `dotnet build L2LCluster.sln -c Release` (test.sh does).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
feed="$repo/artifacts/packages"
rm -rf "$feed"
dotnet pack "$repo/L2LCluster.sln" -c Release --no-build -o "$feed" -v quiet
# A package of the same version restored earlier sits in the global cache and would be used instead of the new one.
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
rm -rf "$cache"/l2lcluster.*
for sample in TakeHome OwnProblemFamily; do
  echo "== samples/$sample"
  dotnet build "$repo/samples/$sample" -c Release -v quiet -nologo
  dotnet run --project "$repo/samples/$sample" -c Release --no-build
done
