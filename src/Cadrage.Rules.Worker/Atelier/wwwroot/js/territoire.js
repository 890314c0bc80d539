// Consultants: choose a territory (search, paste, upload), adjust its indicators in a form generated from the
// catalogue, evaluate, read the scenarios; reopen a past evaluation.
import { h, $, api, replace, clear, annoncer, erreurTexte, apaiser, nombre, peint } from './dom.js';
import { afficherResultat, surPourquoiPas, pourquoiPasCarte, contrefactuelCarte } from './resultat.js';

const ADJUSTED = 'Ajustée dans l\'atelier';
let catalogue = null;
let origine = null;      // the profile as chosen (JSON object)
let mesures = 0;         // evaluations shown (data-mesure: a new figure in data-duree)
export const etat = { profil: null, resultat: null, evaluation: null };

export function valeurDe(entry) {
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry.valeur : entry;
}

function meta(entry) {
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry : {};
}

const egal = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** A list of search results as buttons; choose(result) when one is picked. */
export function listeRecherche(input, list, choose) {
  const chercher = apaiser(async () => {
    const q = input.value.trim();
    if (q.length < 2) { clear(list); return; }
    try {
      const results = await api('/territoires?q=' + encodeURIComponent(q));
      replace(list, results.length ? results.map((t) => h('li', null, h('button', {
        type: 'button', 'data-id': t.id,
        onclick: () => { clear(list); choose(t); },
      }, t.nom, ' ', h('span', { class: 'detail' }, `${t.id}${t.population ? ' · ' + nombre(t.population) + ' hab.' : ''}`)))) : [h('li', { class: 'aide' }, 'Aucun EPCI ne correspond.')]);
    } catch (e) { replace(list, h('li', { class: 'erreur' }, erreurTexte(e))); }
  }, 180);
  input.addEventListener('input', chercher);
  input.closest('form')?.addEventListener('submit', (event) => { event.preventDefault(); chercher(); });
}

export async function chargerCatalogue() {
  if (!catalogue) catalogue = await api('/referentiel');
  return catalogue;
}

function champ(d, entry) {
  const present = entry !== undefined;
  const value = present ? valeurDe(entry) : undefined;
  const m = meta(entry);
  const id = 'ind-' + d.id;
  const unite = d.unite ? ` (${d.unitePluriel ?? d.unite})` : '';
  const infos = [];
  if (present) infos.push(`Source : ${m.source ?? d.source}${m.millesime ? ', ' + m.millesime : ''}`);
  else infos.push('Non renseigné');
  const badges = [
    d.levier ? h('span', { class: 'badge levier', title: 'Le territoire peut le changer par une décision' }, 'levier') : null,
    m.illustratif ? h('span', { class: 'badge illustratif', title: 'Valeur donnée pour illustrer, non mesurée' }, 'valeur illustrative') : null,
  ];
  const aide = h('p', { class: 'meta', id: id + '-aide' }, infos.join(' · '), badges);
  let control;
  if (d.type === 'nombre' || d.type === 'entier') {
    control = [h('label', { for: id }, d.libelle, unite), h('input', {
      id, type: 'number', inputmode: 'decimal', step: d.type === 'entier' ? '1' : 'any', min: d.min ?? undefined, max: d.max ?? undefined,
      value: present && value !== null ? String(value) : '', 'aria-describedby': id + '-aide', 'data-indicateur': d.id,
    })];
  } else if (d.type === 'booleen') {
    control = [h('label', { for: id }, d.libelle), h('select', { id, 'aria-describedby': id + '-aide', 'data-indicateur': d.id },
      h('option', { value: '', selected: !present }, '— non renseigné —'),
      h('option', { value: 'true', selected: present && value === true }, 'oui'),
      h('option', { value: 'false', selected: present && value === false }, 'non'))];
  } else if (d.type === 'texte' && d.valeurs) {
    control = [h('label', { for: id }, d.libelle), h('select', { id, 'aria-describedby': id + '-aide', 'data-indicateur': d.id },
      h('option', { value: '', selected: !present }, '— non renseigné —'),
      d.valeurs.map((v) => h('option', { value: v.id, selected: present && value === v.id }, v.libelle)))];
  } else if (d.type === 'liste' && d.valeurs) {
    const list = Array.isArray(value) ? value : [];
    const inconnu = h('input', { type: 'checkbox', id: id + '-inconnu', checked: !present, 'data-inconnu': d.id });
    const cases = d.valeurs.map((v, i) => h('label', { class: 'case', for: `${id}-${i}` },
      h('input', { type: 'checkbox', id: `${id}-${i}`, value: v.id, checked: list.includes(v.id), disabled: !present, 'data-liste': d.id }), v.libelle));
    inconnu.addEventListener('change', () => { for (const c of cases) c.querySelector('input').disabled = inconnu.checked; });
    control = [h('fieldset', { 'aria-describedby': id + '-aide', id }, h('legend', null, d.libelle),
      h('label', { class: 'case', for: id + '-inconnu' }, inconnu, 'non renseigné'), cases)];
  } else {
    control = [h('label', { for: id }, d.libelle, unite), h('input', {
      id, type: 'text', value: present ? (Array.isArray(value) ? value.join(', ') : String(value ?? '')) : '', 'aria-describedby': id + '-aide', 'data-indicateur': d.id, 'data-texte': d.type,
    })];
  }
  return h('div', { class: 'indicateur', 'data-pour': d.id }, control, aide);
}

