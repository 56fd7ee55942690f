namespace L2LCluster.Learning.Training;

/// <summary>How a truncation's ∂L/∂φ is taken.</summary>
public enum TruncationBackward
{
    /// <summary>
    /// Written out where it applies and was measured faster (first-order, the LSTM alone, on the CPU, from 2²⁰
    /// coordinate-steps per truncation: docs/performance.md); autograd elsewhere.
    /// </summary>
    Fastest,

    /// <summary>Autograd over the truncation's whole graph, the optimizees' included.</summary>
    Autograd,

    /// <summary>
    /// Written out (<see cref="WrittenOutTruncation"/>) wherever it applies: first-order, the LSTM alone; autograd
    /// elsewhere.
    /// </summary>
    WrittenOut,
}
