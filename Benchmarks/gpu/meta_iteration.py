#!/usr/bin/env python3
"""L2LCluster's quadratic meta-iteration written in PyTorch, timed the way `l2l bench` times it.

One meta-iteration: a truncation of 20 optimizee steps of B quadratics f(θ) = ||Wθ − y||² (10 coordinates each)
under a coordinatewise two-layer LSTM (20 units, log-and-sign preprocessing with p = 10, output scale 0.1), the
optimizee gradients detached (the paper drops second derivatives), the meta-loss the mean loss summed over the
steps, its gradient with respect to φ, and an Adam step on φ. Every five truncations (horizon 100) fresh problems
are drawn. Two LSTMs are timed:

* functional: the op sequence of L2LCluster's CoordinatewiseLstm (one addmm of [x, h] per layer, one sigmoid over
  the first three gates, tanh of the fourth), so that the comparison with TorchSharp is op for op;
* lstmcell: what a PyTorch user would write, torch.nn.LSTMCell and torch.nn.Linear, which use fused kernels.

It also times the device's float32 matrix-product ceiling like `l2l bench --sections ceiling`. Prints a table and
writes JSON. No network, no files other than --json.
"""
import argparse
import json
import math
import statistics
import time

import torch

COORDINATES = 10
UNROLL = 20
HORIZON = 100
HIDDEN = 20
EXPONENT = 10.0
OUTPUT_SCALE = 0.1
META_LEARNING_RATE = 0.003


def preprocess(gradient):
    """Log-and-sign preprocessing (appendix A), ε the float32 machine epsilon."""
    eps = torch.finfo(torch.float32).eps
    magnitude = (gradient.abs() + eps).log().div(EXPONENT).clamp_min(-1.0)
    sign = (gradient * math.exp(EXPONENT)).clamp(-1.0, 1.0)
    return torch.stack([magnitude, sign], dim=1)


class FunctionalLstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        sizes = [(2, HIDDEN), (HIDDEN, HIDDEN)]
        self.weights = torch.nn.ParameterList(
            torch.nn.Parameter(torch.empty(inputs + hidden, 4 * hidden).uniform_(-0.1, 0.1)) for inputs, hidden in sizes)
        self.biases = torch.nn.ParameterList(torch.nn.Parameter(torch.zeros(4 * hidden)) for _, hidden in sizes)
        self.out_weight = torch.nn.Parameter(torch.empty(HIDDEN, 1).uniform_(-0.1, 0.1))
        self.out_bias = torch.nn.Parameter(torch.zeros(1))

    def initial_state(self, coordinates, device):
        zeros = lambda: torch.zeros(coordinates, HIDDEN, device=device)
        return [(zeros(), zeros()) for _ in self.weights]

    def forward(self, gradient, state):
        x = preprocess(gradient)
        next_state = []
        for (h, c), weight, bias in zip(state, self.weights, self.biases):
            gates = torch.addmm(bias, torch.cat([x, h], 1), weight)
            sigmoids = gates[:, :3 * HIDDEN].sigmoid()
            candidate = gates[:, 3 * HIDDEN:].tanh()
            c = sigmoids[:, HIDDEN:2 * HIDDEN] * c + sigmoids[:, :HIDDEN] * candidate
            x = sigmoids[:, 2 * HIDDEN:] * c.tanh()
            next_state.append((x, c))
        return torch.addmm(self.out_bias, x, self.out_weight).mul(OUTPUT_SCALE).view(-1), next_state


class CellLstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.cells = torch.nn.ModuleList([torch.nn.LSTMCell(2, HIDDEN), torch.nn.LSTMCell(HIDDEN, HIDDEN)])
        self.output = torch.nn.Linear(HIDDEN, 1)

    def initial_state(self, coordinates, device):
        zeros = lambda: torch.zeros(coordinates, HIDDEN, device=device)
        return [(zeros(), zeros()) for _ in self.cells]

    def forward(self, gradient, state):
        x = preprocess(gradient)
        next_state = []
        for cell, hc in zip(self.cells, state):
            h, c = cell(x, hc)
            next_state.append((h, c))
            x = h
        return self.output(x).mul(OUTPUT_SCALE).view(-1), next_state


