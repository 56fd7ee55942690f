using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using L2LCluster.Telemetry;

namespace L2LCluster.Deploy.Tests;

/// <summary>
/// The series names the collector's Prometheus exporter serves for the project's instruments, by its naming rules:
/// dots become underscores, a unit becomes a suffix ({annotations} dropped, s → seconds, /s → per_second), counters end
/// in _total and histograms come as _bucket, _sum and _count.
/// </summary>
internal static partial class PrometheusNames
{
    /// <summary>Every series the project's meter gives, once its instruments exist.</summary>
    public static IReadOnlySet<string> OfProjectMeter()
    {
        // The coordinator's instruments are created with their class; make them exist without running a run.
        RuntimeHelpers.RunClassConstructor(Type.GetType("L2LCluster.Grains.Coordinator.RunMetrics, L2LCluster.Grains", throwOnError: true)!.TypeHandle);
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == L2LTelemetry.Name)
                {
                    names.UnionWith(Series(instrument));
                }
            },
        };
        listener.Start();
        return names;
    }

    private static IEnumerable<string> Series(Instrument instrument)
    {
        var name = NonWord().Replace(instrument.Name, "_") + UnitSuffix(instrument.Unit);
        var type = instrument.GetType().GetGenericTypeDefinition();
        return type == typeof(Counter<>) ? [name + "_total"]
            : type == typeof(Histogram<>) ? [name + "_bucket", name + "_sum", name + "_count"]
            : [name];
    }

    private static string UnitSuffix(string? unit)
    {
        var parts = Annotation().Replace(unit ?? "", "").Split('/');
        var main = Word(parts[0]);
        var per = parts.Length > 1 ? Word(parts[1]) : "";
        return (main.Length > 0 ? "_" + main : "") + (per.Length > 0 ? "_per_" + per.TrimEnd('s') : "");
    }

    private static string Word(string unit) => unit switch
    {
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        _ => unit,
    };

    [GeneratedRegex("[^a-zA-Z0-9]")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Annotation();
}
