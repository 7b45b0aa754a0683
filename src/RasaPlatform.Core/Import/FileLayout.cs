namespace RasaPlatform.Core.Import;

/// <summary>How an import file arranges its records, detected from its first bytes.</summary>
internal enum FileLayout
{
    /// <summary>Nothing read yet.</summary>
    Unknown,

    /// <summary>One JSON value per line (NDJSON, mongoexport): a malformed line costs only that line.</summary>
    Lines,

    /// <summary>A JSON array whose elements are the records.</summary>
    Array,

    /// <summary>One or more JSON values spanning several lines each (a pretty-printed tracker dump).</summary>
    Documents,

    /// <summary>After the closing bracket of <see cref="Array"/>: only whitespace may follow.</summary>
    AfterArray,

    /// <summary>Nothing more to read.</summary>
    Done,
}
