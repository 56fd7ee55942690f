using System.CommandLine;
using System.Globalization;
using L2LCluster.Client.Configuration;
using L2LCluster.Client.Engines;
using L2LCluster.Client.Flags;
using L2LCluster.Contracts;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Commands;

/// <summary><c>l2l train</c>: meta-trains a learned optimizer and writes a run folder.</summary>
/// <param name="environmentSource">The environment variable a flag's value came from, if it did (for error messages).</param>
internal sealed class TrainCommand(Func<Option, string?> environmentSource)
{
    private readonly ProblemFlags _problem = new();
    private readonly TrainFlags _spec = new();
    private readonly EngineFlags _engine = new();
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Run folder to create (default: runs/<problem>-<time>)." };
    private readonly Option<string?> _run = new("--run") { Description = "The run's name on the cluster (default: the run folder's name)." };
    private readonly Option<bool> _detach = new("--detach") { Description = "Submit the run and return; follow it with 'l2l status'." };
    private readonly Option<string?> _specFile = new("--spec") { Description = "A run-spec JSON file (what --dry-run prints; any field may be left out). Flags, then L2L_* variables, override it." };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print the resolved spec as JSON and start nothing." };

    public Command Build()
    {
        var command = new Command("train", "Meta-train a learned optimizer on a problem family: on an embedded single-machine cluster, a running cluster (--cluster) or the single-process reference trainer.");
        _problem.AddTo(command);
        _spec.AddTo(command);
        foreach (var option in new Option[] { _out, _run, _detach, _specFile, _dryRun })
        {
            command.Add(option);
        }

        _engine.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var specFile = result.GetValue(_specFile) is { } specPath ? SpecFile.Read(specPath) : SpecFile.None;
        return await NamingTheSourceAsync(result, specFile, async () =>
        {
            var (family, spec) = Resolve(result, specFile);
            if (result.GetValue(_dryRun))
            {
                Console.WriteLine(SpecJson.Serialize(spec));
                return ExitCodes.Success;
            }

            _engine.ReadEngine(result);
            var runName = result.GetValue(_run);
            var outPath = result.GetValue(_out)
                ?? Path.Combine("runs", runName ?? $"{family.Name}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            return await TrainingEngine.RunAsync(_engine, result, spec, family, RunFolder.New(outPath, _out.Name), runName, result.GetValue(_detach), cancellation);
        });
    }

    /// <summary>The spec: the family's defaults, then the --spec file's fields, then the environment and the flags.</summary>
    private (IProblemFamily Family, MetaTrainingSpec Spec) Resolve(ParseResult result, SpecFile specFile)
    {
        var problemName = result.GetValue(_problem.Problem) ?? specFile.Problem ?? (result.GetValue(_spec.Mixture) is null ? null : TaskMixture.ProblemName)
            ?? throw new InvalidSettingException(_problem.Problem.Name, $"is required ({string.Join(", ", ProblemCatalog.Default.Names.Order(StringComparer.Ordinal))}), or --mixture: give --problem, set L2L_PROBLEM or name it in the --spec file.");
        var problemOptions = _problem.Read(result, DataSplit.Train, specFile.ProblemOptions());

        // A mixture (from the file or --mixture) is known only once both are read; its first family gives the defaults.
        var probe = _spec.Apply(specFile.Overlay(new MetaTrainingSpec { Problem = problemName, ProblemOptions = problemOptions }), result);
        var defaults = probe.Mixture is { } mixture ? new MixtureFamily(mixture, problemOptions, ProblemCatalog.Default) : ProblemCatalog.Default.Create(problemName, problemOptions);
        var spec = _spec.Apply(specFile.Overlay(TrainingSpecs.ForFamily(defaults, problemOptions)), result).Validate();
        return (ProblemCatalog.Default.For(spec), spec);
    }

    /// <summary>
    /// A refused setting is named where its value came from: its flag, the environment variable that gave the flag,
    /// or the --spec file's field; so the user knows which one to fix. A refusal from a cluster is named the same way.
    /// </summary>
    private async Task<int> NamingTheSourceAsync(ParseResult result, SpecFile specFile, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (InvalidSettingException error)
        {
            throw Named(result, specFile, error);
        }
        catch (InvalidRunException error)
        {
            throw Named(result, specFile, error.ToSettingError());
        }
    }

    private InvalidSettingException Named(ParseResult result, SpecFile specFile, InvalidSettingException error)
    {
        var field = Fields().FirstOrDefault(entry => entry.Field == error.Setting || entry.Option.Name == error.Setting);
        if (field.Option is null)
        {
            return error;
        }

        if (result.GetResult(field.Option) is { Implicit: false })
        {
            return new InvalidSettingException(environmentSource(field.Option) ?? field.Option.Name, error.Reason);
        }

        return specFile.Sets(field.Field) ? new InvalidSettingException($"{specFile.Path}: {field.Field}", error.Reason) : new InvalidSettingException(field.Option.Name, error.Reason);
    }

    /// <summary>Every flag that sets a field of the run, with the field.</summary>
    private IEnumerable<(Option Option, string Field)> Fields() =>
    [
        (_problem.Problem, SpecFields.Problem),
        (_run, SpecFields.RunId),
        .. _spec.Fields.Select(field => (field.Option, field.Field)),
        .. _problem.Fields.Select(field => (field.Option, field.Field)),
        .. _engine.Fields,
    ];
}
