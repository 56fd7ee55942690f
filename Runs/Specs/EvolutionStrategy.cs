using System.Text.Json.Serialization;

namespace L2LCluster.Runs.Specs;

/// <summary>
/// A run whose ∂L/∂φ is estimated by evolution strategies instead of backpropagation: <see cref="Perturbations"/>
/// antithetic pairs φ ± ε, ε ~ N(0, σ²I), each pair running its own <see cref="MetaTrainingSpec.Problems"/> problems
/// forward only; ĝ = Σ w (L⁺ − L⁻) / (2Nσ²), with w = ε for ES and the sum of the episode's perturbations for PES.
/// </summary>
/// <param name="Kind">es or pes.</param>
/// <param name="Perturbations">N, the antithetic pairs (particles) per meta-iteration.</param>
/// <param name="Sigma">σ, the perturbations' standard deviation.</param>
[GenerateSerializer, Immutable, Alias("l2l.EvolutionStrategy")]
public sealed record EvolutionStrategy(
    [property: Id(0)] EvolutionStrategyKind Kind,
    [property: Id(1)] int Perturbations = EvolutionStrategy.DefaultPerturbations,
    [property: Id(2)] double Sigma = EvolutionStrategy.DefaultSigma)
{
    public const int DefaultPerturbations = 8;

    /// <summary>learned_optimization's default std.</summary>
    public const double DefaultSigma = 0.01;

    public const int MaxPerturbations = 100_000;

    /// <summary>
    /// The longest φ that can be perturbed: every perturbation is a window of one shared noise table (Salimans et al.
    /// 2017), which must be much longer than the window for the windows to be nearly independent.
    /// </summary>
    public const int MaxParameters = 1 << 20;

    [JsonIgnore]
    public bool IsPersistent => Kind == EvolutionStrategyKind.Persistent;

    /// <summary>As the spec's JSON and the console spell it.</summary>
    [JsonIgnore]
    public string Name => IsPersistent ? "pes" : "es";

    public override string ToString() => FormattableString.Invariant($"{Name} ({Perturbations} perturbations, σ {Sigma})");

    public EvolutionStrategy Validate(MetaTrainingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        InvalidSettingException.ThrowUnless(Enum.IsDefined(Kind), SpecFields.Estimator, $"unknown value {Kind}; allowed: tbptt, es, pes.");
        InvalidSettingException.ThrowUnless(
            Perturbations is >= 1 and <= MaxPerturbations, SpecFields.Perturbations, $"must be between 1 and {MaxPerturbations}; got {Perturbations}.");
        InvalidSettingException.ThrowUnless(Sigma > 0 && double.IsFinite(Sigma), SpecFields.Sigma, $"must be a positive finite number; got {Sigma}.");
        InvalidSettingException.ThrowUnless(
            (long)Perturbations * spec.Problems <= MetaTrainingSpec.MaxProblems,
            SpecFields.Perturbations,
            $"{Perturbations} perturbations of {spec.Problems} problems each are more than {MetaTrainingSpec.MaxProblems} problems per meta-iteration.");
        InvalidSettingException.ThrowUnless(
            !spec.SecondOrder,
            SpecFields.SecondOrder,
            $"does not go with estimator {Name}: evolution strategies never backpropagate, so every term of the meta-gradient is in their estimate already; drop it, or use estimator tbptt.");
        InvalidSettingException.ThrowUnless(
            spec.ParameterGroups.IsDefaultOrEmpty,
            SpecFields.ParameterGroups,
            $"does not go with estimator {Name}: evolution strategies perturb one optimizer network; drop the groups, or use estimator tbptt.");
        return this;
    }
}
