// Renders an evaluation (the output contract v2) in French: synthèse, analysis per question, scenarios side by
// side with certainty, reasons, points de vigilance, cohérence and coverage, explanations when present.
import { h, replace, certitude, nombre } from './dom.js';

const effets = { soutien: 'soutien', opposition: 'opposition', exclusion: 'exclusion', affinite: 'affinité', tension: 'tension', incompatible: 'incompatibilité', neutre: 'sans effet', requise: 'requise' };

// The label of CrossedNeed.LabelOf (the one source, server side): a critère of the same id as the service
// (Mobilité × Personnes âgées × Mobilité) repeats it and is said once.
export function priorite(p) {
  const repeats = p.critere.id === p.service.id || p.critere.libelle.toLowerCase() === p.service.libelle.toLowerCase();
  return repeats ? `${p.service.libelle} × ${p.public.libelle}` : `${p.service.libelle} × ${p.public.libelle} × ${p.critere.libelle}`;
}

function question(result, id) {
  const q = (result.questions || []).find((x) => x.id === id);
  return q ? `${q.numero}. ${q.intitule}` : id;
}

const points = (x) => `${nombre(Math.abs(x))} point${Math.abs(x) >= 2 ? 's' : ''}`;

/** An answer with its certainty; a non tranchée answer says so and with what it ties, a fragile one how close it is
 * (or, when its lead rests on illustrative values, which ones). */
function reponse(answer) {
  const egales = answer.exAequo || [];
  let detail = null;
  if (answer.certitude === 'non-tranchee') {
    detail = egales.length ? `à égalité avec ${egales.map((c) => `« ${c.libelle} »`).join(', ')} : l'outil ne tranche pas` : 'aucune preuve nette : l\'outil ne tranche pas';
  } else if (answer.certitude === 'fragile' && answer.illustratifs) {
    detail = `son avance repose sur des valeurs illustratives : ${answer.illustratifs.map((c) => c.libelle).join(', ')}`;
  } else if (answer.certitude === 'fragile' && answer.donneesAbsentes) {
    // Up to four by name, else the first three and how many more (the question's « données à réunir » names them all).
    const noms = answer.donneesAbsentes.map((c) => c.libelle);
    const dits = noms.length <= 4 ? noms : [...noms.slice(0, 3), `${noms.length - 3} autres données (voir les données à réunir)`];
    detail = `des données absentes du profil pourraient renverser son avance : ${dits.join(', ')}`;
  } else if (answer.certitude === 'fragile' && answer.concurrente) {
    detail = answer.marge > 0 ? `devant « ${answer.concurrente.libelle} » de ${points(answer.marge)}`
      : answer.marge < 0 ? `derrière « ${answer.concurrente.libelle} » de ${points(answer.marge)}`
        : `à égalité avec « ${answer.concurrente.libelle} »`;
  }
  return h('span', { class: ['reponse', answer.certitude === 'non-tranchee' && 'non-tranchee'] }, answer.libelle, ' ', certitude(answer.certitude),
    detail ? h('span', { class: 'aide' }, ` (${detail})`) : null,
    answer.exigeePar ? h('span', { class: 'aide' }, ` (exigée par la posture)`) : null);
}

function justification(j) {
  return h('li', { class: 'justification' },
    h('span', null, j.explication),
    h('br'),
    h('span', { class: 'source' }, `${effets[j.effet] ?? j.effet} de « ${j.libelleOption} », poids ${nombre(j.poids)}${j.compte ? '' : ' (fait déjà compté)'} · ${j.statut} · ${j.source}`));
}

// A scenario ranked first alone is « retenu » only when its posture and the main form of its geometry are both
// established; on fragile evidence it « arrive en tête » (ReportReading.Badge, the same rule server side).
export function badge(s) {
  if (!s.retenu) return null;
  return s.pilotage.certitude === 'etablie' && s.lieux.principale.certitude === 'etablie' ? 'retenu' : 'en tête';
}

// The options a scenario holds for a question, in order (the answer compared with scenario 1's).
function options(s, q) {
  switch (q) {
    case 'pilotage': return [s.pilotage.id];
    case 'modalites': return s.modalites.map((m) => m.id);
    case 'lieux': return [s.lieux.principale.id, ...s.lieux.complements.map((c) => c.id)];
    case 'besoins': return s.priorites.map(priorite);
    case 'objectifs': return s.objectifs.map((o) => o.id);
    default: return [];
  }
}

