namespace L2LCluster.Runs.Tests;

public sealed class RunIdTests
{
    [Theory]
    [InlineData("q")]
    [InlineData("quadratic-20261201-083000")]
    [InlineData("run_1.resumed")]
    public void ANameSafeAsOnePathSegmentIsARunId(string name) => Assert.Equal(name, RunId.Parse(name, "RUN").Value);

    [Theory]
    [InlineData("")]
    [InlineData("./victim1")]
    [InlineData("../../outside/victim")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("-flag")]
    [InlineData(null)]
    public void ANameThatIsNotOnePlainPathSegmentIsRefusedNamingTheSetting(string? name)
    {
        var error = Assert.Throws<InvalidSettingException>(() => RunId.Parse(name, "RUN"));

        Assert.Equal("RUN", error.Setting);
        Assert.Contains("not a valid run name", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameOfMoreThanAHundredCharactersIsRefused()
    {
        Assert.True(RunId.TryParse(new string('a', RunId.MaxLength), out _));
        Assert.False(RunId.TryParse(new string('a', RunId.MaxLength + 1), out _));
    }
}
