using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Client.Flags;

/// <summary>
/// The flags of <c>train</c> that set the meta-training spec, each with its field and how it applies: the one table
/// the spec is resolved from and its errors are named by.
/// </summary>
internal sealed class TrainFlags
{
    private readonly Option<int?> _iterations = new("--iterations", "-n") { Description = "Meta-iterations (one truncated unroll and one Adam step each)." };
    private readonly Option<int?> _unroll = new("--unroll") { Description = "Optimizee steps per truncation (20)." };
    private readonly Option<int?> _horizon = new("--horizon") { Description = "Optimizee steps per sampled problem (100)." };
    private readonly Option<int?> _batch = new("--batch", "-b") { Description = "Problems per meta-iteration (quadratic: 128); with --estimator es or pes, problems of each perturbation." };
    private readonly Option<double?> _learningRate = new("--lr") { Description = "Adam's learning rate on the optimizer's weights." };
    private readonly Option<double?> _clip = new("--clip") { Description = "Clip the meta-gradient's L2 norm to this value (off by default)." };
    private readonly Option<ulong?> _seed = new("--seed") { Description = "Seed of φ's initialization and of every sampled problem (1)." };
    private readonly Option<bool> _secondOrder = new("--second-order") { Description = "Keep the optimizee gradients differentiable (the paper drops these terms)." };
    private readonly Option<string?> _lossWeights = new("--loss-weights") { Description = "Meta-loss weights over the steps: uniform (1) or increasing (t/horizon)." };
    private readonly Option<string?> _architecture = new("--architecture") { Description = "The learned optimizer's network: lstm (the paper's; the default) or mlp (a per-parameter MLP on momentum and second-moment features, Metz et al. 2022)." };
    private readonly Option<string?> _hidden = new("--hidden") { Description = "Hidden sizes, comma-separated: the LSTM's (20,20; 'none' for a linear optimizer) or, with --architecture mlp, the MLP's (32,32)." };
    private readonly Option<string?> _preprocess = new("--preprocess") { Description = "Gradient preprocessing: none, log-and-sign (the paper's) or rnnprop (Adam's normalized moments, Lv et al. 2017)." };
    private readonly Option<double?> _preprocessExponent = new("--preprocess-p") { Description = "p of log-and-sign preprocessing (the paper's 10, the official code's 5)." };
    private readonly Option<double?> _outputScale = new("--output-scale") { Description = "Multiplier of the LSTM's output." };
    private readonly Option<string?> _init = new("--init") { Description = "Initial φ: uniform or zeros." };
    private readonly Option<string?> _startFrom = new("--start-from") { Description = "Start φ from this trained optimizer file (same architecture) instead of a fresh --init: to go on from an earlier run with other settings." };
    private readonly Option<int?> _validateEvery = new("--validate-every") { Description = "Validate φ every K iterations and after the last, and keep the best (the official code's best-checkpoint selection; off by default)." };
    private readonly Option<string?> _estimator = new("--estimator") { Description = "How ∂L/∂φ is estimated: tbptt (backpropagation through the truncation, the paper's; the default), es (antithetic evolution strategies, forward only) or pes (persistent ES: unbiased over the whole episode)." };
    private readonly Option<int?> _perturbations = new("--perturbations") { Description = $"With --estimator es or pes: antithetic pairs φ ± ε per meta-iteration ({EvolutionStrategy.DefaultPerturbations})." };
    private readonly Option<double?> _sigma = new("--sigma") { Description = $"With --estimator es or pes: the standard deviation σ of ε ({EvolutionStrategy.DefaultSigma})." };
    private readonly Option<string?> _unrollSchedule = new("--unroll-schedule") { Description = "Episode lengths: constant (the horizon) or log-uniform:MIN:MAX (drawn per episode, MAX at most the horizon; cold particles start part way)." };
    private readonly Option<string?> _reparamScale = new("--reparam-scale") { Description = "Task augmentation: every problem's parameter tensors reparametrized θ = s ⊙ θ′, s log-uniform in MIN:MAX per tensor (e.g. 0.001:1000)." };
    private readonly Option<bool> _normalizeGradient = new("--normalize-gradient") { Description = "Task augmentation: the optimizer sees each problem's gradient divided by its L2 norm (learned_optimization's NormalizeTaskGradient)." };
    private readonly Option<int?> _validationProblems = new("--validation-problems") { Description = $"With --validate-every: validation problems, from the training data ({ValidationSchedule.DefaultProblems})." };

