using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenTelemetry;

namespace L2LCluster.Telemetry;

/// <summary>
/// One line per shown span as it ends, indented by its place in the tree: name, duration, the project's tags without
/// their <c>l2l.</c> prefix, and its events. A root line carries the trace id, to find the trace in a viewer.
/// </summary>
internal sealed class SpanTreeWriter(SpanAncestry ancestry, TextWriter output) : BaseProcessor<Activity>
{
    private readonly Lock _writing = new();

    public override void OnEnd(Activity data)
    {
        if (!ancestry.IsShown(data))
        {
            return;
        }

        var line = Describe(data, ancestry.Depth(data));
        lock (_writing)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    internal static string Describe(Activity span, int depth)
    {
        var line = new StringBuilder()
            .Append(' ', 2 * depth)
            .Append(span.DisplayName)
            .Append(CultureInfo.InvariantCulture, $"  {span.Duration.TotalMilliseconds:F1} ms");
        if (depth == 0)
        {
            line.Append("  trace ").Append(span.TraceId.ToHexString());
        }

        foreach (var (key, value) in span.TagObjects)
        {
            line.Append("  ").Append(Short(key)).Append('=').Append(Format(value));
        }

        foreach (var spanEvent in span.Events)
        {
            line.Append("  !").Append(Short(spanEvent.Name)).Append('(')
                .AppendJoin(", ", spanEvent.Tags.Select(tag => $"{Short(tag.Key)}={Format(tag.Value)}"))
                .Append(')');
        }

        if (span.Status == ActivityStatusCode.Error)
        {
            line.Append("  error: ").Append(span.StatusDescription);
        }

        return line.ToString();
    }

    private static string Short(string key) => key.StartsWith(L2LTelemetry.SpanPrefix, StringComparison.Ordinal) ? key[L2LTelemetry.SpanPrefix.Length..] : key;

    private static string Format(object? value) => value switch
    {
        double number => number.ToString("G6", CultureInfo.InvariantCulture),
        float number => number.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
