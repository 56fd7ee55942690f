using L2LCluster.Grains.Security;
using L2LCluster.Grains.Coordinator;
using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Placement;
using L2LCluster.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace L2LCluster.Hosting;

/// <summary>The providers an L2LCluster silo is built from, each with options checked when the silo starts.</summary>
public static class L2LSiloBuilderExtensions
{
    /// <summary>
    /// Adds L2LCluster's grains' services to a silo: its devices (<see cref="DeviceOptions"/>), the reminder period
    /// that keeps running runs running (<see cref="RunOptions"/>), the placement that binds workers to their silo,
    /// and trace context carried on every grain call (so a run's spans on every silo join the trace that started it).
    /// The silo also needs a run store (<see cref="AddDirectoryRunStore"/> or <see cref="AddRedisRunStore"/>) and a
    /// reminder service. <paramref name="configure"/> adds your own problem families (<see cref="L2LClusterOptions.Problems"/>).
    /// </summary>
    public static ISiloBuilder AddL2LCluster(this ISiloBuilder builder, Action<L2LClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new L2LClusterOptions();
        configure?.Invoke(options);
        builder.Services.AddSingleton(options.Problems);
        // When a silo dies, the default directory deactivates every grain whose registration that silo held, on
        // whatever silo it lives: a coordinator would restart from its checkpoint because an unrelated silo died.
        // The distributed directory recovers those registrations from the survivors instead.
#pragma warning disable ORLEANSEXP003
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        builder.AddActivityPropagation();
        builder.AddIncomingGrainCallFilter<ClientCallFilter>();
        var services = builder.Services;
        AddValidated<DeviceOptions>(services, options => options.Validate());
        AddValidated<RunOptions>(services, options => options.Validate());
        services.AddSingleton<IConfigurationValidator, L2LClusterOptionsValidator>();
        // A run's reminder may tick more often than Orleans' one-minute floor, in tests and for impatient clusters.
        services.AddOptions<ReminderOptions>().PostConfigure<IOptions<RunOptions>>((reminders, runs) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, runs.Value.WakeInterval.Ticks)));
        services.AddSingleton<SiloDevices>();
        services.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
        return builder;
    }

    /// <summary>Keeps runs in run folders under one directory (local, or a volume every silo shares).</summary>
    public static ISiloBuilder AddDirectoryRunStore(this ISiloBuilder builder, Action<DirectoryRunStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        AddValidated<DirectoryRunStoreOptions>(builder.Services, options => options.Validate());
        builder.Services.Replace(ServiceDescriptor.Singleton<IRunStore, DirectoryRunStore>());
        return builder;
    }

    /// <summary>Keeps runs in Redis, for clusters without a shared volume.</summary>
    public static ISiloBuilder AddRedisRunStore(this ISiloBuilder builder, Action<RedisRunStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        AddValidated<RedisRunStoreOptions>(builder.Services, options => options.Validate());
        builder.Services.Replace(ServiceDescriptor.Singleton<IRunStore, RedisRunStore>());
        return builder;
    }

    /// <summary>Options that the silo checks before it starts.</summary>
    private static void AddValidated<T>(IServiceCollection services, Action<T> validate)
        where T : class
    {
        services.AddOptions<T>();
        services.AddSingleton<IConfigurationValidator>(provider => new OptionsValidator<T>(() => provider.GetRequiredService<IOptions<T>>().Value, validate));
    }
}
