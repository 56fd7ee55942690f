namespace L2LCluster.Learning.Training;

/// <summary>What a PES particle's accumulated perturbation ξ becomes after a truncation.</summary>
public enum PerturbationCarry
{
    /// <summary>Its episode goes on: ξ ← ξ + ε.</summary>
    Continued,

    /// <summary>An episode began within the truncation and goes on: its state has seen only this truncation's ε.</summary>
    Restarted,

    /// <summary>The truncation's last step ended an episode: the next truncation starts fresh, ξ ← 0.</summary>
    Fresh,
}
