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
    private readonly HashSet<string> _particleHolders = new(StringComparer.Ordinal);
    private List<WorkerAssignment> _assignments = [];

    public IReadOnlyList<WorkerAssignment> Assignments => _assignments;

    private TimeSpan Deadline => spec.WorkerDeadline;

    /// <summary>Every worker that holds something of the run: problems of the episode, or particles.</summary>
    private string[] Holders => [.. _assignments.Select(assignment => assignment.WorkerKey).Union(_particleHolders, StringComparer.Ordinal)];

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
        return (assignment, await FailureOf(() => Worker(assignment.WorkerKey).AssignAsync(share).WaitAsync(Deadline)));
    }

    /// <summary>One worker's unroll within the deadline: its gradient, or why there is none.</summary>
    public async Task<WorkerAnswer> UnrollAsync(WorkerAssignment assignment, UnrollRequest request)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        using var cancellation = new CancellationTokenSource(Deadline);
        WorkerGradient? gradient = null;
        var failure = await FailureOf(async () => gradient = await Worker(assignment.WorkerKey).UnrollAsync(request, cancellation.Token).WaitAsync(Deadline));
        return new WorkerAnswer(assignment, gradient, failure);
    }

    /// <summary>The worker keys of every device of every live silo, in key order.</summary>
    public async Task<IReadOnlyList<string>> DiscoverKeysAsync() => [.. (await DiscoverWorkersAsync()).Order(StringComparer.Ordinal)];

    /// <summary>ES and PES: tells a worker which particles to hold; the reason it could not, if it could not.</summary>
    public async Task<string?> HoldParticlesAsync(string worker, ParticleAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var failure = await FailureOf(() => Worker(worker).HoldParticlesAsync(assignment).WaitAsync(Deadline));
        if (failure is null)
        {
            _particleHolders.Add(worker);
        }

        return failure;
    }

    /// <summary>ES and PES: one worker's truncation within the deadline: its loss differences, or why there are none.</summary>
    public async Task<(string Worker, ParticleAnswer? Answer, string? Failure)> PerturbAsync(string worker, PerturbationRequest request)
    {
        using var cancellation = new CancellationTokenSource(Deadline);
        ParticleAnswer? answer = null;
        var failure = await FailureOf(async () => answer = await Worker(worker).PerturbAsync(request, cancellation.Token).WaitAsync(Deadline));
        return (worker, answer, failure);
    }

    /// <summary>ES and PES: the worker holds nothing of the run any more (it was dropped, or its silo is gone).</summary>
    public void Forget(string worker) => _particleHolders.Remove(worker);

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
        foreach (var worker in Holders)
        {
            using var cancellation = new CancellationTokenSource(Deadline);
            try
            {
                return (worker, await Worker(worker).ValidateAsync(request, cancellation.Token).WaitAsync(Deadline));
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogValidationFailed(spec.RunId.Value, worker, request.Iteration, error.Message);
            }
        }

        return null;
    }

    /// <summary>Frees what the workers hold for the run.</summary>
    public async Task ReleaseAsync()
    {
        foreach (var worker in Holders)
        {
            var failure = await FailureOf(() => Worker(worker).ReleaseAsync(spec.RunId).WaitAsync(TimeSpan.FromSeconds(10)));
            if (failure is not null)
            {
                LogSkipped(worker, failure);
            }
        }

        _assignments = [];
        _particleHolders.Clear();
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

    private IWorkerGrain Worker(string key) => grains.GetGrain<IWorkerGrain>(key);

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