    public TrainFlags()
    {
        Fields =
        [
            FieldFlag<MetaTrainingSpec>.Of(_iterations, SpecFields.Iterations, (spec, value) => spec with { Iterations = value }),
            FieldFlag<MetaTrainingSpec>.Of(_unroll, SpecFields.Unroll, (spec, value) => spec with { Unroll = value }),
            FieldFlag<MetaTrainingSpec>.Of(_horizon, SpecFields.Horizon, (spec, value) => spec with { Horizon = value }),
            FieldFlag<MetaTrainingSpec>.Of(_batch, SpecFields.Problems, (spec, value) => spec with { Problems = value }),
            FieldFlag<MetaTrainingSpec>.Of(_learningRate, SpecFields.LearningRate, (spec, value) => spec with { LearningRate = value }),
            FieldFlag<MetaTrainingSpec>.Of(_clip, SpecFields.ClipNorm, (spec, value) => spec with { ClipNorm = value }),
            FieldFlag<MetaTrainingSpec>.Of(_seed, SpecFields.Seed, (spec, value) => spec with { Seed = value }),
            FieldFlag<MetaTrainingSpec>.Switch(_secondOrder, SpecFields.SecondOrder, (spec, value) => spec with { SecondOrder = value }),
            FieldFlag<MetaTrainingSpec>.Of(_lossWeights, SpecFields.LossWeighting, (spec, value) => spec with
            {
                LossWeighting = FlagParsing.Choice(value, _lossWeights.Name, ("uniform", MetaLossWeighting.Uniform), ("increasing", MetaLossWeighting.Increasing)),
            }),
            // Before --hidden, which may then replace the MLP's default widths.
            FieldFlag<MetaTrainingSpec>.Of(_architecture, SpecFields.Architecture, (spec, value) => FlagParsing.Choice(value, _architecture.Name, ("lstm", OptimizerKind.Lstm), ("mlp", OptimizerKind.Mlp)) == OptimizerKind.Mlp
                ? spec with { ArchitectureKind = OptimizerKind.Mlp, HiddenSizes = spec.ArchitectureKind == OptimizerKind.Mlp ? spec.HiddenSizes : OptimizerArchitecture.MlpHiddenSizes }
                : spec with { ArchitectureKind = null }),
            FieldFlag<MetaTrainingSpec>.Of(_hidden, SpecFields.HiddenSizes, (spec, value) => spec with { HiddenSizes = FlagParsing.IntegerList(value, _hidden.Name) }),
            FieldFlag<MetaTrainingSpec>.Of(_preprocess, SpecFields.Preprocessing, (spec, value) => spec with
            {
                Preprocessing = FlagParsing.Choice(value, _preprocess.Name, [.. GradientPreprocessing.KindNames]),
            }),
            FieldFlag<MetaTrainingSpec>.Of(_preprocessExponent, SpecFields.PreprocessingExponent, (spec, value) => spec with { PreprocessingExponent = value }),
            FieldFlag<MetaTrainingSpec>.Of(_outputScale, SpecFields.OutputScale, (spec, value) => spec with { OutputScale = value }),
            FieldFlag<MetaTrainingSpec>.Of(_init, SpecFields.Initialization, (spec, value) => spec with
            {
                Initialization = FlagParsing.Choice(value, _init.Name, ("uniform", ParameterInitialization.Uniform), ("zeros", ParameterInitialization.Zeros)),
            }),
            FieldFlag<MetaTrainingSpec>.Of(_startFrom, SpecFields.StartFrom, (spec, value) => spec with { StartFrom = StartingPoint.Of(value) }),
            new(_validateEvery, SpecFields.ValidationEvery, (spec, result) => spec with { Validation = Validation(spec.Validation, result.GetValue(_validateEvery), null) }),
            new(_validationProblems, SpecFields.ValidationProblems, (spec, result) => spec with { Validation = Validation(spec.Validation, null, result.GetValue(_validationProblems)) }),
            FieldFlag<MetaTrainingSpec>.Of(_estimator, SpecFields.Estimator, (spec, value) => spec with
            {
                Estimator = FlagParsing.Choice<EvolutionStrategyKind?>(value, _estimator.Name, ("tbptt", null), ("es", EvolutionStrategyKind.Truncated), ("pes", EvolutionStrategyKind.Persistent)) is { } kind
                    ? (spec.Estimator ?? new EvolutionStrategy(kind)) with { Kind = kind }
                    : null,
            }),
            FieldFlag<MetaTrainingSpec>.Of(_perturbations, SpecFields.Perturbations, (spec, value) => spec with { Estimator = Strategy(spec, _perturbations) with { Perturbations = value } }),
            FieldFlag<MetaTrainingSpec>.Of(_sigma, SpecFields.Sigma, (spec, value) => spec with { Estimator = Strategy(spec, _sigma) with { Sigma = value } }),
            FieldFlag<MetaTrainingSpec>.Of(_unrollSchedule, SpecFields.UnrollSchedule, (spec, value) => spec with { UnrollSchedule = Schedule(value) }),
            FieldFlag<MetaTrainingSpec>.Of(Mixture, SpecFields.Mixture, (spec, value) => spec with { Problem = TaskMixture.ProblemName, Mixture = ReadMixture(value) }),
            FieldFlag<MetaTrainingSpec>.Of(_reparamScale, SpecFields.ReparamScale, (spec, value) => spec with { Augmentation = (spec.Augmentation ?? new TaskAugmentation()) with { ReparamScale = FlagParsing.Range(value, _reparamScale.Name) } }),
            FieldFlag<MetaTrainingSpec>.Switch(_normalizeGradient, SpecFields.NormalizeGradient, (spec, value) => spec with { Augmentation = (spec.Augmentation ?? new TaskAugmentation()) with { NormalizeGradient = value ? true : null } }),
        ];
    }

