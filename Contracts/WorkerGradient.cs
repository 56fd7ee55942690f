namespace L2LCluster.Contracts;

/// <summary>A worker's answer to an <see cref="UnrollRequest"/>: ∂L/∂φ of its problems and what the work covered.</summary>
/// <param name="WorkerKey">Who computed it.</param>
/// <param name="PhiVersion">The φ version it was computed under.</param>
/// <param name="Gradient">∂L/∂φ as float32 bytes.</param>
/// <param name="MetaLoss">The truncation's meta-loss (mean over this worker's problems).</param>
/// <param name="FinalLoss">The problems' mean loss after the truncation's last step.</param>
/// <param name="ProblemCount">Problems unrolled: the gradient's weight in the average.</param>
/// <param name="Steps">Optimizee steps unrolled.</param>
/// <param name="Coordinates">Optimizee coordinates in the batch.</param>
/// <param name="IsFinite">False when the worker saw NaN or ±∞.</param>
/// <param name="UnrollTime">Time spent on the device.</param>
[GenerateSerializer, Immutable, Alias("l2l.WorkerGradient")]
public sealed record WorkerGradient(
    [property: Id(0)] string WorkerKey,
    [property: Id(1)] long PhiVersion,
    [property: Id(2)] byte[] Gradient,
    [property: Id(3)] double MetaLoss,
    [property: Id(4)] double FinalLoss,
    [property: Id(5)] int ProblemCount,
    [property: Id(6)] int Steps,
    [property: Id(7)] long Coordinates,
    [property: Id(8)] bool IsFinite,
    [property: Id(9)] TimeSpan UnrollTime);
