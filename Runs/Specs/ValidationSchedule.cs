namespace L2LCluster.Runs.Specs;

/// <summary>
/// Best-checkpoint selection, as the official code does it: every <see cref="Every"/> meta-iterations, and after the
/// last, φ optimizes <see cref="Problems"/> validation problems for the whole horizon, and the run's optimizer is the
/// φ with the lowest mean final loss. A single truncation's loss swings with the network it happened to sample, so the
/// φ at the end of a run is one draw from that swing; the validation problems are the same every time.
/// </summary>
/// <param name="Every">Meta-iterations between two validations.</param>
/// <param name="Problems">Validation problems (the official code's 20), from their own seed stream of the training data.</param>
[GenerateSerializer, Immutable, Alias("l2l.ValidationSchedule")]
public sealed record ValidationSchedule([property: Id(0)] int Every, [property: Id(1)] int Problems = ValidationSchedule.DefaultProblems)
{
    public const int DefaultProblems = 20;

    public bool IsDue(int iteration, int lastIteration) => iteration % Every == 0 || iteration == lastIteration;
}
