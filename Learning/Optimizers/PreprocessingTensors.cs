using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>A <see cref="GradientPreprocessing"/> applied to tensors.</summary>
public static class PreprocessingTensors
{
    /// <summary>
    /// Turns gradients [n] into LSTM inputs [n, InputFeatures], from the preprocessing's accumulators before this step
    /// ([n, 1] each, <see cref="GradientPreprocessing.Accumulators"/> of them); returns the accumulators after it.
    /// </summary>
    public static (Tensor Input, Tensor[] Accumulators) Apply(this GradientPreprocessing preprocessing, Tensor gradient, ReadOnlySpan<Tensor> accumulators)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (accumulators.Length != preprocessing.Accumulators)
        {
            throw new ArgumentException($"The {preprocessing} preprocessing keeps {preprocessing.Accumulators} accumulators per coordinate; the state holds {accumulators.Length}.", nameof(accumulators));
        }

        switch (preprocessing.Kind)
        {
            case PreprocessingKind.None:
                return (gradient.unsqueeze(1), []);
            case PreprocessingKind.Rnnprop:
                return Rnnprop(gradient, accumulators[0], accumulators[1], accumulators[2]);
            default:
                using (var scope = NewDisposeScope())
                {
                    var magnitude = gradient.abs().add_(GradientPreprocessing.MachineEpsilon).log_().div_(preprocessing.Exponent).clamp_min_(-1.0);
                    var sign = gradient.mul(Math.Exp(preprocessing.Exponent)).clamp_(-1.0, 1.0);
                    return (stack([magnitude, sign], dim: 1).MoveToOuterDisposeScope(), []);
                }
        }
    }

    /// <summary>The accumulators of coordinates not yet stepped: [coordinates, 1] zeros each (moments and step count).</summary>
    public static Tensor[] InitialAccumulators(this GradientPreprocessing preprocessing, long coordinates, Device device, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        return [.. Enumerable.Range(0, preprocessing.Accumulators).Select(_ => zeros(coordinates, 1, dtype: dtype, device: device))];
    }

    /// <summary>
    /// RNNprop: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², t ← t + 1, and the inputs m̂/(√v̂ + ε), g/(√v̂ + ε) with Adam's bias
    /// corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). At a coordinate's first step both inputs are its gradient's sign.
    /// Out of place throughout: with second-order terms the gradient carries a graph that in-place operations would break.
    /// </summary>
    private static (Tensor Input, Tensor[] Accumulators) Rnnprop(Tensor gradient, Tensor firstMoment, Tensor secondMoment, Tensor steps)
    {
        const double firstDecay = GradientPreprocessing.RnnpropFirstMomentDecay;
        const double secondDecay = GradientPreprocessing.RnnpropSecondMomentDecay;
        var g = gradient.unsqueeze(1);
        var first = (firstMoment * firstDecay) + (g * (1.0 - firstDecay));
        var second = (secondMoment * secondDecay) + (g.square() * (1.0 - secondDecay));
        var step = steps + 1.0;
        using var scope = NewDisposeScope();
        var firstCorrection = 1.0 - (step * Math.Log(firstDecay)).exp();
        var secondCorrection = 1.0 - (step * Math.Log(secondDecay)).exp();
        // The floor keeps √'s derivative finite where a coordinate has only ever had zero gradients (a mixture's
        // padding), for second-order terms; at 10⁻¹⁵ it is far below ε.
        var normalizer = ((second / secondCorrection).clamp_min(1e-30).sqrt() + GradientPreprocessing.RnnpropEpsilon).reciprocal();
        var input = cat([first / firstCorrection * normalizer, g * normalizer], 1).MoveToOuterDisposeScope();
        return (input, [first, second, step]);
    }
}
