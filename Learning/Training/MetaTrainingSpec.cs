using System.Text.Json.Serialization;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;

namespace L2LCluster.Learning.Training;

/// <summary>
/// Everything that defines a meta-training run: the problem family and its options, the truncation schedule,
/// the meta-optimizer and the learned optimizer's architecture. A run is reproducible from its spec alone.
/// Start from <see cref="ForFamily"/> (the family's defaults) and override with <c>with</c>.
/// </summary>
public sealed record MetaTrainingSpec
{
    /// <summary>The most meta-iterations a run may ask for.</summary>
    public const int MaxIterations = 100_000_000;

    /// <summary>The flag that sets a run's meta-iterations, at its start and when it is resumed.</summary>
    public const string IterationsFlag = "--iterations";

    public required string Problem { get; init; }

    public ProblemOptions ProblemOptions { get; init; } = new();

    /// <summary>Meta-iterations: one truncated unroll and one Adam step on φ each.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Optimizee steps per truncation (the paper's 20).</summary>
    public int Unroll { get; init; } = 20;

    /// <summary>Optimizee steps before fresh problems are sampled (the paper's 100).</summary>
    public int Horizon { get; init; } = 100;

    /// <summary>Problems per meta-iteration, split across workers in a cluster.</summary>
    public int Problems { get; init; } = 1;

    /// <summary>Adam's learning rate on φ.</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Clip the meta-gradient's global L2 norm to this (none by default, as in the official code).</summary>
    public double? ClipNorm { get; init; }

    public ulong Seed { get; init; } = 1;

    /// <summary>Differentiate through the optimizee gradients too (create_graph); the paper drops these terms.</summary>
    public bool SecondOrder { get; init; }

    public MetaLossWeighting LossWeighting { get; init; } = MetaLossWeighting.Uniform;

    /// <summary>Best-checkpoint selection on validation problems; null keeps the last φ.</summary>
    public ValidationSchedule? Validation { get; init; }

    public IReadOnlyList<int> HiddenSizes { get; init; } = OptimizerArchitecture.PaperHiddenSizes;

    public PreprocessingKind Preprocessing { get; init; } = PreprocessingKind.LogAndSign;

    /// <summary>p of the log-and-sign preprocessing (the paper's 10; the official code's 5).</summary>
    public double PreprocessingExponent { get; init; } = GradientPreprocessing.PaperExponent;

    public double OutputScale { get; init; } = 1.0;

    public ParameterInitialization Initialization { get; init; } = ParameterInitialization.Uniform;

    /// <summary>Start φ from this trained optimizer instead of <see cref="Initialization"/>; null for a fresh φ.</summary>
    public StartingPoint? StartFrom { get; init; }

    /// <summary>One optimizer network per group, each owning the θ segments named by its prefixes; empty: one network for all.</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups { get; init; } = [];

    /// <summary>The spec a family is trained with when the user overrides nothing.</summary>
    public static MetaTrainingSpec ForFamily(IProblemFamily family, ProblemOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(family);
        var defaults = family.Defaults;
        return new MetaTrainingSpec
        {
            Problem = family.Name,
            ProblemOptions = options ?? new ProblemOptions(),
            Iterations = defaults.Iterations,
            Unroll = defaults.Unroll,
            Horizon = defaults.Horizon,
            Problems = defaults.ProblemsPerBatch,
            LearningRate = defaults.MetaLearningRate,
            HiddenSizes = defaults.HiddenSizes,
            Preprocessing = defaults.Preprocessing.Kind,
            PreprocessingExponent = defaults.Preprocessing.Kind == PreprocessingKind.LogAndSign ? defaults.Preprocessing.Exponent : GradientPreprocessing.PaperExponent,
            OutputScale = defaults.OutputScale,
            Initialization = defaults.Initialization,
        };
    }

    public GradientPreprocessing GradientPreprocessing =>
        Preprocessing == PreprocessingKind.LogAndSign ? GradientPreprocessing.LogAndSign(PreprocessingExponent) : GradientPreprocessing.None;

