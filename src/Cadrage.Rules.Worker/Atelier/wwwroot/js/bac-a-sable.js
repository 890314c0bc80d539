// Methodologists' sandbox: change a named threshold or a rule's weight, see at once over the whole batch which
// territories change and why, the distributions and the map before / after; sweep a threshold; export a patch.
import { h, $, api, replace, clear, nombre, annoncer, erreurTexte, telecharger, peint } from './dom.js';
import { carte, courbe, pastille, PALETTE, SANS } from './carte.js';

let lot = null;
let base = null;
let dernier = null;
let enCours = 0;
let saisie = 0; // when the value being shown was typed or slid (0: a button asked)
let mesures = 0;

const MAX_LIGNES = 400;

function parametre() { return base?.parametres.find((p) => p.nom === $('bac-parametre').value) ?? null; }

function regle() {
  const nom = $('bac-regle').value;
  if (!nom) return null;
  for (const groupe of [...base.questions.flatMap((q) => q.options), ...base.compatibilite]) {
    const r = groupe.regles.find((x) => x.nom === nom);
    if (r) return r;
  }
  return null;
}

/** The change the form describes: only values that differ from the rule set in service. */
export function changement() {
  const change = { parametres: {}, poids: {} };
  const p = parametre();
  const v = Number($('bac-valeur').value.replace(',', '.'));
  if (p && $('bac-valeur').value !== '' && Number.isFinite(v) && v !== p.valeur) change.parametres[p.nom] = v;
  const r = regle();
  const w = Number($('bac-poids').value.replace(',', '.'));
  if (r && $('bac-poids').value !== '' && Number.isFinite(w) && w !== r.poids) change.poids[r.nom] = w;
  return change;
}

function couleur() { return document.querySelector('input[name="bac-couleur"]:checked')?.value ?? 'lieux'; }

let avantPar = null; // the question the « before » map is coloured by: it changes with the colouring, not with a change

function dessinerCartes() {
  const q = couleur();
  const options = lot.options[q];
  const apres = dernier ? dernier.apres[q] : lot.avant[q];
  const changes = dernier ? new Set(dernier.bascules.map((b) => b.index)) : new Set();
  if (avantPar !== q) {
    replace($('carte-avant'), carte({ titre: 'Carte avant la modification', territoires: lot.territoires, codes: lot.avant[q], options }));
    avantPar = q;
  }
  replace($('carte-apres'), carte({ titre: 'Carte après la modification', territoires: lot.territoires, codes: apres, options, changes }));
  replace($('carte-legende'),
    options.map((o, i) => h('li', null, pastille(PALETTE[i % PALETTE.length]), o.libelle)),
    h('li', null, pastille(SANS), 'aucun scénario'),
    h('li', null, pastille('#ffffff', '#000000'), 'territoire qui change'));
}

