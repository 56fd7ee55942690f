using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Testing;

/// <summary>Small runs and checkpoints, for tests of what a run is made of: a linear optimizer, whose φ has two values.</summary>
public static class TestRuns
{
    public static MetaTrainingSpec LinearSpec { get; } = new()
    {
        Problem = "quadratic",
        Iterations = 10,
        Problems = 4,
        HiddenSizes = [],
        Preprocessing = PreprocessingKind.None,
        OutputScale = 0.5,
    };

    public static RunSpec Run(string name = "checkpointed", MetaTrainingSpec? spec = null) =>
        new(RunId.Parse(name, "run"), spec ?? LinearSpec, 50, TimeSpan.FromMinutes(10));

    public static RunCheckpoint Checkpoint(BestOptimizer? best = null, RunState state = RunState.Running, int iteration = 7) =>
        new(Run(), state, iteration, iteration, [1f, 2f], [0.1f, 0.2f], [0.01f, 0.02f], iteration, 2, 0, null, null, 0, best);
}
