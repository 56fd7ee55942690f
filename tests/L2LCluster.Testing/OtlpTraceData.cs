using System.Text;

namespace L2LCluster.Testing;

/// <summary>
/// Reads the spans out of an OTLP ExportTraceServiceRequest by walking the protobuf wire format:
/// request.resource_spans(1) → resource(1) → attributes(1) → key(1), value(2) → string_value(1), and
/// resource_spans → scope_spans(2) → spans(2) → trace_id(1), span_id(2), parent_span_id(4), name(5).
/// Anything that is not well-formed protobuf throws.
/// </summary>
public static class OtlpTraceData
{
    public static List<OtlpSpan> Spans(byte[] exportTraceServiceRequest) =>
    [
        .. from resourceSpans in Fields(exportTraceServiceRequest, 1)
           let service = ServiceName(resourceSpans)
           from scopeSpans in Fields(resourceSpans, 2)
           from span in Fields(scopeSpans, 2)
           select ReadSpan(service, span),
    ];

    private static string ServiceName(byte[] resourceSpans) =>
        (from resource in Fields(resourceSpans, 1)
         from attribute in Fields(resource, 1)
         where Text(Fields(attribute, 1).Single()) == "service.name"
         select Text(Fields(Fields(attribute, 2).Single(), 1).Single())).Single();

    private static OtlpSpan ReadSpan(string service, byte[] span)
    {
        string Id(int field) => Fields(span, field).SingleOrDefault() is { } bytes ? Convert.ToHexStringLower(bytes) : "";
        return new OtlpSpan(service, Id(1), Id(2), Id(4), Text(Fields(span, 5).Single()));
    }

    private static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>The length-delimited values of field <paramref name="number"/> in a message; other fields are skipped.</summary>
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var values = new List<byte[]>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    ReadVarint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                case 2:
                    var length = checked((int)ReadVarint(message, ref position));
                    if ((int)(key >> 3) == number)
                    {
                        values.Add(message[position..(position + length)]);
                    }

                    position += length;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wireType} at byte {position} is not protobuf.");
            }
        }

        return position == message.Length ? values : throw new InvalidDataException("a field runs past the end of the message.");
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = message[position++];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a varint is longer than 10 bytes.");
    }
}
