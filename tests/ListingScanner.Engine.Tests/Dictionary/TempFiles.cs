using System.Text;

namespace ListingScanner.Engine.Tests.Dictionary;

/// <summary>A private temporary folder for dictionary files written by one test class; deleted afterwards.</summary>
public sealed class TempFiles : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ls-dict-tests-" + Guid.NewGuid().ToString("N"));

    public TempFiles() => Directory.CreateDirectory(_folder);

    public string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    public string Write(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test run.
        }
    }
}
