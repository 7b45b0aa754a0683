namespace RasaPlatform.Core.Import;

/// <summary>A record that was not imported, or a file that could not be read.</summary>
/// <param name="Path">The file, as given to the import.</param>
/// <param name="Line">The 1-based line on which the record starts; 0 when the whole file is concerned.</param>
/// <param name="Message">What is wrong, naming the offending field where there is one.</param>
public sealed record ImportError(string Path, int Line, string Message)
{
    /// <summary><c>path:line: message</c>, the form compilers use, so that editors can jump to it.</summary>
    public override string ToString() => Line > 0 ? $"{Path}:{Line}: {Message}" : $"{Path}: {Message}";
}
