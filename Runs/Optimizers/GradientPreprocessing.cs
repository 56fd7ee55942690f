namespace L2LCluster.Runs.Optimizers;

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

    /// <summary>The float32 machine epsilon (numpy's finfo(float32).eps), as in the official code.</summary>
    public const double MachineEpsilon = 1.1920928955078125e-07;

    public override string ToString() => Kind == PreprocessingKind.None ? "none" : FormattableString.Invariant($"log-and-sign(p={Exponent})");
}
