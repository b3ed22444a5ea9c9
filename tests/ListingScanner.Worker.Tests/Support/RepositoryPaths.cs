namespace ListingScanner.Worker.Tests.Support;

/// <summary>Locates files of the repository from the test assembly's directory (tests run from bin/...).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ListingScanner.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ListingScanner.sln not found above {AppContext.BaseDirectory}");
    }
}
