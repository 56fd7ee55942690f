using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenTelemetry.Resources;

namespace L2LCluster.Telemetry;

/// <summary>
/// The OTLP/JSON encoding of spans (ids as hex, times as decimal strings of Unix nanoseconds, enums as numbers, as the
/// OTLP specification's JSON mapping says).
/// </summary>
internal static class OtlpJson
{
    public static void WriteRequest(Utf8JsonWriter json, Resource resource, IReadOnlyList<Activity> spans, Func<Activity, ActivitySpanId> parentOf)
    {
        json.WriteStartObject();
        json.WriteStartArray("resourceSpans");
        json.WriteStartObject();
        json.WriteStartObject("resource");
        WriteAttributes(json, resource.Attributes.Select(attribute => new KeyValuePair<string, object?>(attribute.Key, attribute.Value)));
        json.WriteEndObject();
        json.WriteStartArray("scopeSpans");
        foreach (var scope in spans.GroupBy(span => span.Source.Name))
        {
            json.WriteStartObject();
            json.WriteStartObject("scope");
            json.WriteString("name", scope.Key);
            json.WriteEndObject();
            json.WriteStartArray("spans");
            foreach (var span in scope)
            {
                WriteSpan(json, span, parentOf(span));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter json, Activity span, ActivitySpanId parent)
    {
        json.WriteStartObject();
        json.WriteString("traceId", span.TraceId.ToHexString());
        json.WriteString("spanId", span.SpanId.ToHexString());
        if (parent != default)
        {
            json.WriteString("parentSpanId", parent.ToHexString());
        }

        json.WriteString("name", span.DisplayName);
        json.WriteNumber("kind", (int)span.Kind + 1);
        json.WriteString("startTimeUnixNano", Nanoseconds(span.StartTimeUtc));
        json.WriteString("endTimeUnixNano", Nanoseconds(span.StartTimeUtc + span.Duration));
        WriteAttributes(json, span.TagObjects);
        json.WriteStartArray("events");
        foreach (var spanEvent in span.Events)
        {
            json.WriteStartObject();
            json.WriteString("timeUnixNano", Nanoseconds(spanEvent.Timestamp.UtcDateTime));
            json.WriteString("name", spanEvent.Name);
            WriteAttributes(json, spanEvent.Tags);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("links");
        foreach (var link in span.Links)
        {
            json.WriteStartObject();
            json.WriteString("traceId", link.Context.TraceId.ToHexString());
            json.WriteString("spanId", link.Context.SpanId.ToHexString());
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("status");
        json.WriteNumber("code", span.Status switch { ActivityStatusCode.Ok => 1, ActivityStatusCode.Error => 2, _ => 0 });
        if (span.StatusDescription is { } description)
        {
            json.WriteString("message", description);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>> attributes)
    {
        json.WriteStartArray("attributes");
        foreach (var (key, value) in attributes)
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteStartObject("value");
            switch (value)
            {
                case bool flag:
                    json.WriteBoolean("boolValue", flag);
                    break;
                case int or long or short or byte or uint:
                    json.WriteString("intValue", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                    break;
                case double or float:
                    json.WriteNumber("doubleValue", Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    json.WriteString("stringValue", Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                    break;
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Nanoseconds(DateTime utc) =>
        ((utc.Ticks - DateTime.UnixEpoch.Ticks) * 100).ToString(CultureInfo.InvariantCulture);
}
