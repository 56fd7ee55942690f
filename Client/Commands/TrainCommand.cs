using System.CommandLine;
using System.Globalization;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Configuration;
using L2LCluster.Client.Progress;
using L2LCluster.Contracts;
using L2LCluster.Learning;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;

namespace L2LCluster.Client.Commands;

/// <summary><c>l2l train</c>: meta-trains a learned optimizer in this process and writes a run folder.</summary>
/// <param name="environmentSource">The environment variable a flag's value came from, if it did (for error messages).</param>
internal sealed class TrainCommand(Func<Option, string?> environmentSource)
{
    private readonly ProblemFlags _problem = new();
    private readonly TrainingEngineFlags _engine = new();
    private readonly Option<int?> _iterations = new("--iterations", "-n") { Description = "Meta-iterations (one truncated unroll and one Adam step each)." };
    private readonly Option<int?> _unroll = new("--unroll") { Description = "Optimizee steps per truncation (20)." };
    private readonly Option<int?> _horizon = new("--horizon") { Description = "Optimizee steps per sampled problem (100)." };
    private readonly Option<int?> _batch = new("--batch", "-b") { Description = "Problems per meta-iteration (quadratic: 128)." };
    private readonly Option<double?> _learningRate = new("--lr") { Description = "Adam's learning rate on the optimizer's weights." };
    private readonly Option<double?> _clip = new("--clip") { Description = "Clip the meta-gradient's L2 norm to this value (off by default)." };
    private readonly Option<ulong?> _seed = new("--seed") { Description = "Seed of φ's initialization and of every sampled problem (1)." };
    private readonly Option<bool> _secondOrder = new("--second-order") { Description = "Keep the optimizee gradients differentiable (the paper drops these terms)." };
    private readonly Option<string?> _lossWeights = new("--loss-weights") { Description = "Meta-loss weights over the steps: uniform (1) or increasing (t/horizon)." };
    private readonly Option<string?> _hidden = new("--hidden") { Description = "LSTM hidden sizes, comma-separated (20,20); 'none' for a linear optimizer." };
    private readonly Option<string?> _preprocess = new("--preprocess") { Description = "Gradient preprocessing: none or log-and-sign." };
    private readonly Option<double?> _preprocessExponent = new("--preprocess-p") { Description = "p of log-and-sign preprocessing (the paper's 10, the official code's 5)." };
    private readonly Option<double?> _outputScale = new("--output-scale") { Description = "Multiplier of the LSTM's output." };
    private readonly Option<int?> _validateEvery = new("--validate-every") { Description = "Validate φ every K iterations and after the last, and keep the best (the official code's best-checkpoint selection; off by default)." };
    private readonly Option<int?> _validationProblems = new("--validation-problems") { Description = $"With --validate-every: validation problems, from the training data ({ValidationSchedule.DefaultProblems})." };
    private readonly Option<string?> _startFrom = new(StartingPoint.Flag) { Description = "Start φ from this trained optimizer file (same architecture) instead of a fresh --init: to go on from an earlier run with other settings." };
    private readonly Option<string?> _init = new("--init") { Description = "Initial φ: uniform or zeros." };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Run folder to create (default: runs/<problem>-<time>)." };
    private readonly Option<string?> _run = new("--run") { Description = "The run's name on the cluster (default: the run folder's name)." };
    private readonly Option<bool> _detach = new("--detach") { Description = "Submit the run and return; follow it with 'l2l status'." };
    private readonly Option<string?> _spec = new("--spec") { Description = "A run-spec JSON file (what --dry-run prints; any field may be left out). Flags, then L2L_* variables, override it." };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print the resolved spec as JSON and start nothing." };