const cle = (j) => [j.regle, j.option, j.explication, j.poids, j.compte].join('\u001f');
const memes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** After scenario 1, the questions a scenario answers as scenario 1 does for the same reasons (ReportReading.SameReasonsAsFirst). */
export function memesRaisons(result, s) {
  const premier = (result.scenarios || [])[0];
  if (!premier || premier === s) return [];
  return (result.questions || []).map((q) => q.id).filter((q) => {
    const js = s.justifications.filter((j) => j.question === q);
    return js.length > 0 && memes(options(s, q), options(premier, q))
      && memes(js.map(cle), premier.justifications.filter((j) => j.question === q).map(cle));
  });
}

function libelle(result, id) {
  const q = (result.questions || []).find((x) => x.id === id);
  return q ? q.libelle : id;
}

function liste2(mots) {
  return mots.length <= 1 ? mots.join('') : `${mots.slice(0, -1).join(', ')} et ${mots[mots.length - 1]}`;
}

/** The reasons of a scenario: after scenario 1, what it already says is one line, not a copy. */
function raisons(result, s) {
  const memes = memesRaisons(result, s);
  const propres = s.justifications.filter((j) => !memes.includes(j.question));
  const items = propres.map(justification);
  if (memes.length) {
    items.push(h('li', { class: 'aide' }, `${liste2(memes.map((q) => libelle(result, q)))} : ${memes.length > 1 ? 'mêmes réponses' : 'même réponse'}, mêmes raisons que le scénario 1.`));
  }
  return h('details', null, h('summary', null, `Raisons (${s.justifications.length})`), h('ul', null, items));
}

/** The points de vigilance: after scenario 1, when it has them all, scenario 1's are referred to, not copied. */
function vigilances(result, s) {
  const premier = (result.scenarios || [])[0];
  const deja = premier && premier !== s ? premier.vigilances.map(cle) : [];
  const renvoi = deja.length > 0 && deja.every((k) => s.vigilances.some((v) => cle(v) === k));
  const propres = renvoi ? s.vigilances.filter((v) => !deja.includes(cle(v))) : s.vigilances;
  const items = propres.map(justification);
  if (renvoi) items.push(h('li', { class: 'aide' }, propres.length ? `… et ${deja.length > 1 ? 'les points' : 'le point'} de vigilance du scénario 1.` : 'Comme au scénario 1.'));
  return h('details', { open: s.vigilances.length > 0 && s.retenu }, h('summary', null, `Points de vigilance (${s.vigilances.length})`),
    items.length ? h('ul', null, items) : h('p', { class: 'aide' }, 'aucun'));
}

function scenarioCarte(result, s) {
  const lieux = s.lieux;
  const marque = badge(s);
  const nommes = (lieux.lieuxNommes || []).map((r) => h('li', null, `${r.libelle} : `, r.communes.map((c) => c.nom).join(', ')));
  return h('article', { class: ['scenario', s.retenu && 'retenu'], 'aria-labelledby': `scenario-${s.rang}` },
    h('h3', { id: `scenario-${s.rang}` }, `Scénario ${s.rang}`, marque ? h('span', { class: ['badge', marque === 'retenu' ? 'retenu' : 'en-tete'] }, marque) : null),
    h('p', null, h('strong', null, s.intitule)),
    h('p', { class: 'aide' }, `Score ${nombre(s.score)} · ${s.convergence} indicateur${s.convergence > 1 ? 's' : ''} convergent${s.convergence > 1 ? 's' : ''}`),
    h('dl', null,
      h('dt', null, question(result, 'pilotage')), h('dd', null, reponse(s.pilotage)),
      h('dt', null, question(result, 'modalites')), h('dd', null, h('ul', null, s.modalites.map((m) => h('li', null, reponse(m))))),
      h('dt', null, question(result, 'lieux')), h('dd', null,
        reponse(lieux.principale),
        lieux.complements.length ? h('p', { class: 'aide' }, 'Compléments : ', lieux.complements.map((c) => c.libelle).join(', ')) : null,
        // The description names the same places as the list when there are some: one or the other.
        nommes.length ? h('ul', null, nommes) : h('p', null, lieux.description)),
      h('dt', null, question(result, 'besoins')), h('dd', null, s.priorites.length
        ? h('ul', null, s.priorites.map((p) => h('li', null, priorite(p))))
        : h('span', { class: 'aide' }, 'aucune priorité établie')),
      h('dt', null, question(result, 'objectifs')), h('dd', null, s.objectifs.length
        ? h('ul', null, s.objectifs.map((o) => h('li', null, reponse(o))))
        : h('span', { class: 'aide' }, 'aucun objectif établi'))),
    couverture(s.couverture),
    s.coherence.length ? h('details', null, h('summary', null, `Cohérence (${s.coherence.length})`),
      h('ul', null, s.coherence.map((c) => h('li', { class: 'justification' }, c.explication, h('br'), h('span', { class: 'source' }, `${c.posture.libelle} et ${c.option.libelle} : ${effets[c.effet] ?? c.effet} · ${c.statut}`))))) : null,
    raisons(result, s),
    vigilances(result, s));
}

