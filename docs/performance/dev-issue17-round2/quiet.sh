#!/usr/bin/env bash
# Paired before/after on a quiet dev machine: before = main before this stop's issue-17 changes (ddb8286), after = 714135a+.
set -u
cd /tmp/exp/quiet
old=/tmp/exp/l2l-bin/l2l.dll; new=/tmp/exp/l2l-new/l2l.dll
t() { local label=$1; shift; local s=$(date +%s.%N); "$@" > /dev/null 2>&1; local e=$(date +%s.%N); echo "$label $(echo "$e - $s" | bc)"; }
echo "# MNIST MLP, 16 networks per iteration: 1 and 5 iterations (per-iteration time = difference / 4)"
for pair in 1 2; do
  for side in old new; do
    bin=${!side}
    t "$side mnist16 1it" dotnet $bin train --problem mnist-mlp --batch 16 --iterations 1 --engine single-process --plain --out m16-$side-$pair-1
    t "$side mnist16 5it" dotnet $bin train --problem mnist-mlp --batch 16 --iterations 5 --engine single-process --plain --out m16-$side-$pair-5
  done
done
echo "# MNIST MLP, 1 network per iteration: 1 and 41 iterations"
for side in old new; do
  bin=${!side}
  t "$side mnist1 1it" dotnet $bin train --problem mnist-mlp --batch 1 --iterations 1 --engine single-process --plain --out m1-$side-1
  t "$side mnist1 41it" dotnet $bin train --problem mnist-mlp --batch 1 --iterations 41 --engine single-process --plain --out m1-$side-41
done
echo "# new, 2 threads: MNIST 16 networks 1 and 5 iterations"
t "new2 mnist16 1it" dotnet $new train --problem mnist-mlp --batch 16 --iterations 1 --engine single-process --plain --threads 2 --out m16-new2-1
t "new2 mnist16 5it" dotnet $new train --problem mnist-mlp --batch 16 --iterations 5 --engine single-process --plain --threads 2 --out m16-new2-5
echo "# bench optimizers, old then new"
dotnet $old bench --sections optimizers --repeats 3 2>&1 | grep -E "^  (LSTM|MLP|Adam)" | sed 's/^/old /'
dotnet $new bench --sections optimizers --repeats 3 2>&1 | grep -E "^  (LSTM|MLP|Adam)" | sed 's/^/new /'
echo "# experiment mnist, 128 + 128 networks, new, 2 threads"
t "new2 experiment-mnist" dotnet $new experiment mnist --optimizer /work/main/docs/results/mnist/optimizer.l2lopt --threads 2 --out mnist128-t2
python3 -c "
import json
r=json.load(open('mnist128-t2/results.json'))
print([(o['name'], o['learningRate'], round(o['finalLoss'],7), round(o['sumOverSteps'],5)) for o in r['cases'][0]['optimizers']])"
