using System.Diagnostics;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>
/// What a step of each optimizer costs a user who takes it home: <see cref="LearnedOptimizer"/> with the paper's LSTM
/// and with the per-parameter MLP, against TorchSharp's own Adam, each stepping the same parameter tensors from the
/// same gradients. φ is a fresh one (the cost of a step does not depend on what φ learned). Repeats alternate the
/// three, so that a shared machine's drift hits them alike.
/// </summary>
internal static class OptimizerStepBenchmark
{
    /// <summary>The 784-20-10 MLP of the paper's MNIST experiment, and a model sixteen times its size.</summary>
    public static IReadOnlyList<int> Coordinates { get; } = [15_910, 254_560];

    private const int Warmup = 5;

    public static IReadOnlyList<OptimizerStepCost> Run(BenchmarkSettings settings, Device device, TextWriter progress)
    {
        var lstm = new OptimizerArchitecture(OptimizerArchitecture.PaperHiddenSizes, GradientPreprocessing.LogAndSign(GradientPreprocessing.PaperExponent), 0.1);
        var mlp = OptimizerArchitecture.Mlp(OptimizerArchitecture.MlpHiddenSizes);
        var steps = Math.Max(10, settings.Iterations);
        var results = new List<OptimizerStepCost>();
        foreach (var coordinates in Coordinates)
        {
            var candidates = new (string Name, Func<IReadOnlyList<Parameter>, OptimizerHelper> Create)[]
            {
                ("LSTM", parameters => new LearnedOptimizer(Fresh(lstm), parameters)),
                ("MLP", parameters => new LearnedOptimizer(Fresh(mlp), parameters)),
                ("Adam", parameters => optim.Adam(parameters, lr: 1e-3)),
            };
            var times = candidates.ToDictionary(candidate => candidate.Name, _ => new List<double>());
            for (var repeat = 1; repeat <= settings.Repeats; repeat++)
            {
                foreach (var (name, create) in candidates)
                {
                    times[name].Add(MillisecondsPerStep(create, coordinates, steps, device));
                }

                progress.WriteLine($"optimizers {coordinates:N0} coordinates: repeat {repeat}/{settings.Repeats}: {string.Join(", ", candidates.Select(candidate => $"{candidate.Name} {times[candidate.Name][^1]:F3}"))} ms per step");
            }

            results.AddRange(candidates.Select(candidate => new OptimizerStepCost(candidate.Name, coordinates, steps, Spread.Of(times[candidate.Name]))));
        }

        return results;
    }

    private static LearnedOptimizerModel Fresh(OptimizerArchitecture architecture) =>
        new(architecture, new OptimizerNetworks(architecture).InitialParameters(1, ParameterInitialization.Uniform));

    /// <summary>A fresh optimizer over a weight and a bias of the given total size, stepped from fixed gradients.</summary>
    private static double MillisecondsPerStep(Func<IReadOnlyList<Parameter>, OptimizerHelper> create, int coordinates, int steps, Device device)
    {
        using var scope = NewDisposeScope();
        var generator = manual_seed(7);
        var biases = Math.Min(coordinates / 10, 1_000);
        Parameter[] parameters =
        [
            new Parameter(randn(coordinates - biases, generator: generator, device: device) * 0.01),
            new Parameter(zeros(biases, device: device)),
        ];
        foreach (var parameter in parameters)
        {
            parameter.grad = randn(parameter.shape, generator: generator, device: device) * 0.001;
        }

        using var optimizer = create(parameters);
        var clock = new Stopwatch();
        for (var step = 0; step < Warmup + steps; step++)
        {
            if (step == Warmup)
            {
                clock.Start();
            }

            using var stepScope = NewDisposeScope();
            optimizer.step();
        }

        clock.Stop();
        return clock.Elapsed.TotalMilliseconds / steps;
    }
}
