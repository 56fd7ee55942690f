using OpenTelemetry.Metrics;

namespace L2LCluster.Cluster.Tests;

/// <summary>One run's values in exported metric snapshots (cumulative: the last export of a metric holds its total).</summary>
internal sealed class MetricReadings(IReadOnlyList<MetricSnapshot> snapshots, string runId)
{
    public long Sum(string name) => Points(name).Sum(point => point.GetSumLong());

    public double LastDouble(string name) => Points(name).Single().GetGaugeLastValueDouble();

    public long LastLong(string name) => Points(name).Single().GetGaugeLastValueLong();

    /// <summary>Count and sum over every point of the run (one per worker for the unroll duration).</summary>
    public (long Count, double Sum) Histogram(string name)
    {
        var points = Points(name);
        return (points.Sum(point => point.GetHistogramCount()), points.Sum(point => point.GetHistogramSum()));
    }

    public bool HasMeter(string meterName) => snapshots.Any(snapshot => snapshot.MeterName == meterName);

    private List<MetricPoint> Points(string name)
    {
        var snapshot = snapshots.LastOrDefault(snapshot => snapshot.Name == name) ?? throw new InvalidOperationException($"No metric named {name} was exported.");
        var points = snapshot.MetricPoints.Where(IsOfRun).ToList();
        return points.Count > 0 ? points : throw new InvalidOperationException($"Metric {name} has no point for run {runId}.");
    }

    private bool IsOfRun(MetricPoint point)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == Telemetry.TelemetryTags.RunId && Equals(tag.Value, runId))
            {
                return true;
            }
        }

        return false;
    }
}
