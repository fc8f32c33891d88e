using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Telephony.Tests.Telemetry;

/// <summary>
/// The app's spans and metrics, caught by OpenTelemetry's in-memory exporter registered on the app's own services.
/// The Telephony source and meter are process-wide, so these tests run alone (<see cref="TelemetryCollection"/>): what is
/// caught is what the test did.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private MeterProvider? _meters;

    public void Install(IServiceCollection services) => services
        .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans))
        .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));

    /// <summary>Starts the providers: without a host nothing else resolves them.</summary>
    public void Start(IServiceProvider services)
    {
        services.GetRequiredService<TracerProvider>();
        _meters = services.GetRequiredService<MeterProvider>();
    }

    public IReadOnlyList<Activity> Spans(string name)
    {
        lock (_spans)
        {
            return _spans.Where(s => s.DisplayName == name).ToList();
        }
    }

    /// <summary>The counter's total over the points carrying every one of <paramref name="tags"/>.</summary>
    public long Count(string metric, params (string Key, string Value)[] tags)
    {
        _metrics.Clear();
        _meters!.ForceFlush();
        long total = 0;
        foreach (var snapshot in _metrics.Where(m => m.Name == metric))
        {
            foreach (var point in snapshot.MetricPoints)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
                {
                    total += point.GetSumLong();
                }
            }
        }

        return total;
    }
}

[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
