// SVG drawings of the sandbox: the map of France (each territory at the population-weighted centre of its
// communes; overseas in insets) and the sweep chart. Built with DOM calls: names go into <title> text nodes.
import { s, nombre } from './dom.js';

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
export const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442', '#000000'];
export const SANS = '#9a9aa5';

const METROPOLE = { lat: [41.2, 51.2], lon: [-5.3, 9.7], x: 0, y: 0, w: 400, h: 390 };
const OUTRE_MER = [
  { nom: 'Guadeloupe', lat: [15.8, 16.55], lon: [-61.85, -60.95] },
  { nom: 'Martinique', lat: [14.35, 14.9], lon: [-61.25, -60.8] },
  { nom: 'Guyane', lat: [2.0, 5.9], lon: [-54.7, -51.5] },
  { nom: 'La Réunion', lat: [-21.42, -20.85], lon: [55.2, 55.85] },
  { nom: 'Mayotte', lat: [-13.05, -12.6], lon: [44.95, 45.35] },
].map((r, i) => ({ ...r, x: i * 80, y: 400, w: 76, h: 76 }));

function dans(r, lat, lon) {
  return lat >= r.lat[0] - 0.3 && lat <= r.lat[1] + 0.3 && lon >= r.lon[0] - 0.3 && lon <= r.lon[1] + 0.3;
}

function projeter(r, lat, lon) {
  const k = Math.cos(((r.lat[0] + r.lat[1]) / 2) * Math.PI / 180);
  const largeur = (r.lon[1] - r.lon[0]) * k;
  const hauteur = r.lat[1] - r.lat[0];
  const echelle = Math.min(r.w / largeur, r.h / hauteur);
  const ox = r.x + (r.w - largeur * echelle) / 2;
  const oy = r.y + (r.h - hauteur * echelle) / 2;
  return [ox + (lon - r.lon[0]) * k * echelle, oy + (r.lat[1] - lat) * echelle];
}

export function position(t) {
  if (t.lat === null || t.lat === undefined || t.lon === null || t.lon === undefined) return null;
  for (const r of [METROPOLE, ...OUTRE_MER]) if (dans(r, t.lat, t.lon)) return projeter(r, t.lat, t.lon);
  return null;
}

/**
 * The map: territories coloured by the option at their code (-1: none); `changes` (a Set of indexes) are outlined.
 */
export function carte({ titre, territoires, codes, options, changes }) {
  const placed = territoires.map((t, i) => ({ t, i, p: position(t) })).filter((x) => x.p);
  placed.sort((a, b) => (b.t.population ?? 0) - (a.t.population ?? 0));
  const svg = s('svg', { viewBox: '-4 -4 408 484', role: 'img', 'aria-label': `${titre} : ${placed.length} territoires placés${changes ? `, ${changes.size} changent` : ''}` },
    s('title', null, titre),
    s('rect', { x: '-4', y: '-4', width: '408', height: '484', fill: '#ffffff' }),
    OUTRE_MER.map((r) => [s('rect', { x: r.x, y: r.y, width: r.w, height: r.h, fill: 'none', stroke: '#c9c9d3' }),
      s('text', { x: r.x + 2, y: r.y + r.h - 2, 'font-size': '8', fill: '#4a4a55' }, r.nom)]));
  if (placed.length === 0) {
    ['Positions inconnues :', 'le lot ne donne pas les communes', 'de chaque territoire et leurs coordonnées.'].forEach((ligne, k) =>
      svg.append(s('text', { x: '200', y: String(170 + k * 20), 'text-anchor': 'middle', 'font-size': '15', fill: '#4a4a55' }, ligne)));
    return svg;
  }
  for (const { t, i, p } of placed) {
    const code = codes[i];
    const changed = changes?.has(i);
    const r = Math.min(6, 1.3 + Math.sqrt(t.population ?? 0) / 220);
    svg.append(s('circle', {
      cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: (changed ? r + 1.2 : r).toFixed(2),
      fill: code >= 0 ? PALETTE[code % PALETTE.length] : SANS,
      stroke: changed ? '#000000' : '#ffffff', 'stroke-width': changed ? '1.4' : '0.4',
      'data-index': String(i), class: changed ? 'change' : null,
    }, s('title', null, `${t.nom} : ${code >= 0 ? options[code].libelle : 'aucun scénario'}${changed ? ' (change)' : ''}`)));
  }
  return svg;
}

