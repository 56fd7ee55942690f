using System.Text.Json.Serialization;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Benchmarks;

/// <summary>What one benchmark run measures; every figure in the report is relative to these.</summary>
/// <param name="Iterations">Timed meta-iterations per repeat of the reference workload (128 quadratics); larger workloads run proportionally fewer.</param>
/// <param name="CeilingSize">The side of the square matrices whose product measures the device's ceiling.</param>
/// <param name="UsefulnessIterations">The usefulness section's cap on a meta-training that has not yet beaten tuned Adam.</param>
public sealed record BenchmarkSettings(
    int Iterations,
    int Repeats,
    int WarmupIterations,
    IReadOnlyList<BenchmarkWorkload> Workloads,
    string DeviceKind,
    int Threads,
    int MemoryIterations,
    int CeilingSize,
    int UsefulnessIterations,
    IReadOnlyList<BenchmarkSection> Sections,
    [property: JsonIgnore] string? JsonPath)
{
    /// <summary>The memory benchmark's reference point: late enough that allocator pools and caches have settled.</summary>
    public const int MemoryBaselineIteration = 100;

    /// <summary>
    /// Pinned rather than taken from the family's defaults, so that a change of defaults cannot silently change the
    /// workload that earlier numbers were measured on.
    /// </summary>
    public const int Unroll = 20;

    public const int Horizon = 100;

    public BenchmarkSettings Validate()
    {
        InvalidSettingException.ThrowUnless(Iterations >= 1, "--iterations", $"must be positive; got {Iterations}.");
        InvalidSettingException.ThrowUnless(Repeats >= 1, "--repeats", $"must be positive; got {Repeats}.");
        InvalidSettingException.ThrowUnless(WarmupIterations >= 0, "--warmup", $"must not be negative; got {WarmupIterations}.");
        InvalidSettingException.ThrowUnless(Workloads.Count > 0, "--workloads", "names no workload.");
        InvalidSettingException.ThrowUnless(Threads is >= 1 and <= 1024, "--threads", $"must be between 1 and 1024; got {Threads}.");
        InvalidSettingException.ThrowUnless(MemoryIterations > MemoryBaselineIteration, "--memory-iterations", $"must exceed the baseline iteration {MemoryBaselineIteration}; got {MemoryIterations}.");
        InvalidSettingException.ThrowUnless(CeilingSize is >= 64 and <= 32768, "--ceiling-size", $"must be between 64 and 32768; got {CeilingSize}.");
        InvalidSettingException.ThrowUnless(UsefulnessIterations is >= 1 and <= 1_000_000, "--usefulness-iterations", $"must be between 1 and 1000000; got {UsefulnessIterations}.");
        InvalidSettingException.ThrowUnless(Sections.Count > 0, "--sections", "names no section.");
        return this;
    }

    public bool Includes(BenchmarkSection section) => Sections.Contains(section);

    /// <summary>Reads "throughput,memory" (any case, any order) into the sections in their running order.</summary>
    public static IReadOnlyList<BenchmarkSection> ParseSections(string text)
    {
        var known = Enum.GetValues<BenchmarkSection>().ToDictionary(section => section.ToString(), StringComparer.OrdinalIgnoreCase);
        var picked = new HashSet<BenchmarkSection>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            picked.Add(known.TryGetValue(name, out var section)
                ? section
                : throw new InvalidSettingException("--sections", $"'{name}' is not a section; use {string.Join(", ", SectionNames)}."));
        }

        return [.. picked.Order()];
    }

    /// <summary>Every section's flag name, in running order.</summary>
    public static IEnumerable<string> SectionNames => Enum.GetValues<BenchmarkSection>().Select(section => section.ToString().ToLowerInvariant());

    /// <summary>The workload's meta-training with the pinned unroll and horizon.</summary>
    public static MetaTrainingSpec Spec(BenchmarkWorkload workload, IProblemFamily family, int iterations) =>
        TrainingSpecs.ForFamily(family) with
        {
            Problems = workload.ProblemsFor(family),
            Unroll = Unroll,
            Horizon = Horizon,
            Iterations = iterations,
        };
}
