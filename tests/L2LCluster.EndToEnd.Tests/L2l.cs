namespace L2LCluster.EndToEnd.Tests;

/// <summary>The built l2l console (copied next to the tests), run as a user runs it.</summary>
internal static class L2l
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    public static ChildProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts it with <paramref name="environment"/> added to this process's environment.</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        new("dotnet", [Path.Combine(AppContext.BaseDirectory, "l2l.dll"), .. arguments], environment);

    public static async Task<ProcessResult> RunAsync(params string[] arguments)
    {
        using var child = Start(arguments);
        return await child.WaitAsync(CommandTimeout);
    }
}
