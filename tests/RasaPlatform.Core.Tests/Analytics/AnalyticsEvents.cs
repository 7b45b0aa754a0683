using System.Globalization;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tests.Analytics;

/// <summary>Hand-built Rasa events for analytics tests, in arrival order.</summary>
internal static class AnalyticsEvents
{
    public static StoredEvent User(double t, string intent = "greet") =>
        Make("user", t, $$""","text":"hi","parse_data":{"intent":{"name":"{{intent}}","confidence":0.9},"entities":[]}""");

    public static StoredEvent Bot(double t) => Make("bot", t, ""","text":"hello" """);

    public static StoredEvent Action(double t, string name, string? policy = null) =>
        Make("action", t, $$""","name":"{{name}}","policy":{{(policy is null ? "null" : $"\"{policy}\"")}},"confidence":1.0""", name);

    public static StoredEvent SessionStarted(double t) => Make("session_started", t, "");

    public static StoredEvent Restart(double t) => Make("restart", t, "");

    public static StoredEvent Slot(double t) => Make("slot", t, ""","name":"s","value":1""");

    /// <summary>What Rasa ≥ 1.6 writes when a session starts: action_session_start, session_started, action_listen.</summary>
    public static IEnumerable<StoredEvent> SessionStart(double t) =>
        [Action(t, "action_session_start"), SessionStarted(t + 0.001), Action(t + 0.002, "action_listen")];

    /// <summary>A user message and the bot's answer: user, action, bot, action_listen.</summary>
    public static IEnumerable<StoredEvent> Turn(double t) =>
        [User(t), Action(t + 0.1, "utter_greet", "policy_0_MemoizationPolicy"), Bot(t + 0.2), Action(t + 0.3, "action_listen")];

    private static StoredEvent Make(string type, double t, string rest, string? name = null) =>
        new(0, type, t, $$"""{"event":"{{type}}","timestamp":{{t.ToString("R", CultureInfo.InvariantCulture)}}{{rest.TrimEnd()}}}""", name);
}
