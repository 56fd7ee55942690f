using L2LCluster.Hosting;
using L2LCluster.Runs;
using L2LCluster.Silo;
using L2LCluster.Silo.Health;
using L2LCluster.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// One silo: configured by appsettings.json (read from the program's folder whatever the working directory), then the
// L2L_* environment variables, then the flags (SiloFlags). Traces and metrics go where the standard OTEL_* variables
// say; --trace-console also prints the span tree on standard error, --trace-file FILE appends OTLP-JSON lines. An HTTP port (Health:Port) serves the health endpoints Kubernetes probes.
// A setting the silo cannot use stops it before it starts, with one line naming the setting (exit code 2).
try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddInMemoryCollection(SiloFlags.FromEnvironment()).AddInMemoryCollection(SiloFlags.FromCommandLine(args));
    if (Environment.GetEnvironmentVariable(PodEnvironment.KubernetesServiceHost) is not null && builder.Configuration["Clustering:Kind"] is null)
    {
        builder.Configuration["Clustering:Kind"] = ClusteringOptions.Kubernetes;
    }

    builder.AddL2LDefaults(HostRole.Silo, new TraceOutputs(builder.Configuration.GetValue<bool>("Telemetry:Console"), builder.Configuration["Telemetry:File"]));
    // The host itself reads only a root "shutdownTimeoutSeconds" key; bind the section appsettings.json sets, so that a
    // silo stopping on SIGTERM gets its configured time to hand over (Kubernetes' grace period must exceed it).
    builder.Services.Configure<HostOptions>(builder.Configuration.GetSection(nameof(HostOptions)));
    builder.UseOrleans(silo => silo.UseL2LConfiguration(builder.Configuration));
    builder.AddL2LHealthEndpoints();
    var app = builder.Build();
    app.MapL2LHealthEndpoints();
    await app.RunAsync();
    return 0;
}
catch (InvalidSettingException error)
{
    Console.Error.WriteLine($"l2l-silo: {error.Message}");
    return 2;
}
catch (OrleansConfigurationException error)
{
    Console.Error.WriteLine($"l2l-silo: {error.Message}");
    return 2;
}
