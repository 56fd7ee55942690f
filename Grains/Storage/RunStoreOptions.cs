namespace L2LCluster.Grains.Storage;

/// <summary>Configuration section "Storage": where run folders (or Redis keys) live.</summary>
public sealed class RunStoreOptions
{
    public const string Section = "Storage";

    /// <summary>directory (a local or shared folder) or redis.</summary>
    public string Kind { get; set; } = "directory";

    /// <summary>The folder holding one sub-folder per run.</summary>
    public string Directory { get; set; } = "runs";

    /// <summary>The Redis connection string, for Kind = redis.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// Look for running runs whose coordinator is gone and wake it (it resumes from its checkpoint), every this
    /// often; zero turns it off (the embedded cluster: a crashed earlier run is not resumed behind the user's back).
    /// </summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(15);
}
