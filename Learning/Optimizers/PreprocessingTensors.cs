using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>A <see cref="GradientPreprocessing"/> applied to tensors.</summary>
public static class PreprocessingTensors
{
    /// <summary>Turns gradients [n] into LSTM inputs [n, InputFeatures].</summary>
    public static Tensor Apply(this GradientPreprocessing preprocessing, Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (preprocessing.Kind == PreprocessingKind.None)
        {
            return gradient.unsqueeze(1);
        }

        using var scope = NewDisposeScope();
        var magnitude = gradient.abs().add_(GradientPreprocessing.MachineEpsilon).log_().div_(preprocessing.Exponent).clamp_min_(-1.0);
        var sign = gradient.mul(Math.Exp(preprocessing.Exponent)).clamp_(-1.0, 1.0);
        return stack([magnitude, sign], dim: 1).MoveToOuterDisposeScope();
    }
}
