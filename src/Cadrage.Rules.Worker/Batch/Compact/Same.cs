using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Batch.Compact;

/// <summary>
/// Equality as the full form writes it: a field may be left out of a compact line only when its prediction would be
/// written with the same bytes (numbers compared bit for bit, so that 0 and -0 differ; lists item by item).
/// </summary>
public static class Same
{
    public static bool Number(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    public static bool Value(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (double x, double y) => Number(x, y),
        (bool x, bool y) => x == y,
        (string x, string y) => x == y,
        (IEnumerable<string> x, IEnumerable<string> y) => x.SequenceEqual(y, StringComparer.Ordinal),
        _ => false,
    };

    public static bool Choice(Choice? a, Choice? b) => a is null ? b is null : b is not null && a.Id == b.Id && a.Libelle == b.Libelle;

    public static bool Choices(IReadOnlyList<Choice> a, IReadOnlyList<Choice> b) => List(a, b, Choice);

    public static bool List<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, T, bool> same)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!same(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }

    public static bool Strings(IReadOnlyList<string> a, IReadOnlyList<string> b) => List(a, b, (x, y) => x == y);

    public static bool Answer(Answer a, Answer b) =>
        a.Id == b.Id && a.Libelle == b.Libelle && a.Certitude == b.Certitude && Number(a.Soutien, b.Soutien) && Number(a.Net, b.Net)
        && Number(a.Marge, b.Marge) && a.Indicateurs == b.Indicateurs && Choices(a.ExAequo, b.ExAequo) && Choice(a.Concurrente, b.Concurrente)
        && a.ExigeePar == b.ExigeePar && OptionalChoices(a.Illustratifs, b.Illustratifs) && OptionalChoices(a.DonneesAbsentes, b.DonneesAbsentes);

    /// <summary>Two lists that may be absent: both absent, or both present and equal.</summary>
    public static bool OptionalChoices(IReadOnlyList<Choice>? a, IReadOnlyList<Choice>? b) => a is null ? b is null : b is not null && Choices(a, b);

    public static bool Reading(IndicatorReading a, IndicatorReading b) =>
        a.Id == b.Id && a.Libelle == b.Libelle && Value(a.Valeur, b.Valeur) && a.Texte == b.Texte && a.Unite == b.Unite && a.Source == b.Source && a.Millesime == b.Millesime;

    public static bool Priority(Priority a, Priority b) =>
        Choice(a.Service, b.Service) && Choice(a.Public, b.Public) && Choice(a.Critere, b.Critere) && Number(a.Score, b.Score)
        && a.IntensiteDiagnostic == b.IntensiteDiagnostic && a.SourceDiagnostic == b.SourceDiagnostic && Strings(a.Regles, b.Regles);

    public static bool Priorities(IReadOnlyList<Priority> a, IReadOnlyList<Priority> b) => List(a, b, Priority);

    public static bool Missing(MissingIndicator a, MissingIndicator b) => a.Id == b.Id && a.Libelle == b.Libelle && Strings(a.Regles, b.Regles);

    public static bool Question(QuestionLabel a, QuestionLabel b) => a == b;

    public static bool Certainties(AnswerCertainties a, AnswerCertainties b) => a == b;

    public static bool Answers(IReadOnlyList<Answer> a, IReadOnlyList<Answer> b) => List(a, b, Answer);

    public static bool Justification(Justification a, Justification b) =>
        ReferenceEquals(a, b) || a.Regle == b.Regle && a.Question == b.Question && a.Option == b.Option && a.LibelleOption == b.LibelleOption && a.Effet == b.Effet
        && Number(a.Poids, b.Poids) && a.Compte == b.Compte && a.Explication == b.Explication && a.Source == b.Source && a.Statut == b.Statut
        && a.Fichier == b.Fichier && List(a.Indicateurs, b.Indicateurs, Reading);

    public static bool Coherence(Coherence a, Coherence b) =>
        a.Regle == b.Regle && a.Effet == b.Effet && Choice(a.Posture, b.Posture) && Choice(a.Option, b.Option) && a.Role == b.Role
        && a.Explication == b.Explication && a.Source == b.Source && a.Statut == b.Statut;

    public static bool Commune(NamedCommune a, NamedCommune b) =>
        a.Code == b.Code && a.Nom == b.Nom && a.Population == b.Population && (a.DistanceKm is null ? b.DistanceKm is null : b.DistanceKm is not null && Number(a.DistanceKm.Value, b.DistanceKm.Value));

    public static bool Role(PlaceRole a, PlaceRole b) => a.Role == b.Role && a.Libelle == b.Libelle && List(a.Communes, b.Communes, Commune);

    public static bool Geometry(Geometry a, Geometry b) =>
        a.Id == b.Id && a.Libelle == b.Libelle && a.Certitude == b.Certitude && Answer(a.Principale, b.Principale) && Answers(a.Complements, b.Complements)
        && List(a.LieuxNommes, b.LieuxNommes, Role) && a.Description == b.Description;

    public static bool Coverage(Coverage a, Coverage b) =>
        List(a.Servies, b.Servies, (x, y) => x.Priorite == y.Priorite && Choices(x.Par, y.Par)) && Strings(a.NonCouvertes, b.NonCouvertes);
}
