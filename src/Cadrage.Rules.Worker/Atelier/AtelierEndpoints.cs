using System.Globalization;
using System.Text;
using System.Text.Json;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;
using Cadrage.Rules.Worker.Api;
using Cadrage.Rules.Worker.Batch;
using Cadrage.Rules.Worker.Journal;
using Cadrage.Rules.Worker.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Serilog;

namespace Cadrage.Rules.Worker.Atelier;

/// <summary>
/// The JSON calls of the atelier's page (<c>/atelier/api/…</c>): territories of the batch, evaluation (recorded in
/// the journal like the API's), journal, rule base with coverage, sandbox. Guarded by <see cref="AtelierAccess"/>;
/// not part of the public API contract (left out of the OpenAPI document).
/// </summary>
public static class AtelierEndpoints
{
    public const string Origin = "atelier";

    public static RouteGroupBuilder MapAtelierApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/atelier/api").AddEndpointFilter(AtelierAccess.Filter).ExcludeFromDescription();
        group.MapGet("/etat", State);
        group.MapGet("/referentiel", Referentiel);
        group.MapGet("/territoires", Search);
        group.MapGet("/territoires/{id}", Territory);
        group.MapPost("/profils/csv", CsvProfilesAsync);
        group.MapPost("/evaluations", EvaluateAsync);
        group.MapPost("/explications", ExplainAsync);
        group.MapPost("/comparaisons", CompareAsync);
        group.MapGet("/evaluations", List);
        group.MapGet("/evaluations/{id}", Read);
        group.MapGet("/evaluations/{id}/note", Note);
        group.MapGet("/evaluations/{id}/json", Json);
        group.MapGet("/regles", Rules);
        group.MapGet("/lot", Batch);
        group.MapPost("/bac-a-sable", SandboxAsync);
        group.MapPost("/bac-a-sable/balayage", SweepAsync);
        group.MapPost("/bac-a-sable/correctif", PatchAsync);
        group.MapPost("/bac-a-sable/ecrire", WriteAsync);
        return group;
    }

    private static IResult State(RuleSetHolder rules, EpciBatch batch, IOptions<AtelierOptions> options, HttpContext context)
    {
        var kb = rules.Current;
        var territories = batch.Territories(kb);
        return TypedResults.Ok(new
        {
            version = kb.Version,
            regles = kb.Rules.Count,
            lot = new { fichier = batch.FileName, territoires = territories.Count(t => t.Line.Length > 0), positions = territories.Count(t => t.Latitude is not null) },
            ecritureRegles = options.Value.EcritureRegles,
            cle = AtelierAccess.Key(context) is not null,
        });
    }

    private static IResult Referentiel(RuleSetHolder rules)
    {
        var kb = rules.Current;
        return TypedResults.Ok(new
        {
            version = kb.Version,
            questions = kb.Referentiel.Questions.Select(q => new { q.Id, q.Numero, q.Libelle, q.Intitule, q.Description, options = q.Options.Select(o => new { o.Id, o.Libelle, o.Description }) }),
            indicateurs = kb.Indicators.Where(d => !d.Calcule).Select(d => new
            {
                d.Id, d.Libelle, type = d.Type.ToString(), d.Unite, d.UnitePluriel, d.Min, d.Max, d.Description, d.Source, d.Theme, d.Levier,
                valeurs = d.Valeurs?.Select(v => new { v.Id, v.Libelle }),
            }),
        });
    }

    private static IResult Search(RuleSetHolder rules, EpciBatch batch, string? q = null)
    {
        var kb = rules.Current;
        return TypedResults.Ok(batch.Search(kb, q ?? "", 20).Select(t => new { t.Id, t.Nom, t.Type, t.Population }));
    }

    private static IResult Territory(string id, RuleSetHolder rules, EpciBatch batch) =>
        batch.Find(rules.Current, id) is { Line.Length: > 0 } t
            ? Results.Content(t.Line, "application/json; charset=utf-8")
            : FrenchProblems.Problem(StatusCodes.Status404NotFound, "Territoire inconnu", $"Aucun territoire « {id} » dans le lot {batch.FileName}.");

    /// <summary>The CSV columns of the batch (id, nom, echelle, one column per indicator), pasted: one profile per row.</summary>
    private static async Task<IResult> CsvProfilesAsync(HttpContext context, RuleSetHolder rules)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "CSV vide", "Collez une ligne d'en-tête (id, nom, echelle, puis un indicateur par colonne) et au moins une ligne.");
        }
        var file = Path.Combine(Path.GetTempPath(), "cadrage-atelier-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await File.WriteAllTextAsync(file, text, new UTF8Encoding(false), context.RequestAborted);
            var profiles = new List<JsonElement>();
            var errors = new List<string>();
            foreach (var item in BatchInput.Read(file, rules.Current).Take(200))
            {
                var source = item.Source.Replace(Path.GetFileName(file), "CSV collé", StringComparison.Ordinal);
                if (item.Error is not null)
                {
                    errors.Add($"{source} : {item.Error.Replace(Path.GetFileName(file), "CSV collé", StringComparison.Ordinal)}");
                }
                else if (!item.Json.IsEmpty)
                {
                    profiles.Add(JsonDocument.Parse(item.Json).RootElement.Clone());
                }
            }
            return TypedResults.Ok(new { profils = profiles, erreurs = errors });
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Evaluates the profile of the page and records it in the journal. The explanations (pourquoi pas, contraste,
    /// contrefactuels, seuils les plus proches, sensibilité aux données) come with it unless <c>explications=aucune</c>;
    /// <c>option=question:option</c> asks « pourquoi pas » about a given option, as the API does.
    /// </summary>
    private static async Task<IResult> EvaluateAsync(HttpContext context, RuleSetHolder rules, EvaluationService evaluations, EvaluationJournal journal, IDiagnosticContext diagnostics, ILoggerFactory loggers,
        string? explications = null, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "option")] string[]? option = null)
    {
        var now = (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        diagnostics.Set("EvaluationId", id);
        var body = await ReadProfileAsync(context);
        if (body is null)
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Profil manquant", "Aucun profil à évaluer : choisissez un territoire ou collez un profil.");
        }
        var kb = rules.Current;
        var (outcome, problem) = Evaluate(kb, evaluations, body, explications, option);
        if (problem is not null)
        {
            return problem;
        }
        var profile = outcome.Profile!;
        var result = outcome.Result!;
        diagnostics.Set("TerritoireId", profile.Id);
        var json = ResultJson.Serialize(result, indented: false);
        journal.Record(new JournalEntry(id, now, Origin, profile.Id, profile.Nom, kb.Version, EvaluationJournal.Hash(body), body, json));
        loggers.CreateLogger("Cadrage.Rules.Atelier").LogInformation("Évaluation {EvaluationId} de {TerritoireId} depuis l'atelier avec la base de règles {RuleSetVersion}", id, profile.Id, kb.Version);
        context.Response.Headers["X-Cadrage-Evaluation"] = id;
        return Results.Content($"{{\"id\":{JsonSerializer.Serialize(id)},\"horodatage\":{JsonSerializer.Serialize(now)},\"version\":{JsonSerializer.Serialize(kb.Version)},\"resultat\":{json}}}", "application/json; charset=utf-8", statusCode: StatusCodes.Status201Created);
    }

    private static async Task<string?> ReadProfileAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        return string.IsNullOrWhiteSpace(body) ? null : body;
    }

    private static (EvaluationOutcome Outcome, IResult? Problem) Evaluate(RuleSet kb, EvaluationService evaluations, string body, string? explications, string[]? options)
    {
        var request = ExplanationRequest.Parse(explications, options ?? [], kb, out var errors);
        if (errors.Count > 0)
        {
            return (null!, FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Explications mal demandées", string.Join(" ; ", errors)));
        }
        var outcome = evaluations.Evaluate(kb, ProfileSource.FromText(body, "profil de l'atelier"), explanations: request);
        if (outcome.Failure is { } failure)
        {
            return (outcome, FrenchProblems.Problem(
                failure.Kind is EvaluationFailureKind.ProfilInvalide or EvaluationFailureKind.FichierIllisible ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
                "Profil invalide", failure.Message,
                new Dictionary<string, object?> { ["erreurs"] = failure.Errors.Select(e => new ErreurProfil(e.Chemin, e.Message)).ToList() }));
        }
        return (outcome, null);
    }

    /// <summary>
    /// « Pourquoi pas cette option ? » on the profile of the page: its explanations for the options asked
    /// (<c>option=question:option</c>), not recorded in the journal (the evaluation shown is already there).
    /// </summary>
    private static async Task<IResult> ExplainAsync(HttpContext context, RuleSetHolder rules, EvaluationService evaluations, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "option")] string[]? option = null)
    {
        var body = await ReadProfileAsync(context);
        if (body is null)
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Profil manquant", "Aucun profil à expliquer : choisissez un territoire d'abord.");
        }
        var kb = rules.Current;
        var (outcome, problem) = Evaluate(kb, evaluations, body, ExplanationLevels.Completes, option);
        if (problem is not null)
        {
            return problem;
        }
        return Results.Content(ResultJson.Serialize(outcome.Result!, indented: false), "application/json; charset=utf-8");
    }

    /// <summary>Two profiles <c>{ "a": profil, "b": profil }</c>: both results and where they differ, with the indicators that explain it.</summary>
    private static async Task<IResult> CompareAsync(HttpContext context, RuleSetHolder rules, EvaluationService evaluations)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 64 }, context.RequestAborted);
        }
        catch (JsonException)
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Demande illisible", "Le corps doit être un objet JSON { \"a\": profil, \"b\": profil }.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("a", out var a) || !document.RootElement.TryGetProperty("b", out var b))
            {
                return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Demande illisible", "Le corps doit être un objet JSON { \"a\": profil, \"b\": profil }.");
            }
            var kb = rules.Current;
            var (first, problemA) = Evaluate(kb, evaluations, a.GetRawText(), ExplanationLevels.Aucune, null);
            if (problemA is not null)
            {
                return problemA;
            }
            var (second, problemB) = Evaluate(kb, evaluations, b.GetRawText(), ExplanationLevels.Aucune, null);
            if (problemB is not null)
            {
                return problemB;
            }
            var comparison = TerritoryComparer.Compare(kb, first.Profile!, second.Profile!, first.Result!, second.Result!);
            // The rules named by the comparison, in words (« soutien de « Faire », poids 3 ») rather than by their ids.
            var words = comparison.Questions.SelectMany(q => q.Indicateurs).SelectMany(i => i.Regles).Distinct()
                .Where(kb.RulesByName.ContainsKey)
                .ToDictionary(n => n, n => kb.RulesByName[n] is var rule ? $"{RuleText.Effect(rule.Properties.Effet)} de {RuleText.Target(kb, rule)}{(rule.Properties.Poids is { } w ? $", poids {FrenchFormat.Number(w)}" : "")}" : n);
            return Results.Content(
                $"{{\"comparaison\":{ComparisonJson.Serialize(comparison)},\"regles\":{JsonSerializer.Serialize(words)},\"a\":{ResultJson.Serialize(first.Result!, indented: false)},\"b\":{ResultJson.Serialize(second.Result!, indented: false)}}}",
                "application/json; charset=utf-8");
        }
    }

    private static IResult List(EvaluationJournal journal, string? territoire = null, string? version = null, string? depuis = null, string? jusqua = null, string? page = null)
    {
        var errors = new List<string>();
        var from = Day(depuis, "depuis", 0, errors);
        var to = Day(jusqua, "jusqu'au", 1, errors);
        var number = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 10_000 ? p : 1;
        if (errors.Count > 0)
        {
            return FrenchProblems.Problem(StatusCodes.Status400BadRequest, "Recherche invalide", string.Join(" ; ", errors) + ".");
        }
        const int size = 20;
        var filter = new JournalFilter(null, string.IsNullOrWhiteSpace(version) ? null : version.Trim(), from, to);
        IReadOnlyList<JournalSummary> entries;
        long total;
        var who = territoire?.Trim();
        if (string.IsNullOrEmpty(who))
        {
            (entries, total) = journal.List(filter, (number - 1) * size, size);
        }
        else
        {
            (entries, total) = journal.List(filter with { TerritoireId = who }, (number - 1) * size, size);
            if (total == 0)
            {
                // Not a territory id: the words of its name, over the latest entries.
                var words = EpciBatch.Normalize(who).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var matching = journal.List(filter, 0, 2000).Entries.Where(e => words.All(w => EpciBatch.Normalize(e.TerritoireNom + " " + e.TerritoireId).Contains(w, StringComparison.Ordinal))).ToList();
                total = matching.Count;
                entries = matching.Skip((number - 1) * size).Take(size).ToList();
            }
        }
        return TypedResults.Ok(new
        {
            total,
            page = number,
            pages = Math.Max(1, (total + size - 1) / size),
            elements = entries.Select(e => new { e.Id, horodatage = e.Horodatage, date = FrenchFormat.DateAndTime(e.Horodatage), origine = OriginLabel(e.Origine), territoire = new { id = e.TerritoireId, nom = e.TerritoireNom }, version = e.VersionRegles }),
        });
    }

    private static string OriginLabel(string origin) => origin switch
    {
        EvaluationJournal.OriginApi => "API",
        EvaluationJournal.OriginInbox => "boîte d'entrée",
        Origin => "atelier",
        _ => origin,
    };

    private static DateTimeOffset? Day(string? text, string name, int addDays, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(addDays);
        }
        errors.Add($"date « {name} » illisible : AAAA-MM-JJ attendu");
        return null;
    }

    private static IResult Read(string id, EvaluationJournal journal)
    {
        if (journal.Find(id) is not { } entry)
        {
            return FrenchProblems.Problem(StatusCodes.Status404NotFound, "Évaluation inconnue", $"Aucune évaluation « {id} » dans le journal.");
        }
        try
        {
            // Checked readable by the current contract before it is sent (an older format has no scenarios to show).
            ResultJson.Deserialize(entry.Resultat);
        }
        catch (JsonException)
        {
            return FrenchProblems.Problem(StatusCodes.Status409Conflict, "Évaluation d'un format antérieur", "Ce résultat a été consigné dans un format antérieur du contrat de sortie : l'atelier ne peut pas l'afficher ; son JSON reste téléchargeable.");
        }
        return Results.Content($"{{\"id\":{JsonSerializer.Serialize(entry.Id)},\"horodatage\":{JsonSerializer.Serialize(entry.Horodatage)},\"date\":{JsonSerializer.Serialize(FrenchFormat.DateAndTime(entry.Horodatage))},\"origine\":{JsonSerializer.Serialize(OriginLabel(entry.Origine))},\"version\":{JsonSerializer.Serialize(entry.VersionRegles)},\"profil\":{JsonSerializer.Serialize(entry.Profil)},\"resultat\":{entry.Resultat}}}", "application/json; charset=utf-8");
    }

    private static IResult Note(string id, HttpContext context, EvaluationJournal journal, NoteRenderer note, string? telecharger = null)
    {
        if (journal.Find(id) is not { } entry)
        {
            return FrenchProblems.Problem(StatusCodes.Status404NotFound, "Évaluation inconnue", $"Aucune évaluation « {id} » dans le journal.");
        }
        EvaluationResult result;
        try
        {
            result = ResultJson.Deserialize(entry.Resultat);
        }
        catch (JsonException)
        {
            return FrenchProblems.Problem(StatusCodes.Status409Conflict, "Note non régénérable", "Ce résultat a été consigné dans un format antérieur du contrat de sortie : sa note ne peut pas être régénérée ; le JSON reste disponible.");
        }
        context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.NotePolicy;
        if (telecharger is not null)
        {
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"note-{FileSafe(entry.TerritoireId)}.html\"";
        }
        return Results.Content(note.Render(result, entry.Horodatage), "text/html; charset=utf-8");
    }

    private static IResult Json(string id, HttpContext context, EvaluationJournal journal)
    {
        if (journal.Find(id) is not { } entry)
        {
            return FrenchProblems.Problem(StatusCodes.Status404NotFound, "Évaluation inconnue", $"Aucune évaluation « {id} » dans le journal.");
        }
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"resultat-{FileSafe(entry.TerritoireId)}.json\"";
        return Results.Content(entry.Resultat, "application/json; charset=utf-8");
    }

    private static string FileSafe(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(64).ToArray());

    /// <summary>The rule base by question and option: each rule's condition in words, parameters, source, statut and how often it fires on the batch.</summary>
    private static IResult Rules(RuleSetHolder rules, EpciBatch batch)
    {
        var kb = rules.Current;
        var baseline = batch.Exists ? batch.Baseline(kb) : [];
        var valid = baseline.Where(o => o.Error is null).ToList();
        object View(CompiledRule rule)
        {
            var fires = valid.Count(o => rule.Index < o.Fired.Length && o.Fired[rule.Index]);
            return new
            {
                nom = rule.Name,
                fichier = rule.File,
                effet = rule.Properties.Effet.ToString(),
                effetTexte = RuleText.Effect(rule.Properties.Effet),
                cible = RuleText.Target(kb, rule),
                poids = rule.Properties.Poids,
                condition = RuleText.Condition(kb, rule.Expression),
                explication = RuleText.Template(kb, rule.Properties.Explication),
                source = rule.Properties.Source,
                statut = rule.Properties.Statut,
                sansCondition = rule.Indicators.Count == 0,
                indicateurs = rule.Indicators.Select(i => kb.Indicators[i].Libelle),
                parametres = rule.Parameters.Select(n => kb.Parameters[n]).Select(p => new { nom = p.Name, valeur = p.Value, texte = p.Formatted, p.Definition.Description, p.Definition.Unite, p.Definition.Min, p.Definition.Max }),
                declenchements = fires,
                part = valid.Count == 0 ? 0 : (double)fires / valid.Count,
            };
        }
        var questions = kb.Referentiel.Questions.Select(q => new
        {
            q.Id, q.Numero, q.Libelle, q.Intitule,
            options = q.Id == QuestionIds.Besoins
                ? kb.Referentiel.Axes.Services.Select(s => new { s.Id, s.Libelle, regles = kb.Rules.Where(r => r.Workflow == QuestionIds.Besoins && (r.Properties.Service ?? "") == s.Id).Select(View).ToList() })
                    .Append(new { Id = "tout-service", Libelle = "Tout service", regles = kb.Rules.Where(r => r.Workflow == QuestionIds.Besoins && r.Properties.Service is null).Select(View).ToList() })
                    .Where(o => o.regles.Count > 0).ToList()
                : q.Options.Select(o => new { o.Id, o.Libelle, regles = kb.Rules.Where(r => r.Workflow == q.Id && r.Properties.Option == o.Id).Select(View).ToList() }).ToList(),
        }).ToList();
        var compatibility = kb.Referentiel.Question(QuestionIds.Pilotage).Options.Select(o => new
        {
            o.Id, o.Libelle, regles = kb.Rules.Where(r => r.Workflow == QuestionIds.Compatibilite && r.Properties.Posture == o.Id).Select(View).ToList(),
        }).Where(o => o.regles.Count > 0).ToList();
        return TypedResults.Ok(new
        {
            version = kb.Version,
            territoires = valid.Count,
            lot = batch.FileName,
            questions,
            compatibilite = compatibility,
            parametres = kb.ParameterList.Select(p => new
            {
                nom = p.Name, valeur = p.Value, texte = p.Formatted, p.Definition.Unite, p.Definition.Min, p.Definition.Max, p.Definition.Description, p.Definition.Source, p.Definition.Statut,
                regles = p.Rules.Count,
            }),
        });
    }

    /// <summary>The batch for the map: each territory, its position, and the retained posture and geometry of the rule set in service.</summary>
    private static IResult Batch(RuleSetHolder rules, EpciBatch batch)
    {
        var kb = rules.Current;
        var territories = batch.Territories(kb);
        var baseline = batch.Baseline(kb);
        var postures = kb.Referentiel.Question(QuestionIds.Pilotage).Options;
        var places = kb.Referentiel.Question(QuestionIds.Lieux).Options;
        return TypedResults.Ok(new
        {
            version = kb.Version,
            fichier = batch.FileName,
            options = new
            {
                pilotage = postures.Select(o => new { o.Id, o.Libelle }),
                lieux = places.Select(o => new { o.Id, o.Libelle }),
            },
            territoires = territories.Select(t => new { t.Id, t.Nom, t.Type, t.Population, lat = t.Latitude, lon = t.Longitude }),
            avant = Codes(baseline, postures, places),
        });
    }

    private static object Codes(Retained[] outcomes, IReadOnlyList<OptionDefinition> postures, IReadOnlyList<OptionDefinition> places) => new
    {
        pilotage = outcomes.Select(o => IndexOf(postures, o.Pilotage)),
        lieux = outcomes.Select(o => IndexOf(places, o.Lieux)),
    };

    private static int IndexOf(IReadOnlyList<OptionDefinition> options, string id)
    {
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i].Id == id)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A change as the page sends it: <c>{"parametres": {"nom": valeur}, "poids": {"règle": poids}}</c>.</summary>
    public sealed record ChangeBody(Dictionary<string, double>? Parametres, Dictionary<string, double>? Poids)
    {
        public SandboxChange ToChange() => new(Parametres ?? [], Poids ?? []);
    }

    public sealed record SweepBody(string? Parametre, double De, double A, int Points, Dictionary<string, double>? Poids);

    private static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpContext context)
    {
        try
        {
            var body = await context.Request.ReadFromJsonAsync<T>(context.RequestAborted);
            return body is null ? (default, FrenchProblems.Problem(400, "Demande vide", "Le corps de la requête est vide.")) : (body, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (default, FrenchProblems.Problem(400, "Demande illisible", "Le corps de la requête n'est pas le JSON attendu."));
        }
    }

    private static async Task<IResult> SandboxAsync(HttpContext context, RuleSetHolder rules, Sandbox sandbox, ILoggerFactory loggers)
    {
        var (body, error) = await ReadAsync<ChangeBody>(context);
        if (error is not null)
        {
            return error;
        }
        var kb = rules.Current;
        SandboxRun run;
        try
        {
            run = sandbox.Run(kb, body!.ToChange());
        }
        catch (Exception ex) when (ex is RuleSetException or SandboxException)
        {
            return Refused(ex);
        }
        var postures = kb.Referentiel.Question(QuestionIds.Pilotage).Options;
        var places = kb.Referentiel.Question(QuestionIds.Lieux).Options;
        loggers.CreateLogger("Cadrage.Rules.Atelier").LogDebug("Bac à sable sur la base {RuleSetVersion} : {Bascules} territoires changent en {Duree} ms", kb.Version, run.Flips.Count, run.Duree.TotalMilliseconds);
        return TypedResults.Ok(new
        {
            version = kb.Version,
            variante = run.Variant.Version,
            dureeMs = Math.Round(run.Duree.TotalMilliseconds, 1),
            territoires = run.Before.Count(o => o.Error is null),
            bascules = run.Flips.Select(f => new
            {
                index = f.Index, f.Id, f.Nom,
                questions = f.Questions.Select(q => kb.Referentiel.Question(q).Libelle),
                f.Avant, f.Apres, raisons = f.Raisons.Take(6),
            }),
            distributions = Distributions(kb, run),
            apres = Codes(run.After, postures, places),
        });
    }

    private static object Distributions(RuleSet kb, SandboxRun run) => QuestionIds.WithOptions.Select(q =>
    {
        var question = kb.Referentiel.Question(q);
        int Count(Retained[] outcomes, string option) => outcomes.Count(o => o.Error is null && q switch
        {
            QuestionIds.Pilotage => o.Pilotage == option,
            QuestionIds.Lieux => o.Lieux == option,
            QuestionIds.Modalites => o.Modalites.Contains(option),
            _ => o.Objectifs.Contains(option),
        });
        return new
        {
            question = q, libelle = question.Libelle, intitule = question.Intitule,
            options = question.Options.Select(o => new { o.Id, o.Libelle, avant = Count(run.Before, o.Id), apres = Count(run.After, o.Id) })
                .Append(new { Id = "", Libelle = "sans scénario", avant = run.Before.Count(x => x.Error is null && x.Pilotage == ""), apres = run.After.Count(x => x.Error is null && x.Pilotage == "") })
                .Where(o => o.Id != "" || o.avant + o.apres > 0),
        };
    }).ToList();

    private static IResult Refused(Exception ex) => ex switch
    {
        RuleSetException rs => FrenchProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Modification refusée", string.Join(" ; ", rs.Errors.Select(e => e.Message))),
        _ => FrenchProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Modification refusée", ex.Message),
    };

    private static async Task<IResult> SweepAsync(HttpContext context, RuleSetHolder rules, Sandbox sandbox)
    {
        var (body, error) = await ReadAsync<SweepBody>(context);
        if (error is not null)
        {
            return error;
        }
        var kb = rules.Current;
        if (body!.Parametre is not { } name || !kb.Parameters.TryGetValue(name, out var parameter))
        {
            return FrenchProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Balayage refusé", $"paramètre « {body.Parametre} » inconnu");
        }
        try
        {
            var points = sandbox.Sweep(kb, name, body.De, body.A, body.Points, new SandboxChange(new Dictionary<string, double>(), body.Poids ?? []));
            return TypedResults.Ok(new
            {
                parametre = name,
                description = parameter.Definition.Description,
                unite = parameter.Definition.Unite,
                valeur = parameter.Value,
                texte = parameter.Formatted,
                points = points.Select(p => new { valeur = p.Valeur, texte = parameter.Definition.Format(p.Valeur), modifies = p.Modifies }),
            });
        }
        catch (Exception ex) when (ex is RuleSetException or SandboxException)
        {
            return Refused(ex);
        }
    }

    private static async Task<IResult> PatchAsync(HttpContext context, RuleSetHolder rules, Sandbox sandbox)
    {
        var (body, error) = await ReadAsync<ChangeBody>(context);
        if (error is not null)
        {
            return error;
        }
        var kb = rules.Current;
        try
        {
            var change = body!.ToChange();
            if (change.IsEmpty)
            {
                return FrenchProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Aucune modification", "Changez un paramètre ou un poids avant d'exporter.");
            }
            var edits = sandbox.Edits(kb, change);
            sandbox.LoadEdited(kb, edits);
            context.Response.Headers.ContentDisposition = "attachment; filename=\"modification-regles.patch\"";
            return Results.Text(sandbox.Patch(edits), "text/x-diff; charset=utf-8");
        }
        catch (Exception ex) when (ex is RuleSetException or SandboxException)
        {
            return Refused(ex);
        }
    }

    private static async Task<IResult> WriteAsync(HttpContext context, RuleSetHolder rules, Sandbox sandbox, IOptions<AtelierOptions> options, ILoggerFactory loggers)
    {
        if (!options.Value.EcritureRegles)
        {
            return FrenchProblems.Problem(StatusCodes.Status403Forbidden, "Écriture des règles désactivée", $"Le bac à sable n'écrit pas dans le dossier des règles : exportez le correctif, ou activez le réglage {AtelierOptions.Section}:EcritureRegles.");
        }
        var (body, error) = await ReadAsync<ChangeBody>(context);
        if (error is not null)
        {
            return error;
        }
        var kb = rules.Current;
        try
        {
            var change = body!.ToChange();
            if (change.IsEmpty)
            {
                return FrenchProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Aucune modification", "Changez un paramètre ou un poids avant d'écrire.");
            }
            var version = sandbox.Apply(kb, change);
            loggers.CreateLogger("Cadrage.Rules.Atelier").LogWarning("Atelier : modification écrite dans les règles ({Parametres} ; poids {Poids}), base {RuleSetVersion} remplacée par {NouvelleVersion}",
                string.Join(", ", change.Parametres.Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}")), string.Join(", ", change.Poids.Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}")), kb.Version, version);
            return TypedResults.Ok(new { avant = kb.Version, version });
        }
        catch (Exception ex) when (ex is RuleSetException or SandboxException)
        {
            return Refused(ex);
        }
    }
}
