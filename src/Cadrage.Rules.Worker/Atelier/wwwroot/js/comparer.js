// Two territories side by side: their retained scenarios answer by answer, and the indicators that differ.
import { h, $, api, replace, annoncer, erreurTexte, certitudes } from './dom.js';
import { listeRecherche, etat } from './territoire.js';
import { priorite } from './resultat.js';

const choix = { a: null, b: null };

const avec = (a) => `${a.libelle} (${certitudes[a.certitude] ?? a.certitude})`;

function reponses(result) {
  const s = result.scenarios.find((x) => x.retenu) ?? result.scenarios[0];
  if (!s) return null;
  return {
    intitule: s.intitule,
    pilotage: avec(s.pilotage),
    modalites: s.modalites.map(avec).join(', '),
    lieux: avec(s.lieux.principale),
    besoins: s.priorites.map(priorite).join(' ; ') || 'aucune priorité établie',
    objectifs: s.objectifs.map(avec).join(', ') || 'aucun objectif établi',
  };
}

const retenu = (result) => result.scenarios.some((x) => x.retenu);

/** The retained scenario's title; without one, why (scenarios tied at the top, or none the data support). */
const intitule = (result, r) => (retenu(result) ? r.intitule : result.scenarios.length ? 'aucun : scénarios à égalité en tête' : 'aucun');

/** The comparison quotes option labels inside its sentences; the table shows them bare, as the retained answers. */
const sansGuillemets = (texte) => texte.replace(/«\u00a0|\u00a0»/g, '');

async function profilDe(c) {
  return c.profil ?? await api('/territoires/' + encodeURIComponent(c.id));
}