function couverture(c) {
  if (!c) return null;
  return h('div', { class: 'couverture' },
    h('p', null, h('strong', null, 'Ce qu\'il sert : '),
      c.servies.length ? c.servies.map((x) => `${x.priorite} (par ${x.par.map((p) => p.libelle).join(', ')})`).join(' ; ') : 'aucune priorité desservie'),
    c.nonCouvertes.length ? h('p', null, h('strong', null, 'Non couvert : '), c.nonCouvertes.join(' ; ')) : null);
}

function analyse(result) {
  return h('table', { class: 'analyse' },
    h('caption', { class: 'visuellement-cache' }, 'État des preuves par question'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, 'Ce que disent les règles'), h('th', { scope: 'col' }, 'Certitude'), h('th', { scope: 'col' }, 'Données à réunir'))),
    h('tbody', null, (result.analyse || []).map((a) => h('tr', null,
      h('th', { scope: 'row' }, a.libelle),
      h('td', null, a.phrase),
      h('td', null, certitude(a.certitude)),
      h('td', null, a.donneesAReunir.length ? a.donneesAReunir.map((d) => d.libelle).join(', ') : '—')))));
}

const robustesses = { robuste: 'robuste', sensible: 'sensible aux données' };

function sousTitre(titre, aide) {
  return [h('h3', null, titre), aide ? h('p', { class: 'aide' }, aide) : null];
}

function liste(items, rendu, vide) {
  return items.length ? h('ul', null, items.map(rendu)) : h('p', { class: 'aide' }, vide);
}

/** One « pourquoi pas » : the sentence, the rules that would have counted and what they lacked, the rules against. */
export function pourquoiPasCarte(w) {
  const manquees = w.reglesManquees || [];
  return h('li', { class: 'pourquoi-pas', 'data-question': w.question, 'data-option': w.alternative.id },
    h('p', null, h('strong', null, `${w.libelleQuestion} — pourquoi pas « ${w.alternative.libelle} » ?`)),
    h('p', null, w.phrase),
    manquees.length ? h('details', { open: manquees.length <= 3 },
      h('summary', null, `Règles qui auraient compté (${manquees.length})`),
      h('ul', null, manquees.map((m) => h('li', { class: 'justification' }, m.phrase,
        m.conditions.length ? h('ul', { class: 'conditions' }, m.conditions.map((c) => h('li', null, c))) : null)))) : null,
    (w.reglesContre || []).length ? h('details', null, h('summary', null, `Règles contre cette option (${w.reglesContre.length})`),
      h('ul', null, w.reglesContre.map((r) => h('li', { class: 'justification' }, r)))) : null);
}

export function contrefactuelCarte(c) {
  return h('li', { class: 'contrefactuel', 'data-cible': c.cible },
    h('p', null, c.phrase),
    c.trouve && c.variantes.length ? h('ol', { class: 'variantes' }, c.variantes.map((v) => h('li', null,
      v.changements.map((x, i) => [i ? ' ; et ' : '', `« ${x.libelle} » ${x.apres}`, h('span', { class: 'aide' }, ` (aujourd'hui : ${x.avant || 'non renseigné'})`)]),
      h('br'), h('span', { class: 'aide' }, `Scénario alors retenu : ${v.scenarioObtenu}`)))) : null);
}

