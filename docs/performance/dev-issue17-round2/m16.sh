#!/usr/bin/env bash
cd /tmp/exp
for pair in 1 2; do
for bin in l2l-bin l2l-new; do
  echo "== $bin pair $pair"
  /usr/bin/time -f "%e s wall, peak %M kB" dotnet /tmp/exp/$bin/l2l.dll train --problem mnist-mlp --batch 16 --iterations 11 --engine single-process --plain --report-every 1 --out /tmp/exp/m-$RANDOM 2>&1 | while IFS= read -r line; do echo "$(date +%s.%N | cut -c6-14) $line"; done | grep -E "Meta-training|iter|written|peak" | cut -c1-40
done
done
