namespace RasaPlatform.Benchmarks.Generation;

public sealed partial class ConversationSimulator
{
    private const long EndMargin = 600 * TimeModel.MicrosPerSecond;

    /// <summary>Plays one turn: the user's message (after a new session when idle long) and the bot's answer.</summary>
    /// <returns>False when the conversation must end because the year is over.</returns>
    private bool Turn(int target)
    {
        var idle = _random.Chance(IdleChance);
        var gap = idle ? TimeModel.IdleGap(_random) : TimeModel.ThinkTime(_random);
        if (_now + gap + EndMargin >= TimeModel.End)
        {
            return false;
        }

        _now += gap;
        if (idle)
        {
            SessionStart();
        }

        if (_activeForm is not null)
        {
            FormTurn();
        }
        else
        {
            FreeTurn(target);
        }

        return true;
    }

    private void FreeTurn(int target)
    {
        if (_memoizedOnly)
        {
            var scripted = _scriptedIntents.Pick(_random);
            Typed(scripted, _random.Pick(scripted.Examples), allowFallback: false);
            Respond(scripted.Responses, PolicyModel.ByMemoization, TimeModel.PredictionLatency(_random));
        }
        else if (_lastButtons is { } buttons && _random.Chance(0.4))
        {
            Click(_random.Pick(buttons));
            Handle(_domain.Intent(_message.Intent));
        }
        else if (_random.Chance(0.004))
        {
            Restart();
        }
        else
        {
            var intent = NextIntent(target);
            Typed(intent, _random.Pick(intent.Examples), allowFallback: true);
            Handle(intent);
        }
    }

    private IntentDefinition NextIntent(int target)
    {
        if (_events <= 3 && _random.Chance(0.6))
        {
            return _domain.Intent("greet");
        }

        if (_events >= target - 8 && _random.Chance(0.5))
        {
            return _domain.Intent(_random.Chance(0.6) ? "goodbye" : "thankyou");
        }

        return _customActionRan && _random.Chance(0.01)
            ? _domain.Intent(BotDomain.CorrectionIntent)
            : _domain.FreeIntents.Pick(_random);
    }

    /// <summary>Answers the message just written, by the intent's handling (or the NLU fallback).</summary>
    private void Handle(IntentDefinition intent)
    {
        if (_message.Intent == BotDomain.FallbackIntent)
        {
            Fallback(PolicyModel.ByRule);
            return;
        }

        switch (intent.Handling)
        {
            case IntentHandling.Form:
                ActivateForm(_domain.Form(intent.Form!));
                break;
            case IntentHandling.Rule:
                Respond(intent.Responses, PolicyModel.ByRule, TimeModel.PredictionLatency(_random));
                break;
            default:
                var prediction = PolicyModel.ForStory(_random, _memoizedOnly);
                if (prediction.Confidence < BotDomain.CoreFallbackThreshold)
                {
                    Fallback(PolicyModel.CoreFallback);
                }
                else
                {
                    Respond(intent.Responses, prediction, TimeModel.PredictionLatency(_random));
                }

                break;
        }
    }

    /// <summary>Runs <paramref name="actions"/> in order, then <c>action_listen</c>.</summary>
    private void Respond(IReadOnlyList<string> actions, Prediction first, long firstDelay)
    {
        var prediction = first;
        var delay = firstDelay;
        foreach (var action in actions)
        {
            RunAction(action, prediction, delay);
            prediction = PolicyModel.Like(prediction, _random);
            delay = TimeModel.NextPrediction(_random);
        }

        Listen(prediction);
    }

    /// <summary>The action event and what the action emits (a bot message; for some, <c>reset_slots</c> or <c>undo</c>).</summary>
    private void RunAction(string name, Prediction prediction, long delay)
    {
        if (_domain.Utterance(name) is { } utterance)
        {
            _writer.Action(Tick(delay), name, prediction);
            Utter(utterance);
            return;
        }

        var action = _domain.CustomAction(name) ?? throw new InvalidOperationException($"Unknown action '{name}'.");
        _writer.Action(Tick(delay + TimeModel.ActionServerLatency(_random)), name, prediction);
        _writer.Bot(Spacing(), FillSlots(_random.Pick(action.Texts)), null);
        _lastButtons = null;
        _customActionRan = true;
        if (_random.Chance(action.ResetSlotsChance))
        {
            _writer.Marker(Spacing(), "reset_slots");
            Array.Clear(_slots);
        }

        if (action.Undoes)
        {
            _writer.Marker(Spacing(), "undo");
        }
    }

    private void Utter(UtteranceDefinition utterance)
    {
        _writer.Bot(Spacing(), _random.Pick(utterance.Texts), utterance.Name, utterance.Buttons, utterance.Image);
        _lastButtons = utterance.Buttons;
    }

    private void Listen(Prediction previous) =>
        _writer.Action(Tick(TimeModel.NextPrediction(_random)), "action_listen", PolicyModel.Like(previous, _random));

    /// <summary><c>action_default_fallback</c>: the default response, then <c>rewind</c> of the user message.</summary>
    private void Fallback(Prediction prediction)
    {
        _writer.Action(Tick(TimeModel.PredictionLatency(_random)), "action_default_fallback", prediction);
        Utter(_domain.Utterance("utter_default")!);
        _writer.Marker(Spacing(), "rewind");
        Listen(PolicyModel.ByRule);
    }

    /// <summary><c>/restart</c>: <c>action_restart</c>, <c>restart</c>, and a new session.</summary>
    private void Restart()
    {
        NluModel.ParsePayload(_message, "/restart", BotDomain.RestartIntent, null, _random);
        WriteUser();
        _writer.Action(Tick(TimeModel.PredictionLatency(_random)), "action_restart", PolicyModel.ByRule);
        _writer.Marker(Spacing(), "restart");
        ClearSlots();
        SessionStart();
    }

    private void Typed(IntentDefinition intent, MessageTemplate template, bool allowFallback)
    {
        _nlu.Parse(_message, intent, template, _random, _assistant.RankingLength, allowFallback);
        WriteUser();
    }

    private void Click(ButtonDefinition button)
    {
        NluModel.ParsePayload(_message, button.Payload, button.Intent, button.Entity, _random);
        WriteUser();
    }

    /// <summary>The <c>user</c> event and the <c>slot</c> events its entities fill (Rasa's <c>action_extract_slots</c>).</summary>
    private void WriteUser()
    {
        _writer.User(Tick(TimeModel.EventSpacing(_random)), _message, _channel.Name);
        _lastButtons = null;
        foreach (var mention in _message.Entities)
        {
            var index = _domain.EntityIndex(mention.Entity);
            var value = mention.RawValue.StartsWith('"') ? mention.RawValue[1..^1] : mention.RawValue;
            if (_slots[index] != value)
            {
                _slots[index] = value;
                WriteSlot(index, value);
            }
        }
    }

    private string FillSlots(string text)
    {
        if (!text.Contains('{', StringComparison.Ordinal))
        {
            return text;
        }

        for (var i = 0; i < _slots.Length; i++)
        {
            var entity = _domain.Entities[i];
            text = text.Replace("{" + entity.Name + "}", _slots[i] ?? entity.Values[0], StringComparison.Ordinal);
        }

        return text;
    }
}