/** The explanations of issue 14 as a consultant uses them in front of a COPIL: what would change it first, then why not the others. */
function explications(ex, result) {
  if (!ex) {
    return h('section', { class: 'explications', id: 'explications', 'aria-labelledby': 'explications-titre' },
      h('h2', { id: 'explications-titre' }, 'Explications'),
      h('p', { class: 'aide' }, 'Cette évaluation a été faite sans explications (lot, ou format antérieur) : réévaluez-la pour savoir pourquoi pas une autre option et ce qui ferait changer la recommandation.'));
  }
  const sensibles = (ex.sensibilite || []);
  return h('section', { class: 'explications', id: 'explications', 'aria-labelledby': 'explications-titre' },
    h('h2', { id: 'explications-titre' }, 'Explications'),
    h('div', { id: 'ce-qui-ferait-changer' },
      sousTitre('Qu\'est-ce qui ferait changer la recommandation ?'),
      liste(ex.ceQuiFeraitChanger || [], (x) => h('li', null, x), (result.scenarios || []).length
        ? 'Aucun seuil proche, aucun levier ni aucune donnée absente ne change la recommandation.'
        : 'Aucun scénario n\'est retenu : ce sont les données à réunir, ci-dessus, qui permettront de trancher.')),
    h('div', { id: 'pourquoi-pas' },
      sousTitre('Pourquoi pas l\'autre option ?', 'Pour chaque question, la meilleure option non retenue : ce qui lui a manqué.'),
      liste(ex.pourquoiPas || [], pourquoiPasCarte, 'Aucune autre option n\'avait de preuve.'),
      demandePourquoiPas(result)),
    h('div', { id: 'contrefactuels' },
      sousTitre('Que faudrait-il changer sur le territoire ?', 'Les plus petits changements des leviers du territoire qui feraient gagner une autre option ; chacun a été vérifié par une nouvelle évaluation.'),
      // Targets no lever reaches for one reason share one sentence: shown once.
      liste((ex.contrefactuels || []).filter((c, i, all) => all.findIndex((o) => o.phrase === c.phrase) === i), contrefactuelCarte, 'Aucune autre option à atteindre par les leviers du territoire.')),
    h('div', { id: 'seuils-proches' },
      sousTitre('Seuils les plus proches', 'La valeur d\'un seuil de la base de règles qui changerait une réponse retenue.'),
      liste(ex.seuilsLesPlusProches || [], (x) => h('li', null, x.phrase), 'Aucun seuil de la base ne change les réponses retenues dans sa plage plausible.')),
    h('div', { id: 'sensibilite' },
      sousTitre('Robustesse aux données'),
      liste(sensibles, (x) => h('li', null, h('span', { class: ['robustesse', x.robustesse] }, robustesses[x.robustesse] ?? x.robustesse), ' ', x.phrase), 'Aucune donnée absente ni illustrative ne pèse sur les réponses.')),
    (ex.contrastes || []).length ? h('details', { id: 'contrastes' },
      h('summary', null, `Ce qui distingue le scénario 1 des autres (${ex.contrastes.length})`),
      h('ul', null, ex.contrastes.map((c) => h('li', null, c.phrase, h('ul', null, c.questions.map((q) => h('li', null, q.phrase))))))) : null);
}

