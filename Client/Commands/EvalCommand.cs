using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using L2LCluster.Client.Flags;
using L2LCluster.Client.Output;
using L2LCluster.Client.Plots;
using L2LCluster.Client.Progress;
using L2LCluster.Learning;
using L2LCluster.Learning.Baselines;
using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Commands;

/// <summary><c>l2l eval</c>: the learned optimizer against the tuned baselines on the same held-out problems.</summary>
internal sealed class EvalCommand
{
    private readonly ProblemFlags _problem = new();
    private readonly Option<string> _optimizer = new("--optimizer") { Description = "The optimizer file (a run's optimizer.l2lopt).", Required = true };
    private readonly Option<int?> _steps = new("--steps") { Description = "Optimization steps per run (100)." };
    private readonly Option<int?> _trials = new("--trials") { Description = "Held-out problems (128)." };
    private readonly Option<int?> _tuningTrials = new("--tuning-trials") { Description = "Training problems per learning rate of the baselines' grid search (128)." };
    private readonly Option<ulong?> _seed = new("--seed") { Description = "Seed of the held-out and tuning problems (2016)." };
    private readonly Option<string?> _baselines = new("--baselines") { Description = "Comma-separated: adam, rmsprop, sgd, nag (all); 'none' for none." };
    private readonly Option<string?> _tuneBy = new("--tune-by") { Description = "What the baselines' learning rate minimizes: final (loss) or sum (over the steps)." };
    private readonly Option<string?> _grid = new("--lr-grid") { Description = "The learning rates tried, comma-separated (1e-4 … 3 in half-decades)." };
    private readonly Option<string?> _format = new("--format") { Description = "table or json." };
    private readonly Option<string?> _plot = new("--plot") { Description = "Where the loss-curve plot goes: PATH.png and PATH.svg (a .png or .svg given is the same pair; default: loss-curves-<problem> beside the optimizer file); the folder must exist and neither file may; 'none' for no plot." };

    public Command Build()
    {
        var command = new Command("eval", "Compare a learned optimizer with SGD, NAG, RMSprop and Adam at their best learning rates on held-out problems.");
        command.Add(_optimizer);
        _problem.AddTo(command);
        foreach (var option in new Option[] { _steps, _trials, _tuningTrials, _seed, _baselines, _tuneBy, _grid, _format, _plot })
        {
            command.Add(option);
        }

        GlobalFlags.AddTo(command);
        var names = new SettingNames(
        [
            (_steps, nameof(ComparisonOptions.Steps)),
            (_trials, nameof(ComparisonOptions.Trials)),
            (_tuningTrials, nameof(ComparisonOptions.TuningTrials)),
            (_grid, nameof(ComparisonOptions.LearningRateGrid)),
            (_baselines, nameof(ComparisonOptions.Baselines)),
            (_optimizer, "optimizer"),
            (_problem.Problem, SpecFields.Problem),
            .. _problem.Fields.Select(field => (field.Option, field.Field)),
        ]);
        command.SetAction((result, _) => names.NamingAsync(() => Task.FromResult(Run(result))));
        return command;
    }

