namespace ListingScanner;

/// <summary>Where the executable finds the data it ships with (copied next to it from src/ListingScanner/data).</summary>
internal static class DefaultPaths
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>The bundled wildlife dictionary, used when no --dictionary / Dictionary__Path is given.</summary>
    public static string Dictionary => Path.Combine(DataDirectory, "dictionary", "wildlife.yaml");

    /// <summary>The bundled sample of listings (tricky cases), used by the demo.</summary>
    public static string SampleListings => Path.Combine(DataDirectory, "samples", "listings.jsonl");

    /// <summary>The labelled development set used by `eval`.</summary>
    public static string DevSet => Path.Combine(DataDirectory, "eval", "dev-set.jsonl");
}
