namespace L2LCluster.Benchmarks;

/// <summary>The time to a useful optimizer over repeats: the median is over the repeats that got there.</summary>
internal sealed record UsefulnessResult(string Workload, double AdamLearningRate, double AdamSum, int EvaluateEvery, int MaxIterations, IReadOnlyList<UsefulnessRepeat> Repeats)
{
    public int Reached => Repeats.Count(repeat => repeat.Iterations is not null);

    public Spread? TrainingSeconds => Reached == 0 ? null : Spread.Of(Repeats.Where(repeat => repeat.Iterations is not null).Select(repeat => repeat.TrainingSeconds));

    public Spread? Iterations => Reached == 0 ? null : Spread.Of(Repeats.Where(repeat => repeat.Iterations is not null).Select(repeat => (double)repeat.Iterations!.Value));
}
