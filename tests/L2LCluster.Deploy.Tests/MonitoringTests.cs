using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;

namespace L2LCluster.Deploy.Tests;

/// <summary>The monitoring component: a Prometheus that scrapes the collector and a Grafana whose dashboard plots what the cluster exports.</summary>
public sealed partial class MonitoringTests
{
    private static readonly string Component = Path.Combine(RepositoryPaths.Kubernetes, "components", "monitoring");

    public static TheoryData<string> Overlays => ManifestTests.Overlays;

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_overlay_runs_prometheus_scraping_the_collectors_metrics_port_and_grafana_reading_it(string overlay)
    {
        var manifests = RenderedManifests.Of(RepositoryPaths.Overlay(overlay));

        var collector = manifests.Named<V1Service>("otel-collector").Spec.Ports.Single(port => port.Name == "metrics");
        var scrape = manifests.Named<V1ConfigMap>("prometheus-config").Data["prometheus.yml"];
        Assert.Contains($"\"otel-collector:{collector.Port}\"", scrape, StringComparison.Ordinal);
        var prometheus = manifests.Named<V1Service>("prometheus").Spec.Ports.Single();
        Assert.Contains($"url: http://prometheus:{prometheus.Port}", manifests.Named<V1ConfigMap>("grafana-provisioning").Data["datasources.yaml"], StringComparison.Ordinal);
        Assert.NotNull(manifests.Named<V1Deployment>("grafana"));
        var dashboard = manifests.Named<V1ConfigMap>("grafana-dashboards").Data["l2lcluster-dashboard.json"];
        Assert.Equal(File.ReadAllText(Path.Combine(Component, "l2lcluster-dashboard.json")), dashboard);
        var policy = manifests.Named<V1NetworkPolicy>("otel-collector-metrics");
        Assert.Equal("prometheus", Assert.Single(Assert.Single(policy.Spec.Ingress).FromProperty).PodSelector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Equal("metrics", Assert.Single(policy.Spec.Ingress.Single().Ports).Port.Value);
    }

    [Fact]
    public void The_dashboard_plots_meta_loss_throughput_workers_and_checkpoint_time_from_series_the_cluster_exports()
    {
        var exported = PrometheusNames.OfProjectMeter();
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Component, "l2lcluster-dashboard.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .ToDictionary(panel => panel.GetProperty("title").GetString()!, panel => panel.GetProperty("targets").EnumerateArray().Select(target => target.GetProperty("expr").GetString()!).ToList());

        var queried = panels.Values.SelectMany(expressions => expressions).SelectMany(expression => Series().Matches(expression).Select(match => match.Value)).ToHashSet();
        Assert.True(!queried.Except(exported).Any(), $"queried but not exported: {string.Join(", ", queried.Except(exported))}; exported: {string.Join(", ", exported)}");
        Assert.Contains("l2l_run_meta_loss", panels["Meta-loss"].Single(), StringComparison.Ordinal);
        Assert.Contains(panels["Throughput"], expression => expression.Contains("l2l_run_iterations_total", StringComparison.Ordinal));
        Assert.Contains(panels["Workers: live and dropped"], expression => expression.Contains("l2l_run_workers_live", StringComparison.Ordinal));
        Assert.Contains(panels["Workers: live and dropped"], expression => expression.Contains("l2l_run_workers_dropped_total", StringComparison.Ordinal));
        Assert.All(panels["Checkpoint time"], expression => Assert.Contains("l2l_run_checkpoint_duration_seconds_bucket", expression, StringComparison.Ordinal));
        Assert.All(panels.Values.SelectMany(expressions => expressions), expression => Assert.Contains("l2l_run_id=~\"$run\"", expression, StringComparison.Ordinal));
    }

    // A series name is followed by its selector; labels (l2l_run_id, l2l_worker) are not.
    [GeneratedRegex(@"l2l_[a-z_]+(?=\{)")]
    private static partial Regex Series();
}
