using System.Text.RegularExpressions;

namespace L2LCluster.Deploy.Tests;

/// <summary>
/// The images cannot be built here (no container engine): what is checked is that each builds with the publish step CI
/// runs, from pinned bases, and runs as a non-root user.
/// </summary>
public sealed partial class DockerfileTests
{
    [Theory]
    [InlineData("silo-gpu", "silo", "cuda")]
    [InlineData("silo-cpu", "silo", "cpu")]
    [InlineData("client", "client", "cpu")]
    public void Each_image_publishes_with_the_script_and_pins_its_bases(string image, string app, string backend)
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Docker, $"{image}.Dockerfile"));

        Assert.Contains($"deploy/publish.sh {app} --backend {backend} ", dockerfile);
        var bases = BaseImage().Matches(dockerfile).Select(match => match.Groups[1].Value).ToList();
        Assert.NotEmpty(bases);
        Assert.All(bases, reference => Assert.Matches(@":\d+(\.\d+)+(-[a-z0-9.]+)*$", reference));
        var user = UserInstruction().Matches(dockerfile).Select(match => match.Groups[1].Value).LastOrDefault();
        Assert.True(user is not (null or "root" or "0"), $"{image} runs as {user ?? "root"}");
    }

    /// <summary>TorchSharp 0.107 needs it to keep a Scalar alive through its native call (README, "TorchSharp and the collector").</summary>
    [Theory]
    [InlineData("silo-gpu")]
    [InlineData("silo-cpu")]
    [InlineData("client")]
    public void Each_image_runs_unoptimized_jit_code_that_keeps_every_argument_alive(string image) =>
        Assert.Matches(UnoptimizedJit(), File.ReadAllText(Path.Combine(RepositoryPaths.Docker, $"{image}.Dockerfile")));

    /// <summary>The publish step builds the fused LSTM cell with gcc, which the SDK image lacks (FusedLstmCell).</summary>
    [Theory]
    [InlineData("silo-cpu")]
    [InlineData("client")]
    public void Each_cpu_image_installs_the_compiler_of_the_fused_lstm_cell_before_it_publishes(string image)
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Docker, $"{image}.Dockerfile"));

        var install = dockerfile.IndexOf("apt-get install -y --no-install-recommends gcc libc6-dev", StringComparison.Ordinal);
        Assert.InRange(install, 0, dockerfile.IndexOf("deploy/publish.sh", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("client")]
    public void Ci_runs_the_images_publish_step_for_the_cpu_backend(string app) =>
        Assert.Contains($"deploy/publish.sh {app} --backend cpu", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "test.sh")));

    [Fact]
    public void The_build_context_leaves_out_builds_runs_and_history()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"));

        Assert.All(new[] { "**/bin/", "**/obj/", "artifacts/", "runs/", ".git/" }, pattern => Assert.Contains(pattern, ignored));
    }

    /// <summary>The default of every image ARG: the images a build uses unless told otherwise.</summary>
    [GeneratedRegex(@"^ARG \w+_IMAGE=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex BaseImage();

    [GeneratedRegex(@"^USER (\S+)$", RegexOptions.Multiline)]
    private static partial Regex UserInstruction();

    [GeneratedRegex(@"^ENV DOTNET_JITMinOpts=1$", RegexOptions.Multiline)]
    private static partial Regex UnoptimizedJit();
}
