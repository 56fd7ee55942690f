using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Placement;
using L2LCluster.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace L2LCluster.Grains;

public static class L2LSiloBuilderExtensions
{
    /// <summary>
    /// Adds L2LCluster's grains' services to a silo: its devices (configuration section "Devices"), the run store
    /// (section "Storage": a directory or Redis), the placement that binds workers to their silo, and trace context
    /// carried on every grain call (so a run's spans on every silo join the trace that started it).
    /// </summary>
    public static ISiloBuilder AddL2LCluster(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // When a silo dies, the default directory deactivates every grain whose registration that silo held, on
        // whatever silo it lives: a coordinator would restart from its checkpoint because an unrelated silo died.
        // The distributed directory recovers those registrations from the survivors instead.
#pragma warning disable ORLEANSEXP003
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        builder.AddActivityPropagation();
        var services = builder.Services;
        services.AddOptions<DeviceOptions>().BindConfiguration(DeviceOptions.Section);
        services.AddOptions<RunStoreOptions>().BindConfiguration(RunStoreOptions.Section);
        services.AddSingleton<SiloDevices>();
        services.AddHostedService<RunKeeper>();
        services.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
        services.AddSingleton<IRunStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<RunStoreOptions>>();
            return options.Value.Kind.ToLowerInvariant() switch
            {
                "directory" => new DirectoryRunStore(options),
                "redis" => new RedisRunStore(ConnectionMultiplexer.Connect(options.Value.Redis
                    ?? throw new InvalidOperationException("Storage:Redis must hold a connection string when Storage:Kind is redis."))),
                _ => throw new InvalidOperationException($"Storage:Kind must be directory or redis; got '{options.Value.Kind}'."),
            };
        });
        return builder;
    }
}
