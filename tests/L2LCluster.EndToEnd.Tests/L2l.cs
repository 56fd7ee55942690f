namespace L2LCluster.EndToEnd.Tests;

/// <summary>The built l2l console (copied next to the tests), run as a user runs it.</summary>
internal static class L2l
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    public static ChildProcess Start(params string[] arguments) => new("dotnet", [Path.Combine(AppContext.BaseDirectory, "l2l.dll"), .. arguments]);

    public static async Task<ProcessResult> RunAsync(params string[] arguments)
    {
        using var child = Start(arguments);
        return await child.WaitAsync(CommandTimeout);
    }
}
