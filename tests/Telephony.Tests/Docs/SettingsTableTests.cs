using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telephony.Functions;
using Telephony.Tests.Support;

namespace Telephony.Tests.Docs;

/// <summary>
/// The README's Settings table is the list of what the app reads, found in the code rather than kept by hand: the
/// option classes <c>AddTelephonyApp</c> binds to configuration sections, the settings read directly (constants named
/// <c>…Setting</c>), and the <c>%Setting%</c> names of the functions' triggers and host.json.
/// </summary>
public sealed partial class SettingsTableTests
{
    private static readonly Assembly[] App =
        [typeof(DependencyInjection).Assembly, typeof(Telephony.Infrastructure.DependencyInjection).Assembly, typeof(Telephony.Domain.TelephonyOptions).Assembly];

    /// <summary>A bound option class: its section and the settings of it the app keeps, with their defaults in code.</summary>
    private sealed record BoundOptions(Type Type, string Section, IReadOnlyDictionary<string, object?> Defaults);

    private static IReadOnlyList<BoundOptions> Bound()
    {
        var services = new ServiceCollection();
        services.AddTelephonyApp(new ConfigurationBuilder().Build());
        return services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>) &&
                        d.ImplementationInstance is { } instance && instance.GetType().IsGenericType &&
                        instance.GetType().GetGenericTypeDefinition() == typeof(NamedConfigureFromConfigurationOptions<>))
            .Select(d => Describe(d.ServiceType.GetGenericArguments()[0], SectionOf(d.ImplementationInstance!)))
            .ToList();
    }

    /// <summary>The configuration section a <c>Bind(…)</c> registration reads, from the binding delegate's closure.</summary>
    private static string SectionOf(object configureFromConfiguration)
    {
        var action = (Delegate)configureFromConfiguration.GetType().GetProperty("Action")!.GetValue(configureFromConfiguration)!;
        var target = action.Target ?? throw new InvalidOperationException("The binding delegate captures no configuration.");
        return target.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(f => f.GetValue(target)).OfType<IConfigurationSection>().Single().Path;
    }

    /// <summary>
    /// The settable simple properties of <paramref name="type"/> whose bound value the app keeps: a property that a
    /// post-configuration overwrites (e.g. from a platform variable) is not a setting of that section.
    /// </summary>
    private static BoundOptions Describe(Type type, string section)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && IsSimple(p.PropertyType)).ToList();
        var defaults = Activator.CreateInstance(type)!;
        var samples = properties.ToDictionary(p => p, p => Sample(p.PropertyType, p.GetValue(defaults)));

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(samples.Select(s => KeyValuePair.Create($"{section}:{s.Key.Name}", (string?)s.Value.Text)))
            .Build();
        var services = new ServiceCollection();
        services.AddTelephonyApp(configuration);
        using var provider = services.BuildServiceProvider();
        var options = Activator.CreateInstance(type)!;
        Apply(provider, type, options);

        return new BoundOptions(type, section, properties
            .Where(p => Equals(p.GetValue(options), samples[p].Value))
            .ToDictionary(p => p.Name, p => p.GetValue(defaults)));
    }

    /// <summary>What the options pipeline does before validation: every configuration, then every post-configuration.</summary>
    private static void Apply(IServiceProvider provider, Type options, object instance)
    {
        var configure = typeof(IConfigureOptions<>).MakeGenericType(options);
        foreach (var step in provider.GetServices(configure))
        {
            configure.GetMethod(nameof(IConfigureOptions<object>.Configure))!.Invoke(step, [instance]);
        }

        var postConfigure = typeof(IPostConfigureOptions<>).MakeGenericType(options);
        foreach (var step in provider.GetServices(postConfigure))
        {
            postConfigure.GetMethod(nameof(IPostConfigureOptions<object>.PostConfigure))!.Invoke(step, [Options.DefaultName, instance]);
        }
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(TimeSpan) || t == typeof(Uri) || t == typeof(decimal);
    }

    /// <summary>A value unlike the default, as configuration text and as the bound value.</summary>
    private static (string Text, object Value) Sample(Type type, object? current)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            // A URL, so that a setting the registration itself reads as one (VoicePlatform__BaseUrl) is accepted.
            return ("https://sample.example/", "https://sample.example/");
        }

        if (t == typeof(bool))
        {
            var value = !(current as bool? ?? false);
            return (value.ToString(), value);
        }

        if (t == typeof(int))
        {
            var value = (current as int? ?? 0) + 1;
            return (value.ToString(CultureInfo.InvariantCulture), value);
        }

        if (t == typeof(TimeSpan))
        {
            var value = (current as TimeSpan? ?? TimeSpan.Zero) + TimeSpan.FromSeconds(1);
            return (value.ToString("c"), value);
        }

        throw new InvalidOperationException($"No sample for a setting of type {t.Name}: add one.");
    }

    /// <summary>Settings read by name: every constant named <c>…Setting</c> in the app's assemblies.</summary>
    private static IEnumerable<string> ReadDirectly() =>
        App.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Setting", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!);

    /// <summary>The <c>%Setting%</c> names the Functions host resolves: in trigger attributes and in host.json.</summary>
    private static IEnumerable<string> PercentSettings()
    {
        var attributes = typeof(DependencyInjection).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetParameters().SelectMany(p => p.GetCustomAttributesData()).Concat(m.GetCustomAttributesData()));
        var values = attributes
            .SelectMany(a => a.ConstructorArguments.Select(c => c.Value).Concat(a.NamedArguments.Select(n => n.TypedValue.Value)))
            .OfType<string>()
            .Append(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")));
        return values.SelectMany(v => PercentName().Matches(v).Select(m => m.Groups[1].Value));
    }

    /// <summary>The README's Settings table: each row's setting names (first cell) and its default (last cell).</summary>
    private static IReadOnlyList<(IReadOnlyList<string> Keys, string Default)> Rows()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "README.md"));
        var settings = readme[readme.IndexOf("\n## Settings\n", StringComparison.Ordinal)..];
        var table = settings.Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2);
        return table.Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => ((IReadOnlyList<string>)Code().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList(), cells[^2]))
            .ToList();
    }

    private static ISet<string> Documented() => Rows().SelectMany(r => r.Keys).ToHashSet(StringComparer.Ordinal);

    private static ISet<string> Read() =>
        Bound().SelectMany(b => b.Defaults.Keys.Select(p => $"{b.Section}__{p}"))
            .Concat(ReadDirectly()).Concat(PercentSettings())
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_code_is_found_to_read_the_settings_of_every_kind()
    {
        var read = Read();

        Assert.Contains("Telephony__DefaultRegion", read);
        Assert.Contains("VoicePlatform__TotalTimeout", read);
        Assert.Contains("Security__IdempotencyKeyLifetime", read);
        Assert.Contains("TelephonyStorage", read);
        Assert.Contains("CoolingOffReleaseSchedule", read);
        Assert.Contains("TelephonyTaskHub", read);
        Assert.DoesNotContain("Security__AppServiceAuthenticationEnabled", read);
        Assert.DoesNotContain("VoicePlatform__WorstCaseDuration", read);
    }

    [Fact]
    public void Every_setting_the_app_reads_has_a_row_in_the_readme_settings_table()
    {
        var documented = Documented();

        var missing = Read().Where(key => !documented.Contains(key)).Order().ToList();

        Assert.True(missing.Count == 0, "Settings the app reads that the README's Settings table lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_row_of_the_readme_settings_table_names_a_setting_the_app_reads()
    {
        var read = Read();
        var rows = Rows();

        Assert.All(rows, row => Assert.NotEmpty(row.Keys));
        var unknown = rows.SelectMany(r => r.Keys).Where(key => !read.Contains(key)).ToList();
        Assert.True(unknown.Count == 0, "Rows naming settings the app does not read: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Each_bound_setting_row_shows_the_default_in_the_code()
    {
        var rows = Rows();

        var wrong = Bound().SelectMany(b => b.Defaults.Select(d => (Key: $"{b.Section}__{d.Key}", Default: Text(d.Value))))
            .Where(d => d.Default is not null)
            .SelectMany(d => rows.Where(r => r.Keys.Contains(d.Key)).Where(r => !r.Default.Contains($"`{d.Default}`", StringComparison.Ordinal))
                .Select(r => $"{d.Key}: the code's default is {d.Default}, the row says '{r.Default}'"))
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_settings_the_host_resolves_by_name_are_shown_as_required()
    {
        var rows = Rows();

        var notRequired = PercentSettings().Distinct()
            .SelectMany(name => rows.Where(r => r.Keys.Contains(name) && !r.Default.StartsWith("required", StringComparison.Ordinal)).Select(_ => name))
            .ToList();

        Assert.True(notRequired.Count == 0, "These have no default (the host fails to index the function without them), say 'required': " + string.Join(", ", notRequired));
    }

    /// <summary>A default as the table writes it; none for an unset or empty value.</summary>
    private static string? Text(object? value) => value switch
    {
        null or "" => null,
        TimeSpan span => span.ToString("c"),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex PercentName();

    [GeneratedRegex("`([A-Za-z0-9_]+)`")]
    private static partial Regex Code();
}
