using System.Xml.Linq;
using L2LCluster.Client.Plots;

namespace L2LCluster.Client.Tests;

public sealed class LossCurvePlotTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void SaveWritesAPngOfTheAskedSizeAndAnSvgWithEveryLabel()
    {
        var series = new[]
        {
            new LossCurveSeries("LSTM", [.. Enumerable.Range(0, 101).Select(step => Math.Exp(-0.1 * step))]),
            new LossCurveSeries("Adam (lr 0.1)", [.. Enumerable.Range(0, 101).Select(step => 1.0 / (1 + step))]),
        };

        var (png, svg) = LossCurvePlot.Save("quadratic", series, Path.Combine(_folder.Path, "curves"), 640, 480);

        Assert.Equal(Path.Combine(_folder.Path, "curves.png"), png);
        Assert.Equal(new PngHeader(640, 480), PngHeader.Read(png));
        var document = XDocument.Load(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Contains("LSTM", document.ToString(), StringComparison.Ordinal);
        Assert.Contains("Adam (lr 0.1)", document.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ADivergedOrZeroLossEndsItsLineInsteadOfFailing()
    {
        var series = new[]
        {
            new LossCurveSeries("SGD", [1.0, 10.0, double.PositiveInfinity, double.NaN]),
            new LossCurveSeries("exact", [1.0, 0.0]),
        };

        var (png, _) = LossCurvePlot.Save("diverged", series, Path.Combine(_folder.Path, "diverged"));

        Assert.Equal(new PngHeader(800, 600), PngHeader.Read(png));
    }

    public void Dispose() => _folder.Dispose();
}
