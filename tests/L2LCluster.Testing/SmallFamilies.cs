using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Testing;

/// <summary>The small families the augmentation tests wrap, by name: quadratic, mnist-mlp and a mixture of both kinds.</summary>
public static class SmallFamilies
{
    public static IReadOnlyList<string> Names { get; } = ["quadratic", "mnist-mlp", "mixture"];

    /// <summary>A 6-d quadratic, a 784-5-4-10 tanh MLP on minibatches of 8 from <paramref name="idxFolder"/>, or a mixture of MLPs and quadratics.</summary>
    public static IProblemFamily Named(string name, string idxFolder) => name switch
    {
        "quadratic" => new QuadraticProblems(6),
        "mnist-mlp" => new MlpProblems(new ProblemOptions { DataDirectory = idxFolder, HiddenUnits = [5, 4], MinibatchSize = 8, Activation = Activation.Tanh }),
        _ => new MixtureFamily(
            new TaskMixture(
            [
                new MixtureComponent { Family = "mnist-mlp", HiddenWidth = [2, 5], Depth = [1, 2], MinibatchSize = [4, 8] },
                new MixtureComponent { Family = "quadratic", Dimensions = [2, 20] },
            ]),
            new ProblemOptions { DataDirectory = idxFolder },
            ProblemCatalog.BuiltIn()),
    };
}
