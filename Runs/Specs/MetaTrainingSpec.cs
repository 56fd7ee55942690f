using System.Collections.Immutable;
using System.Text.Json.Serialization;
using L2LCluster.Runs.Optimizers;

namespace L2LCluster.Runs.Specs;

/// <summary>
/// Everything that defines a meta-training run: the problem family and its options, the truncation schedule,
/// the meta-optimizer and the learned optimizer's architecture. A run is reproducible from its spec alone. It is read
/// and checked once where it comes in (<see cref="SpecJson.Parse"/>, or <see cref="Validate"/> for one built in code),
/// then carried as it is: on the wire, in checkpoints, in optimizer files. Two specs are equal when their JSON is.
/// </summary>
[GenerateSerializer, Immutable, Alias("l2l.MetaTrainingSpec")]
public sealed record MetaTrainingSpec
{
    /// <summary>The most meta-iterations a run may ask for.</summary>
    public const int MaxIterations = 100_000_000;

    public const int MaxHorizon = 1_000_000;

    public const int MaxProblems = 1_000_000;

    public const int MaxValidationProblems = 100_000;

    public const int MaxLayers = 8;

    /// <summary>The problem family's name, as registered in the problem catalog.</summary>
    [Id(0)]
    public string Problem { get; init; } = "";

    [Id(1)]
    public ProblemOptions ProblemOptions { get; init; } = new();

    /// <summary>Meta-iterations: one truncated unroll and one Adam step on φ each.</summary>
    [Id(2)]
    public int Iterations { get; init; } = 1000;

    /// <summary>Optimizee steps per truncation (the paper's 20).</summary>
    [Id(3)]
    public int Unroll { get; init; } = 20;

    /// <summary>Optimizee steps before fresh problems are sampled (the paper's 100).</summary>
    [Id(4)]
    public int Horizon { get; init; } = 100;

    /// <summary>Problems per meta-iteration, split across workers in a cluster.</summary>
    [Id(5)]
    public int Problems { get; init; } = 1;

    /// <summary>Adam's learning rate on φ.</summary>
    [Id(6)]
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Clip the meta-gradient's global L2 norm to this (none by default, as in the official code).</summary>
    [Id(7)]
    public double? ClipNorm { get; init; }

    [Id(8)]
    public ulong Seed { get; init; } = 1;

    /// <summary>Differentiate through the optimizee gradients too (create_graph); the paper drops these terms.</summary>
    [Id(9)]
    public bool SecondOrder { get; init; }

    [Id(10)]
    public MetaLossWeighting LossWeighting { get; init; } = MetaLossWeighting.Uniform;

    /// <summary>Best-checkpoint selection on validation problems; null keeps the last φ.</summary>
    [Id(11)]
    public ValidationSchedule? Validation { get; init; }

    [Id(12)]
    public ImmutableArray<int> HiddenSizes { get; init; } = OptimizerArchitecture.PaperHiddenSizes;

    [Id(13)]
    public PreprocessingKind Preprocessing { get; init; } = PreprocessingKind.LogAndSign;

    /// <summary>p of the log-and-sign preprocessing (the paper's 10; the official code's 5).</summary>
    [Id(14)]
    public double PreprocessingExponent { get; init; } = GradientPreprocessing.PaperExponent;

    [Id(15)]
    public double OutputScale { get; init; } = 1.0;

    [Id(16)]
    public ParameterInitialization Initialization { get; init; } = ParameterInitialization.Uniform;

    /// <summary>Start φ from this trained optimizer instead of <see cref="Initialization"/>; null for a fresh φ.</summary>
    [Id(17)]
    public StartingPoint? StartFrom { get; init; }

    /// <summary>One optimizer network per group, each owning the θ segments named by its prefixes; empty: one network for all.</summary>
    [Id(18)]
    public ImmutableArray<ParameterGroup> ParameterGroups { get; init; } = [];

    /// <summary>ES or PES instead of truncated backpropagation; null (the default) for truncated BPTT.</summary>
    [Id(19)]
    public EvolutionStrategy? Estimator { get; init; }

