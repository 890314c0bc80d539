// Past evaluations from the journal: search by territory, rule-set version, dates; reopen one.
import { h, $, api, replace, erreurTexte } from './dom.js';
import { rouvrir } from './territoire.js';

let page = 1;

async function chercher() {
  const zone = $('journal-liste');
  const params = new URLSearchParams();
  const add = (k, id) => { const v = $(id).value.trim(); if (v) params.set(k, v); };
  add('territoire', 'journal-territoire'); add('version', 'journal-version'); add('depuis', 'journal-depuis'); add('jusqua', 'journal-jusqua');
  params.set('page', String(page));
  try {
    const r = await api('/evaluations?' + params.toString());
    replace(zone,
      h('p', { class: 'aide', id: 'journal-total' }, `${r.total} évaluation${r.total > 1 ? 's' : ''} · page ${r.page} sur ${r.pages}`),
      r.elements.length ? h('table', { id: 'journal-table' },
        h('thead', null, h('tr', null, ['Date', 'Territoire', 'Origine', 'Base de règles', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, r.elements.map((e) => h('tr', null,
          h('td', null, e.date), h('td', null, `${e.territoire.nom} (${e.territoire.id})`), h('td', null, e.origine), h('td', null, h('code', null, e.version)),
          h('td', null, h('button', { type: 'button', class: 'secondaire', 'aria-label': `Ouvrir l'évaluation de ${e.territoire.nom} du ${e.date}`, onclick: () => ouvrir(e.id) }, 'Ouvrir')))))) : h('p', { class: 'vide' }, 'Aucune évaluation ne correspond.'),
      h('div', { class: 'actions' },
        r.page > 1 ? h('button', { type: 'button', class: 'secondaire', onclick: () => { page--; chercher(); } }, 'Page précédente') : null,
        r.page < r.pages ? h('button', { type: 'button', class: 'secondaire', onclick: () => { page++; chercher(); } }, 'Page suivante') : null));
  } catch (e) {
    replace(zone, h('p', { class: 'erreur', role: 'alert' }, erreurTexte(e)));
  }
}

async function ouvrir(id) {
  try {
    window.location.hash = '#territoire';
    await rouvrir(id);
  } catch (e) {
    replace($('resultat'), h('p', { class: 'erreur', role: 'alert' }, erreurTexte(e)));
  }
}

export function initJournal() {
  $('journal-form').addEventListener('submit', (event) => { event.preventDefault(); page = 1; chercher(); });
}

export function montrerJournal() { chercher(); }
