using L2LCluster.Grains;
using L2LCluster.Silo;
using L2LCluster.Silo.Health;
using L2LCluster.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// One silo: configured by appsettings.json, L2L_-prefixed environment variables (L2L_Clustering__Kind=redis) and
// the command line (--device cpu, --redis HOST:PORT, --silo-port 11112, --runs /shared/runs …).
// appsettings.json is read from the program's folder whatever the working directory. Traces and metrics go where the
// standard OTEL_* variables say; --trace-console (or L2L_Telemetry__Console=true) also prints spans. An HTTP port
// (Health:Port) serves the health endpoints that Kubernetes probes.
// The configuration's command-line reader wants a value after every switch: the bare flag is taken out first.
const string TraceConsoleFlag = "--trace-console";
var traceConsole = args.Contains(TraceConsoleFlag);
args = [.. args.Where(argument => argument != TraceConsoleFlag)];
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables("L2L_");
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--device"] = "Devices:Kind",
    ["--cpu-devices"] = "Devices:CpuDevices",
    ["--threads"] = "Devices:Threads",
    ["--clustering"] = "Clustering:Kind",
    ["--redis"] = "Clustering:Redis",
    ["--silo-port"] = "Clustering:SiloPort",
    ["--gateway-port"] = "Clustering:GatewayPort",
    ["--primary-port"] = "Clustering:PrimarySiloPort",
    ["--cluster-id"] = "Clustering:ClusterId",
    ["--runs"] = "Storage:Directory",
    ["--health-port"] = "Health:Port",
});
if (Environment.GetEnvironmentVariable(PodEnvironment.KubernetesServiceHost) is not null && builder.Configuration["Clustering:Kind"] is null)
{
    builder.Configuration["Clustering:Kind"] = "kubernetes";
}

builder.Services.AddL2LTelemetry("l2l-silo", traceConsole || builder.Configuration.GetValue<bool>("Telemetry:Console"));
// The host itself reads only a root "shutdownTimeoutSeconds" key; bind the section appsettings.json sets, so that a
// silo stopping on SIGTERM gets its configured time to hand over (Kubernetes' grace period must exceed it).
builder.Services.Configure<HostOptions>(builder.Configuration.GetSection(nameof(HostOptions)));
builder.UseOrleans(silo => silo.UseL2LClustering(builder.Configuration).AddL2LCluster());
builder.AddL2LHealthEndpoints();
var app = builder.Build();
app.MapL2LHealthEndpoints();
await app.RunAsync();
