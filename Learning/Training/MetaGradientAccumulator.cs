using L2LCluster.Runs;

namespace L2LCluster.Learning.Training;

/// <summary>
/// Sums batches' meta-gradients weighted by their problem counts as they arrive, so a coordinator with many workers
/// keeps one running sum instead of every worker's array; <see cref="Result"/> is the gradient of the mean
/// meta-loss over all their problems, as if they had been one batch.
/// </summary>
public sealed class MetaGradientAccumulator(int length)
{
    private readonly double[] _sum = new double[length];
    private double _metaLoss;
    private double _finalLoss;
    private int _problems;
    private int _steps;
    private long _coordinates;
    private bool _isFinite = true;

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<float> gradient, int problemCount, double metaLoss, double finalLoss, int steps, long coordinates, bool isFinite)
    {
        if (gradient.Length != _sum.Length)
        {
            throw new ArgumentException($"Meta-gradients of different lengths ({_sum.Length} and {gradient.Length}) cannot be averaged.", nameof(gradient));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(problemCount);
        FloatVectors.AddScaled(_sum, gradient, problemCount);

        _metaLoss += problemCount * metaLoss;
        _finalLoss += problemCount * finalLoss;
        _problems += problemCount;
        _steps = Math.Max(_steps, steps);
        _coordinates += coordinates;
        _isFinite &= isFinite;
        Count++;
    }

    public void Add(MetaGradient part)
    {
        ArgumentNullException.ThrowIfNull(part);
        Add(part.Gradient, part.ProblemCount, part.MetaLoss, part.FinalLoss, part.Steps, part.Coordinates, part.IsFinite);
    }

    public MetaGradient Result()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("At least one meta-gradient is needed to average.");
        }

        var average = new float[_sum.Length];
        for (var i = 0; i < average.Length; i++)
        {
            average[i] = (float)(_sum[i] / _problems);
        }

        return new MetaGradient(average, _metaLoss / _problems, _finalLoss / _problems, _problems, _steps, _coordinates, _isFinite);
    }
}
