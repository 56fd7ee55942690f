using System.CommandLine;

namespace L2LCluster.Client.Dashboard;

/// <summary>The dashboard's flags: its ports on loopback and where its executable is.</summary>
internal static class DashboardFlags
{
    public const string PathName = "--dashboard-path";

    public static Option<int> Port { get; } = PortOption("--port", 18888, "The dashboard's web page, on 127.0.0.1.");

    public static Option<int> OtlpPort { get; } = PortOption("--otlp-port", 18889, "Where it takes OTLP/gRPC (OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:PORT).");

    public static Option<int> OtlpHttpPort { get; } = PortOption("--otlp-http-port", 18890, "Where it takes OTLP/HTTP (with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).");

    public static Option<string?> Path { get; } = new(PathName)
    {
        Description = "The Aspire dashboard executable (tools/Aspire.Dashboard of NuGet package Aspire.Dashboard.Sdk.linux-x64; default: the one the console was built with).",
    };

    private static Option<int> PortOption(string name, int port, string description)
    {
        var option = new Option<int>(name) { Description = $"{description} Default {port}.", DefaultValueFactory = _ => port };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                result.AddError($"{name}: must be a port from 1 to 65535; got {result.GetValueOrDefault<int>()}.");
            }
        });
        return option;
    }
}
