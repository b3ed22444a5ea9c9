using System.Globalization;
using System.Text;

namespace ListingScanner.Telemetry;

/// <summary>The lexical rules of the Prometheus text exposition format 0.0.4: names, escaping, numbers.</summary>
internal static class PrometheusText
{
    /// <summary>Metric names match [a-zA-Z_:][a-zA-Z0-9_:]*; anything else becomes '_' (e.g. OpenTelemetry's dots).</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Label names match [a-zA-Z_][a-zA-Z0-9_]*.</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>Label values are strings; tag values are formatted invariantly so "3" never becomes "3,0".</summary>
    public static string FormatLabelValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    public static void AppendEscapedLabelValue(StringBuilder text, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    /// <summary>HELP text escapes backslash and line feed (a quote is literal there).</summary>
    public static void AppendEscapedHelp(StringBuilder text, string help)
    {
        foreach (char c in help)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    /// <summary>Numbers as Go's ParseFloat reads them: shortest round-trip form, +Inf, -Inf, NaN.</summary>
    public static string FormatDouble(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    public static void AppendDouble(StringBuilder text, double value) => text.Append(FormatDouble(value));

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        bool valid = true;
        for (int i = 0; i < name.Length && valid; i++)
        {
            valid = IsNameChar(name[i], i == 0, allowColon);
        }

        if (valid)
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            builder.Append(IsNameChar(c, first: false, allowColon) ? c : '_');
        }

        return builder.ToString();
    }

    private static bool IsNameChar(char c, bool first, bool allowColon) =>
        char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (!first && char.IsAsciiDigit(c));
}
