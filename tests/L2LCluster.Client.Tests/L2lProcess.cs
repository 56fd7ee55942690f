namespace L2LCluster.Client.Tests;

/// <summary>Runs the built l2l console as a user would, capturing its exit code and output.</summary>
internal static class L2lProcess
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Starts l2l; <paramref name="environment"/> adds to (or overrides) this process's variables.</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        new("dotnet", [Path.Combine(AppContext.BaseDirectory, "l2l.dll"), .. arguments], environment);

    public static ProcessResult Run(params string[] arguments) => Run(null, arguments);

    public static ProcessResult Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var child = Start(environment, arguments);
        return child.WaitAsync(CommandTimeout).GetAwaiter().GetResult();
    }
}
