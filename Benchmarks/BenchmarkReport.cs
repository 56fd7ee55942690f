using System.Text.Json;
using System.Text.Json.Serialization;

namespace L2LCluster.Benchmarks;

/// <summary>Everything one benchmark run measured, in the shape written to --json; sections not run are null.</summary>
internal sealed record BenchmarkReport(
    MachineInfo Machine,
    BenchmarkSettings Settings,
    CeilingResult? Ceiling,
    IReadOnlyList<MemoryResult>? Memory,
    IReadOnlyList<WorkloadThroughput>? Throughput,
    IReadOnlyList<EstimatorThroughput>? Estimators,
    AsynchronousResult? Asynchronous,
    CoordinatorResult? Coordinator,
    IReadOnlyList<OptimizerStepCost>? Optimizers,
    UsefulnessResult? Usefulness)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // A degenerate run (a zero-length repeat) yields infinities; keep the file writable rather than fail at the end.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public DateTimeOffset MeasuredAt { get; } = DateTimeOffset.UtcNow;

    public void WriteJson(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(this, s_json) + Environment.NewLine);
    }
}
