using Microsoft.Extensions.Hosting;

namespace L2LCluster.Hosting;

/// <summary>
/// The lifetime of a host that a program starts and stops itself: it does not take Ctrl-C or SIGTERM, which belong to
/// the program (the console's Ctrl-C stops the run after its iteration, with a checkpoint, before the silo goes).
/// </summary>
internal sealed class HostedByProgramLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
