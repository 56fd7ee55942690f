using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// How a gradient coordinate becomes the LSTM's input. LogAndSign(p) follows the official code's continuous form
/// of the paper's appendix A: (max(log(|g| + ε)/p, −1), clip(g·e^p, −1, 1)), ε the float32 machine epsilon.
/// </summary>
public sealed record GradientPreprocessing(PreprocessingKind Kind, double Exponent)
{
    /// <summary>The paper's p = 10.</summary>
    public const double PaperExponent = 10.0;

    /// <summary>The official code's default k = 5.</summary>
    public const double OfficialCodeExponent = 5.0;

    public static GradientPreprocessing None { get; } = new(PreprocessingKind.None, 0.0);

    public static GradientPreprocessing LogAndSign(double exponent = PaperExponent)
    {
        if (!(exponent > 0.0) || double.IsInfinity(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The preprocessing exponent p must be a positive finite number.");
        }

        return new GradientPreprocessing(PreprocessingKind.LogAndSign, exponent);
    }

    public int InputFeatures => Kind == PreprocessingKind.LogAndSign ? 2 : 1;

    /// <summary>Turns gradients [n] into LSTM inputs [n, InputFeatures].</summary>
    public Tensor Apply(Tensor gradient)
    {
        if (Kind == PreprocessingKind.None)
        {
            return gradient.unsqueeze(1);
        }

        using var scope = NewDisposeScope();
        var magnitude = gradient.abs().add_(MachineEpsilon).log_().div_(Exponent).clamp_min_(-1.0);
        var sign = gradient.mul(Math.Exp(Exponent)).clamp_(-1.0, 1.0);
        return stack([magnitude, sign], dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>The float32 machine epsilon (numpy's finfo(float32).eps), as in the official code.</summary>
    public const double MachineEpsilon = 1.1920928955078125e-07;

    public override string ToString() => Kind == PreprocessingKind.None ? "none" : FormattableString.Invariant($"log-and-sign(p={Exponent})");
}
