using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Cadrage.Rules.Output;
using Newtonsoft.Json;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>A named threshold of the rule set, declared once in <c>rules/parametres.json</c>.</summary>
public sealed class ParameterDefinition
{
    [JsonProperty("nom", Required = Required.Always)]
    [Description("Nom du paramètre, cité tel quel dans les expressions des règles (minuscules, chiffres et _).")]
    public string Nom { get; init; } = "";

    [JsonProperty("libelle", Required = Required.Always)]
    [Description("Nom du seuil en français, tel que les lecteurs le voient (« seuil de polarisation forte »).")]
    public string Libelle { get; init; } = "";

    [JsonProperty("valeur", Required = Required.Always)]
    [Description("Valeur du seuil, dans l'unité indiquée.")]
    public double Valeur { get; init; }

    [JsonProperty("unite")]
    [Description("Unité au singulier (ou symbole : %, km², min, hab/km², ETP) ; absente pour un indice sans unité.")]
    public string? Unite { get; init; }

    [JsonProperty("unitePluriel")]
    [Description("Pluriel de l'unité quand c'est un mot (commune → communes).")]
    public string? UnitePluriel { get; init; }

    [JsonProperty("min", Required = Required.Always)]
    [Description("Plus petite valeur plausible : un balayage ou une surcharge hors de [min ; max] est refusé.")]
    public double Min { get; init; }

    [JsonProperty("max", Required = Required.Always)]
    [Description("Plus grande valeur plausible.")]
    public double Max { get; init; }

    [JsonProperty("description", Required = Required.Always)]
    [Description("Ce que le seuil sépare, en français, pour un méthodologiste.")]
    public string Description { get; init; } = "";

    [JsonProperty("source", Required = Required.Always)]
    [Description("D'où vient la valeur : texte, statistique et producteur, ou heuristique à valider.")]
    public string Source { get; init; } = "";

    [JsonProperty("statut", Required = Required.Always)]
    [Description("« sourcé » quand la source fonde la valeur, « à valider » pour une heuristique.")]
    [AllowedValues(RuleStatus.Source, RuleStatus.AValider)]
    public string Statut { get; init; } = "";

    /// <summary>A value of this parameter with its unit, agreed in number (« 40 % », « 3 communes »).</summary>
    public string Format(double value) => Unite is null ? FrenchFormat.Number(value) : FrenchFormat.WithUnit(value, Unite, UnitePluriel);

    /// <summary>The plausible range with its unit, for messages (« [10 ; 90] % »).</summary>
    public string Range => $"[{FrenchFormat.Number(Min)} ; {FrenchFormat.Number(Max)}]{(Unite is null ? "" : "\u00a0" + (UnitePluriel ?? Unite))}";
}

/// <summary>The file <c>rules/parametres.json</c>: every named threshold, with value, unit, range, description and source.</summary>
public sealed class ParameterFile
{
    public const string FileName = "parametres.json";

    [JsonProperty("description")]
    [Description("Rôle du fichier, pour le lecteur.")]
    public string? Description { get; init; }

    [JsonProperty("parametres", Required = Required.Always)]
    [Description("Les paramètres nommés, lus par les règles à l'exécution.")]
    public IReadOnlyList<ParameterDefinition> Parametres { get; init; } = [];
}

/// <summary>A parameter as loaded in one rule set: its definition, its slot in the values vector, its value and who reads it.</summary>
public sealed class NamedParameter(ParameterDefinition definition, int index, double value, IReadOnlyList<string> rules)
{
    public ParameterDefinition Definition { get; } = definition;

    public string Name => Definition.Nom;

    /// <summary>Position in <see cref="RuleSet.ParameterValues"/>.</summary>
    public int Index { get; } = index;

    /// <summary>The value in this rule set (the file's, or an override's).</summary>
    public double Value { get; } = value;

    /// <summary>Names of the rules whose expression reads this parameter.</summary>
    public IReadOnlyList<string> Rules { get; } = rules;

    /// <summary>The value with its unit (« 40 % »).</summary>
    public string Formatted => Definition.Format(Value);
}
