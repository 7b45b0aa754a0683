using System.Text.Json;

namespace RasaPlatform.Benchmarks.Generation;

public sealed partial class RasaEventWriter
{
    /// <summary>Property names, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText SenderId = JsonEncodedText.Encode("sender_id");
        public static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
        public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
        public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
        public static readonly JsonEncodedText ModelId = JsonEncodedText.Encode("model_id");
        public static readonly JsonEncodedText AssistantId = JsonEncodedText.Encode("assistant_id");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Policy = JsonEncodedText.Encode("policy");
        public static readonly JsonEncodedText Confidence = JsonEncodedText.Encode("confidence");
        public static readonly JsonEncodedText ActionText = JsonEncodedText.Encode("action_text");
        public static readonly JsonEncodedText HideRuleTurn = JsonEncodedText.Encode("hide_rule_turn");
        public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
        public static readonly JsonEncodedText ParseData = JsonEncodedText.Encode("parse_data");
        public static readonly JsonEncodedText Intent = JsonEncodedText.Encode("intent");
        public static readonly JsonEncodedText Entities = JsonEncodedText.Encode("entities");
        public static readonly JsonEncodedText Entity = JsonEncodedText.Encode("entity");
        public static readonly JsonEncodedText Start = JsonEncodedText.Encode("start");
        public static readonly JsonEncodedText End = JsonEncodedText.Encode("end");
        public static readonly JsonEncodedText ConfidenceEntity = JsonEncodedText.Encode("confidence_entity");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Extractor = JsonEncodedText.Encode("extractor");
        public static readonly JsonEncodedText IntentRanking = JsonEncodedText.Encode("intent_ranking");
        public static readonly JsonEncodedText MessageId = JsonEncodedText.Encode("message_id");
        public static readonly JsonEncodedText InputChannel = JsonEncodedText.Encode("input_channel");
        public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
        public static readonly JsonEncodedText Elements = JsonEncodedText.Encode("elements");
        public static readonly JsonEncodedText QuickReplies = JsonEncodedText.Encode("quick_replies");
        public static readonly JsonEncodedText Buttons = JsonEncodedText.Encode("buttons");
        public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
        public static readonly JsonEncodedText Payload = JsonEncodedText.Encode("payload");
        public static readonly JsonEncodedText Attachment = JsonEncodedText.Encode("attachment");
        public static readonly JsonEncodedText Image = JsonEncodedText.Encode("image");
        public static readonly JsonEncodedText Custom = JsonEncodedText.Encode("custom");
        public static readonly JsonEncodedText UtterAction = JsonEncodedText.Encode("utter_action");
        public static readonly JsonEncodedText IsInterrupted = JsonEncodedText.Encode("is_interrupted");
    }
}
