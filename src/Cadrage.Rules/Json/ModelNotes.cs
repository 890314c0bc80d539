using Cadrage.Rules.KnowledgeBase;
using RulesEngine.Models;

namespace Cadrage.Rules.Json;

/// <summary>
/// What our model says of the Microsoft RulesEngine types the workflow files bind to, which we cannot annotate:
/// French descriptions, required fields, allowed values, and the fields RulesEngine knows but Cadrage.Rules
/// refuses (with the reason). Our own model types carry the same facts as attributes on their properties.
/// </summary>
internal static class ModelNotes
{
    private static readonly Dictionary<(Type, string), JsonFieldNote> Fields = new()
    {
        [(typeof(Workflow), nameof(Workflow.WorkflowName))] = new()
        {
            Required = true,
            Values = [.. QuestionIds.All, QuestionIds.Compatibilite],
            Description = "Question du cadre stratégique dont ce workflow porte les règles (un workflow par question), ou « compatibilite » pour les règles de compatibilité entre une posture et les autres réponses.",
        },
        [(typeof(Workflow), nameof(Workflow.Rules))] = new()
        {
            Required = true,
            MinItems = 1,
            Description = "Les règles de la question : chacune une condition sur le profil et son effet sur une option.",
        },
        [(typeof(Workflow), nameof(Workflow.RuleExpressionType))] = new()
        {
            Description = "Type d'expression RulesEngine : seul « LambdaExpression » (la valeur par défaut) est pris en charge.",
        },
        [(typeof(Workflow), nameof(Workflow.WorkflowsToInject))] = new()
        {
            Rejection = "il duplique des règles et fuit d'un appel à l'autre dans RulesEngine : une question, un workflow",
        },
        [(typeof(Workflow), nameof(Workflow.GlobalParams))] = new()
        {
            Rejection = $"les seuils nommés se déclarent une seule fois, avec leur unité et leur source, dans {ParameterFile.FileName}, et les règles les citent par leur nom",
        },
        [(typeof(Rule), nameof(Rule.RuleName))] = new()
        {
            Required = true,
            Pattern = Names.Id().ToString(),
            Description = "Identifiant unique de la règle dans toute la base (minuscules, chiffres et tirets), cité dans les explications, la couverture et les cas de test.",
        },
        [(typeof(Rule), nameof(Rule.Expression))] = new()
        {
            Required = true,
            Description = "Condition sur le profil (profil.<indicateur>) et les paramètres nommés, dans le langage d'expression de RulesEngine ; vraie, la règle se déclenche.",
        },
        [(typeof(Rule), nameof(Rule.Properties))] = new()
        {
            Required = true,
            Holds = typeof(RuleProperties),
            ReadSeparately = true,
            Description = "Ce que fait la règle quand elle se déclenche : effet, cible, poids, explication, source et statut.",
        },
        [(typeof(Rule), nameof(Rule.Enabled))] = new()
        {
            Description = "false met la règle de côté sans la supprimer : elle n'est alors ni évaluée ni comptée.",
        },
        [(typeof(Rule), nameof(Rule.RuleExpressionType))] = new()
        {
            Description = "Type d'expression RulesEngine : seul « LambdaExpression » (la valeur par défaut) est pris en charge.",
        },
        [(typeof(Rule), nameof(Rule.ErrorMessage))] = new()
        {
            Description = "Message de RulesEngine quand la règle échoue ; Cadrage.Rules ne l'affiche pas (l'explication est dans Properties).",
        },
        [(typeof(Rule), nameof(Rule.SuccessEvent))] = new()
        {
            Description = "Événement de RulesEngine quand la règle se déclenche ; Cadrage.Rules ne l'utilise pas (l'effet est dans Properties).",
        },
        [(typeof(Rule), nameof(Rule.Rules))] = new() { Rejection = "les règles imbriquées ne sont pas prises en charge : une règle = une expression" },
        [(typeof(Rule), nameof(Rule.Operator))] = new() { Rejection = "les règles imbriquées ne sont pas prises en charge : une règle = une expression" },
        [(typeof(Rule), nameof(Rule.LocalParams))] = new() { Rejection = $"déclarez les seuils dans {ParameterFile.FileName}" },
        [(typeof(Rule), nameof(Rule.WorkflowsToInject))] = new() { Rejection = "une règle n'injecte pas de workflow" },
        [(typeof(Rule), nameof(Rule.Actions))] = new() { Rejection = "l'effet d'une règle se décrit dans Properties" },
    };

    private static readonly Dictionary<Type, string> Types = new()
    {
        [typeof(Workflow)] = "Un workflow Microsoft RulesEngine : les règles d'une question du cadre stratégique (ou de la compatibilité).",
        [typeof(Rule)] = "Une règle d'expert : une condition sur le profil et son effet sur une option, expliqué et sourcé.",
    };

    public static JsonFieldNote? For(Type type, string property) => Fields.GetValueOrDefault((type, property));

    public static string? DescriptionOf(Type type) => Types.GetValueOrDefault(type);
}
