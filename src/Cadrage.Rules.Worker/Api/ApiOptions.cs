using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Api;

/// <summary>Settings of the HTTP API (section <c>Cadrage:Api</c>), validated at start.</summary>
public sealed class ApiOptions
{
    public const string Section = "Cadrage:Api";

    /// <summary>Where the API listens; loopback by default.</summary>
    public string Url { get; set; } = "http://127.0.0.1:5080";

    /// <summary>When set, every <c>/api</c> request must carry it in the <c>X-Api-Key</c> header.</summary>
    public string? Cle { get; set; }

    /// <summary>Accept an API reachable beyond this machine without a key (off: a key is then required).</summary>
    public bool SansCle { get; set; }

    /// <summary>Largest accepted request body, in bytes (413 beyond).</summary>
    public long TailleMaxOctets { get; set; } = 1024 * 1024;
}

public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions o)
    {
        var errors = new List<string>();
        foreach (var url in (o.Url ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).DefaultIfEmpty(""))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"{ApiOptions.Section}:Url « {url} » invalide : une adresse http://hôte:port est attendue");
            }
        }
        if (o.TailleMaxOctets is < 1024 or > 100 * 1024 * 1024)
        {
            errors.Add($"{ApiOptions.Section}:TailleMaxOctets vaut {o.TailleMaxOctets} : attendu entre 1024 et 104857600");
        }
        var exposed = (o.Url ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && !uri.IsLoopback && uri.Host != "localhost");
        if (exposed is not null && string.IsNullOrEmpty(o.Cle) && !o.SansCle)
        {
            errors.Add($"{ApiOptions.Section}:Cle est obligatoire quand l'API écoute au-delà de cette machine ({exposed}) ; sinon {ApiOptions.Section}:SansCle=true pour l'accepter en connaissance de cause");
        }
        if (o.Cle is { Length: > 0 and < 16 })
        {
            errors.Add($"{ApiOptions.Section}:Cle est trop courte ({o.Cle.Length} caractères, 16 au moins)");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