    /// <summary>Episode lengths drawn from a schedule; null (the default) gives every episode the horizon.</summary>
    [Id(20)]
    public TruncationSchedule? UnrollSchedule { get; init; }

    /// <summary>The optimizer's network; null (the default, left out of the JSON so older readers still read it) is the LSTM.</summary>
    [Id(21)]
    [JsonPropertyName("architecture")]
    public OptimizerKind? ArchitectureKind { get; init; }

    /// <summary>Problems drawn from a distribution of tasks; with one, <see cref="Problem"/> is <see cref="TaskMixture.ProblemName"/>.</summary>
    [Id(22)]
    public TaskMixture? Mixture { get; init; }

    /// <summary>Task augmentation of every problem; null (the default) trains on the problems as they are.</summary>
    [Id(23)]
    public TaskAugmentation? Augmentation { get; init; }

    [JsonIgnore]
    public GradientPreprocessing GradientPreprocessing => GradientPreprocessing.Of(Preprocessing, PreprocessingExponent);

    [JsonIgnore]
    public OptimizerArchitecture Architecture => new(HiddenSizes, GradientPreprocessing, OutputScale, ArchitectureKind ?? OptimizerKind.Lstm);

    /// <summary>The length of φ: one network of <see cref="Architecture"/> per parameter group (one without groups).</summary>
    [JsonIgnore]
    public int ParameterCount => LearnedOptimizerModel.ParameterCountOf(Architecture, ParameterGroups);

    /// <summary>Truncations in one horizon (the last may be shorter than the unroll).</summary>
    [JsonIgnore]
    public int TruncationsPerHorizon => (Horizon + Unroll - 1) / Unroll;

