using L2LCluster.Runs;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// How a running run is kept running when its coordinator's silo dies: a reminder, registered while the run runs and
/// removed when it ends, wakes its coordinator on a live silo every <see cref="WakeInterval"/>, and it resumes from its
/// checkpoint (configuration section "Runs").
/// </summary>
public sealed class RunWakeOptions
{
    public const string Section = "Runs";

    /// <summary>The reminder's period: at most this long passes between a silo's death and its runs' resumption.</summary>
    public TimeSpan WakeInterval { get; set; } = TimeSpan.FromMinutes(1);

    public RunWakeOptions Validate()
    {
        InvalidSettingException.ThrowUnless(WakeInterval > TimeSpan.Zero, $"{Section}:{nameof(WakeInterval)}", $"must be a positive time span; got {WakeInterval}.");
        return this;
    }
}
