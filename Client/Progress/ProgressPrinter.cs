using System.Diagnostics;
using System.Globalization;

namespace L2LCluster.Client.Progress;

/// <summary>Progress lines at a steady pace (every N iterations, or about every 2 s), whatever the engine.</summary>
/// <param name="iterations">The run's total.</param>
/// <param name="every">Print every this many iterations instead of by time.</param>
/// <param name="startIteration">Where the run stood when following began (rates count from there).</param>
internal sealed class ProgressPrinter(int iterations, int? every, int startIteration = 0)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastPrint = TimeSpan.Zero;
    private readonly int _startIteration = startIteration;
    private int _lastIteration = startIteration;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <param name="iteration">Meta-iterations done.</param>
    /// <param name="metaLoss">The latest meta-loss.</param>
    /// <param name="finalLoss">The latest mean loss at the end of a truncation.</param>
    /// <param name="detail">Engine-specific figures for the end of the line.</param>
    public void Report(int iteration, double metaLoss, double finalLoss, string detail)
    {
        var due = every is { } interval
            ? iteration / interval > _lastIteration / interval
            : _clock.Elapsed - _lastPrint >= TimeSpan.FromSeconds(2);
        if (iteration == _lastIteration || (!due && iteration != iterations))
        {
            return;
        }

        var rate = (iteration - _startIteration) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        var remaining = TimeSpan.FromSeconds((iterations - iteration) / Math.Max(rate, 1e-9));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"iter {iteration,7}/{iterations}  meta-loss {metaLoss,10:G5}  final loss {finalLoss,10:G5}  {detail}  {rate,6:F1} it/s  ETA {remaining:hh\\:mm\\:ss}"));
        _lastPrint = _clock.Elapsed;
        _lastIteration = iteration;
    }
}
