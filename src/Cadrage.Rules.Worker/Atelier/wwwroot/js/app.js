// L'atelier: one page, five spaces reached by their address (#territoire, #comparer, #journal, #regles,
// #bac-a-sable); each loads what it needs the first time it is shown.
import { $, api } from './dom.js';
import { initTerritoire } from './territoire.js';
import { initComparer } from './comparer.js';
import { initJournal, montrerJournal } from './journal.js';
import { initRegles, montrerRegles } from './regles.js';
import { initBac, montrerBac } from './bac-a-sable.js';

const VUES = ['territoire', 'comparer', 'journal', 'regles', 'bac-a-sable'];
const montrer = { journal: montrerJournal, regles: montrerRegles, 'bac-a-sable': montrerBac };

function route(focus) {
  const vue = VUES.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'territoire';
  for (const v of VUES) $('vue-' + v).hidden = v !== vue;
  document.querySelectorAll('nav a[data-vue]').forEach((a) => {
    if (a.dataset.vue === vue) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  document.title = `${$('vue-' + vue).querySelector('h1').textContent} — Atelier Cadrage.Rules`;
  if (focus) $('vue-' + vue).querySelector('h1').setAttribute('tabindex', '-1');
  if (focus) $('vue-' + vue).querySelector('h1').focus();
  montrer[vue]?.();
}

async function etat() {
  try {
    const e = await api('/etat');
    $('version-regles').textContent = `Base de règles ${e.version} (${e.regles} règles) · lot ${e.lot.fichier} : ${e.lot.territoires} territoires`;
    $('lot-nom').textContent = e.lot.fichier;
  } catch { /* shown by each space */ }
}

initTerritoire();
initComparer();
initJournal();
initRegles();
initBac();
$('sortie').hidden = document.querySelector('meta[name="cadrage-cle"]')?.content !== 'oui';
window.addEventListener('hashchange', () => route(true));
route(false);
etat();
document.body.dataset.pret = 'oui';
