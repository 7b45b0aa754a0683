namespace RasaPlatform.Core.Import;

/// <summary>What one attempt of <see cref="JsonRecordReader"/> to find a record in its buffer came to.</summary>
internal enum StepKind
{
    /// <summary>A record (or a fatal error) was found.</summary>
    Record,

    /// <summary>Progress was made without a record; try again.</summary>
    Continue,

    /// <summary>The buffer ends inside the next record; read more and try again.</summary>
    NeedMore,

    /// <summary>The file holds no more records.</summary>
    Done,
}

/// <summary>The outcome of one scanning attempt.</summary>
internal readonly record struct Step(StepKind Kind, RawRecord Record)
{
    public static Step Continue { get; } = new(StepKind.Continue, default);

    public static Step NeedMore { get; } = new(StepKind.NeedMore, default);

    public static Step Done { get; } = new(StepKind.Done, default);

    public static Step Of(RawRecord record) => new(StepKind.Record, record);
}
