namespace L2LCluster.Deploy.Tests;

/// <summary>A silo given a setting it cannot use stops before it starts, with one line naming the setting and exit code 2.</summary>
public sealed class SiloConfigurationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("--storage", "foo", "Storage:Kind: must be directory or redis; got 'foo'.")]
    [InlineData("--storage", "redis", "Storage:Redis: must hold a connection string")]
    [InlineData("--clustering", "foo", "Clustering:Kind: must be localhost, redis or kubernetes; got 'foo'.")]
    [InlineData("--clustering", "redis", "Clustering:Redis: must hold a connection string")]
    [InlineData("--silo-port", "70000", "Clustering:SiloPort: must be a port between 1 and 65535; got 70000.")]
    [InlineData("--gateway-port", "abc", "Clustering:GatewayPort: cannot be read")]
    [InlineData("--device", "tpu", "Devices:Kind: must be auto, cpu or cuda; got 'tpu'.")]
    [InlineData("--cpu-devices", "0", "Devices:CpuDevices: must be between 1 and 256; got 0.")]
    [InlineData("--wake-interval", "-00:00:01", "Runs:WakeInterval: must be a positive time span")]
    [InlineData("--colour", "blue", "--colour: unknown flag; the silo takes --device")]
    public async Task ASettingTheSiloCannotUseStopsItAtStartInOneLineNamingIt(string flag, string value, string expected)
    {
        using var runs = new TempFolder();
        using var silo = new SiloProcess(runs.Path, arguments: [flag, value]);

        var result = await silo.WaitForExitAsync(ExitTimeout);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"l2l-silo: {expected}", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tls:Certificate: a cluster of processes or pods speaks mutual TLS", "--clustering", "redis", "--redis", "127.0.0.1:1")]
    [InlineData("Tls:Key: is needed with Tls:Certificate", "--tls-cert", "/nonexistent/silo.pem")]
    [InlineData("Tls:Certificate: '/nonexistent/silo.pem' does not exist.", "--tls-cert", "/nonexistent/silo.pem", "--tls-key", "/nonexistent/silo.key", "--tls-ca", "/nonexistent/ca.pem")]
    [InlineData("Tls:Insecure: cannot be true while Tls:Certificate is given.", "--insecure", "--tls-cert", "/a.pem", "--tls-key", "/a.key", "--tls-ca", "/ca.pem")]
    public async Task TlsSettingsTheSiloCannotUseStopItAtStartInOneLine(string expected, params string[] flags)
    {
        using var runs = new TempFolder();
        using var silo = new SiloProcess(runs.Path, arguments: flags);

        var result = await silo.WaitForExitAsync(ExitTimeout);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"l2l-silo: {expected}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASiloWhoseRedisCannotBeReachedStopsInOneLine()
    {
        using var runs = new TempFolder();
        var closed = FreePorts.Take(1)[0];
        using var silo = new SiloProcess(runs.Path, arguments: ["--clustering", "redis", "--redis", $"127.0.0.1:{closed}", "--insecure"]);

        var result = await silo.WaitForExitAsync(ExitTimeout);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("l2l-silo: cannot use the Redis of Clustering:Redis: ", result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEnvironmentSetsWhatAFlagSetsUnderTheConsolesConvention()
    {
        using var runs = new TempFolder();
        using var silo = new SiloProcess(runs.Path, new Dictionary<string, string> { ["L2L_STORAGE"] = "foo" });

        var result = await silo.WaitForExitAsync(ExitTimeout);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Storage:Kind: must be directory or redis; got 'foo'.", result.Error, StringComparison.Ordinal);
    }
}
