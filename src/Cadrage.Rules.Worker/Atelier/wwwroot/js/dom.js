// Small DOM helpers. Every text a profile, a rule or a result contains goes through text nodes, never parsed as markup.

const SVG = 'http://www.w3.org/2000/svg';

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function setAttributes(element, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (name === 'for') element.setAttribute('for', value);
    else if (name === 'value' && 'value' in element) element.value = value;
    else if (name === 'checked' || name === 'selected' || name === 'disabled' || name === 'hidden') element[name] = Boolean(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  return element;
}

/** An HTML element: h('p', {class: 'aide'}, 'texte', child…). */
export function h(tag, attrs, ...children) {
  return append(setAttributes(document.createElement(tag), attrs), children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return append(setAttributes(document.createElementNS(SVG, tag), attrs), children);
}

export function clear(element) {
  while (element.firstChild) element.firstChild.remove();
  return element;
}

export function replace(element, ...children) {
  clear(element);
  return append(element, children);
}

export const $ = (id) => document.getElementById(id);

const jeton = document.querySelector('meta[name="cadrage-jeton"]')?.content ?? '';

export class ApiError extends Error {
  constructor(title, detail, errors, status) {
    super(detail || title);
    this.title = title;
    this.detail = detail;
    this.errors = errors || [];
    this.status = status;
  }
}

/** A call to the atelier's JSON endpoints; carries the anti-forgery token; the key travels in the session cookie. */
export async function api(path, { method = 'GET', body, type = 'application/json', text = false } = {}) {
  const headers = { 'Accept': text ? 'text/plain, application/problem+json' : 'application/json', 'X-Cadrage-Jeton': jeton };
  if (body !== undefined) headers['Content-Type'] = type;
  const response = await fetch('/atelier/api' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { /* no body */ }
    if (response.status === 401) { window.location.assign('/'); }
    throw new ApiError(problem.title || `Erreur ${response.status}`, problem.detail || '', problem.erreurs, response.status);
  }
  return text ? response.text() : response.json();
}

const nombres = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
export const nombre = (x) => (x === null || x === undefined ? '' : nombres.format(x));
export const pourcent = (x) => new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(x);

/** Says something to screen readers (the status region). */
export function annoncer(message) {
  const region = $('annonce');
  if (region) { region.textContent = ''; setTimeout(() => { region.textContent = message; }, 30); }
}

export function erreurTexte(error) {
  if (error instanceof ApiError) {
    const lines = [error.title + (error.detail ? ' : ' + error.detail : '')];
    for (const e of error.errors || []) lines.push(`${e.chemin ?? ''} ${e.message ?? ''}`.trim());
    return lines.join('\n');
  }
  return 'Erreur : ' + (error?.message ?? error);
}

/** Debounce: the last call wins after a quiet delay. */
export function apaiser(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** Resolves once what was just put in the page has been painted (the frame after the next one starts). */
export function peint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export const certitudes = { 'etablie': 'établie', 'fragile': 'fragile', 'non-tranchee': 'non tranchée' };

export function certitude(c) {
  return h('span', { class: ['certitude', c] }, certitudes[c] ?? c);
}

/** Triggers the download of a text produced by a call (a patch). */
export function telecharger(nom, contenu, type) {
  const url = URL.createObjectURL(new Blob([contenu], { type }));
  const a = h('a', { href: url, download: nom, hidden: true });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 1000);
}
