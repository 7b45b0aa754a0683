namespace RasaPlatform.Benchmarks.Generation;

/// <summary>How a channel spells its conversation ids.</summary>
public enum SenderIdStyle
{
    /// <summary>32 lower-case hex digits (a UUID without dashes).</summary>
    Hex,

    /// <summary>A dashed UUID.</summary>
    Uuid,

    /// <summary>A Slack user id: <c>U</c> and 10 upper-case letters and digits.</summary>
    Slack,

    /// <summary>A 16-digit Facebook page-scoped id.</summary>
    Facebook,

    /// <summary>A 10-digit Telegram chat id.</summary>
    Telegram,
}
