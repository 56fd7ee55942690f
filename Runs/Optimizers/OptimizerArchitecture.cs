using System.Collections.Immutable;

namespace L2LCluster.Runs.Optimizers;

/// <summary>
/// The shape of a coordinatewise LSTM optimizer: hidden sizes of its LSTM layers (none gives a linear map of the
/// preprocessed gradient, as in the official code's convergence test), the gradient preprocessing and the output
/// scale. φ is one flat vector laid out layer by layer (Learning's CoordinatewiseLstm binds it).
/// </summary>
public sealed record OptimizerArchitecture
{
    public const int MaxHiddenSize = 4096;

    public OptimizerArchitecture(IReadOnlyList<int> hiddenSizes, GradientPreprocessing preprocessing, double outputScale)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentNullException.ThrowIfNull(preprocessing);
        foreach (var size in hiddenSizes)
        {
            if (size is < 1 or > MaxHiddenSize)
            {
                throw new ArgumentOutOfRangeException(nameof(hiddenSizes), size, $"Every LSTM hidden size must be between 1 and {MaxHiddenSize}.");
            }
        }

        if (!(outputScale > 0.0) || double.IsInfinity(outputScale))
        {
            throw new ArgumentOutOfRangeException(nameof(outputScale), outputScale, "The output scale must be a positive finite number.");
        }

        HiddenSizes = [.. hiddenSizes];
        Preprocessing = preprocessing;
        OutputScale = outputScale;
    }

    /// <summary>The paper's network: two LSTM layers of 20 units.</summary>
    public static ImmutableArray<int> PaperHiddenSizes { get; } = [20, 20];

    public ImmutableArray<int> HiddenSizes { get; }

    public GradientPreprocessing Preprocessing { get; }

    public double OutputScale { get; }

    public int InputFeatures => Preprocessing.InputFeatures;

    /// <summary>The length of φ; an architecture too large for one array is refused (OverflowException).</summary>
    public int ParameterCount
    {
        get
        {
            long count = 0;
            long inputs = InputFeatures;
            foreach (var hidden in HiddenSizes)
            {
                count += ((inputs + hidden) * 4 * hidden) + (4 * hidden);
                inputs = hidden;
            }

            return checked((int)(count + inputs + 1));
        }
    }

    public bool Equals(OptimizerArchitecture? other) =>
        other is not null && HiddenSizes.SequenceEqual(other.HiddenSizes) && Preprocessing == other.Preprocessing
        && OutputScale.Equals(other.OutputScale);

    public override int GetHashCode() => HashCode.Combine(HiddenSizes.Length, Preprocessing, OutputScale);

    public override string ToString() =>
        FormattableString.Invariant($"LSTM [{string.Join(", ", HiddenSizes)}], preprocessing {Preprocessing}, output scale {OutputScale}");
}
