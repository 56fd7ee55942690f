using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Grains.Coordinator;
using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Placement;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains.Workers;

/// <summary>
/// Owns one device of its silo. For each run it holds the share of the current episode's problems its coordinator
/// assigned it and, once they are sampled, a <see cref="TruncatedUnroller"/> that keeps them across truncations; all
/// tensor work runs on the device's executor thread. It refuses work for an episode or a step it does not hold.
/// </summary>
[SiloBoundPlacement]
[KeepAlive]
public sealed class WorkerGrain(SiloDevices devices, ProblemCatalog problems) : Grain, IWorkerGrain
{
    private readonly Dictionary<RunId, RunShare> _runs = [];
    private ComputeDevice? _device;

    private ComputeDevice Device => _device ?? throw new InvalidOperationException("The worker is not activated.");

    private string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _device = devices.Get(WorkerKeys.DeviceOf(Key));
        return Task.CompletedTask;
    }

    public async Task AssignAsync(EpisodeAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var family = problems.For(assignment.Training);
        await ReleaseAsync(assignment.RunId);
        _runs[assignment.RunId] = new RunShare(assignment, family, null);
    }

    public async Task<WorkerGradient> UnrollAsync(UnrollRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var device = Device;
        var share = _runs.GetValueOrDefault(request.RunId) is { } held && held.Assignment.Episode == request.Episode
            ? held
            : throw new InvalidOperationException($"This worker holds no problems of episode {request.Episode} of run {request.RunId}; it can join at the next episode.");
        using var span = L2LTelemetry.Source.StartActivity(L2LTelemetry.UnrollSpan)?
            .SetTag(TelemetryTags.RunId, request.RunId.Value)
            .SetTag(TelemetryTags.Iteration, request.Iteration)
            .SetTag(TelemetryTags.PhiVersion, request.PhiVersion)
            .SetTag(TelemetryTags.Worker, Key)
            .SetTag(TelemetryTags.Device, device.Info.Description)
            .SetTag(TelemetryTags.Problems, share.Assignment.ProblemCount);
        var phi = FloatPayload.ToFloats(request.Phi);
        // Taken out while the device works on it: if the work fails, the half-advanced problems are not reused.
        _runs[request.RunId] = share with { Unroller = null };
        var clock = Stopwatch.StartNew();
        var (unroller, gradient) = await device.Executor.RunAsync(() => Unroll(share, request, phi, device), cancellationToken);
        _runs[request.RunId] = share with { Unroller = unroller };
        span?.SetTag(TelemetryTags.Steps, gradient.Steps).SetTag(TelemetryTags.Loss, gradient.MetaLoss);
        RunMetrics.UnrollDuration.Record(
            clock.Elapsed.TotalSeconds,
            new(TelemetryTags.RunId, request.RunId.Value),
            new(TelemetryTags.Worker, Key),
            new(TelemetryTags.Device, device.Info.Description));
        return new WorkerGradient(
            Key,
            request.PhiVersion,
            FloatPayload.ToBytes(gradient.Gradient),
            gradient.MetaLoss,
            gradient.FinalLoss,
            gradient.ProblemCount,
            gradient.Steps,
            gradient.Coordinates,
            gradient.IsFinite,
            clock.Elapsed);
    }

    public async Task<double> ValidateAsync(ValidationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var device = Device;
        using var span = L2LTelemetry.Source.StartActivity(L2LTelemetry.ValidationSpan)?
            .SetTag(TelemetryTags.RunId, request.RunId.Value)
            .SetTag(TelemetryTags.Iteration, request.Iteration)
            .SetTag(TelemetryTags.Worker, Key)
            .SetTag(TelemetryTags.Device, device.Info.Description);
        var phi = FloatPayload.ToFloats(request.Phi);
        var family = problems.For(request.Training);
        var loss = await device.Executor.RunAsync(
            () => OptimizerValidation.FinalLoss(request.Training, family, phi, device.TorchDevice, cancellationToken),
            cancellationToken);
        span?.SetTag(TelemetryTags.Loss, loss);
        return loss;
    }

    public async Task ReleaseAsync(RunId runId)
    {
        if (_runs.Remove(runId, out var share) && share.Unroller is { } unroller)
        {
            await Device.Executor.RunAsync(() =>
            {
                unroller.Dispose();
                return true;
            });
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        foreach (var runId in _runs.Keys.ToArray())
        {
            await ReleaseAsync(runId);
        }
    }

    /// <summary>Runs on the device thread: the share's problems, sampled at the episode's first step, unrolled from where they stand.</summary>
    private static (TruncatedUnroller Unroller, MetaGradient Gradient) Unroll(RunShare share, UnrollRequest request, float[] phi, ComputeDevice device)
    {
        var assignment = share.Assignment;
        var unroller = share.Unroller;
        if (unroller is null)
        {
            if (request.StepInHorizon != 0)
            {
                throw new InvalidOperationException($"This worker holds no problems at step {request.StepInHorizon} of episode {request.Episode}; it can join at the next episode.");
            }

            unroller = new TruncatedUnroller(assignment.Training, share.Family, device.TorchDevice, assignment.FirstProblem, assignment.ProblemCount, assignment.Episode);
        }
        else if (unroller.Position != (request.Episode, request.StepInHorizon))
        {
            unroller.Dispose();
            throw new InvalidOperationException($"This worker's problems are at step {unroller.Position.StepInHorizon} of episode {unroller.Position.Episode}, not at step {request.StepInHorizon} of episode {request.Episode}.");
        }

        try
        {
            return (unroller, unroller.Unroll(phi));
        }
        catch
        {
            unroller.Dispose();
            throw;
        }
    }

    /// <summary>What the worker holds for one run: its assignment, the assignment's family and, once sampled, its problems.</summary>
    private sealed record RunShare(EpisodeAssignment Assignment, IProblemFamily Family, TruncatedUnroller? Unroller);
}
