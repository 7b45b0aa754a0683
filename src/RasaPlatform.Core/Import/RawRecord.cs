namespace RasaPlatform.Core.Import;

/// <summary>One top-level record read from an import file, or why the file cannot be read further.</summary>
/// <param name="Json">The record's bytes; valid only until the reader is asked for the next record.</param>
/// <param name="Line">The 1-based line on which the record starts (or, for an error, where reading stopped).</param>
/// <param name="FatalError">When set, the file is malformed beyond resynchronisation and holds no further records.</param>
internal readonly record struct RawRecord(ReadOnlyMemory<byte> Json, int Line, string? FatalError);
