namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// How a run's iterations are driven over its workers: every worker in step (<see cref="SynchronousSchedule"/>) or each
/// on its own with bounded staleness (<see cref="AsynchronousSchedule"/>). A new way is a new class.
/// </summary>
internal interface IRunSchedule
{
    /// <summary>
    /// Trains until the run has no iterations left or <paramref name="stop"/> is signalled, which ends it after the
    /// iteration under way (never in the middle of one).
    /// </summary>
    Task RunAsync(RunContext run, CancellationToken stop);
}
