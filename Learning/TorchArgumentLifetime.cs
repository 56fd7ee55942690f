namespace L2LCluster.Learning;

/// <summary>
/// Whether this process is safe from TorchSharp 0.107 freeing a number handed to libtorch while the call runs: it
/// passes a Scalar's handle without keeping the managed object alive, optimized JIT code drops the reference once the
/// handle is read, and another thread's collection during the call frees it ("Unknown scalar type.", README: "TorchSharp
/// and the collector"). Unoptimized JIT code keeps every argument alive to its method's end; the runtime takes that
/// setting from the environment only, before any managed code runs, so a process can only say that it lacks it.
/// </summary>
public static class TorchArgumentLifetime
{
    public const string Variable = "DOTNET_JITMinOpts";

    /// <summary>The one line a process started without the setting writes (the console, the bench) or logs (a silo), from <see cref="TorchSetup.ConfigureOnce"/>.</summary>
    public const string Warning = $"{Variable} is not 1 in this process: TorchSharp 0.107 can free a number handed to libtorch while the call runs, another thread's garbage collection permitting (README: \"TorchSharp and the collector\"); start it with {Variable}=1.";

    /// <summary>Whether the process's environment holds the setting.</summary>
    public static bool IsProtectedHere => IsProtected(Environment.GetEnvironmentVariable);

    /// <summary>Whether an environment, read through <paramref name="variable"/>, holds the setting under either of the runtime's prefixes.</summary>
    public static bool IsProtected(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return (variable(Variable) ?? variable("COMPlus_JITMinOpts")) == "1";
    }
}
