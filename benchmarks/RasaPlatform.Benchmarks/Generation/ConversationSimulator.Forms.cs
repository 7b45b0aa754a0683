namespace RasaPlatform.Benchmarks.Generation;

public sealed partial class ConversationSimulator
{
    /// <summary>A turn while a form is active: mostly answers, sometimes an interruption or a stop.</summary>
    private void FormTurn()
    {
        var form = _activeForm!;
        var move = _random.NextDouble();
        if (move < 0.8)
        {
            var answer = AnswerButton();
            if (answer is not null && _random.Chance(0.4))
            {
                Click(answer);
            }
            else
            {
                Typed(_domain.Intent(BotDomain.InformIntent), _random.Pick(_informTemplates[_requested!]), allowFallback: true);
            }

            if (_message.Intent == BotDomain.FallbackIntent)
            {
                Fallback(PolicyModel.ByRule);
                return;
            }

            _writer.Action(Tick(TimeModel.PredictionLatency(_random)), form.Name, PolicyModel.ByRule);
            ContinueForm(form);
        }
        else if (move < 0.9)
        {
            var intent = _interruptions.Pick(_random);
            Typed(intent, _random.Pick(intent.Examples), allowFallback: true);
            Interrupt(form, intent);
        }
        else
        {
            var stop = _domain.Intent(BotDomain.StopIntent);
            Typed(stop, _random.Pick(stop.Examples), allowFallback: true);
            StopForm(form);
        }
    }

    private ButtonDefinition? AnswerButton() =>
        _lastButtons?.FirstOrDefault(b => b.Entity is { } e && e.Name == _requested);

    /// <summary>The form action ran (by rule): <c>active_loop</c>, then its first question.</summary>
    private void ActivateForm(FormDefinition form)
    {
        _writer.Action(Tick(TimeModel.PredictionLatency(_random)), form.Name, PolicyModel.ByRule);
        _writer.ActiveLoop(Spacing(), form.Name);
        _activeForm = form;
        ContinueForm(form);
    }

    /// <summary>After the form action: ask for the next empty slot, or deactivate and submit when all are filled.</summary>
    private void ContinueForm(FormDefinition form)
    {
        var next = form.RequiredSlots.FirstOrDefault(s => _slots[_domain.EntityIndex(s)] is null);
        if (next is not null)
        {
            _requested = next;
            _writer.Slot(Spacing(), RequestedSlot, next);
            Utter(_domain.AskFor(next));
            Listen(PolicyModel.ByRule);
            return;
        }

        _writer.Slot(Spacing(), RequestedSlot, null);
        _writer.ActiveLoop(Spacing(), null);
        _activeForm = null;
        _requested = null;
        Respond([form.SubmitAction], PolicyModel.ByRule, TimeModel.NextPrediction(_random));
    }

    /// <summary>The form rejects the message; another intent is answered; the form asks again.</summary>
    private void Interrupt(FormDefinition form, IntentDefinition intent)
    {
        if (_message.Intent == BotDomain.FallbackIntent)
        {
            Fallback(PolicyModel.ByRule);
            return;
        }

        _writer.ActionRejected(Tick(TimeModel.PredictionLatency(_random)), form.Name, PolicyModel.ByRule);
        _writer.LoopInterrupted(Spacing(), true);
        var prediction = intent.Handling == IntentHandling.Rule ? PolicyModel.ByRule : PolicyModel.ForStory(_random, onlyMemoized: false);
        foreach (var action in intent.Responses)
        {
            RunAction(action, prediction, TimeModel.NextPrediction(_random));
            prediction = PolicyModel.Like(prediction, _random);
        }

        _writer.Action(Tick(TimeModel.NextPrediction(_random)), form.Name, PolicyModel.ByRule);
        ContinueForm(form);
    }

    /// <summary><c>stop</c> inside a form: rejected, <c>action_deactivate_loop</c>, then "anything else?".</summary>
    private void StopForm(FormDefinition form)
    {
        if (_message.Intent == BotDomain.FallbackIntent)
        {
            Fallback(PolicyModel.ByRule);
            return;
        }

        _writer.ActionRejected(Tick(TimeModel.PredictionLatency(_random)), form.Name, PolicyModel.ByRule);
        _writer.LoopInterrupted(Spacing(), true);
        _writer.Action(Tick(TimeModel.NextPrediction(_random)), "action_deactivate_loop", PolicyModel.ByRule);
        _writer.ActiveLoop(Spacing(), null);
        _writer.Slot(Spacing(), RequestedSlot, null);
        _activeForm = null;
        _requested = null;
        Respond(["utter_ask_whatelse"], PolicyModel.ByRule, TimeModel.NextPrediction(_random));
    }
}