    private int Run(ParseResult result)
    {
        var json = ConsoleJson.IsJson(result.GetValue(_format), _format.Name);
        var defaults = new ComparisonOptions();
        var options = new ComparisonOptions
        {
            Steps = result.GetValue(_steps) ?? defaults.Steps,
            Trials = result.GetValue(_trials) ?? defaults.Trials,
            TuningTrials = result.GetValue(_tuningTrials) ?? defaults.TuningTrials,
            Seed = result.GetValue(_seed) ?? defaults.Seed,
            Baselines = result.GetValue(_baselines) is { } names ? ParseBaselines(names) : defaults.Baselines,
            TuneBy = result.GetValue(_tuneBy) switch
            {
                null or "final" => TuningCriterion.FinalLoss,
                "sum" => TuningCriterion.SumOverSteps,
                var other => throw new InvalidSettingException(_tuneBy.Name, $"unknown value '{other}'; allowed: final, sum."),
            },
            LearningRateGrid = result.GetValue(_grid) is { } grid ? FlagParsing.NumberList(grid, _grid.Name) : defaults.LearningRateGrid,
        }.Validate();

        var optimizerPath = result.GetValue(_optimizer)!;
        var file = OptimizerFile.Load(optimizerPath);
        var problemName = result.GetValue(_problem.Problem) ?? file.Info.Problem;
        var plotPath = result.GetValue(_plot) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(optimizerPath))!, $"loss-curves-{problemName}");
        var plot = plotPath == "none" ? null : PlotTarget.Resolve(plotPath, _plot.Name);
        var (evaluationFamily, tuningFamily) = Families(result, file, optimizerPath, problemName);
        var device = GlobalFlags.ConfigureTorch(result);
        NativeHeap.CollectBetweenStepsOnThisThreadOnly();
        var evaluations = EvaluationProgressDisplay.Show($"eval {problemName}", json, progress =>
            OptimizerComparison.Run(file.Model, evaluationFamily, tuningFamily, options, device, new EvaluationProgressCounter(EvaluationProgressCounter.WorkOf(1, options), progress)));
        Console.Write(json ? ToJson(evaluations) : ToTable(evaluations, problemName, options));
        if (plot is not null)
        {
            var (png, svg) = LossCurvePlot.Save(
                string.Create(CultureInfo.InvariantCulture, $"{problemName}: mean loss over {options.Trials} held-out problems"),
                [.. evaluations.Select(evaluation => new LossCurveSeries(Label(evaluation), evaluation.Curves.MeanPerStep))],
                plot);
            // On stderr with json, so standard output stays one JSON document.
            (json ? Console.Error : Console.Out).WriteLine($"Loss curves plotted to {png} and {svg}.");
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// The held-out problems' family (test split) and the tuning problems' (train split). A run trained on a mixture is
    /// evaluated on the mixture its file's training spec holds, each component with the problem flags given here.
    /// </summary>
    private (IProblemFamily Evaluation, IProblemFamily Tuning) Families(ParseResult result, OptimizerFileContents file, string optimizerPath, string problemName)
    {
        if (!string.Equals(problemName, TaskMixture.ProblemName, StringComparison.OrdinalIgnoreCase))
        {
            return (ProblemCatalog.Default.Create(problemName, _problem.Read(result, DataSplit.Test)), ProblemCatalog.Default.Create(problemName, _problem.Read(result, DataSplit.Train)));
        }

        var mixture = (string.IsNullOrWhiteSpace(file.Info.TrainingSpec) ? null : SpecJson.Parse(file.Info.TrainingSpec, optimizerPath).Mixture)
            ?? throw new InvalidSettingException(_problem.Problem.Name, $"problem {TaskMixture.ProblemName} is the mixture a run was trained on, and {optimizerPath} was not trained on one; give a family: {string.Join(", ", ProblemCatalog.Default.Names.Order(StringComparer.Ordinal))}.");
        return (new MixtureFamily(mixture, _problem.Read(result, DataSplit.Test), ProblemCatalog.Default), new MixtureFamily(mixture, _problem.Read(result, DataSplit.Train), ProblemCatalog.Default));
    }

    private static string Label(OptimizerEvaluation evaluation) =>
        evaluation.LearningRate is { } rate ? string.Create(CultureInfo.InvariantCulture, $"{evaluation.Name} (lr {rate:G3})") : evaluation.Name;

    private static IReadOnlyList<BaselineKind> ParseBaselines(string names) =>
        names.Trim() == "none" ? [] : [.. names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(BaselineOptimizer.ParseKind)];

    private static string ToTable(IReadOnlyList<OptimizerEvaluation> evaluations, string problem, ComparisonOptions options)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{problem}: {options.Trials} held-out problems, {options.Steps} steps; baselines tuned on {options.TuningTrials} training problems by {(options.TuneBy == TuningCriterion.FinalLoss ? "final loss" : "sum of losses")}."),
            $"{"optimizer",-10} {"lr",8} {"final loss",12} {"log10 final",12} {"sum of losses",14}",
        };
        lines.AddRange(evaluations.Select(evaluation => string.Create(CultureInfo.InvariantCulture,
            $"{evaluation.Name,-10} {(evaluation.LearningRate is { } rate ? rate.ToString("G3", CultureInfo.InvariantCulture) : "-"),8} {evaluation.Curves.FinalLoss,12:G5} {evaluation.Curves.Log10FinalLoss,12:F3} {evaluation.Curves.SumOverSteps,14:G6}")));
        return string.Join(Environment.NewLine, lines) + Environment.NewLine + PairedComparisonOutput.Text(PairedComparison.AgainstBestBaselines(evaluations));
    }

    private static string ToJson(IReadOnlyList<OptimizerEvaluation> evaluations) =>
        JsonSerializer.Serialize(evaluations.Select(EvaluationJson.Describe), new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
}
