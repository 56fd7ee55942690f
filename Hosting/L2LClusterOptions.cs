using L2LCluster.Learning.Problems;

namespace L2LCluster.Hosting;

/// <summary>What a silo's host adds to L2LCluster through <c>AddL2LCluster(o => …)</c>.</summary>
public sealed class L2LClusterOptions
{
    /// <summary>
    /// The problem families this silo's workers can build: the built-in ones, and yours
    /// (<c>o.Problems.Add(new MyFamily())</c>, or <c>o.Problems.Register(name, options => …)</c>). Register a family on
    /// every silo of the cluster: a run is accepted only for a family that every live silo offers.
    /// </summary>
    public ProblemCatalog Problems { get; } = ProblemCatalog.BuiltIn();
}
