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

    /// <summary>RNNprop's inputs with its paper's decays: β₁ = β₂ = 0.95.</summary>
    public static GradientPreprocessing Rnnprop { get; } = new(PreprocessingKind.Rnnprop, 0.0);

    /// <summary>RNNprop's β₁, the first moment's decay.</summary>
    public const double RnnpropFirstMomentDecay = 0.95;

    /// <summary>RNNprop's β₂, the second moment's decay.</summary>
    public const double RnnpropSecondMomentDecay = 0.95;

    /// <summary>RNNprop's ε, which keeps its inputs finite where the second moment is zero.</summary>
    public const double RnnpropEpsilon = 1e-8;

    /// <summary>Every kind by the one name that flags, specs and optimizer files give it.</summary>
    public static IReadOnlyList<(string Name, PreprocessingKind Kind)> KindNames { get; } =
        [("none", PreprocessingKind.None), ("log-and-sign", PreprocessingKind.LogAndSign), ("rnnprop", PreprocessingKind.Rnnprop)];

    public static string NameOf(PreprocessingKind kind) => KindNames.Single(entry => entry.Kind == kind).Name;

    /// <summary>The preprocessing of a kind; the exponent counts for log-and-sign only.</summary>
    public static GradientPreprocessing Of(PreprocessingKind kind, double exponent) => kind switch
    {
        PreprocessingKind.LogAndSign => LogAndSign(exponent),
        PreprocessingKind.Rnnprop => Rnnprop,
        _ => None,
    };

    public int InputFeatures => Kind == PreprocessingKind.None ? 1 : 2;

    /// <summary>What the preprocessing keeps per coordinate: RNNprop's first and second moments and step count; none for the stateless forms.</summary>
    public int Accumulators => Kind == PreprocessingKind.Rnnprop ? 3 : 0;

    /// <summary>The float32 machine epsilon (numpy's finfo(float32).eps), as in the official code.</summary>
    public const double MachineEpsilon = 1.1920928955078125e-07;

    public override string ToString() => Kind switch
    {
        PreprocessingKind.None => NameOf(Kind),
        PreprocessingKind.Rnnprop => FormattableString.Invariant($"{NameOf(Kind)}(β1={RnnpropFirstMomentDecay}, β2={RnnpropSecondMomentDecay})"),
        _ => FormattableString.Invariant($"{NameOf(Kind)}(p={Exponent})"),
    };
}
