using System.Text.Encodings.Web;
using System.Text.Unicode;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Note.Components;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cadrage.Rules.Note;

/// <summary>
/// Renders the note de cadrage: Razor components (automatic HTML escaping) rendered to a string by
/// <see cref="HtmlRenderer"/>, the style inlined (a self-contained file, no script, nothing fetched). The one
/// render path of the command line, the inbox and the API. Thread-safe.
/// </summary>
public sealed class NoteRenderer
{
    // Accented letters stay as they are in the HTML source; markup characters are escaped.
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

    public NoteRenderer(string css)
    {
        Css = css;
    }

    /// <summary>The style sheet of every note this renderer writes.</summary>
    public string Css { get; }

    /// <summary>The default style, shipped with the library (note.css).</summary>
    public static string DefaultCss { get; } = ReadDefaultCss();

    /// <summary>A renderer with the default style.</summary>
    public static NoteRenderer Default { get; } = new(DefaultCss);

    /// <summary>A renderer with the style of the settings: the consultant's CSS file, or the default.</summary>
    /// <exception cref="NoteStyleException">When the CSS file set cannot be read.</exception>
    public static NoteRenderer FromOptions(NoteOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Css))
        {
            return new NoteRenderer(DefaultCss);
        }
        try
        {
            return new NoteRenderer(File.ReadAllText(options.Css));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new NoteStyleException($"{NoteOptions.Section}:Css : la feuille de style « {options.Css} » est illisible ({ReasonOf(ex)}).", ex);
        }
    }

    /// <summary>The note of a result, from the result alone (a journalled result renders as it was).</summary>
    public string Render(EvaluationResult result, DateTimeOffset generatedAt, bool annexes = true) =>
        Render(new ReportReading(result, ReportContext.From(result)), generatedAt, annexes);

    public string Render(ReportReading reading, DateTimeOffset generatedAt, bool annexes = true) =>
        RenderAsync(reading, generatedAt, annexes).GetAwaiter().GetResult();

    public async Task<string> RenderAsync(ReportReading reading, DateTimeOffset generatedAt, bool annexes = true)
    {
        var model = new NoteModel(reading, generatedAt, Css, annexes);
        await using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(NoteDocument.Model)] = model });
            var output = await renderer.RenderComponentAsync<NoteDocument>(parameters);
            return FrenchSpacing(output.ToHtmlString());
        });
    }

    /// <summary>
    /// French typography over the whole document: a no-break space inside every guillemet and before « : ; ? ! »,
    /// whoever wrote the text (this code, a rule's explanation or source, the catalogue), so that no line of the note
    /// ends on « nor starts with » or a « ? » (a heading « Comment ? » never splits). The style element is left as
    /// it is (the consultant's CSS is not text).
    /// </summary>
    internal static string FrenchSpacing(string html) => FrenchFormat.HtmlTypography(html);

    private static string ReasonOf(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "fichier introuvable",
        UnauthorizedAccessException => "accès refusé",
        _ => "chemin invalide ou fichier illisible",
    };

    private static string ReadDefaultCss()
    {
        using var stream = typeof(NoteRenderer).Assembly.GetManifestResourceStream("Cadrage.Rules.Note.note.css")
            ?? throw new InvalidOperationException("note.css absente de la bibliothèque");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>The note's style sheet set in the settings cannot be read.</summary>
public sealed class NoteStyleException(string message, Exception inner) : InvalidOperationException(message, inner);

/// <summary>The note de cadrage with the default style.</summary>
public static class NoteDeCadrage
{
    public static string Render(EvaluationResult result, DateTimeOffset generatedAt) =>
        NoteRenderer.Default.Render(result, generatedAt);

    public static string Render(ReportReading reading, DateTimeOffset generatedAt, bool annexes = true) => NoteRenderer.Default.Render(reading, generatedAt, annexes);
}

/// <summary>Registration of the note in a host: settings section <c>Cadrage:Note</c>, one <see cref="NoteRenderer"/>.</summary>
public static class NoteServiceCollectionExtensions
{
    public static IServiceCollection AddNoteDeCadrage(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddOptions<NoteOptions>().Bind(configuration.GetSection(NoteOptions.Section));
        services.AddSingleton(sp => NoteRenderer.FromOptions(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NoteOptions>>().Value));
        return services;
    }
}
