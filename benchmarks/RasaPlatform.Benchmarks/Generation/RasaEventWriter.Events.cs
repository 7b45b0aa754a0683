namespace RasaPlatform.Benchmarks.Generation;

public sealed partial class RasaEventWriter
{
    /// <summary>An <c>action</c> event: the action ran, as predicted by <paramref name="prediction"/>.</summary>
    /// <remarks>Every method's <c>micros</c> is the event's timestamp, in microseconds since the Unix epoch.</remarks>
    public void Action(long micros, string name, Prediction prediction)
    {
        Begin("action", micros);
        _json.WriteString(Names.Name, name);
        WritePrediction(prediction);
        _json.WriteNull(Names.ActionText);
        _json.WriteBoolean(Names.HideRuleTurn, false);
        End();
    }

    /// <summary>An <c>action_execution_rejected</c> event: an active form could not handle the message.</summary>
    public void ActionRejected(long micros, string name, Prediction prediction)
    {
        Begin("action_execution_rejected", micros);
        _json.WriteString(Names.Name, name);
        WritePrediction(prediction);
        End();
    }

    /// <summary>A <c>user</c> event with its <c>parse_data</c>.</summary>
    public void User(long micros, UserMessage message, string inputChannel)
    {
        Begin("user", micros);
        _json.WriteString(Names.Text, message.Text);
        _json.WriteStartObject(Names.ParseData);
        _json.WriteStartObject(Names.Intent);
        _json.WriteString(Names.Name, message.Intent);
        WriteFloat(Names.Confidence, message.Confidence);
        _json.WriteEndObject();
        WriteEntities(message);
        _json.WriteString(Names.Text, message.Text);
        _json.WriteString(Names.MessageId, message.MessageId);
        _json.WriteStartObject(Names.Metadata);
        _json.WriteEndObject();
        WriteRanking(message);
        _json.WriteEndObject();
        _json.WriteString(Names.InputChannel, inputChannel);
        _json.WriteString(Names.MessageId, message.MessageId);
        End();
    }

    /// <summary>A <c>bot</c> event; <paramref name="utterAction"/> is null for text sent by a custom action.</summary>
    public void Bot(long micros, string text, string? utterAction, IReadOnlyList<ButtonDefinition>? buttons = null, string? image = null)
    {
        Begin("bot", micros, closeMetadata: false);
        if (utterAction is not null)
        {
            _json.WriteString(Names.UtterAction, utterAction);
        }

        CloseMetadata();
        _json.WriteString(Names.Text, text);
        _json.WriteStartObject(Names.Data);
        _json.WriteNull(Names.Elements);
        _json.WriteNull(Names.QuickReplies);
        WriteButtons(buttons);
        _json.WriteNull(Names.Attachment);
        WriteNullableString(Names.Image, image);
        _json.WriteNull(Names.Custom);
        _json.WriteEndObject();
        End();
    }

    /// <summary>A <c>slot</c> event with a string value, or null to clear the slot.</summary>
    public void Slot(long micros, string name, string? value)
    {
        Begin("slot", micros);
        _json.WriteString(Names.Name, name);
        WriteNullableString(Names.Value, value);
        End();
    }

    /// <summary>A <c>slot</c> event with a number value (a float slot).</summary>
    public void Slot(long micros, string name, double value)
    {
        Begin("slot", micros);
        _json.WriteString(Names.Name, name);
        WriteFloat(Names.Value, value);
        End();
    }

    /// <summary>An <c>active_loop</c> event; <paramref name="name"/> null deactivates the loop.</summary>
    public void ActiveLoop(long micros, string? name)
    {
        Begin("active_loop", micros);
        WriteNullableString(Names.Name, name);
        End();
    }

    /// <summary>A <c>loop_interrupted</c> event.</summary>
    public void LoopInterrupted(long micros, bool interrupted)
    {
        Begin("loop_interrupted", micros);
        _json.WriteBoolean(Names.IsInterrupted, interrupted);
        End();
    }

    /// <summary>An event with no fields of its own: <c>session_started</c>, <c>restart</c>, <c>rewind</c>, <c>undo</c>, <c>reset_slots</c>.</summary>
    public void Marker(long micros, string type)
    {
        Begin(type, micros);
        End();
    }

    private void WritePrediction(Prediction prediction)
    {
        WriteNullableString(Names.Policy, prediction.Policy);
        WriteNullableFloat(Names.Confidence, prediction.Confidence);
    }

    private void WriteEntities(UserMessage message)
    {
        _json.WriteStartArray(Names.Entities);
        foreach (var entity in message.Entities)
        {
            _json.WriteStartObject();
            _json.WriteString(Names.Entity, entity.Entity);
            _json.WriteNumber(Names.Start, entity.Start);
            _json.WriteNumber(Names.End, entity.End);
            if (entity.Confidence is { } confidence)
            {
                WriteFloat(Names.ConfidenceEntity, confidence);
            }

            _json.WritePropertyName(Names.Value);
            _json.WriteRawValue(entity.RawValue, skipInputValidation: true);
            if (entity.Extractor is not null)
            {
                _json.WriteString(Names.Extractor, entity.Extractor);
            }

            _json.WriteEndObject();
        }

        _json.WriteEndArray();
    }

    private void WriteRanking(UserMessage message)
    {
        _json.WriteStartArray(Names.IntentRanking);
        foreach (var (intent, confidence) in message.Ranking)
        {
            _json.WriteStartObject();
            _json.WriteString(Names.Name, intent);
            WriteFloat(Names.Confidence, confidence);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
    }

    private void WriteButtons(IReadOnlyList<ButtonDefinition>? buttons)
    {
        if (buttons is null)
        {
            _json.WriteNull(Names.Buttons);
            return;
        }

        _json.WriteStartArray(Names.Buttons);
        foreach (var button in buttons)
        {
            _json.WriteStartObject();
            _json.WriteString(Names.Title, button.Title);
            _json.WriteString(Names.Payload, button.Payload);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
    }

    private void WriteNullableString(System.Text.Json.JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            _json.WriteNull(name);
        }
        else
        {
            _json.WriteString(name, value);
        }
    }
}
