using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>A hidden activation applied to tensors, for every family that takes one (the MLP, the conv nets).</summary>
internal static class ActivationTensors
{
    public static Tensor Apply(this Activation activation, Tensor input) => activation switch
    {
        Activation.Relu => input.relu(),
        Activation.Tanh => input.tanh(),
        _ => input.sigmoid(),
    };
}
