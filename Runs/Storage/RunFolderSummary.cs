namespace L2LCluster.Runs.Storage;

/// <summary>What a run folder says about its run, read without libtorch.</summary>
/// <param name="RunId">The folder's name.</param>
/// <param name="Path">The folder.</param>
/// <param name="State">completed, stopped, failed, interrupted (a checkpoint of a running run that no process runs), incomplete or unreadable.</param>
/// <param name="Iteration">Meta-iterations saved.</param>
/// <param name="Iterations">Meta-iterations the spec asks for (0 when unknown).</param>
/// <param name="MetaLoss">The last recorded meta-loss.</param>
/// <param name="Error">Why the run failed or cannot be read.</param>
public sealed record RunFolderSummary(string RunId, string Path, string State, int Iteration, int Iterations, double? MetaLoss, string? Error)
{
    public const string Interrupted = "interrupted";
    public const string Incomplete = "incomplete";
    public const string Unreadable = "unreadable";
}
