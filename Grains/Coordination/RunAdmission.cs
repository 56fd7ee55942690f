using System.Globalization;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Grains.Coordination;

/// <summary>
/// Whether a cluster can carry a run before it takes it: φ crosses the wire in every request and every answer, and a
/// coordinator holds several copies of it. A run too big for either is refused when it is submitted, naming the
/// setting that makes it so and the limit, rather than failing its workers' calls or its silo's memory later.
/// </summary>
public static class RunAdmission
{
    /// <summary>
    /// What a coordinator keeps per value of φ: φ, Adam's two moments and the best φ (float32), the sum of the
    /// gradients (float64), and a checkpoint's copies and bytes while one is written.
    /// </summary>
    public const int CoordinatorBytesPerParameter = (4 * 4) + 8 + (2 * 16);

    /// <summary>What a request or an answer carries besides φ: ids, counters, an assignment's spec.</summary>
    public const int MessageOverheadBytes = 64 * 1024;

    /// <param name="spec">The run, checked.</param>
    /// <param name="maxMessageBytes">The largest message body the cluster takes (Orleans' MaxMessageBodySize).</param>
    /// <param name="memoryBudget">The memory a coordinator may take for one run (Runs:MemoryBudget).</param>
    public static void Check(RunSpec spec, long maxMessageBytes, long memoryBudget)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long parameters = spec.Training.ParameterCount;
        var message = (parameters * sizeof(float)) + MessageOverheadBytes;
        InvalidSettingException.ThrowUnless(
            message <= maxMessageBytes,
            SpecFields.HiddenSizes,
            $"a φ of {Count(parameters)} values makes messages of {Megabytes(message)}; this cluster's messages carry at most {Megabytes(maxMessageBytes)} (Orleans' MaxMessageBodySize).");
        var memory = parameters * CoordinatorBytesPerParameter;
        InvalidSettingException.ThrowUnless(
            memory <= memoryBudget,
            SpecFields.HiddenSizes,
            $"a φ of {Count(parameters)} values needs {Megabytes(memory)} at its coordinator; this cluster gives a run at most {Megabytes(memoryBudget)} (Runs:MemoryBudget).");
    }

    private static string Count(long values) => values.ToString("N0", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB");
}
