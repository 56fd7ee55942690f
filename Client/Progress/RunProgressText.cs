using System.Globalization;
using L2LCluster.Contracts;

namespace L2LCluster.Client.Progress;

/// <summary>The figures of a run's progress as text, the same in the live bar and the plain lines.</summary>
internal static class RunProgressText
{
    /// <summary>An ETA beyond 100 days says nothing more.</summary>
    private const double MaxSeconds = 100 * 86_400;

    public static string Describe(RunStatus status) => string.Create(CultureInfo.InvariantCulture,
        $"{status.RunId} {status.Iteration}/{status.Iterations}  meta-loss {status.MetaLoss:G5}  {status.IterationsPerSecond:F1} it/s  {Throughput(status)}  ETA {Remaining(status)}");

    /// <summary>The time left at the coordinator's rate since it (re)started the run.</summary>
    private static string Remaining(RunStatus status) =>
        status.IterationsPerSecond > 0
            ? TimeSpan.FromSeconds(Math.Round(Math.Min((status.Iterations - status.Iteration) / status.IterationsPerSecond, MaxSeconds))).ToString("c", CultureInfo.InvariantCulture)
            : "--:--:--";

    /// <summary>The line that says which φ a run that validates handed out.</summary>
    public static string KeptBest(int iteration, double validationLoss) => string.Create(CultureInfo.InvariantCulture,
        $"Kept φ of iteration {iteration}: validation loss {validationLoss:G4}, the best of the run.");

    public static string Throughput(RunStatus status) => string.Create(CultureInfo.InvariantCulture,
        $"{status.ProblemStepsPerSecond:F0} problem-steps/s  workers {status.LiveWorkers.Count} live, {status.DroppedWorkers.Count} dropped");
}
