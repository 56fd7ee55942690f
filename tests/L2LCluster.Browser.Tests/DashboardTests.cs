using Microsoft.Playwright;

namespace L2LCluster.Browser.Tests;

/// <summary>
/// A short run on the embedded cluster, sent to the Aspire dashboard that <c>l2l dashboard</c> starts, seen in a real
/// browser: its trace with the l2l.train → l2l.iteration → l2l.unroll tree, and its meta-loss chart.
/// </summary>
[Trait("Category", "Process")]
public sealed class DashboardTests : IDisposable
{
    private const int Iterations = 30;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ARunAppearsInTheDashboardWithItsSpanTreeAndItsMetaLossChart()
    {
        using var dashboard = await DashboardSession.StartAsync();
        var run = L2lConsole.Run(
            new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.OtlpEndpoint, ["OTEL_METRIC_EXPORT_INTERVAL"] = "500" },
            "train", "--problem", "quadratic", "--iterations", $"{Iterations}", "--batch", "4", "--unroll", "5", "--horizon", "10", "--out", _folder.File("run"));
        Assert.True(run.ExitCode == 0, run.ToString());

        var spans = await dashboard.SpansAsync();
        var byId = spans.ToDictionary(span => span.Id);
        var unrolls = spans.Where(span => span.Name == "l2l.unroll").ToList();
        Assert.Equal(Iterations, unrolls.Count);
        Assert.All(unrolls, unroll => Assert.Equal(["l2l.iteration", "l2l.run", "l2l.train"], Ancestors(byId, unroll).Where(name => name.StartsWith("l2l.", StringComparison.Ordinal))));

        var (playwright, browser) = await Chromium.LaunchAsync();
        using (playwright)
        {
            await using (browser)
            {
                var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
                await page.GotoAsync(dashboard.Url + "/traces");
                var trace = page.GetByText("l2l.train").First;
                await trace.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
                await trace.ClickAsync();
                foreach (var name in new[] { "l2l.train", "l2l.run", "l2l.iteration", "l2l.unroll", "l2l.optimizer.apply" })
                {
                    await page.GetByText(name).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
                }

                // The first iterations with their unrolls (Orleans' grain calls sit between the project's spans), for the README.
                await page.GetByText("l2l.iteration").First.ScrollIntoViewIfNeededAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard-trace.png") });

                await page.GotoAsync(dashboard.Url + "/metrics/resource/l2l?meter=L2LCluster&instrument=l2l.run.meta_loss");
                await page.GetByText("l2l.run.meta_loss").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
                var chart = page.Locator(".plotly, canvas, svg.main-svg").First;
                await chart.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard-meta-loss.png") });
            }
        }
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The names above a span, nearest first.</summary>
    private static IEnumerable<string> Ancestors(Dictionary<string, (string Id, string? Parent, string Name)> spans, (string Id, string? Parent, string Name) span)
    {
        for (var parent = span.Parent; parent is not null && spans.TryGetValue(parent, out var above); parent = above.Parent)
        {
            yield return above.Name;
        }
    }

    // Kept after the run (under the test output), for the README's picture and for looking at a failure.
    private static string Screenshot(string name) => Path.Combine(AppContext.BaseDirectory, "screenshots", name);
}
