using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Json;
using Newtonsoft.Json;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>
/// Loads a rules folder in one pass: the file set and its version, each own format read strictly and checked by
/// its validator, then the workflows compiled. Collects every error before failing. When a previous rule set
/// has the same compilation key (only parameter values or scenario settings changed), its compiled rules are
/// reused: nothing is recompiled; when only some rules changed, the expressions that did not are reused.
/// </summary>
internal sealed class RuleSetLoader(string directory, RuleSet? previous = null)
{
    /// <summary>The one serializer for the rule set's own formats.</summary>
    public static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        MissingMemberHandling = MissingMemberHandling.Error,
        DateParseHandling = DateParseHandling.None,
    });

    private readonly List<RuleSetError> _errors = [];
    private readonly string _directory = Path.GetFullPath(directory);

    public RuleSet Load()
    {
        if (!System.IO.Directory.Exists(_directory))
        {
            throw new RuleSetException(directory, [new RuleSetError(directory, "dossier de règles introuvable")]);
        }
        var files = RuleFileSet.Read(_directory, _errors);

        var referentiel = Read<Referentiel>(files, Referentiel.FileName);
        var catalog = Read<IndicatorCatalog>(files, IndicatorCatalog.FileName);
        var parameters = Read<ParameterFile>(files, ParameterFile.FileName);
        var scenarios = Read<ScenarioSettings>(files, ScenarioSettings.FileName, optional: true) ?? new ScenarioSettings();
        if (referentiel is not null)
        {
            ReferentielValidator.Check(referentiel, _errors);
        }
        if (catalog is not null)
        {
            CatalogValidator.Check(catalog, _errors);
        }
        if (parameters is not null)
        {
            ParameterValidator.Check(parameters, catalog, _errors);
        }
        ScenarioSettingsValidator.Check(scenarios, referentiel, _errors);
        Fail();

        var names = parameters!.Parametres.Select(p => p.Nom).ToList();
        var compilationKey = RuleFileSet.Hash([
            RuleFileSet.Hash(files.Workflows.Append(files.Find(Referentiel.FileName)!).Append(files.Find(IndicatorCatalog.FileName)!)),
            string.Join(",", names),
        ]);
        var values = parameters.Parametres.Select(p => p.Valeur).ToArray();
        // What a compiled expression depends on besides its own text: the profile type (the catalogue) and the
        // order of the named parameters (the values vector).
        var expressionKey = RuleFileSet.Hash([RuleFileSet.Hash([files.Find(IndicatorCatalog.FileName)!]), string.Join(",", names)]);
        if (previous is not null && previous.CompilationKey == compilationKey)
        {
            return new RuleSet(files, files.Version, compilationKey, previous.Referentiel, previous.Indicators, previous.ProfileType, previous.Rules,
                parameters.Parametres, values, new Dictionary<string, double>(), scenarios, previous.Layout, previous.Derived)
            { ExpressionKey = expressionKey };
        }

        // A rule edit (or a référentiel edit) recompiles only the expressions that changed: the others are taken
        // from the rule set in service, compiled over the same profile type and parameter order.
        var reuse = previous is not null && previous.ExpressionKey == expressionKey ? previous : null;
        var profileType = reuse?.ProfileType ?? ProfileType.Create(catalog!.Indicateurs);
        var layout = new BoardLayout(referentiel!);
        var indicatorIndex = catalog!.Indicateurs.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var expressions = new ExpressionCompiler(profileType.Type, names, reuse?.CompiledExpressions());
        var sameFactAs = catalog.Indicateurs.Where(d => d.MemeFaitQue is not null).ToDictionary(d => d.Id, d => d.MemeFaitQue!, StringComparer.Ordinal);
        var compiler = new WorkflowCompiler(referentiel!, indicatorIndex, expressions, layout, _errors, sameFactAs);
        foreach (var file in files.Workflows)
        {
            compiler.Compile(file);
        }
        compiler.Finish();
        Fail();
        return new RuleSet(files, files.Version, compilationKey, referentiel!, catalog.Indicateurs, profileType, compiler.Rules,
            parameters.Parametres, values, new Dictionary<string, double>(), scenarios, layout, derived: null)
        { ExpressionKey = expressionKey };
    }

    private void Fail()
    {
        if (_errors.Count > 0)
        {
            throw new RuleSetException(directory, _errors);
        }
    }

    private T? Read<T>(RuleFileSet files, string name, bool optional = false) where T : class
    {
        if (files.Find(name) is not { } file)
        {
            if (!optional)
            {
                _errors.Add(new RuleSetError(name, "fichier manquant"));
            }
            return null;
        }
        var diagnostics = new List<JsonDiagnostic>();
        var token = StrictJson.Parse(file.Text, name, diagnostics);
        var result = token is null ? null : StrictJson.Read<T>(token, name, diagnostics, Serializer, "$schema");
        _errors.AddRange(diagnostics.Select(d => new RuleSetError(d.Fichier, d.Message, Chemin: d.Chemin)));
        return result;
    }
}
