using System.CommandLine;
using L2LCluster.Benchmarks;
using L2LCluster.Client.Flags;

namespace L2LCluster.Client.Commands;

/// <summary>
/// <c>l2l bench</c>: this machine's meta-training speed, single process against the embedded cluster, as a share of
/// the device's matrix-product ceiling; the coordinator's cost with simulated workers; memory over a long run.
/// </summary>
internal sealed class BenchCommand
{
    private readonly Option<int> _iterations = new("--iterations") { Description = "Timed meta-iterations per repeat of 128 quadratics; larger workloads run proportionally fewer (at least 10).", DefaultValueFactory = _ => 50 };
    private readonly Option<int> _repeats = new("--repeats") { Description = "Timed repeats; the report gives their median, min and max.", DefaultValueFactory = _ => 5 };
    private readonly Option<int> _warmup = new("--warmup") { Description = "Untimed meta-iterations (of 128 quadratics, scaled like --iterations) before each timed run.", DefaultValueFactory = _ => 20 };
    private readonly Option<string> _workloads = new("--workloads")
    {
        Description = "Comma-separated FAMILY:PROBLEMS workloads; the first also drives the memory and coordinator sections.",
        DefaultValueFactory = _ => string.Join(',', BenchmarkWorkload.Defaults.Select(workload => workload.Name)),
    };

    private readonly Option<int> _memoryIterations = new("--memory-iterations") { Description = "Meta-iterations of the memory-flatness run.", DefaultValueFactory = _ => 1000 };
    private readonly Option<int> _ceilingSize = new("--ceiling-size") { Description = "Side of the square matrices whose product measures the device's ceiling.", DefaultValueFactory = _ => 2048 };
    private readonly Option<string> _sections = new("--sections")
    {
        Description = $"Comma-separated sections to run, of {string.Join(", ", BenchmarkSettings.SectionNames)}.",
        DefaultValueFactory = _ => string.Join(',', BenchmarkSettings.SectionNames),
    };

    private readonly Option<int> _usefulnessIterations = new("--usefulness-iterations")
    {
        Description = "The usefulness section's cap: a meta-training that has not beaten tuned Adam after this many iterations is reported as never having done so.",
        DefaultValueFactory = _ => 3000,
    };

    private readonly Option<string?> _json = new("--json") { Description = "Also write the figures to this JSON file." };

    public Command Build()
    {
        var command = new Command("bench", "Measure meta-training throughput (single process and embedded cluster), the device's matrix-product ceiling, memory flatness, the estimators, the coordinator's cost and the time to an optimizer that beats tuned Adam.")
        {
            _iterations, _repeats, _warmup, _workloads, _memoryIterations, _ceilingSize, _usefulnessIterations, _sections, _json,
        };
        GlobalFlags.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult result)
    {
        var settings = new BenchmarkSettings(
            result.GetValue(_iterations),
            result.GetValue(_repeats),
            result.GetValue(_warmup),
            BenchmarkWorkload.Parse(result.GetValue(_workloads)!),
            result.GetValue(GlobalFlags.Device)!,
            result.GetValue(GlobalFlags.Threads),
            result.GetValue(_memoryIterations),
            result.GetValue(_ceilingSize),
            result.GetValue(_usefulnessIterations),
            BenchmarkSettings.ParseSections(result.GetValue(_sections)!),
            result.GetValue(_json));
        Benchmark.Run(settings, Console.Out, Console.Error);
        return ExitCodes.Success;
    }
}
