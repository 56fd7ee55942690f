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
// say; --trace-console also prints the span tree on standard error, --trace-file FILE appends OTLP-JSON lines. An HTTP
// port (Health:Port) serves the health endpoints Kubernetes probes. A setting the silo cannot use stops it before it
// starts, with one line naming the setting (exit code 2); any other failure is one line too (exit code 1).
// 'l2l-silo certificates DIR' makes the cluster's certificates instead.
try
{
    if (args is [CertificatesCommand.Name, .. var certificateArgs])
    {
        return CertificatesCommand.Run(certificateArgs);
    }

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
catch (Exception error) when (Causes(error).FirstOrDefault(IsRedisError) is { } redis)
{
    // Membership and reminders live in Redis: a silo that cannot reach it (down, a wrong password, a certificate it
    // refuses) cannot join. Whichever of them fails first says so; Orleans' reminder provider wraps the client's error
    // in one of its own whose message begins with the client's exception type.
    Console.Error.WriteLine($"l2l-silo: cannot use the Redis of Clustering:Redis: {LeadingExceptionType().Replace(FirstLine(redis), "")}");
    return 1;
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    // A silo that cannot go on (its membership store is unreachable, its port is taken) says why in one line.
    Console.Error.WriteLine($"l2l-silo: {FirstLine(error)}");
    return 1;
}

static bool IsRedisError(Exception error) =>
    error is StackExchange.Redis.RedisException || error.GetType().Namespace is { } space && space.StartsWith("Orleans.Reminders.Redis", StringComparison.Ordinal);

static string FirstLine(Exception error) => error.Message.Split('\n', 2)[0].Trim();

static IEnumerable<Exception> Causes(Exception error) =>
    [error, .. (error is AggregateException aggregate ? aggregate.InnerExceptions : error.InnerException is { } inner ? [inner] : []).SelectMany(Causes)];

internal partial class Program
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^([A-Za-z_][\w]*\.)+[A-Za-z_]\w*Exception: ")]
    private static partial System.Text.RegularExpressions.Regex LeadingExceptionType();
}