class MetaTraining:
    def __init__(self, lstm, problems, device, generator):
        self.lstm = lstm.to(device)
        self.adam = torch.optim.Adam(self.lstm.parameters(), lr=META_LEARNING_RATE)
        self.problems = problems
        self.device = device
        self.generator = generator
        self.step = HORIZON

    def sample(self):
        draw = lambda *shape: torch.randn(*shape, generator=self.generator).to(self.device)
        self.matrices = draw(self.problems, COORDINATES, COORDINATES)
        self.targets = draw(self.problems, COORDINATES)
        self.theta = draw(self.problems, COORDINATES)
        self.state = self.lstm.initial_state(self.problems * COORDINATES, self.device)
        self.gradient = self.gradient_of(self.theta.requires_grad_(True))[1]
        self.theta = self.theta.detach()
        self.step = 0

    def losses(self, theta):
        residual = torch.bmm(self.matrices, theta.unsqueeze(2)).squeeze(2) - self.targets
        return residual.square().sum(1)

    def gradient_of(self, theta):
        losses = self.losses(theta)
        gradient, = torch.autograd.grad(losses.sum(), theta, retain_graph=True)
        return losses, gradient.detach()

    def iteration(self):
        if self.step >= HORIZON:
            self.sample()
        theta, gradient, state = self.theta, self.gradient, self.state
        meta_loss = 0.0
        for _ in range(UNROLL):
            update, state = self.lstm(gradient.view(-1), state)
            theta = theta + update.view_as(theta)
            losses, gradient = self.gradient_of(theta)
            meta_loss = meta_loss + losses.mean()
        self.adam.zero_grad(set_to_none=True)
        meta_loss.backward()
        self.adam.step()
        self.theta = theta.detach()
        self.gradient = gradient
        self.state = [(h.detach(), c.detach()) for h, c in state]
        self.step += UNROLL


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def time_iterations(training, iterations, device):
    synchronize(device)
    start = time.perf_counter()
    for _ in range(iterations):
        training.iteration()
    synchronize(device)
    return time.perf_counter() - start


def throughput(variant, problems, device, iterations, warmup, repeats):
    torch.manual_seed(1)
    lstm = FunctionalLstm() if variant == "functional" else CellLstm()
    training = MetaTraining(lstm, problems, device, torch.Generator().manual_seed(1))
    time_iterations(training, warmup, device)
    rates = []
    for _ in range(repeats):
        seconds = time_iterations(training, iterations, device)
        rates.append(iterations * problems * UNROLL / seconds)
    return {
        "variant": variant,
        "problems": problems,
        "iterations": iterations,
        "problemStepsPerSecond": {"median": statistics.median(rates), "min": min(rates), "max": max(rates)},
        "coordinateStepsPerSecond": statistics.median(rates) * COORDINATES,
    }


def ceiling(size, device, repeats):
    a = torch.randn(size, size, device=device)
    b = torch.randn(size, size, device=device)

    def timed(products):
        synchronize(device)
        start = time.perf_counter()
        for _ in range(products):
            c = a @ b
        c[0, 0].item()
        return time.perf_counter() - start

    products = 1
    while timed(products) < 0.125:
        products *= 2
    products = max(1, int(products * 0.5 / timed(products)))
    rates = [products * 2.0 * size ** 3 / timed(products) for _ in range(repeats)]
    return {"size": size, "flopsPerSecond": {"median": statistics.median(rates), "min": min(rates), "max": max(rates)}}


def scaled_iterations(reference, problems):
    """As BenchmarkWorkload.ScaleIterations: about the coordinate-steps of `reference` iterations of 128 problems."""
    return max(min(10, reference), min(reference, math.ceil(reference * 128 / problems)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cuda", help="cuda or cpu")
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads (0: PyTorch's default)")
    parser.add_argument("--batches", default="128,1024", help="comma-separated problem counts")
    parser.add_argument("--variants", default="functional,lstmcell")
    parser.add_argument("--iterations", type=int, default=50, help="timed iterations per repeat at 128 problems")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ceiling-size", type=int, default=2048)
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    report = {
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "threads": torch.get_num_threads(),
        "allowTf32": torch.backends.cuda.matmul.allow_tf32,
        "ceiling": ceiling(args.ceiling_size, device, args.repeats),
        "throughput": [],
    }
    print(f"PyTorch {report['torch']} (CUDA {report['cuda']}) on {report['device']}, {report['threads']} threads; "
          f"ceiling {report['ceiling']['flopsPerSecond']['median'] / 1e9:.1f} GFLOP/s at {args.ceiling_size}", flush=True)
    for problems in (int(value) for value in args.batches.split(",")):
        for variant in args.variants.split(","):
            result = throughput(variant, problems, device, scaled_iterations(args.iterations, problems),
                                scaled_iterations(args.warmup, problems), args.repeats)
            report["throughput"].append(result)
            rate = result["problemStepsPerSecond"]
            print(f"  {variant:<11} {problems:>7} problems: {rate['median']:>14,.0f} problem-steps/s "
                  f"(range {rate['min']:,.0f} to {rate['max']:,.0f})", flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)


if __name__ == "__main__":
    main()
