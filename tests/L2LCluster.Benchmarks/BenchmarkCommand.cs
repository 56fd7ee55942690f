using System.CommandLine;
using L2LCluster.Learning.Problems;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>The benchmark's flags and the order its parts run in.</summary>
internal static class BenchmarkCommand
{
    public const int Success = 0;

    public const int InvalidInput = 2;

    private static readonly Option<int> s_iterations = new("--iterations") { Description = "Timed meta-iterations per repeat.", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> s_repeats = new("--repeats") { Description = "Timed repeats; the report gives their median, min and max.", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> s_warmup = new("--warmup") { Description = "Untimed meta-iterations before timing: before the first repeat, and before each fresh run of the cluster section.", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> s_batch = new("--batch") { Description = "Quadratic problems per meta-iteration.", DefaultValueFactory = _ => 128 };
    private static readonly Option<int> s_threads = new("--threads") { Description = "libtorch intra-op threads.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> s_memoryIterations = new("--memory-iterations") { Description = "Meta-iterations of the memory-flatness run.", DefaultValueFactory = _ => 1000 };
    private static readonly Option<string> s_sections = new("--sections")
    {
        Description = $"Comma-separated sections to run, of {string.Join(", ", BenchmarkSettings.SectionNames)}.",
        DefaultValueFactory = _ => string.Join(',', BenchmarkSettings.SectionNames),
    };

    private static readonly Option<string?> s_json = new("--json") { Description = "Also write the figures to this JSON file." };

    public static RootCommand Build()
    {
        var command = new RootCommand("Throughput, memory flatness and cluster overhead of meta-training on the quadratic family (CPU).")
        {
            s_iterations, s_repeats, s_warmup, s_batch, s_threads, s_memoryIterations, s_sections, s_json,
        };
        command.SetAction(result => Run(Read(result)));
        return command;
    }

    private static BenchmarkSettings Read(ParseResult result) => new BenchmarkSettings(
        result.GetValue(s_iterations),
        result.GetValue(s_repeats),
        result.GetValue(s_warmup),
        result.GetValue(s_batch),
        result.GetValue(s_threads),
        result.GetValue(s_memoryIterations),
        BenchmarkSettings.ParseSections(result.GetValue(s_sections) ?? string.Empty),
        result.GetValue(s_json)).Validate();

    private static int Run(BenchmarkSettings settings)
    {
        // Once, before any tensor exists: libtorch sizes its thread pool on first use.
        torch.set_num_threads(settings.Threads);
        var device = CPU;
        var family = new QuadraticProblems();
        var machine = MachineInfo.Current(device);
        Console.Error.WriteLine($"{machine.Summary}; {settings.Batch} problems × {family.CoordinatesPerProblem} coordinates, unroll {BenchmarkSettings.Unroll} of horizon {BenchmarkSettings.Horizon}.");

        // Memory before cluster: the silo's host would otherwise sit in the resident set the memory section samples.
        var throughput = settings.Includes(BenchmarkSection.Throughput) ? ThroughputBenchmark.Run(settings, family, device) : null;
        var memory = settings.Includes(BenchmarkSection.Memory) ? MemoryBenchmark.Run(settings, family, device) : null;
        var cluster = settings.Includes(BenchmarkSection.Cluster) ? ClusterThroughputBenchmark.Run(settings, family, device) : null;
        var coordinator = settings.Includes(BenchmarkSection.Coordinator) ? CoordinatorBenchmark.Run(settings, family) : null;
        var report = new BenchmarkReport(machine, settings, throughput, memory, cluster, coordinator);
        ReportTable.Write(report, Console.Out);
        if (settings.JsonPath is not null)
        {
            report.WriteJson(settings.JsonPath);
            Console.WriteLine($"JSON written to {settings.JsonPath}.");
        }

        return Success;
    }
}
