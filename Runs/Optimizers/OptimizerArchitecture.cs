using System.Collections.Immutable;

namespace L2LCluster.Runs.Optimizers;

/// <summary>
/// The shape of a coordinatewise learned optimizer. For the LSTM: hidden sizes of its LSTM layers (none gives a linear
/// map of the preprocessed gradient, as in the official code's convergence test), the gradient preprocessing and the
/// output scale. For the MLP: its hidden widths; it has fixed input features and output constants, so preprocessing
/// and output scale do not enter it. φ is one flat vector laid out layer by layer (Learning's CoordinatewiseLstm and
/// CoordinatewiseMlp bind it).
/// </summary>
public sealed record OptimizerArchitecture
{
    public const int MaxHiddenSize = 4096;

    /// <summary>The MLP's input features per coordinate: see Learning's MlpFeatures.</summary>
    public const int MlpInputFeatures = 25;

    /// <summary>The MLP's outputs per coordinate: a direction and a log-magnitude.</summary>
    public const int MlpOutputs = 2;

    public OptimizerArchitecture(IReadOnlyList<int> hiddenSizes, GradientPreprocessing preprocessing, double outputScale, OptimizerKind kind = OptimizerKind.Lstm)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer architecture.");
        }

        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentNullException.ThrowIfNull(preprocessing);
        foreach (var size in hiddenSizes)
        {
            if (size is < 1 or > MaxHiddenSize)
            {
                throw new ArgumentOutOfRangeException(nameof(hiddenSizes), size, $"Every hidden size must be between 1 and {MaxHiddenSize}.");
            }
        }

        if (!(outputScale > 0.0) || double.IsInfinity(outputScale))
        {
            throw new ArgumentOutOfRangeException(nameof(outputScale), outputScale, "The output scale must be a positive finite number.");
        }

        HiddenSizes = [.. hiddenSizes];
        Preprocessing = preprocessing;
        OutputScale = outputScale;
        Kind = kind;
    }

    /// <summary>The MLP's default hidden widths.</summary>
    public static ImmutableArray<int> MlpHiddenSizes { get; } = [32, 32];

    /// <summary>An MLP optimizer of these hidden widths.</summary>
    public static OptimizerArchitecture Mlp(IReadOnlyList<int> hiddenSizes) => new(hiddenSizes, GradientPreprocessing.None, 1.0, OptimizerKind.Mlp);

    public OptimizerKind Kind { get; }

    /// <summary>What reports call an optimizer of this kind: LSTM or MLP.</summary>
    public string KindName => Kind == OptimizerKind.Mlp ? "MLP" : "LSTM";

    /// <summary>The paper's network: two LSTM layers of 20 units.</summary>
    public static ImmutableArray<int> PaperHiddenSizes { get; } = [20, 20];

    public ImmutableArray<int> HiddenSizes { get; }

    public GradientPreprocessing Preprocessing { get; }

    public double OutputScale { get; }

    public int InputFeatures => Kind == OptimizerKind.Mlp ? MlpInputFeatures : Preprocessing.InputFeatures;

    /// <summary>The length of φ; an architecture too large for one array is refused (OverflowException).</summary>
    public int ParameterCount
    {
        get
        {
            long count = 0;
            long inputs = InputFeatures;
            if (Kind == OptimizerKind.Mlp)
            {
                foreach (var hidden in HiddenSizes)
                {
                    count += (inputs * hidden) + hidden;
                    inputs = hidden;
                }

                return checked((int)(count + (inputs * MlpOutputs) + MlpOutputs));
            }

            foreach (var hidden in HiddenSizes)
            {
                count += ((inputs + hidden) * 4 * hidden) + (4 * hidden);
                inputs = hidden;
            }

            return checked((int)(count + inputs + 1));
        }
    }

    public bool Equals(OptimizerArchitecture? other) =>
        other is not null && Kind == other.Kind && HiddenSizes.SequenceEqual(other.HiddenSizes) && Preprocessing == other.Preprocessing
        && OutputScale.Equals(other.OutputScale);

    public override int GetHashCode() => HashCode.Combine(Kind, HiddenSizes.Length, Preprocessing, OutputScale);

    public override string ToString() => Kind == OptimizerKind.Mlp
        ? $"MLP [{string.Join(", ", HiddenSizes)}]"
        : FormattableString.Invariant($"LSTM [{string.Join(", ", HiddenSizes)}], preprocessing {Preprocessing}, output scale {OutputScale}");
}
