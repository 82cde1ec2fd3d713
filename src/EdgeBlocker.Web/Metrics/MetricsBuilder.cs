using System.Globalization;
using System.Text;

namespace EdgeBlocker.Web.Metrics;

/// <summary>Writes Prometheus text: HELP and TYPE lines, samples with labels, values in invariant culture.</summary>
public sealed class MetricsBuilder
{
    private readonly StringBuilder _text = new();

    public void Counter(string name, string help, double value)
    {
        Help(name, "counter", help);
        Sample(name, null, value);
    }

    public void Gauge(string name, string help, double value)
    {
        Help(name, "gauge", help);
        Sample(name, null, value);
    }

    public void Help(string name, string type, string help) =>
        _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    public void Sample(string name, string? labels, double value)
    {
        _text.Append(name);
        if (labels is not null)
        {
            _text.Append('{').Append(labels).Append('}');
        }

        _text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>A label value escaped as the format requires (backslash, quote, newline).</summary>
    public static string Label(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public override string ToString() => _text.ToString();
}
