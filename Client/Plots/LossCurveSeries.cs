namespace L2LCluster.Client.Plots;

/// <summary>One optimizer's line of a loss-curve plot.</summary>
/// <param name="Label">The legend entry (the optimizer's name, with its learning rate where it has one).</param>
/// <param name="MeanLossPerStep">The mean loss over the problems at steps 0..T.</param>
public sealed record LossCurveSeries(string Label, IReadOnlyList<double> MeanLossPerStep);