function lireChamp(d) {
  const id = 'ind-' + d.id;
  if (d.type === 'liste' && d.valeurs) {
    if ($(id + '-inconnu').checked) return undefined;
    return [...document.querySelectorAll(`input[data-liste="${d.id}"]`)].filter((c) => c.checked).map((c) => c.value);
  }
  const control = $(id);
  const raw = control.value.trim();
  if (raw === '') return undefined;
  if (d.type === 'nombre' || d.type === 'entier') {
    const n = Number(raw.replace(',', '.'));
    return Number.isFinite(n) ? n : raw;
  }
  if (d.type === 'booleen') return raw === 'true';
  if (d.type === 'liste') return raw.split(',').map((x) => x.trim()).filter(Boolean);
  return raw;
}

/** The profile to evaluate: the chosen one, with each adjusted value marked as adjusted here and illustrative. */
export function profilDuFormulaire() {
  const profil = structuredClone(origine);
  const indicateurs = profil.indicateurs ?? (profil.indicateurs = {});
  for (const d of catalogue.indicateurs) {
    if (!$('ind-' + d.id) && !$('ind-' + d.id + '-inconnu')) continue;
    const before = origine.indicateurs?.[d.id];
    const value = lireChamp(d);
    const wrapper = document.querySelector(`[data-pour="${d.id}"]`);
    if (value === undefined) {
      delete indicateurs[d.id];
    } else if (before !== undefined && egal(valeurDe(before), value)) {
      indicateurs[d.id] = before;
    } else {
      const ancien = before === undefined ? 'non renseignée' : JSON.stringify(valeurDe(before));
      indicateurs[d.id] = { valeur: value, source: `${ADJUSTED} (valeur d'origine : ${ancien})`, illustratif: true };
    }
    const changed = !egal(before === undefined ? undefined : valeurDe(before), value);
    wrapper?.classList.toggle('modifie', changed);
  }
  return profil;
}

function construireFormulaire(profil) {
  const champs = $('profil-champs');
  const groupes = new Map();
  for (const d of catalogue.indicateurs) {
    const theme = d.theme ?? 'Autres indicateurs';
    if (!groupes.has(theme)) groupes.set(theme, []);
    groupes.get(theme).push(d);
  }
  replace(champs, [...groupes].map(([theme, ds], i) => h('details', { open: i < 2, class: 'groupe' },
    h('summary', null, `${theme.charAt(0).toUpperCase()}${theme.slice(1)} (${ds.filter((d) => profil.indicateurs?.[d.id] !== undefined).length}/${ds.length})`),
    ds.map((d) => champ(d, profil.indicateurs?.[d.id])))));
  $('profil-titre').textContent = `${profil.nom ?? 'Profil'}${profil.id ? ' (' + profil.id + ')' : ''}`;
  $('profil-form').hidden = false;
}

/** Loads a profile (JSON object) into the form and evaluates it. */
export async function choisirProfil(profil, { evaluer = true } = {}) {
  await chargerCatalogue();
  origine = profil;
  etat.profil = profil;
  construireFormulaire(profil);
  if (evaluer) await evaluerFormulaire();
}

export async function evaluerFormulaire() {
  const bouton = $('evaluer');
  const zone = $('resultat');
  bouton.disabled = true;
  const debut = performance.now();
  try {
    const profil = profilDuFormulaire();
    const reponse = await api('/evaluations', { method: 'POST', body: profil });
    etat.resultat = reponse.resultat;
    etat.evaluation = reponse.id;
    etat.profil = profil;
    afficherResultat(zone, reponse.resultat, { id: reponse.id });
    const retenu = reponse.resultat.scenarios.find((x) => x.retenu);
    // From the click to the frame that shows the result (the figure docs/performance.md reports).
    await peint();
    zone.dataset.duree = String(Math.round(performance.now() - debut));
    zone.dataset.mesure = String(++mesures);
    annoncer(`Évaluation terminée : ${reponse.resultat.scenarios.length} scénario(s)${retenu ? ', retenu : ' + retenu.intitule : ''}.`);
  } catch (e) {
    replace(zone, h('p', { class: 'erreur', role: 'alert' }, erreurTexte(e)));
  } finally {
    bouton.disabled = false;
  }
}

