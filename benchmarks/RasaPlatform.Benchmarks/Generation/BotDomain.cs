namespace RasaPlatform.Benchmarks.Generation;

/// <summary>
/// The simulated bot: intents, entities, responses, custom actions, forms, assistants and channels, with lookups.
/// </summary>
/// <remarks>
/// <see cref="Default"/> is a shop-and-banking support bot of 34 intents, 6 entities, 3 forms and 48 actions. The
/// special intents <see cref="FallbackIntent"/>, <see cref="InformIntent"/>, <see cref="StopIntent"/>,
/// <see cref="RestartIntent"/> and <see cref="CorrectionIntent"/> are used in context by the simulator.
/// </remarks>
public sealed partial class BotDomain
{
    /// <summary>The intent Rasa's FallbackClassifier substitutes below its threshold.</summary>
    public const string FallbackIntent = "nlu_fallback";

    /// <summary>The intent of answers to a form's questions.</summary>
    public const string InformIntent = "inform";

    /// <summary>The intent that cancels a form.</summary>
    public const string StopIntent = "stop";

    /// <summary>The intent of <c>/restart</c>.</summary>
    public const string RestartIntent = "restart";

    /// <summary>The intent that makes the bot undo its last action.</summary>
    public const string CorrectionIntent = "correct_last";

    /// <summary>The FallbackClassifier threshold: intents below it become <see cref="FallbackIntent"/>.</summary>
    public const double NluFallbackThreshold = 0.4;

    /// <summary>RulePolicy's <c>core_fallback_threshold</c>: the confidence it reports for a core fallback.</summary>
    public const double CoreFallbackThreshold = 0.3;

    private readonly Dictionary<string, IntentDefinition> _intents;
    private readonly Dictionary<string, EntityDefinition> _entities;
    private readonly Dictionary<string, UtteranceDefinition> _utterances;
    private readonly Dictionary<string, CustomActionDefinition> _customActions;
    private readonly Dictionary<string, FormDefinition> _forms;
    private readonly Dictionary<string, int> _entityIndex;

    /// <summary>Builds a domain and checks that every name it uses is defined.</summary>
    /// <exception cref="ArgumentException">An intent, response or form names something undefined.</exception>
    public BotDomain(
        IReadOnlyList<IntentDefinition> intents,
        IReadOnlyList<EntityDefinition> entities,
        IReadOnlyList<UtteranceDefinition> utterances,
        IReadOnlyList<CustomActionDefinition> customActions,
        IReadOnlyList<FormDefinition> forms,
        IReadOnlyList<AssistantDefinition> assistants,
        IReadOnlyList<ChannelDefinition> channels)
    {
        Intents = intents;
        Entities = entities;
        _intents = intents.ToDictionary(i => i.Name, StringComparer.Ordinal);
        _entities = entities.ToDictionary(e => e.Name, StringComparer.Ordinal);
        _utterances = utterances.ToDictionary(u => u.Name, StringComparer.Ordinal);
        _customActions = customActions.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _forms = forms.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _entityIndex = entities.Select((e, i) => (e.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        FreeIntents = new WeightedTable<IntentDefinition>(intents.Where(i => i.Weight > 0).Select(i => (i, i.Weight)));
        Assistants = new WeightedTable<AssistantDefinition>(assistants.Select(a => (a, a.Weight)));
        Channels = new WeightedTable<ChannelDefinition>(channels.Select(c => (c, c.Weight)));
        Validate();
    }

    /// <summary>Every intent, in definition order (the order of <c>intent_ranking</c> candidates).</summary>
    public IReadOnlyList<IntentDefinition> Intents { get; }

    /// <summary>Every entity; slot <c>i</c> of a conversation is the slot of entity <c>i</c>.</summary>
    public IReadOnlyList<EntityDefinition> Entities { get; }

    /// <summary>Intents a user may start with or switch to, by weight.</summary>
    public WeightedTable<IntentDefinition> FreeIntents { get; }

    /// <summary>Assistants, by share of conversations.</summary>
    public WeightedTable<AssistantDefinition> Assistants { get; }

    /// <summary>Input channels, by share of conversations.</summary>
    public WeightedTable<ChannelDefinition> Channels { get; }

    /// <summary>The number of distinct action names (utterances, custom actions, forms and Rasa's defaults).</summary>
    public int ActionCount => _utterances.Count + _customActions.Count + _forms.Count + 5;

    public IntentDefinition Intent(string name) => _intents[name];

    public int EntityIndex(string name) => _entityIndex[name];

    public FormDefinition Form(string name) => _forms[name];

    public UtteranceDefinition? Utterance(string name) => _utterances.GetValueOrDefault(name);

    public CustomActionDefinition? CustomAction(string name) => _customActions.GetValueOrDefault(name);

    /// <summary>The response a form asks for <paramref name="slot"/> with: <c>utter_ask_{slot}</c>.</summary>
    public UtteranceDefinition AskFor(string slot) => _utterances["utter_ask_" + slot];

    private void Validate()
    {
        foreach (var intent in Intents)
        {
            var unknown = intent.Responses.Where(r => !_utterances.ContainsKey(r) && !_customActions.ContainsKey(r))
                .Concat(intent.Examples.SelectMany(e => e.Entities).Where(e => !_entities.ContainsKey(e)))
                .Concat(intent.Form is { } form && !_forms.ContainsKey(form) ? [form] : []);
            if (unknown.FirstOrDefault() is { } name)
            {
                throw new ArgumentException($"Intent '{intent.Name}' uses undefined '{name}'.", nameof(Intents));
            }
        }

        foreach (var form in _forms.Values)
        {
            if (!_customActions.ContainsKey(form.SubmitAction) || form.RequiredSlots.Any(s => !_entities.ContainsKey(s) || !_utterances.ContainsKey("utter_ask_" + s)))
            {
                throw new ArgumentException($"Form '{form.Name}' uses an undefined slot or action.", nameof(Form));
            }
        }
    }
}
