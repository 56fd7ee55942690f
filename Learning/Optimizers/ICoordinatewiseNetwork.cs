using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// A learned optimizer network as a pure function of a flat φ, applied to every coordinate with one φ and a state of
/// its own per coordinate: what the unrollers, estimators and evaluation step through, whichever the architecture.
/// </summary>
public interface ICoordinatewiseNetwork
{
    OptimizerArchitecture Architecture { get; }

    /// <summary>The length of φ.</summary>
    int ParameterCount { get; }

    /// <summary>Initial φ from a seed, identical on every machine.</summary>
    float[] InitialParameters(ulong seed, ParameterInitialization initialization);

    /// <summary>Views of φ (one vector, or one per branch: [branches, φ's length]); gradients flow back into φ through them.</summary>
    NetworkWeights Bind(Tensor phi);

    /// <summary>The state of coordinates that have not been stepped yet.</summary>
    CoordinateState InitialState(long coordinates, Device device, ScalarType dtype = ScalarType.Float32);

    /// <summary>
    /// One step of every coordinate: gradients and parameters [rows, columns] (a row is one problem; with weights of one φ
    /// per branch, the branches' rows one after the other), the state before with one row per coordinate in row-major
    /// order; returns the updates [rows, columns] and the state after, in the caller's dispose scope.
    /// </summary>
    (Tensor Update, CoordinateState State) Step(NetworkWeights weights, Tensor gradient, Tensor parameters, CoordinateState state);
}
