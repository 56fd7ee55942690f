using L2LCluster.Learning.Problems;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

/// <summary>Runs an optimizer on a batch of problems from θ₀ for a number of steps and records every loss.</summary>
public static class OptimizationRun
{
    /// <param name="cancellation">Checked before every step; a cancelled run throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="finalParameters">Given θ after the last step ([problems, coordinates], on the device) before it is freed: the images of neural art.</param>
    public static LossCurves Run(IProblemFamily family, IReadOnlyList<ulong> problemSeeds, IOptimizerFactory optimizer, int steps, Device device, CancellationToken cancellation = default, Action<Tensor>? finalParameters = null)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        using var batch = family.Sample(problemSeeds, device);
        using var rule = optimizer.Create(family, device);
        using var runScope = NewDisposeScope();
        var parameters = batch.InitialParameters();

        // Written in place: a small tensor kept from every step would land inside the blocks the step freed, and with the
        // heap told to keep freed memory (NativeHeap) the next step's large blocks would no longer fit there.
        var history = zeros([steps + 1, problemSeeds.Count], dtype: ScalarType.Float32, device: device);
        for (var step = 0; step <= steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            NativeHeap.BetweenSteps();
            using var stepScope = NewDisposeScope();
            var current = parameters.detach().requires_grad_(true);
            var (losses, gradient) = ProblemGradients.Evaluate(batch, current, createGraph: false, retainGraph: false);
            history[step].copy_(losses.detach());
            if (step < steps)
            {
                using var noGrad = no_grad();
                parameters.Dispose();
                parameters = current.detach().add(rule.Step(gradient, current.detach())).MoveToOuterDisposeScope();
            }
        }

        finalParameters?.Invoke(parameters);
        var all = history.cpu().to_type(ScalarType.Float64);
        var values = all.data<double>().ToArray();
        var problems = problemSeeds.Count;
        return new LossCurves([.. Enumerable.Range(0, steps + 1).Select(step => values.AsSpan(step * problems, problems).ToArray())]);
    }
}