export async function rouvrir(id) {
  const entree = await api('/evaluations/' + encodeURIComponent(id));
  let profil = null;
  try { profil = JSON.parse(entree.profil); } catch { profil = null; }
  if (profil) await choisirProfil(profil, { evaluer: false });
  etat.resultat = entree.resultat;
  etat.evaluation = entree.id;
  afficherResultat($('resultat'), entree.resultat, { id: entree.id, date: entree.date, origine: `évaluation passée (${entree.origine})` });
  annoncer(`Évaluation du ${entree.date} rouverte.`);
}

async function chargerTexte(texte) {
  const erreur = $('profil-erreur');
  erreur.hidden = true;
  const t = texte.trim();
  if (!t) return;
  try {
    if (t.startsWith('{')) {
      let profil;
      try { profil = JSON.parse(t); } catch (e) { throw new Error('JSON illisible : ' + e.message); }
      await choisirProfil(profil);
      return;
    }
    const lu = await api('/profils/csv', { method: 'POST', body: t, type: 'text/csv' });
    if (lu.erreurs.length) { erreur.textContent = lu.erreurs.join('\n'); erreur.hidden = false; }
    if (lu.profils.length === 1) { await choisirProfil(lu.profils[0]); clear($('csv-choix')); return; }
    replace($('csv-choix'), lu.profils.map((p) => h('li', null, h('button', { type: 'button', onclick: () => choisirProfil(p) }, p.nom ?? p.id, ' ', h('span', { class: 'detail' }, p.id ?? '')))));
  } catch (e) {
    erreur.textContent = erreurTexte(e);
    erreur.hidden = false;
  }
}

/** « Pourquoi pas cette option ? » on the profile shown: its « pourquoi pas » and what would make it win. */
async function pourquoiPas(option, zone) {
  if (!etat.profil) return;
  replace(zone, h('p', { class: 'aide' }, 'Recherche de ce qui manque à cette option…'));
  try {
    const r = await api('/explications?option=' + encodeURIComponent(option), { method: 'POST', body: etat.profil });
    const [question, id] = option.split(':');
    const ex = r.explications;
    const pourquoi = (ex.pourquoiPas || []).filter((w) => w.question === question && w.alternative.id === id);
    const changer = (ex.contrefactuels || []).filter((c) => c.cible === option);
    replace(zone,
      pourquoi.length ? h('ul', null, pourquoi.map(pourquoiPasCarte)) : h('p', null, 'Cette option fait déjà partie de la réponse retenue.'),
      changer.length ? [h('p', null, h('strong', null, 'Ce qui la ferait retenir :')), h('ul', null, changer.map(contrefactuelCarte))] : null);
    annoncer('Réponse à « pourquoi pas » prête.');
  } catch (e) {
    replace(zone, h('p', { class: 'erreur', role: 'alert' }, erreurTexte(e)));
  }
}

export function initTerritoire() {
  surPourquoiPas(pourquoiPas);
  listeRecherche($('recherche'), $('recherche-resultats'), async (t) => {
    $('recherche').value = t.nom;
    try {
      const profil = await api('/territoires/' + encodeURIComponent(t.id));
      await choisirProfil(profil);
    } catch (e) { replace($('resultat'), h('p', { class: 'erreur', role: 'alert' }, erreurTexte(e))); }
  });
  $('profil-charger').addEventListener('click', () => chargerTexte($('profil-texte').value));
  $('profil-fichier').addEventListener('change', async (event) => {
    const file = event.target.files?.[0];
    $('profil-fichier-nom').textContent = file ? file.name : 'Aucun fichier choisi';
    if (!file) return;
    const texte = await file.text();
    $('profil-texte').value = texte.length < 200000 ? texte : '';
    await chargerTexte(texte);
  });
  $('profil-form').addEventListener('submit', (event) => { event.preventDefault(); evaluerFormulaire(); });
  $('profil-form').addEventListener('change', () => profilDuFormulaire());
  $('reinitialiser').addEventListener('click', () => { if (origine) choisirProfil(origine); });
}
