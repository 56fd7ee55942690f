using System.Reflection;
using System.Text.RegularExpressions;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using L2LCluster.Telemetry;

namespace L2LCluster.Client.Tests;

/// <summary>The README's samples say what the code does: its problems, its checkpoint schema, its span tags, its shorthand.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepositoryFiles.Path("README.md"));

    [Fact]
    public void TheProblemsTableListsEveryBuiltInFamily()
    {
        var table = Section("## Problems");

        Assert.All(ProblemCatalog.BuiltIn().Names, name => Assert.Contains($"| `{name}` |", table, StringComparison.Ordinal));
    }

    [Fact]
    public void TheInspectSampleShowsTheCheckpointSchemaThisBuildWritesForItsRun()
    {
        var schema = CheckpointSchema().Match(Readme);

        Assert.True(schema.Success, "README has no inspect sample of a checkpoint");
        // The sample's run is truncated BPTT on the embedded cluster: it has had workers, and names no estimator.
        Assert.Equal(RunCheckpointFormat.ContentChecksumSchema, int.Parse(schema.Groups["schema"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheSpanTreeSampleUsesOnlyTagsTheCodeSets()
    {
        var known = typeof(TelemetryTags).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral).Select(field => ((string)field.GetRawConstantValue()!)[L2LTelemetry.SpanPrefix.Length..]).ToHashSet();
        var sample = Section("## Telemetry");
        var tags = SpanTreeTag().Matches(sample).Select(match => match.Groups["tag"].Value).Distinct().ToList();

        Assert.NotEmpty(tags);
        Assert.All(tags, tag => Assert.Contains(tag, known));
    }

    [Fact]
    public void TheL2lShorthandIsDefinedBeforeItsFirstUse()
    {
        var definition = Readme.IndexOf("Below, `l2l` is the console", StringComparison.Ordinal);
        var firstUse = CommandLine().Match(Readme);

        Assert.InRange(definition, 0, int.MaxValue);
        Assert.True(firstUse.Success && firstUse.Index > definition, $"'l2l' is used at {firstUse.Index}, before it is defined at {definition}");
    }

    [Fact]
    public void TheMixtureExampleIsAMixtureThisBuildReadsAndItsFamiliesAreBuiltIn()
    {
        var section = Section("## Task mixtures and augmentation");
        var start = section.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var mixture = SpecJson.ParseMixture(section[start..section.IndexOf("```", start, StringComparison.Ordinal)], "README.md");

        Assert.Equal(["mnist-mlp", "mnist-conv", "quadratic"], mixture.Components.Select(component => component.Family));
        Assert.All(mixture.Components, component => Assert.Contains(component.Family, ProblemCatalog.BuiltIn().Names));
    }

    private static string Section(string heading)
    {
        var start = Readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no section {heading}");
        var end = Readme.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return Readme[start..(end < 0 ? Readme.Length : end)];
    }

    [GeneratedRegex(@"l2lcluster/run-checkpoint, schema (?<schema>\d+)")]
    private static partial Regex CheckpointSchema();

    // A line of the --trace-console sample: "  l2l.unroll  31.8 ms  run.id=…  iteration=1 …".
    [GeneratedRegex(@"(?<=  )(?<tag>[a-z][a-z.]*)=", RegexOptions.Multiline)]
    private static partial Regex SpanTreeTag();

    // A command line in a sample: "$ l2l …" or a line that starts with "l2l " inside a fenced block.
    [GeneratedRegex(@"^(\$ )?l2l [a-z]", RegexOptions.Multiline)]
    private static partial Regex CommandLine();
}
