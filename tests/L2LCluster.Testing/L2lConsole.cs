namespace L2LCluster.Testing;

/// <summary>The built l2l console (copied next to the tests that reference it), run as a child process as a user runs it.</summary>
public static class L2lConsole
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    public static ChildProcess Start(params string[] arguments) => Start(null, arguments);

    /// <summary>Starts l2l; <paramref name="environment"/> adds to (or overrides) this process's variables.</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        new("dotnet", [Path.Combine(AppContext.BaseDirectory, "l2l.dll"), .. arguments], environment);

    public static ProcessResult Run(params string[] arguments) => Run(null, arguments);

    public static ProcessResult Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        RunAsync(environment, arguments).GetAwaiter().GetResult();

    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var child = Start(environment, arguments);
        return await child.WaitAsync(CommandTimeout);
    }
}
