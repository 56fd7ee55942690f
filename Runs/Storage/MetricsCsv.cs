using System.Globalization;

namespace L2LCluster.Runs.Storage;

/// <summary>The metrics.csv of a run folder: one row per meta-iteration, the same for every engine.</summary>
public static class MetricsCsv
{
    public const string Header = "iteration,episode,step_in_horizon,meta_loss,final_loss,gradient_norm,applied,problem_steps,coordinate_steps,seconds,validation_loss";

    public static MetricsRow Row(MetaIterationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new MetricsRow(report.Iteration, string.Create(CultureInfo.InvariantCulture,
            $"{report.Iteration},{report.Episode},{report.StepInHorizon},{report.MetaLoss:R},{report.FinalLoss:R},{report.GradientNorm:R},{(report.Applied ? 1 : 0)},{report.ProblemSteps},{report.CoordinateSteps},{report.Elapsed.TotalSeconds:R},{report.ValidationLoss:R}"));
    }

    /// <summary>The iteration a row is about; null for the header or a line that is not a row.</summary>
    public static int? IterationOf(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var end = line.IndexOf(',', StringComparison.Ordinal);
        return end > 0 && int.TryParse(line.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var iteration) ? iteration : null;
    }
}