export function pastille(couleur, contour) {
  return s('svg', { width: '14', height: '14', viewBox: '0 0 14 14', 'aria-hidden': 'true' },
    s('circle', { cx: '7', cy: '7', r: '5.5', fill: couleur, stroke: contour ?? '#ffffff', 'stroke-width': contour ? '1.5' : '0.5' }));
}

/** The sweep chart: territories whose retained scenario differs from the rule set in service, per value. */
export function courbe({ titre, points, actuelle, unite }) {
  const W = 820; const H = 280; const m = { g: 56, d: 16, h: 16, b: 44 };
  const xs = points.map((p) => p.valeur);
  const x0 = Math.min(...xs); const x1 = Math.max(...xs);
  const ymax = Math.max(1, ...points.map((p) => p.modifies));
  const X = (v) => m.g + (x1 === x0 ? 0 : (v - x0) / (x1 - x0)) * (W - m.g - m.d);
  const Y = (v) => H - m.b - (v / ymax) * (H - m.h - m.b);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': titre },
    s('title', null, titre),
    s('line', { x1: m.g, y1: H - m.b, x2: W - m.d, y2: H - m.b, stroke: '#1b1b1f' }),
    s('line', { x1: m.g, y1: m.h, x2: m.g, y2: H - m.b, stroke: '#1b1b1f' }));
  for (let k = 0; k <= 4; k++) {
    const v = Math.round((ymax * k) / 4);
    svg.append(s('line', { x1: m.g - 4, y1: Y(v), x2: W - m.d, y2: Y(v), stroke: '#e3e3ea' }),
      s('text', { x: m.g - 8, y: Y(v) + 4, 'text-anchor': 'end', 'font-size': '11', fill: '#1b1b1f' }, nombre(v)));
  }
  const pas = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((p, k) => {
    if (k % pas === 0 || k === points.length - 1) {
      svg.append(s('text', { x: X(p.valeur), y: H - m.b + 16, 'text-anchor': 'middle', 'font-size': '11', fill: '#1b1b1f' }, nombre(p.valeur)));
    }
  });
  svg.append(s('text', { x: (W + m.g) / 2, y: H - 6, 'text-anchor': 'middle', 'font-size': '12', fill: '#1b1b1f' }, `valeur du seuil${unite ? ' (' + unite + ')' : ''}`),
    s('text', { x: 14, y: (H - m.b) / 2, transform: `rotate(-90 14 ${(H - m.b) / 2})`, 'text-anchor': 'middle', 'font-size': '12', fill: '#1b1b1f' }, 'territoires modifiés'));
  if (actuelle >= x0 && actuelle <= x1) {
    svg.append(s('line', { x1: X(actuelle), y1: m.h, x2: X(actuelle), y2: H - m.b, stroke: '#a1161b', 'stroke-dasharray': '5 4' }),
      s('text', { x: X(actuelle) + 4, y: m.h + 10, 'font-size': '11', fill: '#a1161b' }, 'valeur en service'));
  }
  svg.append(s('polyline', { points: points.map((p) => `${X(p.valeur).toFixed(1)},${Y(p.modifies).toFixed(1)}`).join(' '), fill: 'none', stroke: '#1d4ed8', 'stroke-width': '2' }));
  for (const p of points) {
    svg.append(s('circle', { cx: X(p.valeur).toFixed(1), cy: Y(p.modifies).toFixed(1), r: '3.5', fill: '#1d4ed8' },
      s('title', null, `${p.texte} : ${nombre(p.modifies)} territoire(s) modifié(s)`)));
  }
  return svg;
}
