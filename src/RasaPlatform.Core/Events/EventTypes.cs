namespace RasaPlatform.Core.Events;

/// <summary>The <c>event</c> type names Rasa emits that the platform interprets.</summary>
/// <remarks>Events of any other type are stored and returned unchanged; they only take no part in replay.</remarks>
public static class EventTypes
{
    public const string User = "user";
    public const string Bot = "bot";
    public const string Agent = "agent";
    public const string Action = "action";
    public const string Slot = "slot";
    public const string Restart = "restart";
    public const string Rewind = "rewind";
    public const string Undo = "undo";
    public const string ResetSlots = "reset_slots";
    public const string Followup = "followup";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string ActiveLoop = "active_loop";
    public const string LegacyForm = "form";
    public const string LoopInterrupted = "loop_interrupted";
    public const string LegacyFormValidation = "form_validation";
    public const string ActionExecutionRejected = "action_execution_rejected";
    public const string SessionStarted = "session_started";

    /// <summary>Rasa Pro: the session ended (its expiration passed, or the channel closed it).</summary>
    public const string SessionEnded = "session_ended";

    /// <summary>Rasa Pro: the user went quiet for longer than the inactivity timeout.</summary>
    public const string ConversationInactive = "conversation_inactive";
    public const string Entities = "entities";
    public const string UserFeaturization = "user_featurization";

    /// <summary>Whether events of this type are messages (what <c>/messages</c> returns).</summary>
    public static bool IsMessage(string type) => type is User or Bot or Agent;
}