    /// <summary>Checks every field; the first bad one is reported with its name (<see cref="SpecFields"/>) and allowed range.</summary>
    public MetaTrainingSpec Validate()
    {
        InvalidSettingException.ThrowUnless(!string.IsNullOrWhiteSpace(Problem), SpecFields.Problem, "a problem family is required.");
        InvalidSettingException.ThrowUnless(Iterations is >= 1 and <= MaxIterations, SpecFields.Iterations, $"must be between 1 and {MaxIterations}; got {Iterations}.");
        InvalidSettingException.ThrowUnless(Horizon is >= 1 and <= MaxHorizon, SpecFields.Horizon, $"must be between 1 and {MaxHorizon}; got {Horizon}.");
        InvalidSettingException.ThrowUnless(Unroll >= 1, SpecFields.Unroll, $"must be positive; got {Unroll}.");
        InvalidSettingException.ThrowUnless(Unroll <= Horizon, SpecFields.Unroll, $"must not exceed the horizon ({Horizon}); got {Unroll}.");
        InvalidSettingException.ThrowUnless(Problems is >= 1 and <= MaxProblems, SpecFields.Problems, $"problems per meta-iteration must be between 1 and {MaxProblems}; got {Problems}.");
        InvalidSettingException.ThrowUnless(LearningRate > 0 && double.IsFinite(LearningRate), SpecFields.LearningRate, $"must be a positive finite number; got {LearningRate}.");
        InvalidSettingException.ThrowUnless(ClipNorm is null || (ClipNorm > 0 && double.IsFinite(ClipNorm.Value)), SpecFields.ClipNorm, $"must be a positive finite number; got {ClipNorm}.");
        InvalidSettingException.ThrowUnless(Enum.IsDefined(LossWeighting), SpecFields.LossWeighting, $"unknown value {LossWeighting}; allowed: uniform, increasing.");
        InvalidSettingException.ThrowUnless(Validation is null || Validation.Every is >= 1 and <= MaxIterations, SpecFields.ValidationEvery, $"must be between 1 and {MaxIterations}; got {Validation?.Every}.");
        InvalidSettingException.ThrowUnless(Validation is null || Validation.Problems is >= 1 and <= MaxValidationProblems, SpecFields.ValidationProblems, $"must be between 1 and {MaxValidationProblems}; got {Validation?.Problems}.");
        InvalidSettingException.ThrowUnless(
            !HiddenSizes.IsDefault && HiddenSizes.Length <= MaxLayers && HiddenSizes.All(size => size is >= 1 and <= OptimizerArchitecture.MaxHiddenSize),
            SpecFields.HiddenSizes,
            $"needs at most {MaxLayers} layers of 1 to {OptimizerArchitecture.MaxHiddenSize} units each.");
        InvalidSettingException.ThrowUnless(ArchitectureKind is null || Enum.IsDefined(ArchitectureKind.Value), SpecFields.Architecture, $"unknown value {ArchitectureKind}; allowed: lstm, mlp.");
        InvalidSettingException.ThrowUnless(
            ArchitectureKind != OptimizerKind.Mlp || ParameterGroups.IsDefaultOrEmpty,
            SpecFields.Architecture,
            "the MLP optimizer normalizes its inputs per problem and takes no parameter groups yet; use the LSTM for parameter groups.");
        InvalidSettingException.ThrowUnless(Enum.IsDefined(Preprocessing), SpecFields.Preprocessing, $"unknown value {Preprocessing}; allowed: {string.Join(", ", GradientPreprocessing.KindNames.Select(entry => entry.Name))}.");
        InvalidSettingException.ThrowUnless(PreprocessingExponent > 0 && double.IsFinite(PreprocessingExponent), SpecFields.PreprocessingExponent, $"must be a positive finite number; got {PreprocessingExponent}.");
        InvalidSettingException.ThrowUnless(OutputScale > 0 && double.IsFinite(OutputScale), SpecFields.OutputScale, $"must be a positive finite number; got {OutputScale}.");
        InvalidSettingException.ThrowUnless(Enum.IsDefined(Initialization), SpecFields.Initialization, $"unknown value {Initialization}; allowed: uniform, zeros.");
        InvalidSettingException.ThrowUnless(ProblemOptions is not null, SpecFields.ProblemOptions, "must be an object (it may be empty).");
        InvalidSettingException.ThrowUnless(
            !ParameterGroups.IsDefault
            && ParameterGroups.All(group => group is not null && !string.IsNullOrWhiteSpace(group.Name) && !group.Segments.IsDefaultOrEmpty && group.Segments.All(prefix => !string.IsNullOrEmpty(prefix)))
            && ParameterGroups.Select(group => group.Name).Distinct(StringComparer.Ordinal).Count() == ParameterGroups.Length,
            SpecFields.ParameterGroups,
            "every group needs a unique name and at least one non-empty segment prefix.");
        UnrollSchedule?.Validate(Horizon);
        InvalidSettingException.ThrowUnless(
            (Mixture is null) != string.Equals(Problem, TaskMixture.ProblemName, StringComparison.OrdinalIgnoreCase),
            Mixture is null ? SpecFields.Mixture : SpecFields.Problem,
            Mixture is null ? $"problem {TaskMixture.ProblemName} needs a mixture of families." : $"a spec with a mixture trains on problem {TaskMixture.ProblemName}; got {Problem}.");
        Mixture?.Validate();
        Augmentation?.Validate();
        Estimator?.Validate(this);
        InvalidSettingException.ThrowUnless(FitsInOneArray(), SpecFields.HiddenSizes, $"the optimizer's networks would have more than {int.MaxValue} parameters.");
        InvalidSettingException.ThrowUnless(
            Estimator is null || ParameterCount <= EvolutionStrategy.MaxParameters,
            SpecFields.HiddenSizes,
            $"estimator {Estimator?.Name} perturbs at most {EvolutionStrategy.MaxParameters} parameters; these networks have {(Estimator is null ? 0 : ParameterCount)}.");
        return this;
    }

    private bool FitsInOneArray()
    {
        try
        {
            return ParameterCount > 0;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public bool Equals(MetaTrainingSpec? other) => other is not null && SpecJson.Serialize(this) == SpecJson.Serialize(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(SpecJson.Serialize(this));
}
