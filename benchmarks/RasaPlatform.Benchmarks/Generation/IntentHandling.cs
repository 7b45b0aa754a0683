namespace RasaPlatform.Benchmarks.Generation;

/// <summary>How the dialogue policies answer an intent.</summary>
public enum IntentHandling
{
    /// <summary>A rule answers it: <c>RulePolicy</c>, confidence 1.</summary>
    Rule,

    /// <summary>Stories answer it: <c>MemoizationPolicy</c> when the story was seen, else <c>TEDPolicy</c>.</summary>
    Story,

    /// <summary>It activates a form (by rule).</summary>
    Form,
}
