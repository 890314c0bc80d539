using System.Globalization;
using System.Text;
using System.Text.Json;
using Cadrage.Rules.Json;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Profiles;

/// <summary>
/// Reads one UTF-8 profile straight into a <see cref="TerritoryProfile"/> with <see cref="Utf8JsonReader"/>: no
/// token tree, allowed values and field names compared as bytes, and every problem collected as a French
/// diagnostic with its JSON path. A syntax error (or a nesting too deep) replaces whatever was found before it:
/// it is the one thing to fix first.
/// </summary>
internal ref struct ProfileParser
{
    private Utf8JsonReader _reader;
    private readonly ReadOnlySpan<byte> _utf8;
    private readonly string _file;
    private readonly ProfileCatalog _catalog;
    private readonly JsonPathBuilder _path;
    private List<JsonDiagnostic>? _errors;

    private ProfileParser(ReadOnlySpan<byte> utf8, string file, ProfileCatalog catalog)
    {
        _utf8 = utf8;
        _reader = new Utf8JsonReader(utf8, JsonSyntax.ReaderOptions);
        _file = file;
        _catalog = catalog;
        _path = new JsonPathBuilder();
    }

    /// <exception cref="ProfileException">When the profile is invalid.</exception>
    public static TerritoryProfile Parse(ReadOnlySpan<byte> utf8, string file, RuleSet kb)
    {
        var shift = JsonSyntax.SkipBom(ref utf8);
        if (JsonSyntax.CheckUtf8(utf8, shift) is { } encoding)
        {
            throw new ProfileException(file, [new JsonDiagnostic(file, "$", encoding)]);
        }
        var parser = new ProfileParser(utf8, file, ProfileCatalog.For(kb));
        TerritoryProfile? profile;
        try
        {
            profile = parser.ReadDocument();
        }
        catch (JsonException ex)
        {
            throw new ProfileException(file, [new JsonDiagnostic(file, parser._path.ToString(), JsonSyntax.Describe(utf8, ex, parser._reader.BytesConsumed))]);
        }
        catch (JsonDepthException ex)
        {
            throw new ProfileException(file, [new JsonDiagnostic(file, parser._path.ToString(), ex.Message)]);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is ArgumentException || ex.Message.Contains("UTF-16", StringComparison.Ordinal))
        {
            // Utf8JsonReader refuses to unescape a lone UTF-16 surrogate (« \ud800 » without its pair) into a string.
            throw new ProfileException(file, [new JsonDiagnostic(file, parser._path.ToString(),
                $"texte invalide vers l'octet {parser._reader.TokenStartIndex + shift} : une séquence d'échappement \\u désigne une demi-paire UTF-16 isolée (\\ud800 à \\udfff sans son complément), qui n'est pas un caractère ; corrigez ou retirez ce texte")]);
        }
        if (parser._errors is { Count: > 0 } errors || profile is null)
        {
            throw new ProfileException(file, parser._errors!);
        }
        return profile;
    }

    // ---- the document -------------------------------------------------------------------------------------

    private enum Field { Schema, Id, Nom, Echelle, Description, Indicateurs, Besoins, Communes, Voisines, Unknown }

    private TerritoryProfile? ReadDocument()
    {
        _reader.Read();
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Error($"un profil est un objet JSON, {TokenName()} a été trouvé");
            SkipValue();
            ReadEnd();
            return null;
        }
        string? id = null, nom = null, echelle = null, description = null;
        Dictionary<string, IndicatorValue>? indicators = null;
        List<DiagnosticNeed>? needs = null;
        List<MemberCommune>? communes = null, voisines = null;
        var seen = 0;
        HashSet<string>? unknown = null;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = RootField();
            var name = field == Field.Unknown ? _reader.GetString()! : ProfileFormat.TopLevelFields[(int)field];
            if (field == Field.Unknown)
            {
                if ((unknown ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                {
                    Unknown(name, ProfileFormat.TopLevelFields);
                }
                else
                {
                    Duplicate(name);
                }
                SkipField(name);
                continue;
            }
            if ((seen & (1 << (int)field)) != 0)
            {
                Duplicate(name);
                SkipField(name);
                continue;
            }
            seen |= 1 << (int)field;
            _path.Push(name);
            _reader.Read();
            switch (field)
            {
                case Field.Schema:
                    OptionalText(ProfileLimits.TextMaxLength);
                    break;
                case Field.Id:
                    id = RequiredText(ProfileLimits.IdMaxLength, identifier: true);
                    break;
                case Field.Nom:
                    nom = RequiredText(ProfileLimits.TextMaxLength);
                    break;
                case Field.Echelle:
                    echelle = Echelle();
                    break;
                case Field.Description:
                    description = OptionalText(ProfileLimits.DescriptionMaxLength);
                    break;
                case Field.Indicateurs:
                    indicators = Indicators();
                    break;
                case Field.Besoins:
                    needs = Needs();
                    break;
                case Field.Communes:
                    communes = Communes(neighbours: false);
                    break;
                case Field.Voisines:
                    voisines = Communes(neighbours: true);
                    break;
            }
            _path.Pop();
        }
        ReadEnd();

        foreach (var (field, required) in new[] { (Field.Id, "id"), (Field.Nom, "nom"), (Field.Echelle, "echelle"), (Field.Indicateurs, "indicateurs") })
        {
            if ((seen & (1 << (int)field)) == 0)
            {
                Error($"champ obligatoire « {required} » manquant");
            }
        }
        if (_errors is { Count: > 0 })
        {
            return null;
        }
        return new TerritoryProfile
        {
            Id = id!,
            Nom = nom!,
            Echelle = echelle!,
            Description = description,
            Fichier = _file,
            Indicateurs = indicators!,
            Besoins = needs ?? [],
            Communes = communes ?? [],
            Voisines = voisines ?? [],
        };
    }

    private readonly Field RootField()
    {
        if (_reader.ValueTextEquals("id"u8)) return Field.Id;
        if (_reader.ValueTextEquals("nom"u8)) return Field.Nom;
        if (_reader.ValueTextEquals("echelle"u8)) return Field.Echelle;
        if (_reader.ValueTextEquals("indicateurs"u8)) return Field.Indicateurs;
        if (_reader.ValueTextEquals("besoins"u8)) return Field.Besoins;
        if (_reader.ValueTextEquals("description"u8)) return Field.Description;
        if (_reader.ValueTextEquals("communes"u8)) return Field.Communes;
        if (_reader.ValueTextEquals("voisines"u8)) return Field.Voisines;
        if (_reader.ValueTextEquals("$schema"u8)) return Field.Schema;
        return Field.Unknown;
    }

    /// <summary>After the root value: nothing but whitespace (the reader throws on anything else).</summary>
    private void ReadEnd()
    {
        if (_reader.Read())
        {
            // Unreachable with a single-value reader, which throws on trailing content; kept as a guard.
            throw new JsonDepthException("contenu inattendu après la fin du document JSON");
        }
    }

    private string? Echelle()
    {
        if (_reader.TokenType == JsonTokenType.String && Choose(_catalog.Echelles) is { } known)
        {
            return known;
        }
        var text = RequiredText(ProfileLimits.TextMaxLength);
        if (text is not null)
        {
            Error($"échelle « {JsonSyntax.Quote(text)} » inconnue : attendu l'une de {string.Join(", ", ProfileReader.Echelles)}");
        }
        return null;
    }

    // ---- indicators ---------------------------------------------------------------------------------------

    private Dictionary<string, IndicatorValue>? Indicators()
    {
        // Sized for the whole catalogue at once: a profile states most of it (no rehash while reading).
        var values = new Dictionary<string, IndicatorValue>(_catalog.Indicators.Count, StringComparer.Ordinal);
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Error($"type incorrect : un objet {{ \"indicateur\": valeur }} est attendu, {TokenName()} a été trouvé");
            SkipValue();
            return values;
        }
        var seen = new bool[_catalog.Indicators.Count];
        HashSet<string>? unknown = null;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = IndicatorIndex(out var name);
            if (index < 0)
            {
                if ((unknown ??= new HashSet<string>(StringComparer.Ordinal)).Add(name!))
                {
                    ErrorAt(_path.ToString(name), $"indicateur inconnu « {JsonSyntax.Quote(name!)} » : absent du catalogue {IndicatorCatalog.FileName}");
                }
                else
                {
                    Duplicate(name!);
                }
                SkipField(name!);
                continue;
            }
            var definition = _catalog.Indicators[index];
            if (seen[index])
            {
                Duplicate(definition.Id);
                SkipField(definition.Id);
                continue;
            }
            seen[index] = true;
            _path.Push(definition.Id);
            _reader.Read();
            if (Indicator(definition, index) is { } value)
            {
                values[definition.Id] = value;
            }
            _path.Pop();
        }
        return values;
    }

    /// <summary>The catalogue position of the property name under the reader, or -1 (then <paramref name="name"/> is set).</summary>
    private readonly int IndicatorIndex(out string? name)
    {
        name = null;
        var raw = _reader.ValueSpan;
        if (raw.Length <= 64)
        {
            Span<char> buffer = stackalloc char[64];
            var length = _reader.ValueIsEscaped ? _reader.CopyString(buffer) : Encoding.UTF8.GetChars(raw, buffer);
            if (_catalog.IndicatorLookup.TryGetValue(buffer[..length], out var index))
            {
                return index;
            }
        }
        name = _reader.GetString()!;
        return _catalog.IndicatorLookup.Dictionary.TryGetValue(name, out var found) ? found : -1;
    }

    private enum SourcedField { Valeur, Source, Millesime, Illustratif, Unknown }

    private IndicatorValue? Indicator(IndicatorDefinition definition, int index)
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            return Value(definition, index) is { } bare ? new IndicatorValue(bare, null, null) : null;
        }
        var before = ErrorCount;
        object? value = null;
        string? source = null, millesime = null;
        var illustratif = false;
        var seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = _reader.ValueTextEquals("valeur"u8) ? SourcedField.Valeur
                : _reader.ValueTextEquals("source"u8) ? SourcedField.Source
                : _reader.ValueTextEquals("millesime"u8) ? SourcedField.Millesime
                : _reader.ValueTextEquals("illustratif"u8) ? SourcedField.Illustratif
                : SourcedField.Unknown;
            if (!FirstTime(field == SourcedField.Unknown ? -1 : (int)field, ref seen, ProfileFormat.SourcedValueFields))
            {
                continue;
            }
            switch (field)
            {
                case SourcedField.Valeur:
                    value = Value(definition, index);
                    break;
                case SourcedField.Source:
                    source = _reader.TokenType == JsonTokenType.String ? SharedText(ProfileLimits.TextMaxLength) : OptionalText(ProfileLimits.TextMaxLength);
                    break;
                case SourcedField.Millesime:
                    millesime = Millesime();
                    break;
                case SourcedField.Illustratif:
                    illustratif = OptionalBoolean() ?? false;
                    break;
            }
            _path.Pop();
        }
        if ((seen & (1 << (int)SourcedField.Valeur)) == 0)
        {
            Error("champ obligatoire « valeur » manquant");
        }
        return value is null || ErrorCount > before ? null : new IndicatorValue(value, source, millesime, illustratif);
    }

    /// <summary>
    /// For an object's property name under the reader: false (the value skipped) when the field is unknown
    /// (<paramref name="field"/> &lt; 0) or already seen, each reported; else true with the reader on the value.
    /// </summary>
    private bool FirstTime(int field, ref int seen, IReadOnlyList<string> fields)
    {
        if (field < 0)
        {
            var name = _reader.GetString()!;
            Unknown(name, fields);
            SkipField(name);
            return false;
        }
        if ((seen & (1 << field)) != 0)
        {
            Duplicate(fields[field]);
            SkipField(fields[field]);
            return false;
        }
        seen |= 1 << field;
        _path.Push(fields[field]);
        _reader.Read();
        return true;
    }

    /// <summary>From a property name: skips its value, a syntax error in it being reported at its path.</summary>
    private void SkipField(string name)
    {
        _path.Push(name);
        _reader.Read();
        SkipValue();
        _path.Pop();
    }

    /// <summary>The value of an indicator (double, bool, string or string[] per the catalogue), or null after an error.</summary>
    private object? Value(IndicatorDefinition definition, int index)
    {
        switch (definition.Type)
        {
            case IndicatorType.nombre or IndicatorType.entier:
                var whole = definition.Type == IndicatorType.entier;
                if (Number(whole ? "un nombre entier" : "un nombre", whole) is not { } number)
                {
                    return null;
                }
                if (number < (definition.Min ?? double.MinValue) || number > (definition.Max ?? double.MaxValue))
                {
                    Error($"valeur {Format(number)} hors de la plage autorisée [{Format(definition.Min)} ; {Format(definition.Max)}]{(definition.Unite is null ? "" : " " + definition.Unite)}");
                    return null;
                }
                if (whole && Math.Abs(number) > ProfileLimits.LargestInteger)
                {
                    Error($"nombre entier {RawNumber()} trop grand : au plus {ProfileLimits.LargestInteger.ToString("0", CultureInfo.InvariantCulture)} en valeur absolue");
                    return null;
                }
                return number;
            case IndicatorType.booleen:
                if (_reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    return _reader.TokenType == JsonTokenType.True ? True : False;
                }
                return Invalid("un booléen (true/false)");
            case IndicatorType.texte:
                if (_reader.TokenType != JsonTokenType.String)
                {
                    return Invalid("un texte");
                }
                return AllowedText(definition, index);
            default:
                if (_reader.TokenType != JsonTokenType.StartArray)
                {
                    return Invalid("une liste de textes");
                }
                var items = new List<string>();
                var failed = false;
                var count = 0;
                _path.Push(0);
                while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
                {
                    _path.SetIndex(count++);
                    if (count > ProfileLimits.ListMaxItems)
                    {
                        failed = TooMany(ProfileLimits.ListMaxItems, "valeurs", count);
                        SkipValue();
                        continue;
                    }
                    if (_reader.TokenType != JsonTokenType.String)
                    {
                        failed = Invalid("un texte") is null;
                        continue;
                    }
                    if (AllowedText(definition, index) is { } item)
                    {
                        if (!items.Contains(item, StringComparer.Ordinal))
                        {
                            items.Add(item);
                        }
                    }
                    else
                    {
                        failed = true;
                    }
                }
                _path.Pop();
                return failed ? null : items.ToArray();
        }
    }

    private static readonly object True = true;
    private static readonly object False = false;

    /// <summary>A text value of an indicator: one of its allowed values (their interned id), or free text when it lists none.</summary>
    private string? AllowedText(IndicatorDefinition definition, int index)
    {
        if (_catalog.Allowed[index] is not { } allowed)
        {
            return Text(ProfileLimits.TextMaxLength);
        }
        if (Choose(allowed) is { } id)
        {
            return id;
        }
        var text = Text(ProfileLimits.TextMaxLength);
        if (text is not null)
        {
            Error($"valeur « {JsonSyntax.Quote(text)} » non reconnue : attendu l'une de {string.Join(", ", definition.Valeurs!.Select(v => v.Id))}");
        }
        return null;
    }

    private string? Millesime()
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return SharedText(ProfileLimits.TextMaxLength);
            case JsonTokenType.Number:
                if (IsIntegerToken() && _reader.TryGetInt32(out var year) && year is >= ProfileLimits.MillesimeMin and <= ProfileLimits.MillesimeMax)
                {
                    return Years[year - ProfileLimits.MillesimeMin] ??= year.ToString(CultureInfo.InvariantCulture);
                }
                Error($"millésime {RawNumber()} invalide : une année ({ProfileLimits.MillesimeMin} à {ProfileLimits.MillesimeMax}) ou un texte est attendu");
                return null;
            default:
                return Invalid("un millésime (année ou texte)");
        }
    }

    // Years as text, shared by every profile (35,000 communes all say "2026").
    private static readonly string?[] Years = new string?[ProfileLimits.MillesimeMax - ProfileLimits.MillesimeMin + 1];

    // ---- needs --------------------------------------------------------------------------------------------

    private List<DiagnosticNeed>? Needs()
    {
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            Error($"type incorrect : une liste de besoins est attendue, {TokenName()} a été trouvé");
            SkipValue();
            return null;
        }
        var needs = new List<DiagnosticNeed>();
        var count = 0;
        _path.Push(0);
        while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
        {
            _path.SetIndex(count++);
            if (count > ProfileLimits.NeedsMaxCount)
            {
                TooMany(ProfileLimits.NeedsMaxCount, "besoins", count);
                SkipValue();
                continue;
            }
            if (Need() is { } need)
            {
                needs.Add(need);
            }
        }
        _path.Pop();
        return needs;
    }

    private enum NeedField { Service, Public, Critere, Intensite, Source, Illustratif, Unknown }

    private DiagnosticNeed? Need()
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Error($"type incorrect : un besoin {{service, public, critere, intensite}} est attendu, {TokenName()} a été trouvé");
            SkipValue();
            return null;
        }
        var before = ErrorCount;
        string? service = null, @public = null, critere = null, source = null;
        var intensite = 0;
        var illustratif = false;
        var seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = _reader.ValueTextEquals("service"u8) ? NeedField.Service
                : _reader.ValueTextEquals("public"u8) ? NeedField.Public
                : _reader.ValueTextEquals("critere"u8) ? NeedField.Critere
                : _reader.ValueTextEquals("intensite"u8) ? NeedField.Intensite
                : _reader.ValueTextEquals("source"u8) ? NeedField.Source
                : _reader.ValueTextEquals("illustratif"u8) ? NeedField.Illustratif
                : NeedField.Unknown;
            if (!FirstTime(field == NeedField.Unknown ? -1 : (int)field, ref seen, ProfileFormat.NeedFields))
            {
                continue;
            }
            switch (field)
            {
                case NeedField.Service:
                    service = Axis("service", _catalog.Services);
                    break;
                case NeedField.Public:
                    @public = Axis("public", _catalog.Publics);
                    break;
                case NeedField.Critere:
                    critere = Axis("critere", _catalog.Criteres);
                    break;
                case NeedField.Intensite:
                    if (_reader.TokenType == JsonTokenType.Number && IsIntegerToken() && _reader.TryGetInt32(out var value) && value is >= 0 and <= 3)
                    {
                        intensite = value;
                    }
                    else
                    {
                        var shown = _reader.TokenType is JsonTokenType.Number or JsonTokenType.String ? $"« {Shown()} » " : "";
                        Error($"intensité {shown}invalide : un entier de 0 à 3 est attendu{(shown.Length == 0 ? $", {TokenName()} a été trouvé" : "")}");
                        SkipValue();
                    }
                    break;
                case NeedField.Source:
                    source = OptionalText(ProfileLimits.TextMaxLength);
                    break;
                case NeedField.Illustratif:
                    illustratif = OptionalBoolean() ?? false;
                    break;
            }
            _path.Pop();
        }
        foreach (var field in new[] { NeedField.Service, NeedField.Public, NeedField.Critere, NeedField.Intensite })
        {
            if ((seen & (1 << (int)field)) == 0)
            {
                Error($"champ obligatoire « {ProfileFormat.NeedFields[(int)field]} » manquant{(field == NeedField.Intensite ? " (0 à 3)" : "")}");
            }
        }
        return ErrorCount > before ? null : new DiagnosticNeed(service!, @public!, critere!, intensite, source, illustratif);
    }

    private string? Axis(string name, ProfileCatalog.Choice[] values)
    {
        if (_reader.TokenType == JsonTokenType.String && Choose(values) is { } id)
        {
            return id;
        }
        var text = RequiredText(ProfileLimits.TextMaxLength);
        if (text is not null)
        {
            Error($"{name} « {JsonSyntax.Quote(text)} » inconnu : attendu l'un de {string.Join(", ", values.Select(v => v.Id))}");
        }
        return null;
    }

    // ---- communes -----------------------------------------------------------------------------------------

    /// <summary>The member communes, or the neighbouring pôles (<paramref name="neighbours"/>: each also says its range).</summary>
    private List<MemberCommune>? Communes(bool neighbours)
    {
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            Error($"type incorrect : une liste de communes {{code, nom…}} est attendue, {TokenName()} a été trouvé");
            SkipValue();
            return null;
        }
        var communes = new List<MemberCommune>();
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        _path.Push(0);
        while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
        {
            _path.SetIndex(count++);
            if (count > ProfileLimits.CommunesMaxCount)
            {
                TooMany(ProfileLimits.CommunesMaxCount, "communes", count);
                SkipValue();
                continue;
            }
            if (Commune(codes, count - 1, neighbours) is { } commune)
            {
                communes.Add(commune);
            }
        }
        _path.Pop();
        return communes;
    }

    private enum CommuneField { Code, Nom, Population, Densite, Latitude, Longitude, FranceServices, BpeProximite, BpeIntermediaire, BpeSuperieure, Pole, Unknown }

    private MemberCommune? Commune(Dictionary<string, int> codes, int position, bool neighbour)
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            Error($"type incorrect : une commune {{code, nom…}} est attendue, {TokenName()} a été trouvé");
            SkipValue();
            return null;
        }
        var before = ErrorCount;
        string? code = null, nom = null;
        string? pole = null;
        double? population = null, densite = null, latitude = null, longitude = null, franceServices = null;
        double? proximite = null, intermediaire = null, superieure = null;
        var fields = neighbour ? ProfileFormat.NeighbourFields : ProfileFormat.CommuneFields;
        var seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = _reader.ValueTextEquals("code"u8) ? CommuneField.Code
                : _reader.ValueTextEquals("nom"u8) ? CommuneField.Nom
                : _reader.ValueTextEquals("population"u8) ? CommuneField.Population
                : _reader.ValueTextEquals("densite"u8) ? CommuneField.Densite
                : _reader.ValueTextEquals("latitude"u8) ? CommuneField.Latitude
                : _reader.ValueTextEquals("longitude"u8) ? CommuneField.Longitude
                : _reader.ValueTextEquals("franceServices"u8) ? CommuneField.FranceServices
                : _reader.ValueTextEquals("bpeProximite"u8) ? CommuneField.BpeProximite
                : _reader.ValueTextEquals("bpeIntermediaire"u8) ? CommuneField.BpeIntermediaire
                : _reader.ValueTextEquals("bpeSuperieure"u8) ? CommuneField.BpeSuperieure
                : neighbour && _reader.ValueTextEquals("pole"u8) ? CommuneField.Pole
                : CommuneField.Unknown;
            if (!FirstTime(field == CommuneField.Unknown ? -1 : (int)field, ref seen, fields))
            {
                continue;
            }
            switch (field)
            {
                case CommuneField.Code:
                    code = RequiredText(ProfileLimits.CommuneCodeMaxLength, identifier: true);
                    if (code is not null && !codes.TryAdd(code, position))
                    {
                        Error($"commune « {JsonSyntax.Quote(code)} » en double : déjà en $.{(neighbour ? "voisines" : "communes")}[{codes[code]}]");
                    }
                    break;
                case CommuneField.Nom:
                    nom = RequiredText(ProfileLimits.TextMaxLength);
                    break;
                case CommuneField.Population:
                    population = Bounded(0, ProfileLimits.PopulationMax, whole: true);
                    break;
                case CommuneField.Densite:
                    densite = Bounded(ProfileLimits.DensiteMin, ProfileLimits.DensiteMax, whole: true,
                        " (grille communale de densité de l'INSEE : 1 très dense … 7 très peu dense)");
                    break;
                case CommuneField.Latitude:
                    latitude = Bounded(-90, 90, whole: false, " °");
                    break;
                case CommuneField.Longitude:
                    longitude = Bounded(-180, 180, whole: false, " °");
                    break;
                case CommuneField.FranceServices:
                    franceServices = Bounded(0, ProfileLimits.FranceServicesMax, whole: true);
                    break;
                case CommuneField.BpeProximite:
                    proximite = Bounded(0, 100, whole: false, " % (part des types d'équipements de la gamme présents dans la commune)");
                    break;
                case CommuneField.BpeIntermediaire:
                    intermediaire = Bounded(0, 100, whole: false, " % (part des types d'équipements de la gamme présents dans la commune)");
                    break;
                case CommuneField.BpeSuperieure:
                    superieure = Bounded(0, 100, whole: false, " % (part des types d'équipements de la gamme présents dans la commune)");
                    break;
                case CommuneField.Pole:
                    pole = RequiredText(ProfileLimits.TextMaxLength);
                    if (pole is not null && !Poles.All.Contains(pole))
                    {
                        Error($"valeur « {JsonSyntax.Quote(pole)} » inconnue : un pôle de services est « {Poles.Intermediaire} » (gamme intermédiaire de la BPE) ou « {Poles.Proximite} » (gamme de proximité)");
                        pole = null;
                    }
                    break;
            }
            _path.Pop();
        }
        if ((seen & (1 << (int)CommuneField.Code)) == 0)
        {
            Error("champ obligatoire « code » manquant (code INSEE de la commune)");
        }
        if ((seen & (1 << (int)CommuneField.Nom)) == 0)
        {
            Error("champ obligatoire « nom » manquant");
        }
        if (neighbour && (seen & (1 << (int)CommuneField.Pole)) == 0)
        {
            Error($"champ obligatoire « pole » manquant (gamme dont la commune voisine est un pôle de services : « {Poles.Intermediaire} » ou « {Poles.Proximite} »)");
        }
        return ErrorCount > before
            ? null
            : new MemberCommune(code!, nom!, (long?)population, (int?)densite, latitude, longitude, (int?)franceServices, pole, proximite, intermediaire, superieure);
    }

    /// <summary>An optional number within [min ; max] (null when null); an error otherwise.</summary>
    private double? Bounded(double min, double max, bool whole, string? unit = null)
    {
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (Number(whole ? "un nombre entier" : "un nombre", whole) is not { } number)
        {
            return null;
        }
        if (number < min || number > max)
        {
            Error($"valeur {Format(number)} hors de la plage autorisée [{Format(min)} ; {Format(max)}]{unit}");
            return null;
        }
        return number;
    }

    // ---- values -------------------------------------------------------------------------------------------

    /// <summary>A finite number (whole when asked), or null after an error (the value is skipped).</summary>
    private double? Number(string expected, bool whole)
    {
        if (_reader.TokenType != JsonTokenType.Number)
        {
            Invalid(expected);
            return null;
        }
        if (!_reader.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Error($"nombre {RawNumber()} hors de la plage des nombres représentables");
            return null;
        }
        if (whole && number != Math.Floor(number))
        {
            Error($"valeur {Format(number)} invalide : un nombre entier est attendu");
            return null;
        }
        return number;
    }

    private bool? OptionalBoolean()
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                Invalid("un booléen (true/false)");
                return null;
        }
    }

    private string? OptionalText(int maxLength)
    {
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (_reader.TokenType != JsonTokenType.String)
        {
            return Invalid("un texte");
        }
        return Text(maxLength);
    }

    /// <summary>A non-blank text; an identifier (id, code) also has no control character.</summary>
    private string? RequiredText(int maxLength, bool identifier = false)
    {
        if (_reader.TokenType != JsonTokenType.String)
        {
            return Invalid("un texte non vide");
        }
        var text = Text(maxLength);
        if (text is null)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            Error("texte vide : un texte non vide est attendu");
            return null;
        }
        if (identifier && text.AsSpan().IndexOfAnyInRange('\u0000', '\u001F') is var control && (control >= 0 || text.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') is >= 0))
        {
            var c = text.First(char.IsControl);
            Error($"« {JsonSyntax.Quote(text)} » invalide : caractère de contrôle U+{(int)c:X4} interdit dans un identifiant");
            return null;
        }
        return text;
    }

    /// <summary>Texts met again and again (sources, millésimes: the same few for every indicator of 35,000 communes), per thread.</summary>
    [ThreadStatic]
    private static Dictionary<int, string>? t_shared;

    /// <summary>Most texts kept per thread; beyond, texts are simply read as they come.</summary>
    private const int SharedTextsKept = 256;

    /// <summary>
    /// Like <see cref="Text"/>, but a text already met on this thread is given as the same string instead of a new
    /// copy (compared byte for byte, not only by hash).
    /// </summary>
    private string? SharedText(int maxLength)
    {
        if (_reader.ValueIsEscaped || _reader.HasValueSequence || _reader.ValueSpan.Length > 512)
        {
            return Text(maxLength);
        }
        var shared = t_shared ??= new Dictionary<int, string>();
        var hash = new HashCode();
        hash.AddBytes(_reader.ValueSpan);
        var key = hash.ToHashCode();
        if (shared.TryGetValue(key, out var known) && known.Length <= maxLength && _reader.ValueTextEquals(known))
        {
            return known;
        }
        var text = Text(maxLength);
        if (text is not null && shared.Count < SharedTextsKept)
        {
            shared.TryAdd(key, text);
        }
        return text;
    }

    /// <summary>The string under the reader, at most <paramref name="maxLength"/> characters (never allocating more).</summary>
    private string? Text(int maxLength)
    {
        var raw = _reader.ValueSpan;
        // UTF-16 never needs more characters than UTF-8 has bytes, and an escape takes at most 6 bytes per character.
        if (raw.Length > maxLength && (_reader.ValueIsEscaped ? raw.Length > 6L * maxLength : Encoding.UTF8.GetCharCount(raw) > maxLength))
        {
            Error($"texte trop long : {FrenchFormat.Number(maxLength)} caractères au plus");
            return null;
        }
        var text = _reader.GetString()!;
        if (text.Length > maxLength)
        {
            Error($"texte trop long : {FrenchFormat.Number(maxLength)} caractères au plus");
            return null;
        }
        return text;
    }

    /// <summary>The id of the choice equal to the string under the reader, or null.</summary>
    private readonly string? Choose(ProfileCatalog.Choice[] choices)
    {
        foreach (var choice in choices)
        {
            if (_reader.ValueTextEquals(choice.Utf8))
            {
                return choice.Id;
            }
        }
        return null;
    }

    // ---- structure ----------------------------------------------------------------------------------------

    /// <summary>Skips the value under the reader, checking the nesting limit on the way.</summary>
    private void SkipValue()
    {
        if (_reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }
        var depth = _reader.CurrentDepth;
        CheckDepth();
        while (_reader.Read() && _reader.CurrentDepth > depth)
        {
            if (_reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                CheckDepth();
            }
        }
    }

    private readonly void CheckDepth()
    {
        if (_reader.CurrentDepth + 1 > JsonSyntax.MaxDepth)
        {
            throw new JsonDepthException(JsonSyntax.TooDeep(_utf8, _reader.TokenStartIndex));
        }
    }

    private readonly bool IsIntegerToken() => _reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    /// <summary>The JSON text of the number under the reader, as quoted in messages.</summary>
    private readonly string RawNumber() => JsonSyntax.Quote(Encoding.UTF8.GetString(_reader.ValueSpan));

    private readonly string Shown() => _reader.TokenType == JsonTokenType.String
        ? JsonSyntax.Quote(_reader.ValueSpan.Length > 4 * JsonSyntax.QuotedMaxLength ? Encoding.UTF8.GetString(_reader.ValueSpan[..(4 * JsonSyntax.QuotedMaxLength)]) : _reader.GetString()!)
        : RawNumber();

    /// <summary>French name of the token under the reader, for "… a été trouvé".</summary>
    private readonly string TokenName() => _reader.TokenType switch
    {
        JsonTokenType.StartObject => "un objet",
        JsonTokenType.StartArray => "une liste",
        JsonTokenType.String => "un texte",
        JsonTokenType.Number => IsIntegerToken() ? "un nombre entier" : "un nombre",
        JsonTokenType.True or JsonTokenType.False => "un booléen",
        JsonTokenType.Null => "null",
        var other => other.ToString(),
    };

    // ---- errors -------------------------------------------------------------------------------------------

    private readonly int ErrorCount => _errors?.Count ?? 0;

    private void Error(string message) => ErrorAt(_path.ToString(), message);

    private void ErrorAt(string path, string message) => (_errors ??= []).Add(new JsonDiagnostic(_file, path, message));

    /// <summary>A wrong type: reported, the value skipped; returns null for the caller to return.</summary>
    private string? Invalid(string expected)
    {
        Error($"type incorrect : {expected} est attendu, {TokenName()} a été trouvé");
        SkipValue();
        return null;
    }

    private void Unknown(string name, IReadOnlyList<string> known) =>
        ErrorAt(_path.ToString(name), $"champ inconnu « {JsonSyntax.Quote(name)} » (champs acceptés : {string.Join(", ", known.Where(k => k != "$schema"))})");

    private void Duplicate(string name) =>
        ErrorAt(_path.ToString(name), JsonSyntax.At(_utf8, _reader.TokenStartIndex, $"clé « {JsonSyntax.Quote(name)} » en double dans l'objet : une seule valeur par champ"));

    private bool TooMany(int limit, string what, int count)
    {
        if (count == limit + 1)
        {
            Error($"trop de {what} : {FrenchFormat.Number(limit)} au plus");
        }
        return true;
    }

    private static string Format(double? value) =>
        value is null ? "∞" : value.Value.ToString("0.###", CultureInfo.InvariantCulture);
}
