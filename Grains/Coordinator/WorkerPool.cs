using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// The workers of one run, as its coordinator sees them: which live silos offer which devices, who holds which
/// problems in the current episode, the calls to them with their deadline, and the workers that leave.
/// </summary>
internal sealed partial class WorkerPool(IGrainFactory grains, RunSpec spec, ILogger logger)
{
    private List<WorkerAssignment> _assignments = [];

    public IReadOnlyList<WorkerAssignment> Assignments => _assignments;

    private TimeSpan Deadline => spec.WorkerDeadline;

    /// <summary>Splits the run's problems over every device of every live silo, for the next episode.</summary>
    public async Task<IReadOnlyList<WorkerAssignment>> DiscoverAsync(int problems)
    {
        _assignments = WorkerAssignment.Split(await DiscoverWorkersAsync(), problems);
        return _assignments;
    }

    /// <summary>Hands one worker its share of <paramref name="episode"/>; the reason it could not take it, if it could not.</summary>
    public async Task<(WorkerAssignment Assignment, string? Failure)> AssignEpisodeAsync(WorkerAssignment assignment, MetaTrainingSpec training, long episode)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var share = new EpisodeAssignment(spec.RunId, training, episode, assignment.FirstProblem, assignment.ProblemCount);
        return (assignment, await FailureOf(() => Worker(assignment).AssignAsync(share).WaitAsync(Deadline)));
    }

    /// <summary>One worker's unroll within the deadline: its gradient, or why there is none.</summary>
    public async Task<WorkerAnswer> UnrollAsync(WorkerAssignment assignment, UnrollRequest request)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        using var cancellation = new CancellationTokenSource(Deadline);
        WorkerGradient? gradient = null;
        var failure = await FailureOf(async () => gradient = await Worker(assignment).UnrollAsync(request, cancellation.Token).WaitAsync(Deadline));
        return new WorkerAnswer(assignment, gradient, failure);
    }

    /// <summary>The worker leaves the episode.</summary>
    public void Remove(WorkerAssignment assignment) => _assignments.Remove(assignment);

    /// <summary>Nobody holds problems any more: the next episode is assigned afresh.</summary>
    public void Clear() => _assignments = [];

    /// <summary>
    /// φ's validation loss from the first worker that answers, with who computed it; null if none could. A missed
    /// validation loses a candidate, never training.
    /// </summary>
    public async Task<(string Worker, double Loss)?> ValidateAsync(ValidationRequest request)
    {
        foreach (var assignment in _assignments.ToArray())
        {
            using var cancellation = new CancellationTokenSource(Deadline);
            try
            {
                return (assignment.WorkerKey, await Worker(assignment).ValidateAsync(request, cancellation.Token).WaitAsync(Deadline));
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogValidationFailed(spec.RunId.Value, assignment.WorkerKey, request.Iteration, error.Message);
            }
        }

        return null;
    }

    /// <summary>Frees what the workers hold for the run.</summary>
    public async Task ReleaseAsync()
    {
        foreach (var assignment in _assignments)
        {
            var failure = await FailureOf(() => Worker(assignment).ReleaseAsync(spec.RunId).WaitAsync(TimeSpan.FromSeconds(10)));
            if (failure is not null)
            {
                LogSkipped(assignment.WorkerKey, failure);
            }
        }

        _assignments = [];
    }

    /// <summary>
    /// The worker keys of every device of every active silo; a silo that does not answer is skipped, and none are found
    /// while the membership cannot be read (its store is out), so the run waits for workers instead of failing.
    /// </summary>
    private async Task<List<string>> DiscoverWorkersAsync()
    {
        Dictionary<SiloAddress, SiloStatus> hosts;
        try
        {
            hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Deadline);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogMembershipUnreadable(spec.RunId.Value, error.Message);
            return [];
        }

        var workers = new List<string>();
        foreach (var host in hosts.Keys)
        {
            try
            {
                var devices = await grains.GetGrain<ISiloDevicesGrain>(host.ToParsableString()).GetDevicesAsync().WaitAsync(Deadline);
                workers.AddRange(devices.Select(device => device.WorkerKey));
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogSkipped(host.ToParsableString(), error.Message);
            }
        }

        return workers;
    }

    private IWorkerGrain Worker(WorkerAssignment assignment) => grains.GetGrain<IWorkerGrain>(assignment.WorkerKey);

    /// <summary>Why a call to a worker failed, in words for the run's status; null if it did not.</summary>
    private async Task<string?> FailureOf(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException)
        {
            return $"missed its deadline of {Deadline.TotalSeconds:F0} s";
        }
        catch (SiloUnavailableException)
        {
            return "its silo is gone";
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return error.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the cluster's membership cannot be read, so no workers are known until it can: {Reason}")]
    private partial void LogMembershipUnreadable(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Target}: {Reason}")]
    private partial void LogSkipped(string target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: worker {Worker} could not validate iteration {Iteration}: {Reason}")]
    private partial void LogValidationFailed(string runId, string worker, int iteration, string reason);
}
