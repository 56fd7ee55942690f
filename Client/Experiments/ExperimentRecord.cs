namespace L2LCluster.Client.Experiments;

/// <summary>Where an experiment's numbers come from: the command, the machine and how long each half took.</summary>
/// <param name="Optimizers">Each learned optimizer's label and its file, trained here or given with --optimizer.</param>
internal sealed record ExperimentRecord(
    string Command,
    string Machine,
    TimeSpan Training,
    TimeSpan Evaluation,
    IReadOnlyList<(string Label, string File)> Optimizers);
