using System.CommandLine;
using System.Globalization;
using L2LCluster.Learning;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;

namespace L2LCluster.Client.Commands;

/// <summary><c>l2l train</c>: meta-trains a learned optimizer in this process and writes a run folder.</summary>
internal sealed class TrainCommand
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
    private readonly Option<string?> _init = new("--init") { Description = "Initial φ: uniform or zeros." };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Run folder to create (default: runs/<problem>-<time>)." };
    private readonly Option<string?> _run = new("--run") { Description = "The run's name on the cluster (default: the run folder's name)." };
    private readonly Option<bool> _detach = new("--detach") { Description = "Submit the run and return; follow it with 'l2l status'." };

    public Command Build()
    {
        var command = new Command("train", "Meta-train a learned optimizer on a problem family: on an embedded single-machine cluster, a running cluster (--cluster) or the single-process reference trainer.");
        _problem.AddTo(command);
        foreach (var option in new Option[] { _iterations, _unroll, _horizon, _batch, _learningRate, _clip, _seed, _secondOrder, _lossWeights, _hidden, _preprocess, _preprocessExponent, _outputScale, _init, _out, _run, _detach })
        {
            command.Add(option);
        }

        _engine.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var problemName = result.GetValue(_problem.Problem) ?? throw new InvalidSettingException("--problem", "is required (quadratic, mnist-mlp, cifar-conv or simple).");
        var problemOptions = _problem.Read(result, DataSplit.Train);
        var family = ProblemCatalog.Default.Create(problemName, problemOptions);
        var spec = ApplyOverrides(MetaTrainingSpec.ForFamily(family, problemOptions), result).Validate();
        _engine.ReadEngine(result);
        var runName = result.GetValue(_run);
        var outPath = result.GetValue(_out)
            ?? Path.Combine("runs", runName ?? $"{family.Name}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        return await _engine.RunAsync(result, spec, family, RunDirectory.RequireNew(outPath), runName, result.GetValue(_detach), cancellation);
    }

    private MetaTrainingSpec ApplyOverrides(MetaTrainingSpec spec, ParseResult result) => spec with
    {
        Iterations = result.GetValue(_iterations) ?? spec.Iterations,
        Unroll = result.GetValue(_unroll) ?? spec.Unroll,
        Horizon = result.GetValue(_horizon) ?? spec.Horizon,
        Problems = result.GetValue(_batch) ?? spec.Problems,
        LearningRate = result.GetValue(_learningRate) ?? spec.LearningRate,
        ClipNorm = result.GetValue(_clip) ?? spec.ClipNorm,
        Seed = result.GetValue(_seed) ?? spec.Seed,
        SecondOrder = result.GetValue(_secondOrder) || spec.SecondOrder,
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
    };
}
