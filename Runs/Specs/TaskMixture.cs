using System.Collections.Immutable;

namespace L2LCluster.Runs.Specs;

/// <summary>
/// A distribution of tasks: each problem of a run is drawn from one of <see cref="Components"/> with probability
/// proportional to its weight, and its hyperparameters from the component's ranges, all from the problem's own seed
/// (so any split over workers draws the same problems). A spec with a mixture names <see cref="ProblemName"/> as its
/// problem; its <see cref="MetaTrainingSpec.ProblemOptions"/> are the base every component's drawn settings override.
/// </summary>
[GenerateSerializer, Immutable, Alias("l2l.TaskMixture")]
public sealed record TaskMixture([property: Id(0)] ImmutableArray<MixtureComponent> Components)
{
    public const string ProblemName = "mixture";

    public const int MaxComponents = 64;

    public TaskMixture Validate()
    {
        InvalidSettingException.ThrowUnless(
            !Components.IsDefaultOrEmpty && Components.Length <= MaxComponents,
            SpecFields.MixtureComponents,
            $"needs 1 to {MaxComponents} components; got {(Components.IsDefault ? 0 : Components.Length)}.");
        for (var index = 0; index < Components.Length; index++)
        {
            InvalidSettingException.ThrowUnless(Components[index] is not null, $"{SpecFields.MixtureComponents}[{index}]", "must be an object with a family.");
            Components[index].Validate($"{SpecFields.MixtureComponents}[{index}]");
        }

        return this;
    }
}
