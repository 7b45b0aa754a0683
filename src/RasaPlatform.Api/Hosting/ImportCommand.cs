namespace RasaPlatform.Api.Hosting;

/// <summary>The <c>import FILE...</c> command: bulk import into the configured store.</summary>
internal static class ImportCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> files, string[] args)
    {
        _ = files;
        _ = args;
        throw new NotSupportedException("wired after the importer lands");
    }
}
