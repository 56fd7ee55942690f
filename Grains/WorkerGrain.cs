using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Placement;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains;

/// <summary>
/// Owns one device of its silo. For each run it keeps a <see cref="TruncatedUnroller"/> over its share of the
/// problems across truncations; all tensor work runs on the device's executor thread. When the coordinator hands
/// it other problems or a new episode, it starts them fresh; it refuses to continue an episode it did not start.
/// </summary>
[SiloBoundPlacement]
[KeepAlive]
public sealed class WorkerGrain(SiloDevices devices) : Grain, IWorkerGrain
{
    private readonly Dictionary<string, TruncatedUnroller> _unrollers = [];
    private ComputeDevice? _device;

    private ComputeDevice Device => _device ?? throw new InvalidOperationException("The worker is not activated.");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _device = devices.Get(WorkerKeys.DeviceOf(this.GetPrimaryKeyString()));
        return Task.CompletedTask;
    }

    public async Task<WorkerGradient> UnrollAsync(UnrollRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var device = Device;
        var worker = this.GetPrimaryKeyString();
        using var span = L2LTelemetry.Source.StartActivity(L2LTelemetry.UnrollSpan)?
            .SetTag(TelemetryTags.RunId, request.RunId)
            .SetTag(TelemetryTags.Iteration, request.Iteration)
            .SetTag(TelemetryTags.PhiVersion, request.PhiVersion)
            .SetTag(TelemetryTags.Worker, worker)
            .SetTag(TelemetryTags.Device, device.Info.Description)
            .SetTag(TelemetryTags.Problems, request.ProblemCount);
        var phi = FloatPayload.ToFloats(request.Phi);
        // Taken out while the device works on it: if the work fails, the half-advanced problems are not reused.
        _unrollers.Remove(request.RunId, out var current);
        var clock = Stopwatch.StartNew();
        var (unroller, gradient) = await device.Executor.RunAsync(() => Unroll(current, request, phi, device), cancellationToken);
        _unrollers[request.RunId] = unroller;
        span?.SetTag(TelemetryTags.Steps, gradient.Steps).SetTag(TelemetryTags.Loss, gradient.MetaLoss);
        RunMetrics.UnrollDuration.Record(
            clock.Elapsed.TotalSeconds,
            new(TelemetryTags.RunId, request.RunId),
            new(TelemetryTags.Worker, worker),
            new(TelemetryTags.Device, device.Info.Description));
        return new WorkerGradient(
            worker,
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
            .SetTag(TelemetryTags.RunId, request.RunId)
            .SetTag(TelemetryTags.Iteration, request.Iteration)
            .SetTag(TelemetryTags.Worker, this.GetPrimaryKeyString())
            .SetTag(TelemetryTags.Device, device.Info.Description);
        var phi = FloatPayload.ToFloats(request.Phi);
        var loss = await device.Executor.RunAsync(
            () =>
            {
                var (spec, family) = RunProblems(request.TrainingSpecJson);
                return OptimizerValidation.FinalLoss(spec, family, phi, device.TorchDevice, cancellationToken);
            },
            cancellationToken);
        span?.SetTag(TelemetryTags.Loss, loss);
        return loss;
    }

    public async Task ReleaseAsync(string runId)
    {
        if (_unrollers.Remove(runId, out var unroller))
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
        foreach (var runId in _unrollers.Keys.ToArray())
        {
            await ReleaseAsync(runId);
        }
    }

    /// <summary>Runs on the device thread.</summary>
    private static (TruncatedUnroller Unroller, MetaGradient Gradient) Unroll(TruncatedUnroller? current, UnrollRequest request, float[] phi, ComputeDevice device)
    {
        var unroller = current;
        var inStep = unroller is not null
            && unroller.FirstProblem == request.FirstProblem
            && unroller.ProblemCount == request.ProblemCount
            && unroller.Position == (request.Episode, request.StepInHorizon);
        if (!inStep)
        {
            if (request.StepInHorizon != 0)
            {
                throw new InvalidOperationException($"This worker holds no problems at step {request.StepInHorizon} of episode {request.Episode}; it can join at the next episode.");
            }

            unroller?.Dispose();
            var (spec, family) = RunProblems(request.TrainingSpecJson);
            unroller = new TruncatedUnroller(spec, family, device.TorchDevice, request.FirstProblem, request.ProblemCount, request.Episode);
        }

        return (unroller!, unroller!.Unroll(phi));
    }

    /// <summary>The run's spec and problem family, from the spec every request carries.</summary>
    private static (MetaTrainingSpec Spec, IProblemFamily Family) RunProblems(string trainingSpecJson)
    {
        var spec = MetaTrainingSpecJson.Deserialize(trainingSpecJson, "the run's spec").Validate();
        return (spec, ProblemCatalog.Default.Create(spec.Problem, spec.ProblemOptions));
    }
}