    public Command Build()
    {
        var command = new Command("train", "Meta-train a learned optimizer on a problem family: on an embedded single-machine cluster, a running cluster (--cluster) or the single-process reference trainer.");
        _problem.AddTo(command);
        foreach (var option in new Option[] { _iterations, _unroll, _horizon, _batch, _learningRate, _clip, _seed, _secondOrder, _lossWeights, _hidden, _preprocess, _preprocessExponent, _outputScale, _init, _startFrom, _validateEvery, _validationProblems, _out, _run, _detach, _spec, _dryRun })
        {
            command.Add(option);
        }

        _engine.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var specFile = result.GetValue(_spec) is { } specPath ? SpecFile.Read(specPath) : SpecFile.None;
        var (family, spec) = NamingTheSource(result, specFile, () => Resolve(result, specFile));
        if (result.GetValue(_dryRun))
        {
            Console.WriteLine(MetaTrainingSpecJson.Serialize(spec));
            return ExitCodes.Success;
        }

        _engine.ReadEngine(result);
        var runName = result.GetValue(_run);
        var outPath = result.GetValue(_out)
            ?? Path.Combine("runs", runName ?? $"{family.Name}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        return await _engine.RunAsync(result, spec, family, RunDirectory.RequireNew(outPath), runName, result.GetValue(_detach), cancellation);
    }

    /// <summary>The spec: the family's defaults, then the --spec file's fields, then the environment and the flags.</summary>
    private (IProblemFamily Family, MetaTrainingSpec Spec) Resolve(ParseResult result, SpecFile specFile)
    {
        var problemName = result.GetValue(_problem.Problem) ?? specFile.Problem
            ?? throw new InvalidSettingException("--problem", "is required (quadratic, mnist-mlp, cifar-conv or simple): give --problem, set L2L_PROBLEM or name it in the --spec file.");
        var problemOptions = _problem.Read(result, DataSplit.Train, specFile.ProblemOptions());
        var family = ProblemCatalog.Default.Create(problemName, problemOptions);
        var spec = ApplyOverrides(specFile.Overlay(MetaTrainingSpec.ForFamily(family, problemOptions)), result).Validate();
        return (family, spec);
    }

    /// <summary>
    /// Settings are checked under their flag's name; a refused value that came from the environment or the spec file
    /// is named there instead, so the user knows which one to fix.
    /// </summary>
    private T NamingTheSource<T>(ParseResult result, SpecFile specFile, Func<T> resolve)
    {
        try
        {
            return resolve();
        }
        catch (InvalidSettingException error) when (SpecFields().FirstOrDefault(field => field.Option.Name == error.Setting) is { Option: not null } field)
        {
            if (result.GetResult(field.Option) is { Implicit: false })
            {
                throw environmentSource(field.Option) is { } variable ? new InvalidSettingException(variable, error.Reason) : error;
            }

            throw specFile.Sets(field.Json) ? new InvalidSettingException($"{specFile.Path}: {field.Json}", error.Reason) : error;
        }
    }

    /// <summary>Every flag that sets a spec field, with the field's JSON name.</summary>
    private IEnumerable<(Option Option, string Json)> SpecFields() =>
    [
        (_problem.Problem, "problem"), (_iterations, "iterations"), (_unroll, "unroll"), (_horizon, "horizon"), (_batch, "problems"),
        (_learningRate, "learningRate"), (_clip, "clipNorm"), (_seed, "seed"), (_secondOrder, "secondOrder"), (_lossWeights, "lossWeighting"),
        (_hidden, "hiddenSizes"), (_preprocess, "preprocessing"), (_preprocessExponent, "preprocessingExponent"), (_outputScale, "outputScale"),
        (_init, "initialization"), (_startFrom, "startFrom"), (_validateEvery, "validation.every"), (_validationProblems, "validation.problems"), (_problem.Data, "problemOptions.dataDirectory"), (_problem.Dimensions, "problemOptions.dimensions"),
        (_problem.Distribution, "problemOptions.distribution"), (_problem.HiddenUnits, "problemOptions.hiddenUnits"),
        (_problem.Activation, "problemOptions.activation"), (_problem.Minibatch, "problemOptions.minibatchSize"),
    ];

    private MetaTrainingSpec ApplyOverrides(MetaTrainingSpec spec, ParseResult result) => spec with
    {
        Iterations = result.GetValue(_iterations) ?? spec.Iterations,
        Unroll = result.GetValue(_unroll) ?? spec.Unroll,
        Horizon = result.GetValue(_horizon) ?? spec.Horizon,
        Problems = result.GetValue(_batch) ?? spec.Problems,
        LearningRate = result.GetValue(_learningRate) ?? spec.LearningRate,
        ClipNorm = result.GetValue(_clip) ?? spec.ClipNorm,
        Seed = result.GetValue(_seed) ?? spec.Seed,
        SecondOrder = result.GetResult(_secondOrder) is { Implicit: false } ? result.GetValue(_secondOrder) : spec.SecondOrder,
        LossWeighting = result.GetValue(_lossWeights) switch
        {
            null => spec.LossWeighting,
            "uniform" => MetaLossWeighting.Uniform,
            "increasing" => MetaLossWeighting.Increasing,
            var other => throw new InvalidSettingException("--loss-weights", $"unknown value '{other}'; allowed: uniform, increasing."),
        },
        HiddenSizes = result.GetValue(_hidden) is { } hidden ? FlagParsing.IntegerList(hidden, "--hidden") : spec.HiddenSizes,
        Preprocessing = result.GetValue(_preprocess) switch
        {
            null => spec.Preprocessing,
            "none" => PreprocessingKind.None,
            "log-and-sign" => PreprocessingKind.LogAndSign,
            var other => throw new InvalidSettingException("--preprocess", $"unknown value '{other}'; allowed: none, log-and-sign."),
        },
        PreprocessingExponent = result.GetValue(_preprocessExponent) ?? spec.PreprocessingExponent,
        OutputScale = result.GetValue(_outputScale) ?? spec.OutputScale,
        Initialization = result.GetValue(_init) switch
        {
            null => spec.Initialization,
            "uniform" => ParameterInitialization.Uniform,
            "zeros" => ParameterInitialization.Zeros,
            var other => throw new InvalidSettingException("--init", $"unknown value '{other}'; allowed: uniform, zeros."),
        },
        StartFrom = result.GetValue(_startFrom) is { } start ? StartingPoint.Of(start) : spec.StartFrom,
        Validation = Validation(spec.Validation, result.GetValue(_validateEvery), result.GetValue(_validationProblems)),
    };

    private static ValidationSchedule? Validation(ValidationSchedule? current, int? every, int? problems) => (current, every, problems) switch
    {
        (_, null, null) => current,
        (null, null, _) => throw new InvalidSettingException("--validation-problems", "needs --validate-every: without it nothing is validated."),
        (null, { } interval, _) => new ValidationSchedule(interval, problems ?? ValidationSchedule.DefaultProblems),
        ({ } schedule, _, _) => schedule with { Every = every ?? schedule.Every, Problems = problems ?? schedule.Problems },
    };
}