function tableauBascules(r) {
  if (r.bascules.length === 0) return h('p', { class: 'vide' }, 'Aucun territoire ne change de scénario retenu.');
  const lignes = r.bascules.slice(0, MAX_LIGNES).map((b) => h('tr', null,
    h('th', { scope: 'row' }, b.nom, h('br'), h('span', { class: 'aide' }, b.id)),
    h('td', null, b.questions.join(', ')),
    h('td', null, b.avant), h('td', null, b.apres),
    h('td', null, h('ul', null, b.raisons.map((x) => h('li', null, x))))));
  return [
    h('div', { class: 'defilant' }, h('table', { id: 'bac-bascules-table' },
      h('thead', null, h('tr', null, ['Territoire', 'Réponses modifiées', 'Avant', 'Après', 'Pourquoi'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, lignes))),
    r.bascules.length > MAX_LIGNES ? h('p', { class: 'aide' }, `… et ${nombre(r.bascules.length - MAX_LIGNES)} autres (le correctif et « cadrage rules diff » les donnent tous).`) : null,
  ];
}

function tableauxDistributions(r) {
  return r.distributions.map((d) => h('table', null,
    h('caption', null, d.intitule),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Option'), h('th', { scope: 'col', class: 'nombre' }, 'Avant'), h('th', { scope: 'col', class: 'nombre' }, 'Après'), h('th', { scope: 'col', class: 'nombre' }, 'Écart'))),
    h('tbody', null, d.options.map((o) => {
      const e = o.apres - o.avant;
      return h('tr', { class: e !== 0 ? 'difference' : null }, h('th', { scope: 'row' }, o.libelle), h('td', { class: 'nombre' }, nombre(o.avant)), h('td', { class: 'nombre' }, nombre(o.apres)),
        h('td', { class: 'nombre' }, e === 0 ? '—' : (e > 0 ? '+' : '−') + nombre(Math.abs(e))));
    }))));
}

/**
 * Asks the service for the change the form describes and shows it. The figures shown (and kept in data-total,
 * data-service) run from the user's last input, the quiet delay included, to the frame that shows the tables and
 * the maps, not to the answer's arrival.
 */
async function reevaluer() {
  const erreur = $('bac-erreur');
  const numero = ++enCours;
  const debut = saisie || performance.now();
  saisie = 0;
  const change = changement();
  try {
    const r = await api('/bac-a-sable', { method: 'POST', body: change });
    if (numero !== enCours) return; // a later change already asked
    dernier = r;
    erreur.hidden = true;
    const n = r.bascules.length;
    const resume = `${nombre(n)} territoire${n > 1 ? 's' : ''} sur ${nombre(r.territoires)} change${n > 1 ? 'nt' : ''} de scénario retenu · calcul ${nombre(r.dureeMs)} ms dans le service`;
    $('bac-resume').textContent = resume + '.';
    $('bac-resultats').hidden = false;
    replace($('bac-bascules'), tableauBascules(r));
    replace($('bac-distributions'), tableauxDistributions(r));
    dessinerCartes();
    await peint();
    if (numero !== enCours) return;
    const total = Math.round(performance.now() - debut);
    $('bac-resume').textContent = `${resume}, ${nombre(total)} ms de la saisie à l'affichage.`;
    Object.assign($('bac-resume').dataset, { bascules: String(n), total: String(total), service: String(r.dureeMs), changement: JSON.stringify(change), mesure: String(++mesures) });
  } catch (e) {
    if (numero !== enCours) return;
    erreur.textContent = erreurTexte(e);
    erreur.hidden = false;
  }
}

// No quiet delay: a change is asked at once, one request at a time; inputs made while one runs are folded into
// a single next request for the latest value (a slider dragged follows as fast as the service answers).
let enVol = false;
let enAttente = false;

async function lancer() {
  enVol = true;
  try { await reevaluer(); } finally {
    enVol = false;
    if (enAttente) { enAttente = false; lancer(); }
  }
}

function reevaluerBientot() {
  saisie = performance.now();
  const p = parametre();
  const v = Number($('bac-valeur').value.replace(',', '.'));
  if (p && $('bac-valeur').value !== '' && Number.isFinite(v) && (v < p.min || v > p.max)) {
    // A value being typed (« 3 » on the way to « 35 ») or out of range: said here, not asked of the service.
    $('bac-erreur').textContent = `Valeur ${nombre(v)} hors de la plage plausible du seuil (${nombre(p.min)} à ${nombre(p.max)}${p.unite ? ' ' + p.unite : ''}).`;
    $('bac-erreur').hidden = false;
    return;
  }
  if (enVol) { enAttente = true; return; }
  lancer();
}

function choisirParametre() {
  const p = parametre();
  const valeur = $('bac-valeur'); const curseur = $('bac-curseur');
  if (!p) {
    $('bac-parametre-aide').textContent = 'Aucun seuil changé.';
    $('bac-unite').textContent = '';
    valeur.value = ''; valeur.disabled = true; curseur.disabled = true;
    return;
  }
  valeur.disabled = false; curseur.disabled = false;
  replace($('bac-parametre-aide'), `${p.description} Valeur en service : ${p.texte} ; plage plausible ${nombre(p.min)} à ${nombre(p.max)}. `, `Source : ${p.source} (${p.statut}).`);
  $('bac-unite').textContent = p.unite ? `(${p.unite})` : '';
  valeur.min = String(p.min); valeur.max = String(p.max); valeur.value = String(p.valeur);
  curseur.min = String(p.min); curseur.max = String(p.max); curseur.step = String((p.max - p.min) / 200); curseur.value = String(p.valeur);
  $('balayage-de').value = String(p.min); $('balayage-a').value = String(p.max);
}

async function charger() {
  if (lot && base) return;
  [lot, base] = await Promise.all([api('/lot'), api('/regles')]);
  replace($('bac-parametre'), h('option', { value: '' }, '— aucun seuil —'),
    base.parametres.map((p) => h('option', { value: p.nom }, `${p.description.length > 90 ? p.description.slice(0, 88) + '…' : p.description} (${p.texte})`)));
  replace($('bac-regle'), h('option', { value: '' }, '— aucune règle —'),
    base.questions.map((q) => h('optgroup', { label: `${q.numero}. ${q.intitule}` },
      q.options.flatMap((o) => o.regles.filter((r) => r.poids !== null && r.poids !== undefined).map((r) => h('option', { value: r.nom }, `${o.libelle} — ${r.condition} (poids ${nombre(r.poids)})`))))));
  choisirParametre();
  dessinerCartes();
  $('bac-resultats').hidden = false;
  replace($('bac-bascules'), h('p', { class: 'vide' }, 'Changez un seuil ou un poids : les territoires qui changent s\'afficheront ici.'));
}

export async function montrerBac() {
  try { await charger(); } catch (e) { $('bac-erreur').textContent = erreurTexte(e); $('bac-erreur').hidden = false; }
}

/** From the rule base: open the sandbox on a parameter. */
export async function essayerParametre(nom) {
  window.location.hash = '#bac-a-sable';
  await montrerBac();
  $('bac-parametre').value = nom;
  choisirParametre();
  $('bac-valeur').focus();
}

async function balayer(event) {
  event.preventDefault();
  const p = parametre();
  const zone = $('balayage');
  if (!p) { replace(zone, h('p', { class: 'erreur', role: 'alert' }, 'Choisissez d\'abord un seuil nommé.')); return; }
  replace(zone, h('p', { class: 'aide' }, 'Balayage en cours…'));
  try {
    const body = { parametre: p.nom, de: Number($('balayage-de').value), a: Number($('balayage-a').value), points: Number($('balayage-points').value), poids: changement().poids };
    const r = await api('/bac-a-sable/balayage', { method: 'POST', body });
    replace(zone,
      h('figure', { class: 'graphique', id: 'balayage-graphique' }, courbe({ titre: `Territoires dont le scénario retenu change selon la valeur du seuil : ${r.description}`, points: r.points, actuelle: r.valeur, unite: r.unite }),
        h('figcaption', null, `Territoires dont le scénario retenu diffère de la base en service, selon la valeur du seuil (en service : ${r.texte}).`)),
      h('details', null, h('summary', null, 'Valeurs du balayage'), h('table', null,
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Valeur'), h('th', { scope: 'col', class: 'nombre' }, 'Territoires modifiés'))),
        h('tbody', null, r.points.map((x) => h('tr', null, h('td', null, x.texte), h('td', { class: 'nombre' }, nombre(x.modifies))))))));
    annoncer('Balayage terminé.');
  } catch (e) { replace(zone, h('p', { class: 'erreur', role: 'alert' }, erreurTexte(e))); }
}

async function exporter() {
  const zone = $('bac-export');
  try {
    const patch = await api('/bac-a-sable/correctif', { method: 'POST', body: changement(), text: true });
    telecharger('modification-regles.patch', patch, 'text/x-diff');
    zone.textContent = `Correctif téléchargé (${patch.split('\n').filter((l) => l.startsWith('+++')).length} fichier(s) modifié(s)), validé par un chargement complet de la base modifiée.`;
  } catch (e) { zone.textContent = erreurTexte(e); }
}

async function ecrire() {
  const zone = $('bac-export');
  if (!window.confirm('Écrire cette modification dans les règles en service ? Elle sera validée puis rechargée à chaud, comme une modification à la main.')) return;
  try {
    const r = await api('/bac-a-sable/ecrire', { method: 'POST', body: changement() });
    zone.textContent = `Règles modifiées : la base ${r.version} remplace ${r.avant}. Rechargez la page.`;
  } catch (e) { zone.textContent = erreurTexte(e); }
}

export function initBac() {
  $('bac-parametre').addEventListener('change', () => { choisirParametre(); reevaluerBientot(); });
  $('bac-valeur').addEventListener('input', () => { $('bac-curseur').value = $('bac-valeur').value; reevaluerBientot(); });
  $('bac-curseur').addEventListener('input', () => { $('bac-valeur').value = $('bac-curseur').value; reevaluerBientot(); });
  $('bac-regle').addEventListener('change', () => { const r = regle(); $('bac-poids').value = r ? String(r.poids) : ''; reevaluerBientot(); });
  $('bac-poids').addEventListener('input', reevaluerBientot);
  $('bac-form').addEventListener('submit', (event) => { event.preventDefault(); reevaluer(); });
  $('bac-annuler').addEventListener('click', () => { $('bac-parametre').value = ''; $('bac-regle').value = ''; $('bac-poids').value = ''; choisirParametre(); dernier = null; clear($('bac-bascules')); $('bac-resume').textContent = ''; for (const k of ['bascules', 'total', 'service', 'changement']) delete $('bac-resume').dataset[k]; dessinerCartes(); });
  document.querySelectorAll('input[name="bac-couleur"]').forEach((r) => r.addEventListener('change', () => lot && dessinerCartes()));
  $('balayage-form').addEventListener('submit', balayer);
  $('bac-correctif').addEventListener('click', exporter);
  const ecriture = document.querySelector('meta[name="cadrage-ecriture"]')?.content === 'oui';
  $('bac-ecrire').hidden = !ecriture;
  $('bac-ecrire').addEventListener('click', ecrire);
}