    public OptimizerArchitecture Architecture => new(HiddenSizes, GradientPreprocessing, OutputScale);

    [JsonIgnore]
    public OptimizerNetworks Networks => new(Architecture, ParameterGroups);

    /// <summary>φ before the first meta-iteration: the starting optimizer's, or a fresh one from the seed.</summary>
    public float[] InitialPhi() => StartFrom?.Load(Networks) ?? Networks.InitialParameters(Seed, Initialization);

    /// <summary>Optimizee coordinates per meta-iteration: the rows of the LSTM's batch.</summary>
    public long Coordinates(IProblemFamily family) => (long)Problems * family.CoordinatesPerProblem;

    /// <summary>Truncations in one horizon (the last may be shorter than the unroll).</summary>
    public int TruncationsPerHorizon => (Horizon + Unroll - 1) / Unroll;

    /// <summary>Checks every field; the first bad one is reported with its flag name and allowed range.</summary>
    public MetaTrainingSpec Validate()
    {
        if (string.IsNullOrWhiteSpace(Problem))
        {
            throw new InvalidSettingException("--problem", "a problem family is required.");
        }

        InvalidSettingException.ThrowUnless(Iterations is >= 1 and <= MaxIterations, IterationsFlag, $"must be between 1 and {MaxIterations}; got {Iterations}.");
        InvalidSettingException.ThrowUnless(Horizon is >= 1 and <= 1_000_000, "--horizon", $"must be between 1 and 1000000; got {Horizon}.");
        InvalidSettingException.ThrowUnless(Unroll >= 1, "--unroll", $"must be positive; got {Unroll}.");
        InvalidSettingException.ThrowUnless(Unroll <= Horizon, "--unroll", $"must not exceed the horizon ({Horizon}); got {Unroll}.");
        InvalidSettingException.ThrowUnless(Problems is >= 1 and <= 1_000_000, "--batch", $"problems per meta-iteration must be between 1 and 1000000; got {Problems}.");
        InvalidSettingException.ThrowUnless(LearningRate > 0 && double.IsFinite(LearningRate), "--lr", $"must be a positive finite number; got {LearningRate}.");
        InvalidSettingException.ThrowUnless(ClipNorm is null || (ClipNorm > 0 && double.IsFinite(ClipNorm.Value)), "--clip", $"must be a positive finite number; got {ClipNorm}.");
        InvalidSettingException.ThrowUnless(Validation is null || Validation.Every is >= 1 and <= MaxIterations, "--validate-every", $"must be between 1 and {MaxIterations}; got {Validation?.Every}.");
        InvalidSettingException.ThrowUnless(Validation is null || Validation.Problems is >= 1 and <= 100_000, "--validation-problems", $"must be between 1 and 100000; got {Validation?.Problems}.");
        InvalidSettingException.ThrowUnless(HiddenSizes.Count <= 8 && HiddenSizes.All(size => size is >= 1 and <= 4096), "--hidden", "needs at most 8 LSTM layers of 1 to 4096 units each.");
        InvalidSettingException.ThrowUnless(PreprocessingExponent > 0 && double.IsFinite(PreprocessingExponent), "--preprocess-p", $"must be a positive finite number; got {PreprocessingExponent}.");
        InvalidSettingException.ThrowUnless(OutputScale > 0 && double.IsFinite(OutputScale), "--output-scale", $"must be a positive finite number; got {OutputScale}.");
        InvalidSettingException.ThrowUnless(
            ParameterGroups.All(group => !string.IsNullOrWhiteSpace(group.Name) && group.Segments.Count > 0 && group.Segments.All(prefix => !string.IsNullOrEmpty(prefix)))
            && ParameterGroups.Select(group => group.Name).Distinct(StringComparer.Ordinal).Count() == ParameterGroups.Count,
            "parameterGroups",
            "every group needs a unique name and at least one non-empty segment prefix.");
        return this;
    }
}
