using System.Diagnostics;

namespace L2LCluster.Client.Tests;

/// <summary>Runs the built l2l console as a user would, capturing its exit code and output.</summary>
internal static class L2lProcess
{
    public static L2lResult Run(params string[] arguments) => Run(new Dictionary<string, string>(), arguments);

    /// <summary>Runs it with <paramref name="environment"/> added to this process's environment.</summary>
    public static L2lResult Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "l2l.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"l2l {string.Join(' ', arguments)} did not finish in 5 minutes.");
        }

        return new L2lResult(process.ExitCode, output.Result, error.Result);
    }
}
