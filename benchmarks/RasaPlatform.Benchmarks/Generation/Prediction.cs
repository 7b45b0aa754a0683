namespace RasaPlatform.Benchmarks.Generation;

/// <summary>Which policy predicted an action, and how sure it was.</summary>
/// <param name="Policy">Rasa's prefixed name, e.g. <c>policy_2_TEDPolicy</c>; null for actions Rasa runs itself.</param>
/// <param name="Confidence">In <c>[0, 1]</c>; null exactly when <paramref name="Policy"/> is null.</param>
public readonly record struct Prediction(string? Policy, double? Confidence)
{
    /// <summary>No prediction: <c>action_session_start</c> and the <c>action_listen</c> after it.</summary>
    public static Prediction None => default;
}
