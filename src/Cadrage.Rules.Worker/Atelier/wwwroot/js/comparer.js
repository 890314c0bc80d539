// Two territories side by side: their retained scenarios answer by answer, and the indicators that differ.
import { h, $, api, replace, annoncer, erreurTexte } from './dom.js';
import { listeRecherche, etat } from './territoire.js';
import { priorite } from './resultat.js';

const choix = { a: null, b: null };

function reponses(result) {
  const s = result.scenarios.find((x) => x.retenu) ?? result.scenarios[0];
  if (!s) return null;
  return {
    intitule: s.intitule,
    pilotage: s.pilotage.libelle,
    modalites: s.modalites.map((m) => m.libelle).join(', '),
    lieux: s.lieux.libelle,
    besoins: s.priorites.map(priorite).join(' ; ') || 'aucune priorité établie',
    objectifs: s.objectifs.map((o) => o.libelle).join(', ') || 'aucun objectif établi',
  };
}

async function evaluer(c) {
  const profil = c.profil ?? await api('/territoires/' + encodeURIComponent(c.id));
  const r = await api('/evaluations', { method: 'POST', body: profil });
  return r.resultat;
}

async function comparer() {
  const zone = $('comparaison');
  if (!choix.a || !choix.b) { replace(zone, h('p', { class: 'erreur', role: 'alert' }, 'Choisissez deux territoires.')); return; }
  replace(zone, h('p', { class: 'aide' }, 'Évaluation des deux territoires…'));
  try {
    const [a, b] = await Promise.all([evaluer(choix.a), evaluer(choix.b)]);
    const ra = reponses(a); const rb = reponses(b);
    const questions = a.questions;
    const lignes = ['pilotage', 'modalites', 'lieux', 'besoins', 'objectifs'].map((q) => {
      const libelle = questions.find((x) => x.id === q);
      const va = ra ? ra[q] : '—'; const vb = rb ? rb[q] : '—';
      const diff = va !== vb;
      return h('tr', { class: diff ? 'difference' : null },
        h('th', { scope: 'row' }, libelle ? `${libelle.numero}. ${libelle.intitule}` : q), h('td', null, va), h('td', null, vb), h('td', null, diff ? 'différent' : 'identique'));
    });
    const pa = new Map(a.portrait.map((p) => [p.id, p]));
    const pb = new Map(b.portrait.map((p) => [p.id, p]));
    const ids = [...new Set([...pa.keys(), ...pb.keys()])];
    const ecarts = ids.filter((id) => (pa.get(id)?.texte ?? '') !== (pb.get(id)?.texte ?? '')).map((id) => {
      const x = pa.get(id); const y = pb.get(id);
      return h('tr', null, h('th', { scope: 'row' }, (x ?? y).libelle), h('td', null, x?.texte ?? 'non renseigné'), h('td', null, y?.texte ?? 'non renseigné'));
    });
    const differentes = lignes.filter((l) => l.classList.contains('difference')).length;
    replace(zone,
      h('h2', null, 'Scénarios retenus'),
      h('p', { class: 'resume', id: 'comparaison-resume' }, `${differentes} réponse${differentes > 1 ? 's' : ''} sur 5 diffère${differentes > 1 ? 'nt' : ''}.`),
      h('table', { id: 'comparaison-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Question'), h('th', { scope: 'col' }, a.territoire.nom), h('th', { scope: 'col' }, b.territoire.nom), h('th', { scope: 'col' }, 'Écart'))),
        h('tbody', null,
          h('tr', null, h('th', { scope: 'row' }, 'Scénario retenu'), h('td', null, ra?.intitule ?? 'aucun'), h('td', null, rb?.intitule ?? 'aucun'), h('td', null, '')),
          lignes)),
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
