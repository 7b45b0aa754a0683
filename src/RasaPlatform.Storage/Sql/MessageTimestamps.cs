namespace RasaPlatform.Storage.Sql;

/// <summary>The rule the stores of marks on messages (flags, intent corrections) hold timestamps to.</summary>
internal static class MessageTimestamps
{
    /// <summary><paramref name="timestamp"/>, when it is a finite number: NaN and infinities match no message.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is NaN or infinite.</exception>
    public static double Checked(double timestamp) => double.IsFinite(timestamp)
        ? timestamp
        : throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "A message timestamp is a finite number of Unix seconds.");
}
