using System.Globalization;
using System.Text;
using System.Text.Json;
using L2LCluster.Client.Output;
using L2LCluster.Client.Plots;
using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Experiments;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Experiments;

/// <summary>
/// An experiment's results folder: results.md (one table per case and its figure), results.json (every number,
/// with the mean loss at every step) and one PNG and SVG figure per case.
/// </summary>
internal static class ExperimentReport
{
    public const string MarkdownFile = "results.md";
    public const string JsonFile = "results.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <returns>The markdown written.</returns>
    public static string Write(string folder, ExperimentDefinition definition, IReadOnlyList<ExperimentCaseResult> results, ExperimentRecord record)
    {
        foreach (var result in results)
        {
            LossCurvePlot.Save(
                $"{definition.Name}: {result.Case.Title}",
                [.. result.Evaluations.Select(evaluation => new LossCurveSeries(Label(evaluation), evaluation.Curves.MeanPerStep))],
                Path.Combine(folder, result.Case.Name));
        }

        var markdown = Markdown(definition, results, record);
        AtomicFile.Write(Path.Combine(folder, MarkdownFile), Encoding.UTF8.GetBytes(markdown));
        AtomicFile.Write(Path.Combine(folder, JsonFile), Encoding.UTF8.GetBytes(Json(definition, results, record)));
        return markdown;
    }

    /// <summary>One table: every optimizer's learning rate, final loss, log10 of it and the sum over the steps.</summary>
    public static string Table(IReadOnlyList<OptimizerEvaluation> evaluations)
    {
        var lines = new StringBuilder()
            .AppendLine("| optimizer | learning rate | final loss | log10 final loss | sum of losses |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var evaluation in evaluations)
        {
            var curves = evaluation.Curves;
            lines.AppendLine(CultureInfo.InvariantCulture, $"| {evaluation.Name} | {(evaluation.LearningRate is { } rate ? rate.ToString("G3", CultureInfo.InvariantCulture) : "-")} | {curves.FinalLoss:G4} | {curves.Log10FinalLoss:F3} | {curves.SumOverSteps:G4} |");
        }

        return lines.ToString();
    }

    private static string Markdown(ExperimentDefinition definition, IReadOnlyList<ExperimentCaseResult> results, ExperimentRecord record)
    {
        var comparison = definition.Comparison;
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Experiment {definition.Name}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{definition.Summary}. {comparison.Trials} held-out problems; baselines tuned on {comparison.TuningTrials} training problems per learning rate of {{{string.Join(", ", comparison.LearningRateGrid.Select(rate => rate.ToString("G3", CultureInfo.InvariantCulture)))}}} by {(comparison.TuneBy == TuningCriterion.FinalLoss ? "final loss" : "sum of losses")}.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Command: `{record.Command}`")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {record.Machine}; meta-training {Duration(record.Training)}, evaluation {Duration(record.Evaluation)}.")
            .AppendLine();
        foreach (var (label, file) in record.Optimizers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {label}: `{file}`");
        }

        foreach (var result in results)
        {
            text.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"## {result.Case.Title}")
                .AppendLine()
                .Append(Table(result.Evaluations))
                .AppendLine()
                .Append(Paired(result.Evaluations))
                .AppendLine(CultureInfo.InvariantCulture, $"![{result.Case.Title}]({result.Case.Name}.svg)");
        }

        return text.ToString();
    }

    private static string Json(ExperimentDefinition definition, IReadOnlyList<ExperimentCaseResult> results, ExperimentRecord record) =>
        JsonSerializer.Serialize(
            new
            {
                experiment = definition.Name,
                summary = definition.Summary,
                command = record.Command,
                machine = record.Machine,
                trainingSeconds = Math.Round(record.Training.TotalSeconds, 1),
                evaluationSeconds = Math.Round(record.Evaluation.TotalSeconds, 1),
                optimizers = record.Optimizers.Select(optimizer => new { label = optimizer.Label, file = optimizer.File }),
                trials = definition.Comparison.Trials,
                tuningTrials = definition.Comparison.TuningTrials,
                seed = definition.Comparison.Seed,
                cases = results.Select(result => new
                {
                    name = result.Case.Name,
                    title = result.Case.Title,
                    problem = result.Case.Problem,
                    steps = result.Case.Steps,
                    optimizers = result.Evaluations.Select(EvaluationJson.Describe),
                    paired = PairedComparison.AgainstBestBaselines(result.Evaluations).Select(PairedComparisonOutput.Describe),
                }),
            },
            Indented) + Environment.NewLine;

    private static string Paired(IReadOnlyList<OptimizerEvaluation> evaluations)
    {
        var text = PairedComparisonOutput.Text(PairedComparison.AgainstBestBaselines(evaluations));
        return text.Length == 0 ? text : text + Environment.NewLine;
    }

    private static string Label(OptimizerEvaluation evaluation) =>
        evaluation.LearningRate is { } rate ? string.Create(CultureInfo.InvariantCulture, $"{evaluation.Name} (lr {rate:G3})") : evaluation.Name;

    private static string Duration(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:F1} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F1} s");
}
