using System.Globalization;
using L2LCluster.Contracts;

namespace L2LCluster.Client.Clusters;

/// <summary>
/// What a follower of a run saw of its coordinator moving: when a coordinator's silo dies, the run resumes elsewhere
/// from its last checkpoint and the iterations after it are done again. Without this the bar rolls back silently.
/// </summary>
public sealed class CoordinatorFailovers
{
    private int? _resumedFrom;
    private int _highestIteration;
    private bool _started;

    /// <summary>How many times the coordinator resumed from a checkpoint while it was followed.</summary>
    public int Count { get; private set; }

    /// <summary>Iterations that were trained, lost with a coordinator, and trained again.</summary>
    public int IterationsRedone { get; private set; }

    /// <summary>Takes the next status; a line to show when it says the coordinator resumed from its checkpoint.</summary>
    public string? Observe(RunStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var resumed = _started && status.ResumedFromIteration is { } from && (from != _resumedFrom || status.Iteration < _highestIteration);
        var lost = resumed ? Math.Max(0, _highestIteration - status.ResumedFromIteration!.Value) : 0;
        _started = true;
        _resumedFrom = status.ResumedFromIteration;
        _highestIteration = resumed ? status.Iteration : Math.Max(_highestIteration, status.Iteration);
        if (!resumed)
        {
            return null;
        }

        Count++;
        IterationsRedone += lost;
        return string.Create(CultureInfo.InvariantCulture,
            $"The run's coordinator was lost and resumed on {status.CoordinatorSilo} from its checkpoint at iteration {status.ResumedFromIteration}: {lost} iteration(s) after it are trained again.");
    }

    /// <summary>For the run's closing line: nothing when the coordinator never moved.</summary>
    public string Summary() => Count == 0
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $"; the coordinator resumed from its checkpoint {Count} time(s), {IterationsRedone} iteration(s) trained again");
}
