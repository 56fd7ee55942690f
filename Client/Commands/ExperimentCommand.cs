using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using L2LCluster.Client.Engines;
using L2LCluster.Client.Experiments;
using L2LCluster.Client.Flags;
using L2LCluster.Client.Progress;
using L2LCluster.Learning;
using L2LCluster.Learning.Experiments;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using TorchSharp;

namespace L2LCluster.Client.Commands;

/// <summary>
/// <c>l2l experiment NAME</c>: one of the paper's experiments end to end. It meta-trains the experiment's
/// optimizers (as <c>train</c> does, on the same engines) unless --optimizer gives them, compares them with the
/// tuned baselines on held-out problems and writes the results folder.
/// </summary>
internal sealed class ExperimentCommand
{
    private readonly Argument<string> _name = new("name") { Description = $"The experiment: {string.Join(", ", ExperimentCatalog.Names)}." };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Results folder to create (default: results/<name>)." };
    private readonly Option<string?> _data = new("--data") { Description = "mnist, transfer: folder of MNIST-format IDX files (default: Fashion-MNIST from the Debian package); cifar: folder of CIFAR-10 binary files; neural-art: folder of content photographs (default: opencv-doc's)." };
    private readonly Option<string[]> _optimizers = new("--optimizer") { Description = "Use these trained optimizer files (one per learned optimizer of the experiment, in order) instead of meta-training.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<int?> _iterations = new("--iterations", "-n") { Description = "Meta-iterations of every optimizer trained (default: the experiment's)." };
    private readonly Option<int?> _trials = new("--trials") { Description = "Held-out problems per comparison (128)." };
    private readonly Option<int?> _tuningTrials = new("--tuning-trials") { Description = "Training problems per learning rate of the baselines' grid search (128)." };
    private readonly EngineFlags _engine = new();

    public Command Build()
    {
        var command = new Command("experiment", "Run one of the paper's experiments: meta-train, compare with the tuned baselines on held-out problems, write tables (markdown, JSON) and figures (PNG, SVG).");
        command.Add(_name);
        foreach (var option in new Option[] { _out, _data, _optimizers, _iterations, _trials, _tuningTrials })
        {
            command.Add(option);
        }

        _engine.AddTo(command);
        var names = new SettingNames([(_data, SpecFields.DataDirectory), .. _engine.Fields]);
        command.SetAction((result, cancellation) => names.NamingAsync(() => RunAsync(result, cancellation)));
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var definition = ExperimentCatalog.Create(result.GetValue(_name)!, new ExperimentSettings
        {
            DataDirectory = result.GetValue(_data),
            Iterations = result.GetValue(_iterations),
            Trials = result.GetValue(_trials),
            TuningTrials = result.GetValue(_tuningTrials),
        });
        var given = result.GetValue(_optimizers) ?? [];
        InvalidSettingException.ThrowUnless(
            given.Length == 0 || given.Length == definition.Optimizers.Count,
            "--optimizer",
            $"experiment {definition.Name} compares {definition.Optimizers.Count} learned optimizer(s) ({string.Join(", ", definition.Optimizers.Select(optimizer => optimizer.Label))}); give that many files or none; got {given.Length}.");
        _engine.ReadEngine(result);
        var families = definition.Optimizers.Select(optimizer => ProblemCatalog.Default.For(optimizer.Spec)).ToArray();
        var outPath = RunFolder.New(result.GetValue(_out) ?? Path.Combine("results", definition.Name), _out.Name).Path;
        var device = GlobalFlags.ConfigureTorch(result);

        // Every data file the cases read is checked before the long meta-training starts.
        foreach (var experimentCase in definition.Cases)
        {
            ProblemCatalog.Default.Create(experimentCase.Problem, experimentCase.Options with { Split = DataSplit.Test }).Sample(ProblemSets.HeldOut(0, 1), device).Dispose();
        }

        var clock = Stopwatch.StartNew();
        var files = new List<(string Label, string File)>();
        for (var index = 0; index < definition.Optimizers.Count; index++)
        {
            var optimizer = definition.Optimizers[index];
            if (given.Length > 0)
            {
                files.Add((optimizer.Label, Path.GetFullPath(given[index])));
                continue;
            }

            var run = RunFolder.At(Path.Combine(outPath, "train-" + optimizer.Label.ToLowerInvariant()));
            var exitCode = await TrainingEngine.RunAsync(_engine, result, optimizer.Spec, families[index], run, runName: null, detach: false, cancellation);
            if (exitCode != ExitCodes.Success)
            {
                return exitCode;
            }

            files.Add((optimizer.Label, run.OptimizerPath));
        }

        // Training is over (an embedded cluster's executors with it): from here all tensor work is this thread's.
        NativeHeap.CollectBetweenStepsOnThisThreadOnly();
        var training = clock.Elapsed;
        var models = files.Select(file => OptimizerFile.Load(file.File).Model).ToArray();
        files = [.. files.Zip(definition.Optimizers.Zip(models, ExperimentRunner.Label), (file, label) => (label, file.File))];
        clock.Restart();
        Console.WriteLine($"Evaluating {string.Join(", ", files.Select(file => file.Label))} and the tuned baselines on {definition.Cases.Count} case(s)…");
        var results = EvaluationProgressDisplay.Show($"experiment {definition.Name}", json: false, progress => ExperimentRunner.Evaluate(definition, models, device, progress: progress));
        var record = new ExperimentRecord(
            "l2l " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            $"{RuntimeInformation.OSDescription.Trim()}, {Environment.ProcessorCount} cores, {torch.get_num_threads()} libtorch thread(s), {device.type.ToString().ToLowerInvariant()}",
            training,
            clock.Elapsed,
            files);
        Directory.CreateDirectory(outPath);
        Console.Write(ExperimentReport.Write(outPath, definition, results, record));
        Console.Write(NeuralArtGallery.Write(outPath, definition, results, models, device));
        Console.WriteLine($"Results written to {outPath}.");
        return ExitCodes.Success;
    }
}
