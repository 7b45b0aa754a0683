using System.Text;

namespace RasaPlatform.Benchmarks.Generation;

/// <summary>Builds user messages and their NLU parse (intent, ranking, entities) the way Rasa's pipeline reports them.</summary>
/// <remarks>
/// Intent confidences: 80 % high (0.75–1.0, most above 0.95), 15 % middling (0.45–0.85), 5 % low (0.1–0.45);
/// below <see cref="BotDomain.NluFallbackThreshold"/> the FallbackClassifier puts <c>nlu_fallback</c> on top at
/// the threshold. Button payloads (<c>/intent{...}</c>) parse with confidence 1.0 and no extractor, as Rasa's
/// regex message handler does.
/// </remarks>
public sealed class NluModel
{
    private readonly BotDomain _domain;
    private readonly IntentDefinition[] _rankable;
    private readonly StringBuilder _text = new();

    public NluModel(BotDomain domain)
    {
        _domain = domain;
        _rankable = domain.Intents.Where(i => i.Name is not BotDomain.FallbackIntent and not BotDomain.RestartIntent).ToArray();
    }

    /// <summary>
    /// Fills <paramref name="message"/> from a template of <paramref name="intent"/>, with a ranking of
    /// <paramref name="rankingLength"/> intents; when <paramref name="allowFallback"/>, a confidence below the
    /// threshold turns the intent into <c>nlu_fallback</c>, else the confidence is at least 0.9.
    /// </summary>
    public void Parse(UserMessage message, IntentDefinition intent, MessageTemplate template, Pcg32 random, int rankingLength, bool allowFallback)
    {
        Reset(message, random);
        FillText(message, template, random);
        var confidence = PolicyModel.RoundToSingle(IntentConfidence(random));
        if (!allowFallback)
        {
            confidence = Math.Max(confidence, PolicyModel.RoundToSingle(0.9 + (0.0999 * random.NextDouble())));
        }

        message.Intent = intent.Name;
        message.Confidence = confidence;
        FillRanking(message, intent.Name, confidence, rankingLength, random);
        if (confidence < BotDomain.NluFallbackThreshold)
        {
            message.Intent = BotDomain.FallbackIntent;
            message.Confidence = BotDomain.NluFallbackThreshold;
            message.Ranking.Insert(0, (BotDomain.FallbackIntent, BotDomain.NluFallbackThreshold));
        }
    }

    /// <summary>Fills <paramref name="message"/> for a button click or a typed <c>/intent</c> payload.</summary>
    public static void ParsePayload(UserMessage message, string payload, string intent, (string Name, string RawValue, int Start, int End)? entity, Pcg32 random)
    {
        Reset(message, random);
        message.Text = payload;
        message.Intent = intent;
        message.Confidence = 1.0;
        message.Ranking.Add((intent, 1.0));
        if (entity is { } e)
        {
            message.Entities.Add(new EntityMention(e.Name, e.RawValue, e.Start, e.End, null, null));
        }
    }

    private static void Reset(UserMessage message, Pcg32 random)
    {
        message.Entities.Clear();
        message.Ranking.Clear();
        message.MessageId = SenderIds.RandomHex(random);
    }

    private void FillText(UserMessage message, MessageTemplate template, Pcg32 random)
    {
        _text.Clear();
        foreach (var (text, isEntity) in template.Parts)
        {
            if (!isEntity)
            {
                _text.Append(text);
                continue;
            }

            var entity = _domain.Entities[_domain.EntityIndex(text)];
            var start = _text.Length;
            AppendValue(random.Pick(entity.Values), random);
            var value = _text.ToString(start, _text.Length - start);
            var confidence = entity.HasConfidence ? PolicyModel.RoundToSingle(EntityConfidence(random)) : (double?)null;
            message.Entities.Add(new EntityMention(entity.Name, "\"" + value + "\"", start, _text.Length, confidence, entity.Extractor));
        }

        message.Text = _text.ToString();
    }

    private void AppendValue(string pattern, Pcg32 random)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            _text.Append(pattern[i] != '#' ? pattern[i] : (char)('0' + (i == 0 ? random.NextInt(1, 10) : random.NextInt(10))));
        }
    }

    private void FillRanking(UserMessage message, string top, double confidence, int length, Pcg32 random)
    {
        message.Ranking.Add((top, confidence));
        var rest = 1.0 - confidence;
        while (message.Ranking.Count < length)
        {
            var other = _rankable[random.NextInt(_rankable.Length)].Name;
            if (message.Ranking.Exists(r => r.Intent == other))
            {
                continue;
            }

            var share = Math.Min(rest * random.NextDouble(0.3, 0.8), message.Ranking[^1].Confidence * 0.9);
            message.Ranking.Add((other, PolicyModel.RoundToSingle(share)));
            rest -= share;
        }

        message.Ranking.Sort(1, message.Ranking.Count - 1, RankingOrder.Instance);
    }

    /// <summary>Best first, as Rasa ranks intents.</summary>
    private sealed class RankingOrder : IComparer<(string Intent, double Confidence)>
    {
        public static readonly RankingOrder Instance = new();

        public int Compare((string Intent, double Confidence) x, (string Intent, double Confidence) y) => y.Confidence.CompareTo(x.Confidence);
    }

    private static double IntentConfidence(Pcg32 random) => random.NextDouble() switch
    {
        < 0.80 => Math.Max(0.75, 1.0 - random.NextExponential(0.03)),
        < 0.95 => random.NextDouble(0.45, 0.85),
        _ => random.NextDouble(0.1, 0.45),
    };

    private static double EntityConfidence(Pcg32 random) =>
        random.Chance(0.9) ? random.NextDouble(0.97, 0.9999) : random.NextDouble(0.5, 0.97);
}
