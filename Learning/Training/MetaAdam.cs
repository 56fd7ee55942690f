using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Training;

/// <summary>
/// Adam on the flat φ (Kingma &amp; Ba, with bias correction), with optional clipping of the gradient's global L2
/// norm (learned_optimization clips at 3; the official code does not clip). Plain arrays: the coordinator of a
/// cluster runs it without libtorch, and the single-process trainer runs the very same code.
/// </summary>
public sealed class MetaAdam
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-8;

    public MetaAdam(int parameterCount, double learningRate, double? clipNorm)
        : this(learningRate, clipNorm, new float[parameterCount], new float[parameterCount], 0)
    {
    }

    /// <summary>Restores an Adam state, as saved by a checkpoint.</summary>
    public MetaAdam(double learningRate, double? clipNorm, float[] firstMoment, float[] secondMoment, long step)
    {
        if (!(learningRate > 0.0) || double.IsInfinity(learningRate))
        {
            throw new InvalidSettingException(SpecFields.LearningRate, $"the meta learning rate must be a positive finite number; got {learningRate}.");
        }

        if (clipNorm is { } clip && (!(clip > 0.0) || double.IsInfinity(clip)))
        {
            throw new InvalidSettingException(SpecFields.ClipNorm, $"the gradient clipping norm must be a positive finite number; got {clip}.");
        }

        ArgumentNullException.ThrowIfNull(firstMoment);
        ArgumentNullException.ThrowIfNull(secondMoment);
        if (firstMoment.Length != secondMoment.Length)
        {
            throw new ArgumentException("Adam's two moment vectors must have the same length.", nameof(secondMoment));
        }

        LearningRate = learningRate;
        ClipNorm = clipNorm;
        FirstMoment = firstMoment;
        SecondMoment = secondMoment;
        StepCount = step;
    }

    public double LearningRate { get; }

    public double? ClipNorm { get; }

    public float[] FirstMoment { get; }

    public float[] SecondMoment { get; }

    public long StepCount { get; private set; }

    /// <summary>Applies one step to <paramref name="phi"/> in place; returns the gradient's norm before clipping.</summary>
    public double Apply(Span<float> phi, ReadOnlySpan<float> gradient)
    {
        if (phi.Length != FirstMoment.Length || gradient.Length != FirstMoment.Length)
        {
            throw new ArgumentException($"φ and its gradient must have {FirstMoment.Length} values; got {phi.Length} and {gradient.Length}.");
        }

        var norm = Norm(gradient);
        var scale = ClipNorm is { } clip && norm > clip ? clip / norm : 1.0;
        StepCount++;
        var correction1 = 1.0 - Math.Pow(Beta1, StepCount);
        var correction2 = 1.0 - Math.Pow(Beta2, StepCount);
        for (var i = 0; i < phi.Length; i++)
        {
            var g = gradient[i] * scale;
            var m = Beta1 * FirstMoment[i] + (1.0 - Beta1) * g;
            var v = Beta2 * SecondMoment[i] + (1.0 - Beta2) * g * g;
            FirstMoment[i] = (float)m;
            SecondMoment[i] = (float)v;
            phi[i] = (float)(phi[i] - LearningRate * (m / correction1) / (Math.Sqrt(v / correction2) + Epsilon));
        }

        return norm;
    }

    public static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            sum += (double)value * value;
        }

        return Math.Sqrt(sum);
    }
}
