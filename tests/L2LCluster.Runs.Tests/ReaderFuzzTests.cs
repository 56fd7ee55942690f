using System.Text;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Runs.Tests;

/// <summary>
/// The readers of files a run store, a colleague or an attacker hands over, fuzzed from the committed corpus: every
/// input is read or refused with the one-line <see cref="InvalidSettingException"/>, and none makes the reader
/// allocate more than 64 bytes per input byte plus 4 MiB.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ReaderFuzzTests
{
    private const int Iterations = 20000;

    [Fact]
    public void AnOptimizerFileIsReadOrRefusedInOneLineWithinTheAllocationBound() =>
        UntrustedBytes.Fuzz<InvalidSettingException>(Corpus("optimizer"), bytes => OptimizerFile.Deserialize(bytes, "fuzzed.l2lopt"), Bound, Iterations);

    [Fact]
    public void ACheckpointIsReadOrRefusedInOneLineWithinTheAllocationBound() =>
        UntrustedBytes.Fuzz<InvalidSettingException>(Corpus("checkpoint"), bytes => RunCheckpointFormat.Read(bytes, "fuzzed.l2lckpt"), Bound, Iterations);

    [Fact]
    public void ASpecIsReadOrRefusedInOneLineWithinTheAllocationBound() =>
        UntrustedBytes.Fuzz<InvalidSettingException>(Corpus("spec"), bytes => SpecJson.Parse(Encoding.UTF8.GetString(bytes), "fuzzed.json"), Bound, Iterations);

    [Fact]
    public void EverySeedOfTheCorpusIsAFileOfTodaysFormats()
    {
        foreach (var file in Directory.GetFiles(Corpus("optimizer")))
        {
            OptimizerFile.Load(file);
        }

        foreach (var file in Directory.GetFiles(Corpus("checkpoint")))
        {
            RunCheckpointFormat.Read(File.ReadAllBytes(file), file);
        }

        foreach (var file in Directory.GetFiles(Corpus("spec")))
        {
            SpecJson.Parse(File.ReadAllText(file), file);
        }
    }

    private static long Bound(int length) => (64L * length) + (4 << 20);

    private static string Corpus(string reader) => RepositoryFiles.Path("tests", "fuzz-corpus", reader);
}
