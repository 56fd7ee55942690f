using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using L2LCluster.Hosting.Security;
using Xunit.Abstractions;

namespace L2LCluster.EndToEnd.Tests;

/// <summary>
/// Only holders of the cluster's certificates reach it: every connection of the local cluster's silo processes is
/// mutual TLS against the cluster's own authority, each port takes one role, and nothing of a run crosses the wire
/// in clear.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class MutualTlsTests(SingleSiloCluster fixture, ITestOutputHelper output) : IClassFixture<SingleSiloCluster>, IDisposable
{
    /// <summary>How long a handshake that the gateway accepted waits for the gateway's first byte (it waits for ours).</summary>
    private static readonly TimeSpan AcceptedSilence = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan RefusalWait = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new();

    private LocalCluster Cluster => fixture.Cluster;

    private CertificateFolder Certificates => new(Cluster.CertificateFolder);

    [Fact]
    public async Task AClientWithTheClustersCertificateIsServed()
    {
        var listed = await L2lConsole.RunAsync(Cluster.ClientEnvironment, "runs", "--cluster", fixture.Gateway);

        Assert.True(listed.ExitCode == 0, listed.ToString());
    }

    [Fact]
    public async Task AClientWithoutACertificateIsRefusedInOneLine()
    {
        var listed = await L2lConsole.RunAsync("runs", "--cluster", fixture.Gateway);

        Assert.Equal(2, listed.ExitCode);
        var line = Assert.Single(listed.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"l2l: --cluster: cannot connect to the cluster at {fixture.Gateway}", line, StringComparison.Ordinal);
        Assert.Contains("--tls-cert", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("another-authority", "is not issued by this cluster's authority")]
    [InlineData("expired", "expired on")]
    public async Task AClientCertificateTheClusterDidNotIssueOrThatExpiredIsRefusedByTheConsoleInOneLineAndByTheGateway(string kind, string reason)
    {
        using var authority = kind == "expired" ? ClusterAuthority() : CertificateAuthority.Create("another authority", TimeSpan.FromDays(30));
        var issued = kind == "expired"
            ? authority.Issue(CertificateRole.Client, "late", authority.Certificate.NotBefore, authority.Certificate.NotBefore.AddHours(1))
            : authority.Issue(CertificateRole.Client, "mallory", TimeSpan.FromDays(1));
        var (certificate, key) = Write(issued, kind);

        var listed = await L2lConsole.RunAsync(
            "runs", "--cluster", fixture.Gateway, "--tls-cert", certificate, "--tls-key", key, "--tls-ca", Certificates.AuthorityCertificate);

        Assert.Equal(2, listed.ExitCode);
        var line = Assert.Single(listed.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("l2l: --tls-cert: ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        using var presented = X509Certificate2.CreateFromPem(issued.CertificatePem, issued.KeyPem);
        Assert.Equal(Handshake.Refused, await HandshakeAsync(Cluster.GatewayPort(0), presented));
        await WaitForRefusalAsync("gateway", kind == "expired" ? "CN=late'" : "CN=mallory'");
    }

    [Fact]
    public async Task TheGatewayTakesClientCertificatesOnlyAndTheSiloPortSiloCertificatesOnly()
    {
        using var client = Load(CertificateFolder.ClientName);
        using var silo = Load(CertificateFolder.SiloName);

        Assert.Equal(Handshake.Accepted, await HandshakeAsync(Cluster.GatewayPort(0), client));
        Assert.Equal(Handshake.Refused, await HandshakeAsync(Cluster.GatewayPort(0), silo));
        Assert.Equal(Handshake.Refused, await HandshakeAsync(Cluster.SiloPort(0), client));
        await WaitForRefusalAsync("silo port", "CN=client'");
    }

    [Fact]
    public async Task ASiloWithACertificateOfAnotherAuthorityCannotJoin()
    {
        using var authority = CertificateAuthority.Create("an intruder's authority", TimeSpan.FromDays(30));
        var (certificate, key) = Write(authority.Issue(CertificateRole.Silo, "intruder", TimeSpan.FromDays(1)), "intruder");
        var authorityFile = _folder.File("intruder-ca.pem");
        await File.WriteAllTextAsync(authorityFile, authority.CertificatePem);

        using var presented = X509Certificate2.CreateFromPemFile(certificate, key);
        using var intruder = Cluster.StartSilo("--tls-cert", certificate, "--tls-key", key, "--tls-ca", authorityFile);

        // It knows the Redis user's password, yet the Redis takes no certificate but the cluster's, and neither do the silos.
        var stopped = await intruder.WaitAsync(RefusalWait);
        Assert.True(stopped.ExitCode == 1, stopped.ToString());
        // Its log goes to standard error too; the program's own word is the last line.
        var last = stopped.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("l2l-silo: cannot use the Redis of Clustering:Redis: ", last, StringComparison.Ordinal);
        output.WriteLine(last);
        Assert.DoesNotContain("Application started", stopped.Output, StringComparison.Ordinal);
        Assert.Equal(Handshake.Refused, await HandshakeAsync(Cluster.SiloPort(0), presented));
        await WaitForRefusalAsync("silo port", "CN=intruder'");
        var listed = await L2lConsole.RunAsync(Cluster.ClientEnvironment, "runs", "--cluster", fixture.Gateway);
        Assert.True(listed.ExitCode == 0, listed.ToString());
    }

    [Fact]
    public async Task TheBytesBetweenAClientAndTheGatewayNeverHoldTheRunsNameWhileWithoutTlsTheyDo()
    {
        const string RunName = "confidential-run-4711";

        var secured = await CapturedTrainingAsync(RunName, tls: true);
        var plain = await CapturedTrainingAsync(RunName, tls: false);

        Assert.True(secured.Length > 1000, $"only {secured.Length} bytes crossed the proxy");
        Assert.False(Holds(secured, RunName), "the run's name crossed the wire in clear with TLS");
        Assert.True(Holds(plain, RunName), "the control without TLS did not show the run's name: the capture sees nothing");
    }

    [Fact]
    public async Task TheRedisAdmitsOnlyTheSilosUserWithTheClustersCertificateToTheClustersKeysAndCommands()
    {
        var silo = Certificates.Identity(CertificateFolder.SiloName, TlsFiles.ConfigurationKeys);
        string[] tls = ["--tls", "--cacert", Certificates.AuthorityCertificate, "--cert", silo.Certificate, "--key", silo.Key];

        Assert.Equal("PONG", (await RedisAsync([.. tls, "--user", "l2l"], "PING")).Trim());
        Assert.StartsWith("NOPERM", await RedisAsync([.. tls, "--user", "l2l"], "FLUSHALL"), StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", await RedisAsync([.. tls, "--user", "l2l"], "CONFIG", "GET", "dir"), StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", await RedisAsync([.. tls, "--user", "l2l"], "GET", "another-service:key"), StringComparison.Ordinal);
        Assert.DoesNotContain("PONG", await RedisAsync([.. tls, "--user", "default"], "PING"), StringComparison.Ordinal);
        Assert.DoesNotContain("PONG", await RedisAsync(["--tls", "--cacert", Certificates.AuthorityCertificate, "--user", "l2l"], "PING"), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>What redis-cli answers to <paramref name="command"/> on the cluster's Redis, with the silos' password.</summary>
    private async Task<string> RedisAsync(string[] connection, params string[] command)
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(Cluster.CertificateFolder, "..", "redis-password"))).Trim();
        using var cli = new ChildProcess("redis-cli", [.. connection, "-p", Cluster.RedisPort.ToString(CultureInfo.InvariantCulture), .. command], new Dictionary<string, string> { ["REDISCLI_AUTH"] = password });
        var result = await cli.WaitAsync(TimeSpan.FromSeconds(30));
        return result.Output + result.Error;
    }

    /// <summary>
    /// What crossed a proxy in front of a silo's gateway while the console trained a short run through it. The silo
    /// tells clients of the proxy's port as its gateway's (Orleans routes by the address a client connected to).
    /// </summary>
    private async Task<byte[]> CapturedTrainingAsync(string run, bool tls)
    {
        var ports = FreePorts.Take(1, 1);
        var (advertised, listening) = (ports[0].ToString(CultureInfo.InvariantCulture), ports[1].ToString(CultureInfo.InvariantCulture));
        var identity = Certificates.Identity(CertificateFolder.SiloName, TlsFiles.ConfigurationKeys);
        string[] security = tls ? ["--tls-cert", identity.Certificate, "--tls-key", identity.Key, "--tls-ca", identity.Authority] : [];
        using var runs = new TempFolder();
        using var silo = new SiloProcess(runs.Path, arguments: ["--gateway-port", advertised, "--gateway-listening-port", listening, .. security]);
        await silo.WaitForAsync("/healthz/ready", HttpStatusCode.OK, TimeSpan.FromMinutes(2));
        await using var proxy = LoopbackProxy.Start(ports[0], ports[1]);

        var trained = await L2lConsole.RunAsync(
            tls ? Cluster.ClientEnvironment : null, "train", "--cluster", $"127.0.0.1:{advertised}", "--run", run, "--problem", "quadratic",
            "--iterations", "3", "--batch", "2", "--unroll", "5", "--horizon", "10", "--out", _folder.File($"{run}-{(tls ? "tls" : "plain")}"));

        Assert.True(trained.ExitCode == 0, $"l2l train: {trained}{Environment.NewLine}{silo.OutputSoFar}");
        return proxy.Captured();
    }

    private static bool Holds(byte[] bytes, string text) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;

    private CertificateAuthority ClusterAuthority() =>
        CertificateAuthority.FromPem(
            File.ReadAllText(Certificates.AuthorityCertificate),
            File.ReadAllText(Path.Combine(Cluster.CertificateFolder, "ca.key")));

    private X509Certificate2 Load(string name)
    {
        var files = Certificates.Identity(name, TlsFiles.ConfigurationKeys);
        return X509Certificate2.CreateFromPemFile(files.Certificate, files.Key);
    }

    private (string Certificate, string Key) Write(IssuedCertificate issued, string name)
    {
        var (certificate, key) = (_folder.File($"{name}.pem"), _folder.File($"{name}.key"));
        File.WriteAllText(certificate, issued.CertificatePem);
        File.WriteAllText(key, issued.KeyPem);
        return (certificate, key);
    }

    /// <summary>Waits for the silo's line that says it refused the certificate of <paramref name="subject"/> on <paramref name="port"/>.</summary>
    private async Task WaitForRefusalAsync(string port, string subject)
    {
        using var deadline = new CancellationTokenSource(RefusalWait);
        var prefix = $"Refused a TLS peer on the {port}: certificate '";
        while (!Cluster.SiloLog(0).Split('\n').Any(line => line.Contains(prefix, StringComparison.Ordinal) && line.Contains(subject, StringComparison.Ordinal)))
        {
            Assert.False(deadline.IsCancellationRequested, $"the silo did not log '{prefix}…{subject}' in {RefusalWait.TotalSeconds} s:{Environment.NewLine}{Cluster.LogTails()}");
            await Task.Delay(200, CancellationToken.None);
        }
    }

    /// <summary>
    /// A TLS handshake with <paramref name="presented"/>, trusting any server: the port's verdict on the certificate
    /// alone. A port that accepted it waits for the first Orleans bytes, so silence means accepted.
    /// </summary>
    private static async Task<Handshake> HandshakeAsync(int port, X509Certificate2 presented)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "l2lcluster",
                ClientCertificates = [presented],
                EnabledSslProtocols = SslProtocols.Tls13,
            });
            // In TLS 1.3 the server judges the client's certificate after the client's side of the handshake ends.
            var read = await tls.ReadAsync(new byte[1]).AsTask().WaitAsync(AcceptedSilence);
            return read == 0 ? Handshake.Refused : Handshake.Answered;
        }
        catch (TimeoutException)
        {
            return Handshake.Accepted;
        }
        catch (Exception error) when (error is AuthenticationException or IOException)
        {
            return Handshake.Refused;
        }
    }

    private enum Handshake
    {
        Accepted,
        Refused,
        Answered,
    }
}
