using L2LCluster.Contracts;

namespace L2LCluster.Client.Progress;

/// <summary>Where a followed run's progress goes: a live bar in a terminal, or plain lines.</summary>
internal interface IRunProgressView
{
    void Update(RunStatus status);

    /// <summary>A one-off message (e.g. that the run is stopping), kept above the live bar.</summary>
    void Note(string message);
}
