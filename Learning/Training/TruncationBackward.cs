namespace L2LCluster.Learning.Training;

/// <summary>How a truncation's ∂L/∂φ is taken.</summary>
public enum TruncationBackward
{
    /// <summary>
    /// Written out where it applies and was measured to pay (first-order, the LSTM alone, on the CPU, from
    /// <see cref="TruncatedUnroller.WrittenOutFromCoordinateSteps"/> coordinate-steps per truncation); autograd elsewhere.
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
