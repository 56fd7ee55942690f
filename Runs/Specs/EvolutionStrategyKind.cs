using System.Text.Json.Serialization;

namespace L2LCluster.Runs.Specs;

/// <summary>The two evolution-strategy estimators of ∂L/∂φ; a spec without one is trained by truncated backpropagation.</summary>
[GenerateSerializer]
public enum EvolutionStrategyKind
{
    /// <summary>
    /// Truncated ES: antithetic perturbations of φ for one truncation; both particles of a pair start it from one
    /// shared state, so the estimate sees only the truncation's own perturbation (biased over long horizons).
    /// </summary>
    [JsonStringEnumMemberName("es")]
    Truncated,

    /// <summary>
    /// Persistent ES (Vicol, Metz, Sohl-Dickstein, 2021): each particle keeps its own state across the truncations of
    /// an episode and the estimate weighs the losses by the sum of the perturbations so far, which removes truncation bias.
    /// </summary>
    [JsonStringEnumMemberName("pes")]
    Persistent,
}
