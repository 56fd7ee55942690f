using System.Globalization;
using System.Text;
using L2LCluster.Learning.Baselines;
using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Vision;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Experiments;

/// <summary>
/// The images of an experiment's neural-art cases, as the paper's figure shows them: for the first held-out problem of
/// each case its content and style images and the image every optimizer of the comparison (the learned ones, and each
/// baseline at its tuned learning rate) reaches after the case's steps, as PNG files, one strip of them all side by side
/// and <see cref="MarkdownFile"/> with a table of them and each image's final loss.
/// </summary>
public static class NeuralArtGallery
{
    public const string MarkdownFile = "images.md";

    private const int Gap = 4;

    /// <returns>The markdown written, empty when no case is neural art.</returns>
    public static string Write(string folder, ExperimentDefinition definition, IReadOnlyList<ExperimentCaseResult> results, IReadOnlyList<LearnedOptimizerModel> models, Device device)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(models);
        var text = new StringBuilder();
        foreach (var result in results.Where(result => result.Case.Problem == NeuralArtProblems.FamilyName))
        {
            var family = new NeuralArtProblems(result.Case.Options with { Split = DataSplit.Test });
            var seed = ProblemSets.HeldOut(definition.Comparison.Seed, 1)[0];
            var panels = new List<(string Label, RgbImage Image, double? Loss)> { ("content", family.Draw(seed), null), ("style", family.StyleImage, null) };
            foreach (var evaluation in result.Evaluations)
            {
                var optimizer = Factory(evaluation, definition, models);
                RgbImage? image = null;
                var curves = OptimizationRun.Run(family, [seed], optimizer, result.Case.Steps, device, finalParameters: theta =>
                    image = RgbImage.FromValues(theta.cpu().data<float>().ToArray(), family.Size, family.Size));
                panels.Add((Label(evaluation), image!, curves.FinalLoss));
            }

            text.Append(Section(folder, result.Case, panels));
        }

        if (text.Length > 0)
        {
            AtomicFile.Write(Path.Combine(folder, MarkdownFile), Encoding.UTF8.GetBytes($"# {definition.Name}: the images{Environment.NewLine}{text}"));
        }

        return text.ToString();
    }

    private static IOptimizerFactory Factory(OptimizerEvaluation evaluation, ExperimentDefinition definition, IReadOnlyList<LearnedOptimizerModel> models)
    {
        if (evaluation.LearningRate is { } rate)
        {
            return new BaselineOptimizer(Enum.GetValues<BaselineKind>().Single(kind => new BaselineOptimizer(kind, rate).Name == evaluation.Name), rate);
        }

        var index = definition.Optimizers.Select(optimizer => optimizer.Label).ToList().IndexOf(evaluation.Name);
        return new LearnedOptimizerFactory(models[index], evaluation.Name);
    }

    private static string Section(string folder, ExperimentCase experimentCase, IReadOnlyList<(string Label, RgbImage Image, double? Loss)> panels)
    {
        var files = panels.Select(panel => $"{experimentCase.Name}-{FileSafe(panel.Label)}.png").ToArray();
        foreach (var (panel, file) in panels.Zip(files))
        {
            panel.Image.SavePng(Path.Combine(folder, file));
        }

        Strip([.. panels.Select(panel => panel.Image)]).SavePng(Path.Combine(folder, $"{experimentCase.Name}-images.png"));
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"## {experimentCase.Title}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"The first held-out problem, after {experimentCase.Steps} steps of each optimizer (left to right: {string.Join(", ", panels.Select(panel => panel.Label))}).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"![{experimentCase.Title}]({experimentCase.Name}-images.png)")
            .AppendLine()
            .AppendLine("| image | final loss |")
            .AppendLine("| --- | ---: |");
        foreach (var (panel, file) in panels.Zip(files))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| [{panel.Label}]({file}) | {(panel.Loss is { } loss ? loss.ToString("G4", CultureInfo.InvariantCulture) : "-")} |");
        }

        return text.ToString();
    }

    /// <summary>The images side by side on white, <see cref="Gap"/> pixels apart.</summary>
    private static RgbImage Strip(IReadOnlyList<RgbImage> images)
    {
        var side = images[0].Height;
        var width = images.Count * side + (images.Count - 1) * Gap;
        var pixels = new float[3 * width * side];
        Array.Fill(pixels, 1f);
        for (var index = 0; index < images.Count; index++)
        {
            var image = images[index];
            for (var channel = 0; channel < 3; channel++)
            {
                for (var y = 0; y < side; y++)
                {
                    image.Pixels.AsSpan((channel * side + y) * side, side).CopyTo(pixels.AsSpan((channel * side + y) * width + index * (side + Gap), side));
                }
            }
        }

        return new RgbImage(width, side, pixels);
    }

    private static string Label(OptimizerEvaluation evaluation) =>
        evaluation.LearningRate is { } rate ? string.Create(CultureInfo.InvariantCulture, $"{evaluation.Name} (lr {rate:G3})") : evaluation.Name;

    private static string FileSafe(string label) => new([.. label.ToLowerInvariant().TakeWhile(character => character != ' ').Where(char.IsLetterOrDigit)]);
}
