using System.Text;

namespace Cadrage.Rules.Output;

/// <summary>The readable French summary of an evaluation: scenarios, why, points de vigilance.</summary>
public static class TextReport
{
    public static string Render(EvaluationResult result)
    {
        var text = new StringBuilder();
        var t = result.Territoire;
        text.AppendLine($"Cadre stratégique — {t.Nom} ({t.Echelle} {t.Id})");
        text.AppendLine($"Base de règles {result.Referentiel.Version} ({result.Referentiel.Regles} règles)");
        text.AppendLine();

        if (result.Scenarios.Count == 0)
        {
            text.AppendLine("Aucun scénario : toutes les combinaisons sont exclues par les règles.");
        }
        foreach (var s in result.Scenarios)
        {
            text.AppendLine($"Scénario {s.Rang}{(s.Retenu ? " (scénario retenu)" : "")} — {s.Intitule}");
            text.AppendLine($"  score {FrenchFormat.Number(s.Score)} · convergence {s.Convergence} indicateur(s)");
            text.AppendLine($"  1. Qui pilote ?       {s.Pilotage.Libelle}");
            text.AppendLine($"  2. Comment ?          {string.Join(" ; ", s.Modalites.Select(m => m.Libelle))}");
            text.AppendLine($"  3. Où ?               {s.Lieux.Libelle}");
            text.AppendLine($"  4. Quoi ?             {(s.Priorites.Count == 0 ? "aucune priorité ressortie" : string.Join(" ; ", s.Priorites.Select(p => $"{p.Service.Libelle} × {p.Public.Libelle} × {p.Critere.Libelle}")))}");
            text.AppendLine($"  5. Pourquoi ?         {string.Join(" ; ", s.Objectifs.Select(o => o.Libelle))}");
            text.AppendLine("  Pourquoi ce scénario :");
            foreach (var j in s.Justifications)
            {
                text.AppendLine($"    + [{j.Regle}] {j.Explication} (poids {FrenchFormat.Number(j.Poids)}, {j.Statut})");
            }
            if (s.Vigilances.Count > 0)
            {
                text.AppendLine("  Points de vigilance :");
                foreach (var v in s.Vigilances)
                {
                    text.AppendLine($"    ! [{v.Regle}] {v.Explication} (poids {FrenchFormat.Number(v.Poids)}, {v.Statut})");
                }
            }
            text.AppendLine();
        }

        if (result.OptionsEcartees.Count > 0)
        {
            text.AppendLine("Options écartées :");
            foreach (var e in result.OptionsEcartees)
            {
                text.AppendLine($"  - {e.Option.Libelle} ({e.Question}) : {string.Join(" ; ", e.Regles.Select(r => $"[{r.Regle}] {r.Explication}"))}");
            }
            text.AppendLine();
        }
        if (result.Avertissements.Count > 0)
        {
            text.AppendLine("Avertissements :");
            foreach (var w in result.Avertissements)
            {
                text.AppendLine($"  - {w}");
            }
        }
        return text.ToString();
    }
}
