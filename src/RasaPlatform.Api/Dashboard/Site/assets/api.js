// The API client, the signed-in token, and the small helpers every view shares.
// The token lives in this tab's sessionStorage only: never in a URL, never in a cookie the API would accept.

const TokenKey = 'rasaplatform.token';

const InfoKey = 'rasaplatform.token-info';

export const session = {
  get token() { return sessionStorage.getItem(TokenKey); },
  set token(value) {
    sessionStorage.removeItem(InfoKey);
    if (value) sessionStorage.setItem(TokenKey, value); else sessionStorage.removeItem(TokenKey);
  },
  /** GET /api/token's answer for the current token: { id, name, role, limited, assistants }; kept with the token. */
  get info() { return JSON.parse(sessionStorage.getItem(InfoKey) ?? 'null'); },
  set info(value) {
    if (value) sessionStorage.setItem(InfoKey, JSON.stringify(value)); else sessionStorage.removeItem(InfoKey);
  },
  get canManage() { return this.info?.role === 'manage'; },
};

/** ECharts, run on first use (index.html preloads it): the page's API calls go out before the browser reads it. */
let charts;
export function loadCharts() {
  charts ??= new Promise((resolve, reject) => {
    const script = h('script', { src: document.getElementById('chart-library').href });
    script.addEventListener('load', () => resolve(window.echarts));
    script.addEventListener('error', () => reject(new Error('The chart library did not load.')));
    document.head.append(script);
  });
  return charts;
}

/** A refused or failed call, with the problem details the API answered. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describeProblem(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

function describeProblem(status, problem) {
  if (!problem) return `The service answered ${status}.`;
  const fields = problem.errors ? Object.entries(problem.errors).map(([k, v]) => `${k}: ${[].concat(v).join(' ')}`) : [];
  return [problem.title, problem.detail, ...fields].filter(Boolean).join(' — ');
}

/** Listeners told when the service refuses the token (401), so the shell can ask for another. */
const unauthorized = new Set();
export const onUnauthorized = listener => unauthorized.add(listener);

/**
 * Calls the API at /api + path with the signed-in token. query: an object of parameters (empty values left out);
 * body: JSON to send. Answers the Response; throws ApiError for any status but 2xx.
 */
export async function call(path, { method = 'GET', query, body, accept = 'application/json', token = session.token } = {}) {
  const url = new URL('/api' + path, location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  const headers = { Accept: accept };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    if (response.status === 401 && token === session.token) unauthorized.forEach(listener => listener());
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** GET as JSON. */
export const getJson = async (path, query) => (await call(path, { query })).json();

/** Downloads what the API answers as a file: a link cannot carry the token, so the page fetches and saves it. */
export async function download(path, query, fallbackName, accept = '*/*') {
  const response = await call(path, { query, accept });
  const blob = await response.blob();
  const link = h('a', { href: URL.createObjectURL(blob), download: fileName(response) ?? fallbackName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function fileName(response) {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const exact = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (exact) return decodeURIComponent(exact[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

/**
 * Builds an element: h('a', { href, class: 'x', onclick }, 'text', child). Text is always text (never HTML), so
 * nothing the API returns can run as script.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  element.append(...children.flat(Infinity).filter(child => child !== undefined && child !== null && child !== false)
    .map(child => child instanceof Node ? child : document.createTextNode(String(child))));
  return element;
}

/** The route's query (after '?' in the hash) as an object of strings. */
export function hashQuery() {
  const at = location.hash.indexOf('?');
  return Object.fromEntries(new URLSearchParams(at < 0 ? '' : location.hash.slice(at + 1)));
}

/** A hash route with its query, empty values left out: route('#/conversations', { intent: 'greet' }). */
export function route(path, query = {}) {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') parameters.set(key, String(value));
  }
  const text = parameters.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * A number with thousands separated by commas and at most two decimals (1,234.57). Written out rather than with
 * Intl.NumberFormat, whose first use costs the page 40 ms of its first render.
 */
export function formatNumber(value) {
  if (value === null || value === undefined) return '—';
  const [whole, fraction] = (Math.round(value * 100) / 100).toFixed(2).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = fraction.replace(/0+$/, '');
  return decimals ? `${grouped}.${decimals}` : grouped;
}

/** A Unix time in seconds as a local date and time, in the time zone given (the browser's by default). */
export function formatTime(seconds, timeZone) {
  if (seconds === null || seconds === undefined) return '—';
  return new Date(seconds * 1000).toLocaleString(undefined, {
    timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

/** The change from previous to current, as a signed percentage, or null when there was nothing before. */
export function change(current, previous) {
  if (previous === undefined || previous === null) return null;
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / previous * 100;
}

/** The UTC instant (Unix seconds) of the start of the local date (YYYY-MM-DD) in an IANA time zone. */
export function startOfLocalDate(date, timeZone) {
  const [year, month, day] = date.split('-').map(Number);
  const guess = Date.UTC(year, month - 1, day);
  // The zone's offset at the guess, then again at the corrected instant (a change of clocks that day moves it).
  let instant = guess - offsetAt(guess, timeZone);
  instant = guess - offsetAt(instant, timeZone);
  return instant / 1000;
}

function offsetAt(epochMs, timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(epochMs)).map(part => [part.type, part.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/** A message shown in place of a view's content. */
export const notice = (text, kind = 'info') => h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
