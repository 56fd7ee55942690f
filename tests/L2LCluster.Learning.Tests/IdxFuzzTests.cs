using L2LCluster.Learning.Data;
using L2LCluster.Runs;

namespace L2LCluster.Learning.Tests;

/// <summary>
/// The IDX reader fuzzed from the committed corpus (plain and gzip files): every input is read or refused in one line,
/// and none allocates more than its decompressed size allows: deflate expands a byte at most 1,032 times, and what
/// is read is held twice at most while it grows, plus 4 MiB of buffers.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class IdxFuzzTests : IDisposable
{
    private const int Iterations = 5000;

    private readonly TempFolder _folder = new();

    [Fact]
    public void AnIdxFileIsReadOrRefusedInOneLineWithinTheAllocationBound()
    {
        var path = _folder.File("fuzzed.idx");
        UntrustedBytes.Fuzz<InvalidSettingException>(
            RepositoryFiles.Path("tests", "fuzz-corpus", "idx"),
            bytes =>
            {
                File.WriteAllBytes(path, bytes);
                IdxFile.Read(path, "--data");
            },
            length => (2L * 1032 * length) + (4 << 20),
            Iterations);
    }

    [Fact]
    public void EverySeedOfTheCorpusIsAnIdxFile()
    {
        foreach (var file in Directory.GetFiles(RepositoryFiles.Path("tests", "fuzz-corpus", "idx")))
        {
            Assert.NotEmpty(IdxFile.Read(file, "--data").Dimensions);
        }
    }

    public void Dispose() => _folder.Dispose();
}
