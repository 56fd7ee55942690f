#!/bin/bash
# usage: ab.sh A B pairs extra-env...
A=$1; B=$2; N=$3
for i in $(seq 1 $N); do
  for side in A B; do
    bin=$A; [ $side = B ] && bin=$B
    rm -rf /tmp/ab-run
    s=$( { /usr/bin/time -f "%e %S" $bin/l2l train --problem quadratic --batch 1024 --iterations 60 --engine single-process --plain --threads 1 --out /tmp/ab-run > /tmp/ab-out.txt 2>&1; } 2>&1 | tail -1)
    line=$(grep "Optimizer written" /tmp/ab-out.txt | grep -o "([0-9.]* s)")
    echo "$i $side wall/sys=$s train=$line"
  done
done