/** « Pourquoi pas… ? » about any option the consultant names: asked on the profile shown, not recorded in the journal. */
function demandePourquoiPas(result) {
  const retenu = (result.scenarios || []).find((x) => x.retenu);
  const retenues = new Set();
  if (retenu) {
    retenues.add('pilotage:' + retenu.pilotage.id);
    retenues.add('lieux:' + retenu.lieux.principale.id);
    for (const m of retenu.modalites) retenues.add('modalites:' + m.id);
    for (const o of retenu.objectifs) retenues.add('objectifs:' + o.id);
  }
  const groupes = (result.analyse || []).filter((a) => a.question !== 'besoins' && (a.options || []).length > 1).map((a) => h('optgroup', { label: a.libelle },
    (a.options || []).filter((o) => !retenues.has(`${a.question}:${o.id}`)).map((o) => h('option', { value: `${a.question}:${o.id}` }, o.libelle))));
  if (!groupes.length || !demandePourquoiPas.handler) return null;
  const select = h('select', { id: 'pourquoi-pas-option' }, groupes);
  const zone = h('div', { id: 'pourquoi-pas-reponse', 'aria-live': 'polite' });
  const bouton = h('button', { type: 'submit', class: 'secondaire' }, 'Pourquoi pas cette option ?');
  return h('form', { class: 'demande', id: 'pourquoi-pas-form', onsubmit: async (event) => {
    event.preventDefault();
    bouton.disabled = true;
    try { await demandePourquoiPas.handler(select.value, zone); } finally { bouton.disabled = false; }
  } },
  h('label', { for: 'pourquoi-pas-option' }, 'Demander pourquoi pas une autre option'),
  h('div', { class: 'en-ligne' }, select, bouton), zone);
}

/** Set by the territory space: how to ask « pourquoi pas » on the profile shown. */
export function surPourquoiPas(handler) { demandePourquoiPas.handler = handler; }

/** The questions the evidence does not decide, said as such before any scenario, with the data that would decide them. */
function nonTranchees(result) {
  const questions = (result.analyse || []).filter((a) => a.certitude === 'non-tranchee');
  if (!questions.length) return null;
  return h('section', { class: 'non-tranche', id: 'non-tranche', 'aria-labelledby': 'non-tranche-titre' },
    h('h2', { id: 'non-tranche-titre' }, questions.length > 1 ? 'Questions non tranchées' : 'Question non tranchée'),
    h('ul', null, questions.map((a) => h('li', null,
      h('strong', null, a.libelle), ' ', certitude(a.certitude), ' ', a.phrase))));
}

/** The whole result, with its downloads when it is in the journal. */
export function afficherResultat(container, result, meta = {}) {
  const t = result.territoire;
  const liens = meta.id ? h('p', { class: 'actions' },
    h('a', { href: `/atelier/api/evaluations/${encodeURIComponent(meta.id)}/note`, target: '_blank', rel: 'noopener' }, 'Ouvrir la note de cadrage'),
    h('a', { href: `/atelier/api/evaluations/${encodeURIComponent(meta.id)}/note?telecharger=1`, download: '' }, 'Télécharger la note (HTML)'),
    h('a', { href: `/atelier/api/evaluations/${encodeURIComponent(meta.id)}/json`, download: '' }, 'Télécharger le JSON')) : null;
  const scenarios = result.scenarios || [];
  replace(container,
    h('div', { class: 'entete-resultat' },
      h('h2', { id: 'resultat-titre' }, `${t.nom} (${t.id})`),
      h('p', { class: 'aide' }, `Base de règles ${result.referentiel.version}${meta.date ? ' · évalué le ' + meta.date : ''}${meta.origine ? ' · ' + meta.origine : ''}`)),
    liens,
    h('p', { class: 'synthese' }, result.synthese),
    nonTranchees(result),
    scenarios.length
      ? h('div', { class: 'scenarios', id: 'scenarios' }, scenarios.map((s) => scenarioCarte(result, s)))
      : h('p', { class: 'vide', id: 'aucun-scenario' }, 'Aucun scénario : l\'outil ne tranche pas tant que les données ci-dessus manquent.'),
    explications(result.explications, result),
    h('h2', null, 'État des preuves par question'),
    analyse(result),
    (result.optionsEcartees || []).length ? h('div', null, h('h2', null, 'Options écartées'),
      h('ul', null, result.optionsEcartees.map((o) => h('li', null, `${o.option.libelle} : `, o.regles.map((r) => r.explication).join(' ; '))))) : null,
    (result.indicateursManquants || []).length ? h('div', null, h('h2', null, 'Indicateurs manquants'),
      h('p', { class: 'aide' }, 'Les règles qui les lisent n\'ont pas été évaluées.'),
      h('ul', null, result.indicateursManquants.map((m) => h('li', null, `${m.libelle} (${m.regles.length} règle${m.regles.length > 1 ? 's' : ''})`)))) : null,
    (result.avertissements || []).length ? h('div', null, h('h2', null, 'Avertissements'), h('ul', null, result.avertissements.map((a) => h('li', null, a)))) : null);
}
