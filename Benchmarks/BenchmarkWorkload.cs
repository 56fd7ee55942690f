using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Benchmarks;

/// <summary>One workload of the throughput section: a problem family and the problems per meta-iteration.</summary>
public sealed record BenchmarkWorkload(string Problem, int Problems)
{
    /// <summary>The issue's three: the paper's quadratic batch, eight times more of it, and one MNIST MLP.</summary>
    public static IReadOnlyList<BenchmarkWorkload> Defaults { get; } =
    [
        new(QuadraticProblems.FamilyName, 128),
        new(QuadraticProblems.FamilyName, 1024),
        new(MlpProblems.FamilyName, 1),
    ];

    /// <summary>The coordinates of the reference workload, 128 quadratics of 10: --iterations counts its iterations.</summary>
    private const int ReferenceCoordinates = 128 * 10;

    /// <summary>Enough iterations that the embedded run spans several of the benchmark's status polls.</summary>
    private const int MinimumIterations = 10;

    public string Name => Problems > 0 ? $"{Problem}:{Problems}" : Problem;

    /// <summary>Reads "quadratic:128,mnist-mlp:1" (a bare family name means its default batch).</summary>
    public static IReadOnlyList<BenchmarkWorkload> Parse(string text)
    {
        var workloads = new List<BenchmarkWorkload>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':', StringSplitOptions.TrimEntries);
            var problem = parts[0];
            InvalidSettingException.ThrowUnless(
                ProblemCatalog.Default.Names.Contains(problem),
                "--workloads",
                $"'{problem}' is not a problem family; use {string.Join(", ", ProblemCatalog.Default.Names)}.");
            var problems = 0;
            InvalidSettingException.ThrowUnless(
                parts.Length == 1 || (parts.Length == 2 && int.TryParse(parts[1], out problems) && problems is >= 1 and <= 1_000_000),
                "--workloads",
                $"'{item}' must be FAMILY or FAMILY:PROBLEMS with PROBLEMS between 1 and 1000000.");
            workloads.Add(new BenchmarkWorkload(problem, parts.Length == 1 ? 0 : problems));
        }

        InvalidSettingException.ThrowUnless(workloads.Count > 0, "--workloads", "names no workload.");
        return workloads;
    }

    /// <summary>The family with its default options; a missing data file is refused here, naming its flag.</summary>
    public IProblemFamily CreateFamily() => ProblemCatalog.Default.Create(Problem, new ProblemOptions());

    /// <summary>The batch: the one named, or the family's default.</summary>
    public int ProblemsFor(IProblemFamily family) => Problems > 0 ? Problems : family.Defaults.ProblemsPerBatch;

    /// <summary>
    /// Iterations that cover about as many coordinate-steps as <paramref name="referenceIterations"/> of the
    /// reference workload, so that a large workload does not take minutes per repeat.
    /// </summary>
    public int ScaleIterations(int referenceIterations, IProblemFamily family)
    {
        var coordinates = (double)ProblemsFor(family) * family.CoordinatesPerProblem;
        var scaled = (int)Math.Ceiling(referenceIterations * ReferenceCoordinates / coordinates);
        return Math.Clamp(scaled, Math.Min(MinimumIterations, referenceIterations), referenceIterations);
    }
}
