// Methodologists: the rule base by question and option, each rule's condition in words, its parameters, source,
// statut and how often it fires on the batch.
import { h, $, api, replace, nombre, pourcent, erreurTexte } from './dom.js';
import { essayerParametre } from './bac-a-sable.js';

let base = null;

function carte(r, total) {
  return h('article', { class: 'regle' },
    h('p', { class: 'condition' }, r.condition),
    h('p', null, `${r.effetTexte.charAt(0).toUpperCase()}${r.effetTexte.slice(1)} de ${r.cible}${r.poids !== null && r.poids !== undefined ? ', poids ' + nombre(r.poids) : ''}`),
    h('dl', null,
      h('dt', null, 'Explication'), h('dd', null, r.explication),
      r.parametres.length ? [h('dt', null, 'Seuils'), h('dd', null, h('ul', null, r.parametres.map((p) => h('li', null, h('strong', null, p.texte), ' — ', p.description, ' ',
        h('button', { type: 'button', class: 'lien', onclick: () => essayerParametre(p.nom) }, 'essayer dans le bac à sable')))))] : null,
      h('dt', null, 'Source'), h('dd', null, r.source),
      h('dt', null, 'Statut'), h('dd', null, r.statut),
      h('dt', null, 'Déclenchement'), h('dd', null,
        r.sansCondition ? 'sans condition sur le profil' : `${nombre(r.declenchements)} territoire${r.declenchements > 1 ? 's' : ''} sur ${nombre(total)} (${pourcent(r.part)}) `,
        r.sansCondition ? null : h('progress', { max: '1', value: String(r.part), 'aria-label': `part des territoires où la règle se déclenche : ${pourcent(r.part)}` })),
      h('dt', null, 'Dans les fichiers'), h('dd', { class: 'reference' }, `${r.fichier} · ${r.nom}`)));
}

function afficher() {
  const q = $('regles-question').value;
  const filtre = $('regles-filtre').value.trim().toLowerCase();
  const groupes = q === 'compatibilite' ? base.compatibilite.map((o) => ({ ...o, libelle: `Posture « ${o.libelle} »` }))
    : (base.questions.find((x) => x.id === q)?.options ?? []);
  const garde = (r) => !filtre || [r.condition, r.explication, r.source, r.cible, r.nom].some((t) => (t ?? '').toLowerCase().includes(filtre));
  let n = 0;
  const sections = groupes.map((o) => {
    const regles = o.regles.filter(garde);
    n += regles.length;
    return regles.length ? h('section', null, h('h2', null, `${o.libelle} (${regles.length} règle${regles.length > 1 ? 's' : ''})`), regles.map((r) => carte(r, base.territoires))) : null;
  });
  $('regles-resume').textContent = `${n} règle${n > 1 ? 's' : ''} · base ${base.version} · déclenchements comptés sur les ${nombre(base.territoires)} territoires du lot ${base.lot}.`;
  replace($('regles-liste'), sections, q === 'parametres' ? parametres() : null);
}

function parametres() {
  return h('table', null,
    h('thead', null, h('tr', null, ['Seuil', 'Valeur', 'Plage plausible', 'Source', 'Statut', 'Règles', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, base.parametres.map((p) => h('tr', null,
      h('td', null, p.description), h('td', null, p.texte), h('td', null, `${nombre(p.min)} à ${nombre(p.max)}`), h('td', null, p.source), h('td', null, p.statut), h('td', { class: 'nombre' }, String(p.regles)),
      h('td', null, h('button', { type: 'button', class: 'lien', onclick: () => essayerParametre(p.nom) }, 'essayer'))))));
}

export async function montrerRegles() {
  if (!base) {
    try {
      base = await api('/regles');
    } catch (e) { replace($('regles-liste'), h('p', { class: 'erreur', role: 'alert' }, erreurTexte(e))); return; }
    replace($('regles-question'),
      base.questions.map((q) => h('option', { value: q.id }, `${q.numero}. ${q.intitule}`)),
      h('option', { value: 'compatibilite' }, 'Cohérence entre la posture et les autres réponses'),
      h('option', { value: 'parametres' }, 'Tous les seuils nommés'));
  }
  afficher();
}

export function initRegles() {
  $('regles-question').addEventListener('change', () => base && afficher());
  $('regles-filtre').addEventListener('input', () => base && afficher());
  $('regles-form').addEventListener('submit', (event) => event.preventDefault());
}
