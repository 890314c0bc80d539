using System.ComponentModel;
using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Worker.Api;

// The bodies of the API's answers besides the output contract (Output/EvaluationResult.cs). They are serialized
// with System.Text.Json and their OpenAPI schemas are generated from these records.

/// <summary>One error of an invalid profile: where (JSON path) and why.</summary>
public sealed record ErreurProfil(
    [property: Description("Chemin JSON de la valeur en cause, par exemple $.indicateurs.densite.")] string Chemin,
    [property: Description("La raison, en français.")] string Message);

/// <summary>A problem (RFC 9457) about an invalid profile: each error with its JSON path.</summary>
public sealed record ProblemeProfil(
    string? Type,
    string Title,
    int Status,
    string Detail,
    [property: Description("Chaque erreur du profil, avec son chemin JSON.")] IReadOnlyList<ErreurProfil> Erreurs);

/// <summary>A past evaluation as the journal lists it (without its profile and its result).</summary>
public sealed record EvaluationResume(
    [property: Description("Identifiant de l'évaluation.")] string Id,
    [property: Description("Date et heure de l'évaluation (UTC, ISO 8601).")] DateTimeOffset Horodatage,
    [property: Description("« api » ou « boite-entree ».")] string Origine,
    TerritoireResume Territoire,
    [property: Description("Version de la base de règles qui a produit le résultat.")] string VersionRegles,
    [property: Description("Empreinte SHA-256 du profil évalué.")] string EmpreinteProfil,
    [property: Description("Adresse du résultat complet.")] string Lien);

public sealed record TerritoireResume(string Id, string Nom);

/// <summary>A page of the journal, newest first.</summary>
public sealed record PageEvaluations(
    [property: Description("Nombre d'évaluations qui répondent aux filtres.")] long Total,
    [property: Description("Numéro de la page (à partir de 1).")] int Page,
    [property: Description("Nombre d'évaluations par page.")] int Taille,
    IReadOnlyList<EvaluationResume> Elements,
    [property: Description("Adresse de la page suivante, absente sur la dernière.")] string? Suivante);

/// <summary>The référentiel and the indicator catalogue of the rule set in service.</summary>
public sealed record ReferentielReponse(
    [property: Description("Version de la base de règles en service.")] string Version,
    IReadOnlyList<QuestionDefinition> Questions,
    IReadOnlyList<IndicatorDefinition> Indicateurs);

/// <summary>The state of the rule set in service. No path of the server's disk.</summary>
public sealed record EtatRegles(
    string Version,
    [property: Description("Nom du dossier des règles (sans son chemin sur le serveur).")] string Dossier,
    [property: Description("Fichiers de règles, relatifs au dossier.")] IReadOnlyList<string> Fichiers,
    int Regles,
    int Parametres,
    int Indicateurs,
    IReadOnlyDictionary<string, int> ReglesParQuestion,
    IReadOnlyDictionary<string, int> ReglesParStatut,
    DernierRechargement DernierRechargement);

public sealed record DernierRechargement(DateTimeOffset Date, bool Succes, string? Version, IReadOnlyList<string> Erreurs);
