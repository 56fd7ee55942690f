using System.Net;
using L2LCluster.Hosting;
using L2LCluster.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace L2LCluster.Silo.Health;

/// <summary>
/// The silo's health endpoints, one per Kubernetes probe. Startup: this silo is active in the membership table and
/// its devices are initialized. Ready: that, and the run store answers. Live: Orleans' own runtime components
/// (timers, membership probes, activation collector) report themselves healthy; it leaves out the run store and
/// the other silos, so that an outage elsewhere never gets every silo restarted.
/// </summary>
public static class HealthEndpoints
{
    public const string StartupPath = "/healthz/startup";

    public const string ReadyPath = "/healthz/ready";

    public const string LivePath = "/healthz/live";

    private const string StartupTag = "startup";

    private const string ReadyTag = "ready";

    private const string LiveTag = "live";

    public static WebApplicationBuilder AddL2LHealthEndpoints(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(HealthOptions.Section).Get<HealthOptions>() ?? new HealthOptions();
        InvalidSettingException.ThrowUnless(options.Port is >= 0 and <= 65535, $"{HealthOptions.Section}:{nameof(HealthOptions.Port)}",
            $"must be between 0 and 65535 (0: any free port); got {options.Port}.");
        var address = options.Address is { } text
            ? IPAddress.TryParse(text, out var parsed) ? parsed : throw new InvalidSettingException($"{HealthOptions.Section}:{nameof(HealthOptions.Address)}", $"must be an IP address; got '{text}'.")
            : SiloConfiguration.OwnAddress(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, options.Port));
        // One instance, so that it remembers when it last asked Orleans' participants.
        builder.Services.AddSingleton<OrleansRuntimeHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<MembershipHealthCheck>("membership", tags: [StartupTag, ReadyTag])
            .AddCheck<DevicesHealthCheck>("devices", tags: [StartupTag, ReadyTag])
            .AddCheck<RunStoreHealthCheck>("run-store", tags: [ReadyTag])
            .AddCheck<OrleansRuntimeHealthCheck>("orleans-runtime", tags: [LiveTag]);
        return builder;
    }

    public static WebApplication MapL2LHealthEndpoints(this WebApplication app)
    {
        Map(app, StartupPath, StartupTag);
        Map(app, ReadyPath, ReadyTag);
        Map(app, LivePath, LiveTag);
        return app;
    }

    private static void Map(WebApplication app, string path, string tag) =>
        app.MapHealthChecks(path, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(tag),
            ResponseWriter = WriteReportAsync,
        });

    /// <summary>One line for the verdict, then one per check with its reason: what `kubectl describe pod` shows of a failed probe.</summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(entry => $"{entry.Key}: {entry.Value.Status}: {entry.Value.Description ?? entry.Value.Exception?.Message}");
        return context.Response.WriteAsync(string.Join('\n', lines.Prepend(report.Status.ToString())) + "\n");
    }
}
