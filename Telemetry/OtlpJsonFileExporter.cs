using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace L2LCluster.Telemetry;

/// <summary>
/// Writes spans as OTLP-JSON lines: every batch is one ExportTraceServiceRequest on a line of its own (the OTLP file
/// format that the collector's otlpjsonfile receiver and trace viewers read). Appends, so several processes of one
/// run may share a file.
/// </summary>
internal sealed class OtlpJsonFileExporter : BaseExporter<Activity>
{
    private readonly SpanAncestry _ancestry;
    private readonly FileStream _file;

    public OtlpJsonFileExporter(string path, SpanAncestry ancestry)
    {
        _ancestry = ancestry;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var spans = new List<Activity>();
        foreach (var span in batch)
        {
            if (_ancestry.IsShown(span))
            {
                spans.Add(span);
            }
        }

        if (spans.Count == 0)
        {
            return ExportResult.Success;
        }

        using var line = new MemoryStream();
        using (var json = new Utf8JsonWriter(line))
        {
            OtlpJson.WriteRequest(json, ParentProvider.GetResource(), spans, _ancestry.ShownParent);
        }

        line.WriteByte((byte)'\n');
        _file.Write(line.GetBuffer(), 0, (int)line.Length);
        _file.Flush();
        return ExportResult.Success;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
