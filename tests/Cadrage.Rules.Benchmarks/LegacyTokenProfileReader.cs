using System.Globalization;
using Cadrage.Rules.Json;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Benchmarks;

/// <summary>
/// The profile reader as it was before the streaming one (commit 3b443f8): Newtonsoft parses the text into a
/// JToken tree, then the tree is walked into the typed profile. Kept here only as the benchmark's baseline.
/// </summary>
public static class LegacyTokenProfileReader
{
    private static readonly string[] TopLevelFields = ["$schema", "id", "nom", "echelle", "indicateurs", "besoins", "description"];
    private static readonly string[] SourcedValueFields = ["valeur", "source", "millesime"];
    private static readonly string[] NeedFields = ["service", "public", "critere", "intensite", "source"];

    private static readonly JsonLoadSettings LoadSettings = new()
    {
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        LineInfoHandling = LineInfoHandling.Ignore,
        CommentHandling = CommentHandling.Ignore,
    };

    /// <summary>Text → JToken (as StrictJson.Parse did) → typed profile.</summary>
    public static TerritoryProfile Read(string json, string file, RuleSet kb)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
        var token = JToken.ReadFrom(reader, LoadSettings);
        return Read(token, file, kb);
    }

    /// <summary>Reads a profile from a parsed token (e.g. one line of a JSONL batch).</summary>
    /// <exception cref="ProfileException">When the profile is invalid.</exception>
    public static TerritoryProfile Read(JToken token, string file, RuleSet kb)
    {
        var errors = new List<JsonDiagnostic>();
        void Error(JToken at, string message) => errors.Add(new JsonDiagnostic(file, StrictJson.ToJsonPath(at.Path), message));

        if (token is not JObject root)
        {
            Error(token, $"un profil est un objet JSON, {StrictJson.Describe(token.Type)} a été trouvé");
            throw new ProfileException(file, errors);
        }
        RejectUnknown(root, TopLevelFields, Error);

        var id = RequiredText(root, "id", Error);
        var nom = RequiredText(root, "nom", Error);
        var echelle = RequiredText(root, "echelle", Error);
        if (echelle is not null && !ProfileReader.Echelles.Contains(echelle))
        {
            Error(root["echelle"]!, $"échelle « {echelle} » inconnue : attendu l'une de {string.Join(", ", ProfileReader.Echelles)}");
        }

        var values = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        switch (root["indicateurs"])
        {
            case null:
                errors.Add(new JsonDiagnostic(file, "$", "champ obligatoire « indicateurs » manquant"));
                break;
            case JObject indicators:
                foreach (var property in indicators.Properties())
                {
                    var definition = kb.FindIndicator(property.Name);
                    if (definition is null)
                    {
                        Error(property, $"indicateur inconnu « {property.Name} » : absent du catalogue {IndicatorCatalog.FileName}");
                        continue;
                    }
                    var value = ReadIndicator(property.Value, definition, Error);
                    if (value is not null)
                    {
                        values[property.Name] = value;
                    }
                }
                break;
            case var other:
                Error(other, $"type incorrect : un objet {{ \"indicateur\": valeur }} est attendu, {StrictJson.Describe(other.Type)} a été trouvé");
                break;
        }

        var needs = new List<DiagnosticNeed>();
        switch (root["besoins"])
        {
            case null or { Type: JTokenType.Null }:
                break;
            case JArray array:
                foreach (var item in array)
                {
                    var need = ReadNeed(item, kb.Referentiel.Axes, Error);
                    if (need is not null)
                    {
                        needs.Add(need);
                    }
                }
                break;
            case var other:
                Error(other, $"type incorrect : une liste de besoins est attendue, {StrictJson.Describe(other.Type)} a été trouvé");
                break;
        }

        if (errors.Count > 0)
        {
            throw new ProfileException(file, errors);
        }
        return new TerritoryProfile { Id = id!, Nom = nom!, Echelle = echelle!, Fichier = file, Indicateurs = values, Besoins = needs };
    }

    private static void RejectUnknown(JObject obj, string[] known, Action<JToken, string> error)
    {
        foreach (var property in obj.Properties())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                error(property, $"champ inconnu « {property.Name} » (champs acceptés : {string.Join(", ", known.Where(k => k != "$schema"))})");
            }
        }
    }

    private static string? RequiredText(JObject obj, string name, Action<JToken, string> error)
    {
        var token = obj[name];
        if (token is null)
        {
            error(obj, $"champ obligatoire « {name} » manquant");
            return null;
        }
        if (token.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)token))
        {
            error(token, $"type incorrect : un texte non vide est attendu, {StrictJson.Describe(token.Type)} a été trouvé");
            return null;
        }
        return (string)token!;
    }

    private static IndicatorValue? ReadIndicator(JToken token, IndicatorDefinition definition, Action<JToken, string> error)
    {
        JToken valueToken = token;
        string? source = null;
        string? millesime = null;
        if (token is JObject sourced)
        {
            RejectUnknown(sourced, SourcedValueFields, error);
            if (sourced["valeur"] is not { } inner)
            {
                error(sourced, "champ obligatoire « valeur » manquant");
                return null;
            }
            valueToken = inner;
            source = OptionalText(sourced, "source", error);
            millesime = sourced["millesime"] switch
            {
                null or { Type: JTokenType.Null } => null,
                { Type: JTokenType.Integer } m => ((long)m).ToString(CultureInfo.InvariantCulture),
                { Type: JTokenType.String } m => (string)m!,
                var m => Invalid(m, "un millésime (année ou texte)"),
            };
        }

        string? Invalid(JToken at, string expected)
        {
            error(at, $"type incorrect : {expected} est attendu, {StrictJson.Describe(at.Type)} a été trouvé");
            return null;
        }

        object? value = null;
        switch (definition.Type)
        {
            case IndicatorType.nombre or IndicatorType.entier:
                if (valueToken.Type is not (JTokenType.Integer or JTokenType.Float))
                {
                    Invalid(valueToken, definition.Type == IndicatorType.entier ? "un nombre entier" : "un nombre");
                    return null;
                }
                var number = (double)valueToken;
                if (double.IsNaN(number) || double.IsInfinity(number))
                {
                    error(valueToken, "nombre invalide");
                    return null;
                }
                if (definition.Type == IndicatorType.entier && number != Math.Floor(number))
                {
                    error(valueToken, $"valeur {Format(number)} invalide : un nombre entier est attendu");
                    return null;
                }
                if (number < (definition.Min ?? double.MinValue) || number > (definition.Max ?? double.MaxValue))
                {
                    error(valueToken, $"valeur {Format(number)} hors de la plage autorisée [{Format(definition.Min)} ; {Format(definition.Max)}]{(definition.Unite is null ? "" : " " + definition.Unite)}");
                    return null;
                }
                value = number;
                break;
            case IndicatorType.booleen:
                if (valueToken.Type != JTokenType.Boolean)
                {
                    Invalid(valueToken, "un booléen (true/false)");
                    return null;
                }
                value = (bool)valueToken;
                break;
            case IndicatorType.texte:
                if (valueToken.Type != JTokenType.String)
                {
                    Invalid(valueToken, "un texte");
                    return null;
                }
                var text = (string)valueToken!;
                if (!Allowed(valueToken, text))
                {
                    return null;
                }
                value = text;
                break;
            case IndicatorType.liste:
                if (valueToken is not JArray items)
                {
                    Invalid(valueToken, "une liste de textes");
                    return null;
                }
                var list = new List<string>();
                foreach (var item in items)
                {
                    if (item.Type != JTokenType.String)
                    {
                        Invalid(item, "un texte");
                        return null;
                    }
                    if (!Allowed(item, (string)item!))
                    {
                        return null;
                    }
                    list.Add((string)item!);
                }
                value = list.Distinct(StringComparer.Ordinal).ToArray();
                break;
        }
        return new IndicatorValue(value!, source, millesime);

        bool Allowed(JToken at, string text)
        {
            if (!definition.Allows(text))
            {
                error(at, $"valeur « {text} » non reconnue : attendu l'une de {string.Join(", ", definition.Valeurs!.Select(v => v.Id))}");
                return false;
            }
            return true;
        }
    }

    private static string? OptionalText(JObject obj, string name, Action<JToken, string> error)
    {
        var token = obj[name];
        if (token is null || token.Type == JTokenType.Null)
        {
            return null;
        }
        if (token.Type != JTokenType.String)
        {
            error(token, $"type incorrect : un texte est attendu, {StrictJson.Describe(token.Type)} a été trouvé");
            return null;
        }
        return (string)token!;
    }

    private static DiagnosticNeed? ReadNeed(JToken token, NeedAxes axes, Action<JToken, string> error)
    {
        if (token is not JObject obj)
        {
            error(token, $"type incorrect : un besoin {{service, public, critere, intensite}} est attendu, {StrictJson.Describe(token.Type)} a été trouvé");
            return null;
        }
        var count = 0;
        void Counted(JToken at, string message)
        {
            count++;
            error(at, message);
        }
        RejectUnknown(obj, NeedFields, Counted);
        var service = AxisValue(obj, "service", axes.Services, Counted);
        var @public = AxisValue(obj, "public", axes.Publics, Counted);
        var critere = AxisValue(obj, "critere", axes.Criteres, Counted);
        int intensite = 0;
        switch (obj["intensite"])
        {
            case null:
                Counted(obj, "champ obligatoire « intensite » manquant (0 à 3)");
                break;
            case { Type: JTokenType.Integer } t when (long)t is >= 0 and <= 3:
                intensite = (int)t;
                break;
            case var t:
                Counted(t, $"intensité « {t} » invalide : un entier de 0 à 3 est attendu");
                break;
        }
        var source = OptionalText(obj, "source", Counted);
        return count > 0 ? null : new DiagnosticNeed(service!, @public!, critere!, intensite, source);
    }

    private static string? AxisValue(JObject obj, string name, IReadOnlyList<OptionDefinition> values, Action<JToken, string> error)
    {
        var text = RequiredText(obj, name, error);
        if (text is not null && values.All(v => v.Id != text))
        {
            error(obj[name]!, $"{name} « {text} » inconnu : attendu l'un de {string.Join(", ", values.Select(v => v.Id))}");
            return null;
        }
        return text;
    }

    private static string Format(double? value) =>
        value is null ? "∞" : value.Value.ToString("0.###", CultureInfo.InvariantCulture);
}