/** Where the two retained scenarios differ, the indicators whose values make rules fire for one and not the other. */
function explicationsComparaison(c, regles) {
  const differentes = c.questions.filter((q) => q.differe);
  if (!differentes.length) return h('p', null, c.phrase);
  return h('div', { id: 'comparaison-explications' },
    h('p', null, c.phrase),
    differentes.map((q) => h('section', { class: 'ecart' },
      h('h3', null, q.libelleQuestion),
      h('p', null, q.phrase),
      q.indicateurs.length ? h('table', null,
        h('caption', { class: 'visuellement-cache' }, `Indicateurs qui expliquent l'écart sur « ${q.libelleQuestion} »`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Indicateur'), h('th', { scope: 'col' }, c.a.nom), h('th', { scope: 'col' }, c.b.nom), h('th', { scope: 'col' }, 'Règles concernées'))),
        h('tbody', null, q.indicateurs.map((i) => h('tr', null, h('th', { scope: 'row' }, i.libelle), h('td', null, i.valeurA), h('td', null, i.valeurB),
          h('td', null, h('ul', { class: 'serre' }, i.regles.map((r) => h('li', null, regles[r] ?? r)))))))) : h('p', { class: 'aide' }, 'Aucun indicateur ne fait, à lui seul, déclencher une règle pour l\'un et pas pour l\'autre.'))));
}

async function comparer() {
  const zone = $('comparaison');
  if (!choix.a || !choix.b) { replace(zone, h('p', { class: 'erreur', role: 'alert' }, 'Choisissez deux territoires.')); return; }
  replace(zone, h('p', { class: 'aide' }, 'Évaluation des deux territoires…'));
  try {
    const [pa0, pb0] = await Promise.all([profilDe(choix.a), profilDe(choix.b)]);
    const r = await api('/comparaisons', { method: 'POST', body: { a: pa0, b: pb0 } });
    const a = r.a; const b = r.b;
    const ra = reponses(a); const rb = reponses(b);
    const questions = a.questions;
    // What differs comes from the service's comparison alone (the table, the count and the sentences below agree).
    // A cell shows the retained scenario's answer with its certainty; without a retained scenario (a tie, none),
    // the answer the comparison finds decided, or « non tranché ».
    const lignes = r.comparaison.questions.map((c) => {
      const q = c.question;
      const libelle = questions.find((x) => x.id === q);
      const va = retenu(a) ? ra[q] : sansGuillemets(c.reponseA);
      const vb = retenu(b) ? rb[q] : sansGuillemets(c.reponseB);
      return h('tr', { class: c.differe ? 'difference' : null, 'data-question': q },
        h('th', { scope: 'row' }, libelle ? `${libelle.numero}. ${libelle.intitule}` : c.libelleQuestion), h('td', null, va), h('td', null, vb), h('td', null, c.differe ? 'différent' : 'identique'));
    });
    const pa = new Map(a.portrait.map((p) => [p.id, p]));
    const pb = new Map(b.portrait.map((p) => [p.id, p]));
    const ids = [...new Set([...pa.keys(), ...pb.keys()])];
    const ecarts = ids.filter((id) => (pa.get(id)?.texte ?? '') !== (pb.get(id)?.texte ?? '')).map((id) => {
      const x = pa.get(id); const y = pb.get(id);
      return h('tr', null, h('th', { scope: 'row' }, (x ?? y).libelle), h('td', null, x?.texte ?? 'non renseigné'), h('td', null, y?.texte ?? 'non renseigné'));
    });
    const differentes = r.comparaison.questions.filter((c) => c.differe).length;
    replace(zone,
      h('h2', null, 'Scénarios retenus'),
      h('p', { class: 'resume', id: 'comparaison-resume' }, `${differentes} réponse${differentes > 1 ? 's' : ''} sur ${r.comparaison.questions.length} diffère${differentes > 1 ? 'nt' : ''}.`),
      h('table', { id: 'comparaison-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, a.territoire.nom), h('th', { scope: 'col' }, b.territoire.nom), h('th', { scope: 'col' }, 'Écart'))),
        h('tbody', null,
          h('tr', null, h('th', { scope: 'row' }, 'Scénario retenu'), h('td', null, intitule(a, ra)), h('td', null, intitule(b, rb)), h('td', null, '')),
          lignes)),
      h('h2', null, 'Ce qui explique les écarts'),
      explicationsComparaison(r.comparaison, r.regles || {}),
      h('h2', null, 'Synthèses'),
      h('p', null, h('strong', null, 'Synthèse de ', a.territoire.nom, ' : '), a.synthese),
      h('p', null, h('strong', null, 'Synthèse de ', b.territoire.nom, ' : '), b.synthese),
      h('h2', null, `Indicateurs qui diffèrent (${ecarts.length})`),
      h('div', { class: 'defilant' }, h('table', null,
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Indicateur'), h('th', { scope: 'col' }, a.territoire.nom), h('th', { scope: 'col' }, b.territoire.nom))),
        h('tbody', null, ecarts))));
    annoncer(`Comparaison prête : ${differentes} réponse(s) diffèrent.`);
  } catch (e) {
    replace(zone, h('p', { class: 'erreur', role: 'alert' }, erreurTexte(e)));
  }
}

export function initComparer() {
  for (const cote of ['a', 'b']) {
    listeRecherche($(`comparer-${cote}`), $(`comparer-${cote}-resultats`), (t) => {
      choix[cote] = { id: t.id, nom: t.nom };
      $(`comparer-${cote}`).value = t.nom;
      $(`comparer-${cote}-choisi`).textContent = `Choisi : ${t.nom} (${t.id})`;
    });
  }
  $('comparer-courant').addEventListener('click', () => {
    if (!etat.profil) { $('comparer-a-choisi').textContent = 'Aucun territoire en cours : évaluez-en un d\'abord.'; return; }
    choix.a = { id: etat.profil.id, nom: etat.profil.nom, profil: etat.profil };
    $('comparer-a').value = etat.profil.nom ?? '';
    $('comparer-a-choisi').textContent = `Choisi : ${etat.profil.nom} (profil en cours, avec ses ajustements)`;
  });
  $('comparer-lancer').addEventListener('click', comparer);
}
