using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace L2LCluster.Client.Plots;

/// <summary>
/// The paper's comparison figure: mean loss on a log scale against the optimization step, one line per optimizer,
/// written as PNG and SVG.
/// </summary>
public static class LossCurvePlot
{
    /// <summary>Writes <paramref name="pathWithoutExtension"/>.png and .svg.</summary>
    /// <returns>The two paths written.</returns>
    public static (string Png, string Svg) Save(string title, IReadOnlyList<LossCurveSeries> series, string pathWithoutExtension, int width = 800, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);

        using var plot = Build(title, series);
        var png = pathWithoutExtension + ".png";
        var svg = pathWithoutExtension + ".svg";
        plot.SavePng(png, width, height);
        plot.SaveSvg(svg, width, height);
        return (png, svg);
    }

    /// <summary>Writes the plot where <paramref name="target"/> says (checked before the work that feeds it).</summary>
    public static (string Png, string Svg) Save(string title, IReadOnlyList<LossCurveSeries> series, PlotTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Save(title, series, target.PathWithoutExtension);
    }

    private static Plot Build(string title, IReadOnlyList<LossCurveSeries> series)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = PowerOfTen,
        };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;

        var palette = new ScottPlot.Palettes.Category10();
        for (var index = 0; index < series.Count; index++)
        {
            var (steps, logLosses) = LogScalePoints(series[index].MeanLossPerStep);
            var line = plot.Add.ScatterLine(steps, logLosses, palette.GetColor(index));
            line.LegendText = series[index].Label;
            line.LineWidth = 2;
        }

        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// Log10 of the losses with their steps. A log axis cannot show zero, a negative or a diverged loss, so a line
    /// stops at its first such value instead of jumping off the chart.
    /// </summary>
    private static (double[] Steps, double[] LogLosses) LogScalePoints(IReadOnlyList<double> losses)
    {
        var shown = losses.TakeWhile(loss => double.IsFinite(loss) && loss > 0).ToArray();
        return ([.. Enumerable.Range(0, shown.Length).Select(step => (double)step)], [.. shown.Select(Math.Log10)]);
    }

    private static string PowerOfTen(double exponent) =>
        Math.Pow(10, exponent).ToString("G3", CultureInfo.InvariantCulture);
}
