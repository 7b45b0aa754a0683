using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>Requests of the mix per kind: how many, their statuses by class, their latencies, and the first 5xx answers.</summary>
internal sealed class MixTally
{
    /// <summary>How many 5xx answers are kept to print.</summary>
    private const int KeptErrors = 10;

    private readonly ConcurrentDictionary<string, Kind> _kinds = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _errors = new();

    /// <summary>The kinds seen, in the order they were first seen, writers' and readers' as they were registered.</summary>
    public IEnumerable<(string Name, Kind Counts)> Kinds => _kinds.OrderBy(k => k.Value.Order).Select(k => (k.Key, k.Value));

    /// <summary>The first 5xx answers (and failed requests), as status, request and the start of the body.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>Registers <paramref name="kind"/>, so that the table lists it in this order even if it never ran.</summary>
    public void Register(string kind) => _kinds.GetOrAdd(kind, _ => new Kind(_kinds.Count));

    /// <summary>Sends <paramref name="request"/>, reads its answer whole and records it under <paramref name="kind"/>.</summary>
    public async Task SendAsync(HttpClient client, string kind, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var counts = _kinds.GetOrAdd(kind, _ => new Kind(_kinds.Count));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            counts.Add((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode >= HttpStatusCode.InternalServerError)
            {
                Keep($"{(int)response.StatusCode} {request.Method} {request.RequestUri}: {body[..Math.Min(body.Length, 400)]}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            counts.Add(0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Keep($"failed {request.Method} {request.RequestUri}: {e.Message}");
        }
    }

    private void Keep(string error)
    {
        if (_errors.Count < KeptErrors)
        {
            _errors.Enqueue(error);
        }
    }

    /// <summary>The counts of one kind of request.</summary>
    internal sealed class Kind(int order)
    {
        private readonly Latencies _latencies = new();
        private long _success;
        private long _clientErrors;
        private long _serverErrors;
        private long _failed;

        public int Order { get; } = order;

        public long Requests => Success + ClientErrors + ServerErrors + Failed;

        public long Success => Interlocked.Read(ref _success);

        public long ClientErrors => Interlocked.Read(ref _clientErrors);

        public long ServerErrors => Interlocked.Read(ref _serverErrors);

        /// <summary>Requests that got no answer (connection failure, timeout).</summary>
        public long Failed => Interlocked.Read(ref _failed);

        public double Percentile(double p)
        {
            lock (_latencies)
            {
                return _latencies.Percentile(p);
            }
        }

        /// <summary>Records an answer of <paramref name="status"/> (0 for none) after <paramref name="milliseconds"/>.</summary>
        public void Add(int status, double milliseconds)
        {
            switch (status)
            {
                case 0:
                    Interlocked.Increment(ref _failed);
                    break;
                case >= 500:
                    Interlocked.Increment(ref _serverErrors);
                    break;
                case >= 400:
                    Interlocked.Increment(ref _clientErrors);
                    break;
                default:
                    Interlocked.Increment(ref _success);
                    break;
            }

            lock (_latencies)
            {
                _latencies.AddMilliseconds(milliseconds);
            }
        }
    }
}
