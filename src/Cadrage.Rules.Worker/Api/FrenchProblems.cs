using Microsoft.AspNetCore.Http;

namespace Cadrage.Rules.Worker.Api;

/// <summary>
/// The French words of every problem the host can answer (RFC 9457 problem details): the API's own, and those
/// the framework produces with an empty body (404 unknown address, 405, 415, 400 from a malformed request…),
/// which <see cref="ApiSetup"/> fills in through the problem-details service.
/// </summary>
public static class FrenchProblems
{
    public static readonly IReadOnlyDictionary<int, string> Titles = new Dictionary<int, string>
    {
        [400] = "Requête invalide",
        [401] = "Clé d'API manquante ou invalide",
        [403] = "Accès refusé",
        [404] = "Ressource introuvable",
        [405] = "Méthode non permise",
        [406] = "Format de réponse non disponible",
        [408] = "Délai de la requête dépassé",
        [409] = "Conflit",
        [411] = "Longueur du corps requise",
        [413] = "Corps de requête trop volumineux",
        [414] = "Adresse trop longue",
        [415] = "Type de contenu non pris en charge",
        [422] = "Requête non traitable",
        [429] = "Trop de requêtes",
        [431] = "En-têtes de requête trop volumineux",
        [500] = "Erreur interne",
        [503] = "Service indisponible",
    };

    /// <summary>The French title of a status (a generic one for statuses without their own).</summary>
    public static string Title(int status) => Titles.TryGetValue(status, out var title) ? title : status < 500 ? "Requête refusée" : "Erreur du service";

    /// <summary>The French detail of a problem the framework produced without one.</summary>
    public static string Detail(int status, HttpContext context) => status switch
    {
        400 => "La requête est mal formée ou un de ses paramètres est illisible.",
        404 => $"Aucune ressource à l'adresse {context.Request.Path} (voir /openapi/v1.json).",
        405 => $"La méthode {context.Request.Method} n'est pas permise à l'adresse {context.Request.Path} (voir /openapi/v1.json).",
        406 => "Formats disponibles : application/json, et text/html pour les évaluations.",
        413 => "Le corps de la requête dépasse la taille permise (réglage Cadrage:Api:TailleMaxOctets).",
        415 => "Le corps doit être un profil JSON, envoyé avec l'en-tête « Content-Type: application/json ».",
        500 => "Une erreur inattendue est survenue ; elle est consignée dans le journal du service.",
        _ => Title(status) + ".",
    };

    /// <summary>A problem answer in French.</summary>
    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
