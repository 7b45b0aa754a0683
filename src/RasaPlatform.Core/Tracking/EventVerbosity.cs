namespace RasaPlatform.Core.Tracking;

/// <summary>Which events a tracker state includes, as in Rasa's <c>include_events</c>.</summary>
public enum EventVerbosity
{
    /// <summary>No events (<c>events</c> is null).</summary>
    None,

    /// <summary>The events that make up the state: no reverted or undone ones, nothing before a reset.</summary>
    Applied,

    /// <summary>Every event after the most recent <c>restart</c>.</summary>
    AfterRestart,

    /// <summary>Every stored event.</summary>
    All,
}
