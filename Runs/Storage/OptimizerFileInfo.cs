namespace L2LCluster.Runs.Storage;

/// <summary>Where a learned optimizer came from: the family it was trained on, for how long, and the run's spec (JSON).</summary>
public sealed record OptimizerFileInfo(string Problem, long Iterations, string TrainingSpec, DateTimeOffset CreatedUtc);
