using System.Globalization;

namespace L2LCluster.Learning.Evaluation;

/// <summary>
/// Counts an evaluation's optimization runs as they go, for a progress bar: the grid search and the held-out runs take
/// minutes to hours on image problems, and a user should see them move.
/// </summary>
public sealed class EvaluationProgressCounter
{
    private readonly IProgress<EvaluationProgress>? _sink;
    private long _done;

    /// <param name="total">Problems the whole evaluation optimizes (<see cref="WorkOf"/>, summed over its comparisons).</param>
    /// <param name="sink">Where progress goes; null for nowhere.</param>
    public EvaluationProgressCounter(long total, IProgress<EvaluationProgress>? sink)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        Total = total;
        _sink = sink;
    }

    /// <summary>Reports nothing: for callers that do not watch.</summary>
    public static EvaluationProgressCounter None => new(0, null);

    public long Total { get; }

    /// <summary>The problems one comparison optimizes: its learned optimizers and, per baseline, the grid on tuning problems and the tuned run.</summary>
    public static long WorkOf(int learnedOptimizers, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var grid = options.LearningRateGrid.Count;
        return ((long)learnedOptimizers * options.Trials) + (options.Baselines.Distinct().Count() * (((long)grid * options.TuningTrials) + options.Trials));
    }

    /// <summary>The run <paramref name="what"/> is about to start.</summary>
    public void Starting(string what) => _sink?.Report(new EvaluationProgress(_done, Total, what));

    /// <summary>A run of <paramref name="problems"/> problems ended.</summary>
    public void Finished(int problems, string what)
    {
        _done += problems;
        _sink?.Report(new EvaluationProgress(_done, Total, what));
    }

    /// <summary>"Adam lr 0.01 (tuning)" for one rate, "Adam lr 0.0001 … 3, 10 at once (tuning)" for a grid run together.</summary>
    internal static string Tuning(string optimizer, IReadOnlyList<double> learningRates) => learningRates.Count == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{optimizer} lr {learningRates[0]:G3} (tuning)")
        : string.Create(CultureInfo.InvariantCulture, $"{optimizer} lr {learningRates[0]:G3} … {learningRates[^1]:G3}, {learningRates.Count} at once (tuning)");
}
