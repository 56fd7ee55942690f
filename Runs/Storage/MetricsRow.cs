namespace L2LCluster.Runs.Storage;

/// <summary>One line of metrics.csv, with the iteration it is about: stores keep one row per iteration, never two.</summary>
public sealed record MetricsRow(int Iteration, string Text);