    public IReadOnlyList<FieldFlag<MetaTrainingSpec>> Fields { get; }

    /// <summary>A JSON file of a task mixture: the run trains on problem mixture, drawn from it.</summary>
    public Option<string?> Mixture { get; } = new("--mixture") { Description = "A task-mixture JSON file ({\"components\": [{\"family\": \"mnist-mlp\", \"weight\": 1, \"hiddenWidth\": [10, 100], …}]}): each problem drawn from it (see README)." };

    public void AddTo(Command command)
    {
        foreach (var field in Fields)
        {
            command.Add(field.Option);
        }
    }

    /// <summary><paramref name="spec"/> with every setting the flags (or the environment) give.</summary>
    public MetaTrainingSpec Apply(MetaTrainingSpec spec, ParseResult result) => Fields.Aggregate(spec, (current, field) => field.Apply(current, result));

    /// <summary>The spec's evolution strategy, for a flag that sets one of its settings; without --estimator es or pes there is none to set.</summary>
    private EvolutionStrategy Strategy(MetaTrainingSpec spec, Option option) =>
        spec.Estimator ?? throw new InvalidSettingException(option.Name, $"needs {_estimator.Name} es or pes: truncated BPTT perturbs nothing.");

    /// <summary>"constant" or "log-uniform:MIN:MAX"; the ranges are the spec's to check.</summary>
    private TruncationSchedule? Schedule(string value)
    {
        var parts = value.Split(':', StringSplitOptions.TrimEntries);
        if (parts is ["constant"])
        {
            return null;
        }

        return parts is ["log-uniform", var low, var high] && int.TryParse(low, NumberStyles.Integer, CultureInfo.InvariantCulture, out var min) && int.TryParse(high, NumberStyles.Integer, CultureInfo.InvariantCulture, out var max)
            ? new TruncationSchedule(TruncationScheduleKind.LogUniform, min, max)
            : throw new InvalidSettingException(_unrollSchedule.Name, $"unknown value '{value}'; allowed: constant, log-uniform:MIN:MAX (whole numbers of steps).");
    }

    private TaskMixture ReadMixture(string path)
    {
        try
        {
            return SpecJson.ParseMixture(File.ReadAllText(path), path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException(Mixture.Name, $"cannot read '{path}': {error.Message}");
        }
    }

    private ValidationSchedule? Validation(ValidationSchedule? current, int? every, int? problems) => (current, every, problems) switch
    {
        (_, null, null) => current,
        (null, null, _) => throw new InvalidSettingException(_validationProblems.Name, $"needs {_validateEvery.Name}: without it nothing is validated."),
        (null, { } interval, _) => new ValidationSchedule(interval, problems ?? ValidationSchedule.DefaultProblems),
        ({ } schedule, _, _) => schedule with { Every = every ?? schedule.Every, Problems = problems ?? schedule.Problems },
    };
}
