// Renders an evaluation (the output contract v2) in French: synthèse, analysis per question, scenarios side by
// side with certainty, reasons, points de vigilance, cohérence and coverage, explanations when present.
import { h, replace, certitude, nombre } from './dom.js';

const effets = { soutien: 'soutien', opposition: 'opposition', exclusion: 'exclusion', affinite: 'affinité', tension: 'tension', incompatible: 'incompatibilité', neutre: 'sans effet', requise: 'requise' };

export function priorite(p) {
  return `${p.service.libelle} × ${p.public.libelle} × ${p.critere.libelle}`;
}

function question(result, id) {
  const q = (result.questions || []).find((x) => x.id === id);
  return q ? `${q.numero}. ${q.intitule}` : id;
}

function reponse(answer) {
  return h('span', { class: 'reponse' }, answer.libelle, ' ', certitude(answer.certitude),
    answer.exigeePar ? h('span', { class: 'aide' }, ` (exigée par la posture)`) : null);
}

function justification(j) {
  return h('li', { class: 'justification' },
    h('span', null, j.explication),
    h('br'),
    h('span', { class: 'source' }, `${effets[j.effet] ?? j.effet} de « ${j.libelleOption} », poids ${nombre(j.poids)}${j.compte ? '' : ' (fait déjà compté)'} · ${j.statut} · ${j.source}`));
}

function scenarioCarte(result, s) {
  const lieux = s.lieux;
  const nommes = (lieux.lieuxNommes || []).map((r) => h('li', null, `${r.libelle} : `, r.communes.map((c) => c.nom).join(', ')));
  return h('article', { class: ['scenario', s.retenu && 'retenu'], 'aria-labelledby': `scenario-${s.rang}` },
    h('h3', { id: `scenario-${s.rang}` }, `Scénario ${s.rang}`, s.retenu ? h('span', { class: 'badge retenu' }, 'retenu') : null),
    h('p', null, h('strong', null, s.intitule)),
    h('p', { class: 'aide' }, `Score ${nombre(s.score)} · ${s.convergence} indicateur${s.convergence > 1 ? 's' : ''} convergent${s.convergence > 1 ? 's' : ''}`),
    h('dl', null,
      h('dt', null, question(result, 'pilotage')), h('dd', null, reponse(s.pilotage)),
      h('dt', null, question(result, 'modalites')), h('dd', null, h('ul', null, s.modalites.map((m) => h('li', null, reponse(m))))),
      h('dt', null, question(result, 'lieux')), h('dd', null,
        reponse(lieux.principale),
        lieux.complements.length ? h('p', { class: 'aide' }, 'Compléments : ', lieux.complements.map((c) => c.libelle).join(', ')) : null,
        h('p', null, lieux.description),
        nommes.length ? h('ul', null, nommes) : null),
      h('dt', null, question(result, 'besoins')), h('dd', null, s.priorites.length
        ? h('ul', null, s.priorites.map((p) => h('li', null, priorite(p))))
        : h('span', { class: 'aide' }, 'aucune priorité établie')),
      h('dt', null, question(result, 'objectifs')), h('dd', null, s.objectifs.length
        ? h('ul', null, s.objectifs.map((o) => h('li', null, reponse(o))))
        : h('span', { class: 'aide' }, 'aucun objectif établi'))),
    couverture(s.couverture),
    s.coherence.length ? h('details', null, h('summary', null, `Cohérence (${s.coherence.length})`),
      h('ul', null, s.coherence.map((c) => h('li', { class: 'justification' }, c.explication, h('br'), h('span', { class: 'source' }, `${c.posture.libelle} et ${c.option.libelle} : ${effets[c.effet] ?? c.effet} · ${c.statut}`))))) : null,
    h('details', null, h('summary', null, `Raisons (${s.justifications.length})`), h('ul', null, s.justifications.map(justification))),
    h('details', { open: s.vigilances.length > 0 && s.retenu }, h('summary', null, `Points de vigilance (${s.vigilances.length})`),
      s.vigilances.length ? h('ul', null, s.vigilances.map(justification)) : h('p', { class: 'aide' }, 'aucun')));
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

const titresExplications = {
  pourquoiPas: 'Pourquoi pas une autre option ?',
  contraste: 'Ce qui distingue les scénarios',
  contrefactuels: 'Ce qui ferait changer la recommandation',
  contrefactuel: 'Ce qui ferait changer la recommandation',
  seuils: 'Seuil le plus proche',
  seuilLePlusProche: 'Seuil le plus proche',
  seuilsProches: 'Seuil le plus proche',
  sensibilite: 'Sensibilité aux données',
  robustesse: 'Sensibilité aux données',
};
const champsTexte = ['phrase', 'texte', 'resume', 'explication', 'libelle', 'message'];

function texteDe(value) {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return String(value);
  for (const k of champsTexte) if (typeof value[k] === 'string') return value[k];
  return null;
}

/** The explanations of issue 14, rendered from their French sentences whatever their exact shape. */
function explications(ex) {
  if (!ex || typeof ex !== 'object') return null;
  const parts = [];
  for (const [key, value] of Object.entries(ex)) {
    if (key === 'niveau' || value === null || value === undefined) continue;
    const titre = titresExplications[key] ?? null;
    const items = Array.isArray(value) ? value : [value];
    const lignes = [];
    for (const item of items) {
      const t = texteDe(item);
      const sous = item && typeof item === 'object' ? Object.values(item).flatMap((v) => (Array.isArray(v) ? v : [])).map(texteDe).filter(Boolean) : [];
      if (t || sous.length) lignes.push(h('li', null, t ?? '', sous.length ? h('ul', null, sous.map((x) => h('li', null, x))) : null));
    }
    if (lignes.length) parts.push(h('section', null, h('h3', null, titre ?? 'Explications'), h('ul', null, lignes)));
  }
  return parts.length ? h('div', { class: 'explications' }, h('h2', null, 'Explications'), parts) : null;
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
    scenarios.length
      ? h('div', { class: 'scenarios', id: 'scenarios' }, scenarios.map((s) => scenarioCarte(result, s)))
      : h('p', { class: 'vide' }, 'Aucun scénario : les preuves ne suffisent pas à en construire un.'),
    explications(result.explications),
    h('h2', null, 'État des preuves par question'),
    analyse(result),
    (result.optionsEcartees || []).length ? h('div', null, h('h2', null, 'Options écartées'),
      h('ul', null, result.optionsEcartees.map((o) => h('li', null, `${o.option.libelle} : `, o.regles.map((r) => r.explication).join(' ; '))))) : null,
    (result.indicateursManquants || []).length ? h('div', null, h('h2', null, 'Indicateurs manquants'),
      h('p', { class: 'aide' }, 'Les règles qui les lisent n\'ont pas été évaluées.'),
      h('ul', null, result.indicateursManquants.map((m) => h('li', null, `${m.libelle} (${m.regles.length} règle${m.regles.length > 1 ? 's' : ''})`)))) : null,
    (result.avertissements || []).length ? h('div', null, h('h2', null, 'Avertissements'), h('ul', null, result.avertissements.map((a) => h('li', null, a)))) : null);
}
