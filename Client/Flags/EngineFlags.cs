using System.CommandLine;
using L2LCluster.Client.Progress;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Client.Flags;

/// <summary>
/// Where a meta-training runs (the embedded cluster, a running one given by --cluster, or the single-process
/// reference trainer), how a cluster runs it (the run's settings around its spec) and how it is followed.
/// </summary>
internal sealed class EngineFlags
{
    public const string Embedded = "embedded";

    public const string SingleProcess = "single-process";

    public Option<int?> ReportEvery { get; } = new("--report-every") { Description = "Print progress every N iterations (default: about every 2 s)." };

    public Option<string> Engine { get; } = new("--engine") { Description = "embedded (a single-machine cluster in this process) or single-process (the reference trainer).", DefaultValueFactory = _ => Embedded };

    public Option<int> CheckpointEvery { get; } = new("--checkpoint-every") { Description = "Checkpoint every K iterations (a failure loses at most K).", DefaultValueFactory = _ => 50 };

    public Option<double> WorkerDeadline { get; } = new("--worker-deadline") { Description = "Seconds a worker's unroll may take before it is dropped from the iteration.", DefaultValueFactory = _ => 600 };

    public Option<bool> Asynchronous { get; } = new("--async") { Description = "Asynchronous training: workers never wait for the slowest; gradients older than --max-staleness φ versions are dropped." };

    public Option<int> MaxStaleness { get; } = new("--max-staleness") { Description = "With --async: how many φ versions a gradient may lag and still be applied.", DefaultValueFactory = _ => 2 };

    public Option<int> GradientsPerUpdate { get; } = new("--gradients-per-update") { Description = "With --async: gradients averaged into one Adam step (0: one per worker).", DefaultValueFactory = _ => 0 };

    /// <summary>The run settings' fields these flags set, for naming a refused one by its flag.</summary>
    public IEnumerable<(Option Option, string Field)> Fields =>
        [(CheckpointEvery, SpecFields.CheckpointEvery), (WorkerDeadline, SpecFields.WorkerDeadline), (MaxStaleness, SpecFields.MaxStaleness), (GradientsPerUpdate, SpecFields.GradientsPerUpdate)];

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { ReportEvery, Engine, CheckpointEvery, WorkerDeadline, Asynchronous, MaxStaleness, GradientsPerUpdate })
        {
            command.Add(option);
        }

        GlobalFlags.AddTo(command);
        ClusterFlags.AddTo(command);
        command.Add(RunProgressDisplay.Plain);
    }

    /// <summary>The engine; an unknown one is refused before anything is written.</summary>
    public string ReadEngine(ParseResult result)
    {
        var engine = result.GetValue(Engine);
        return engine is Embedded or SingleProcess
            ? engine
            : throw new InvalidSettingException(Engine.Name, $"unknown value '{engine}'; allowed: {Embedded}, {SingleProcess}.");
    }

    /// <summary>The run as a cluster is to train it, checked.</summary>
    public RunSpec Run(ParseResult result, RunId runId, MetaTrainingSpec training, byte[]? initialPhi)
    {
        var deadline = result.GetValue(WorkerDeadline);
        InvalidSettingException.ThrowUnless(
            double.IsFinite(deadline) && deadline > 0 && deadline <= RunSpec.MaxWorkerDeadline.TotalSeconds,
            SpecFields.WorkerDeadline,
            $"must be more than 0 and at most {RunSpec.MaxWorkerDeadline.TotalSeconds} seconds; got {deadline} s.");
        return new RunSpec(
            runId,
            training,
            result.GetValue(CheckpointEvery),
            TimeSpan.FromSeconds(deadline),
            result.GetValue(Asynchronous) ? new AsynchronousMode(result.GetValue(MaxStaleness), result.GetValue(GradientsPerUpdate)) : null,
            initialPhi).Validate();
    }
}
