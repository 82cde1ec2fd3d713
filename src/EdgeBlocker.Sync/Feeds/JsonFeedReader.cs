using System.Globalization;
using System.Text.Json;
using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Sync.Feeds;

/// <summary>
/// Streams the elements of a JSON array feed without holding the whole document: a buffer is refilled from the stream
/// and <see cref="Utf8JsonReader"/> resumes from its saved state, one element at a time. An element is a number as a
/// string (or a JSON number), or an object with the CSV columns as properties; bad elements are skipped by their
/// 1-based position, broken JSON refuses the feed.
/// </summary>
internal sealed class JsonFeedReader
{
    private const int InitialBuffer = 64 * 1024;

    private readonly FeedReader _feed;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state;
    private bool _inArray;

    public JsonFeedReader(FeedReader feed) => _feed = feed;

    private enum Step
    {
        Element,
        End,
        Error,
    }

    public IEnumerable<ListEntry> Read(Stream body, FeedReport report)
    {
        for (long index = 1; ; index++)
        {
            var step = Next(body, out var element, out var error);
            if (step == Step.Error)
            {
                report.Fail(error!);
                yield break;
            }

            if (step == Step.End)
            {
                yield break;
            }

            report.Line(index);
            var (entry, problem) = ToEntry(element);
            if (FeedReader.Accept(entry, problem, index, report) is { } accepted)
            {
                yield return accepted;
            }
            else if (report.Failed)
            {
                yield break;
            }
        }
    }

    private (ListEntry? Entry, string? Error) ToEntry(JsonElement element)
    {
        if (element.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Object))
        {
            return (null, $"a {element.ValueKind.ToString().ToLowerInvariant()} is not an entry (a string or an object)");
        }

        if (!TryDecode(element, out var value, out var fields))
        {
            return (null, "not valid text (bytes that are not UTF-8, or a \\u escape of half a surrogate pair)");
        }

        return fields is null ? _feed.Parse(value!, null) : _feed.Parse(name => fields.GetValueOrDefault(name));
    }

    /// <summary>
    /// Decodes a string element, or an object's properties (the first of each name, case-insensitive), before any is
    /// parsed: <see cref="Utf8JsonReader"/> checks a string's syntax but not its UTF-8 or its <c>\u</c> escapes, which
    /// fail (InvalidOperationException) only when decoded. Found by fuzzing: such an element threw out of the reader.
    /// </summary>
    private static bool TryDecode(JsonElement element, out string? value, out Dictionary<string, string?>? fields)
    {
        value = null;
        fields = null;
        try
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                value = element.ValueKind == JsonValueKind.String ? element.GetString()!.Trim() : element.GetRawText();
                return true;
            }

            fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject())
            {
                fields.TryAdd(property.Name, Property(property.Value));
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            fields = null;
            return false;
        }
    }

    private static string? Property(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => value.GetBoolean().ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private Step Next(Stream body, out JsonElement element, out string? error)
    {
        element = default;
        error = null;
        while (true)
        {
            if (_final && _buffer.AsSpan(_start, _end - _start).Trim(" \t\r\n"u8).IsEmpty)
            {
                error = _inArray ? "the JSON array is truncated (no closing ])" : "the feed is empty, not a JSON array";
                return Step.Error;
            }

            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            try
            {
                if (TryStep(ref reader, out var step, out element, out error))
                {
                    return step;
                }
            }
            catch (JsonException e)
            {
                error = $"not valid JSON: {e.Message}";
                return Step.Error;
            }

            if (_final)
            {
                error = _inArray ? "the JSON array is truncated (no closing ])" : "the feed is empty, not a JSON array";
                return Step.Error;
            }

            Fill(body);
        }
    }

    /// <summary>One token or element from the buffered bytes; false when more bytes are needed.</summary>
    private bool TryStep(ref Utf8JsonReader reader, out Step step, out JsonElement element, out string? error)
    {
        step = Step.Error;
        element = default;
        error = null;
        if (!reader.Read())
        {
            return false;
        }

        if (!_inArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                error = "the feed is not a JSON array";
                return true;
            }

            _inArray = true;
            Consume(ref reader);
            return TryStep(ref reader, out step, out element, out error);
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            step = Step.End;
            return true;
        }

        var start = reader;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
        {
            return false;
        }

        element = JsonElement.ParseValue(ref start);
        Consume(ref start);
        step = Step.Element;
        return true;
    }

    private void Consume(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
    }

    /// <summary>Moves the unread bytes to the front (growing the buffer when one element fills it) and reads more.</summary>
    private void Fill(Stream body)
    {
        var unread = _end - _start;
        if (unread == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
        }

        _start = 0;
        _end = unread;
        var read = body.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _final = true;
        }

        _end += read;
    }
}
