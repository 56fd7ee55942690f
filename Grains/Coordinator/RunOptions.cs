using L2LCluster.Runs;

namespace L2LCluster.Grains.Coordinator;

/// <summary>How a silo's coordinators run their runs (configuration section "Runs").</summary>
public sealed class RunOptions
{
    public const string Section = "Runs";

    /// <summary>
    /// How a running run is kept running when its coordinator's silo dies: a reminder, registered while the run runs
    /// and removed when it ends, wakes its coordinator on a live silo this often, and it resumes from its checkpoint.
    /// </summary>
    public TimeSpan WakeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The memory one run's coordinator may take (φ, Adam's moments, the best φ, the gradient sum, a checkpoint being
    /// written): a run that would need more is refused when it is submitted.
    /// </summary>
    public long MemoryBudget { get; set; } = 2L << 30;

    /// <summary>
    /// How long a run trains on while its store cannot be written (its checkpoints tried again, backing off) before it
    /// is interrupted; it resumes by itself once a write goes through.
    /// </summary>
    public TimeSpan StoreOutageLimit { get; set; } = TimeSpan.FromMinutes(2);

    public RunOptions Validate()
    {
        InvalidSettingException.ThrowUnless(WakeInterval > TimeSpan.Zero, $"{Section}:{nameof(WakeInterval)}", $"must be a positive time span; got {WakeInterval}.");
        InvalidSettingException.ThrowUnless(StoreOutageLimit >= TimeSpan.Zero, $"{Section}:{nameof(StoreOutageLimit)}", $"must not be negative; got {StoreOutageLimit}.");
        InvalidSettingException.ThrowUnless(MemoryBudget > 0, $"{Section}:{nameof(MemoryBudget)}", $"must be a positive number of bytes; got {MemoryBudget}.");
        return this;
    }
}
