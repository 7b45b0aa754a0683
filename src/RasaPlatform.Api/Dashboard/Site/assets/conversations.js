// The conversation list: every filter of GET /api/conversations as a control, the filters in the URL (so a view can
// be shared and reloaded), paging with the total, sorting, and the whole list as CSV.
import { call, download, formatNumber, formatTime, getJson, h, hashQuery, notice, route } from './api.js';

/**
 * The listing's filters as the page shows them: [parameter, label, kind, hint]. The parameters are the contract's
 * (spec/openapi.yaml, GET /conversations); a browser test holds this list to the served contract, so a filter added
 * there and not here fails it.
 */
const Filters = [
  ['assistant', 'Assistants', 'text', 'comma-separated'],
  ['intent', 'Intents', 'names', 'comma-separated', '/conversationIntents'],
  ['entity', 'Entities', 'names', 'comma-separated', '/conversationEntities'],
  ['action', 'Actions', 'names', 'comma-separated', '/conversationActions'],
  ['policies', 'Policies', 'names', 'comma-separated', '/conversationPolicies'],
  ['input_channels', 'Input channels', 'names', 'comma-separated', '/conversationInputChannels'],
  ['text', 'User text', 'text', 'words the user wrote'],
  ['start', 'Latest user message from', 'time', 'ISO-8601 or Unix seconds'],
  ['until', 'Latest user message until', 'time', 'ISO-8601 or Unix seconds, inclusive'],
  ['minimumUserMessages', 'At least user messages', 'count'],
  ['minimumConfidence', 'Lowest action confidence ≥', 'confidence'],
  ['maximumConfidence', 'Lowest action confidence ≤', 'confidence'],
  ['minimumNluConfidence', 'Lowest intent confidence ≥', 'confidence'],
  ['maximumNluConfidence', 'Lowest intent confidence ≤', 'confidence'],
  ['in_training_data', 'In training data', 'flag'],
  ['is_flagged', 'Has flagged messages', 'flag'],
  ['has_corrections', 'Has intent corrections', 'flag'],
  ['in_progress', 'Session in progress', 'flag'],
  ['review_status', 'Review status', 'text', 'unread, reviewed, saved_for_later'],
  ['tags', 'Tag names', 'text', 'comma-separated'],
  ['tags_any', 'Tag ids', 'text', 'comma-separated'],
  ['slots', 'Slots', 'text', 'name:value, comma-separated'],
  ['marker', 'Markers applied', 'text', 'comma-separated'],
  ['marker_not', 'Markers never applied', 'text', 'comma-separated'],
  ['sort_by_latest_event_time', 'Latest activity first', 'flag'],
  ['sort_by_confidence', 'By action confidence (with “in training data: no”)', 'flag'],
];

const PageSizes = [25, 50, 100, 250];

export async function renderConversations(content, signal) {
  const query = hashQuery();
  const filters = Object.fromEntries(Filters.map(([key]) => [key, query[key] ?? '']).filter(([, value]) => value !== ''));
  const limit = Number(query.limit) || 50;
  const offset = Number(query.offset) || 0;

  const table = h('div', { class: 'list-body' }, notice('Loading…'));
  content.replaceChildren(h('h1', {}, 'Conversations'), filterForm(filters, limit), table);

  const response = await call('/conversations', { query: { ...filters, limit, offset } });
  const rows = await response.json();
  if (signal.aborted) return;
  const total = Number(response.headers.get('X-Total-Count') ?? rows.length);
  const next = response.headers.get('next_offset');

  const go = changes => { location.hash = route('#/conversations', { ...filters, limit, offset, ...changes }); };
  const sortedByLatest = filters.sort_by_latest_event_time !== 'false';
  const summary = h('div', { class: 'list-summary' },
    h('span', { id: 'total', dataset: { total } },
      total === 0 ? 'No conversation matches.' : `${formatNumber(offset + 1)}–${formatNumber(offset + rows.length)} of ${formatNumber(total)}`),
    h('button', { type: 'button', class: 'secondary', disabled: offset === 0, onclick: () => go({ offset: Math.max(0, offset - limit) }) }, '← Previous'),
    h('button', { type: 'button', class: 'secondary', disabled: next === null, onclick: () => go({ offset: next }) }, 'Next →'),
    h('label', { class: 'inline' }, 'Per page ',
      h('select', { id: 'limit', onchange: event => go({ limit: event.target.value, offset: 0 }) },
        PageSizes.map(size => h('option', { value: size, selected: size === limit }, size)))),
    h('button', { type: 'button', class: 'secondary', id: 'csv', onclick: () => download('/conversations', { ...filters, offset: 0, format: 'csv', all: true }, 'conversations.csv') }, 'Download all as CSV'));

  if (rows.length === 0) {
    table.replaceChildren(summary);
    return;
  }

  const sortHeader = h('th', {}, h('button', {
    type: 'button', class: 'link', title: 'Change the order',
    onclick: () => go({ sort_by_latest_event_time: sortedByLatest ? 'false' : '', offset: 0 }),
  }, `Latest activity ${sortedByLatest ? '↓' : '(first stored first)'}`));
  table.replaceChildren(summary, h('table', { class: 'list' },
    h('thead', {}, h('tr', {},
      h('th', {}, 'Conversation'), h('th', {}, 'Assistant'), sortHeader, h('th', {}, 'Channel'),
      h('th', { class: 'number' }, 'User msgs'), h('th', {}, 'Intents'), h('th', { class: 'number' }, 'Lowest action conf.'),
      h('th', { class: 'number' }, 'Flags'), h('th', {}, 'Review'), h('th', {}, 'Tags'))),
    h('tbody', {}, rows.map(row => h('tr', { dataset: { sender: row.sender_id } },
      h('td', {}, h('a', { href: `#/conversation/${encodeURIComponent(row.sender_id)}` }, row.sender_id)),
      h('td', {}, row.assistant_id ?? ''),
      h('td', {}, formatTime(row.latest_event_time)),
      h('td', {}, row.latest_input_channel ?? ''),
      h('td', { class: 'number' }, formatNumber(row.n_user_messages)),
      h('td', { class: 'names' }, row.intents.slice(0, 4).join(', ') + (row.intents.length > 4 ? ` +${row.intents.length - 4}` : '')),
      h('td', { class: 'number' }, formatNumber(row.minimum_action_confidence)),
      h('td', { class: 'number' }, row.flagged_messages.length || ''),
      h('td', {}, row.review_status.replaceAll('_', ' ')),
      h('td', {}, row.tags.map(tag => h('span', { class: 'chip' }, tag.name))))))));
}

function filterForm(filters, limit) {
  const controls = Filters.map(([key, label, kind, hint, names]) => {
    const id = `filter-${key}`;
    const value = filters[key] ?? '';
    let control;
    if (kind === 'flag') {
      control = h('select', { id, name: key },
        h('option', { value: '' }, 'either'), h('option', { value: 'true', selected: value === 'true' }, 'yes'), h('option', { value: 'false', selected: value === 'false' }, 'no'));
    } else if (kind === 'count' || kind === 'confidence') {
      control = h('input', { id, name: key, type: 'number', min: 0, max: kind === 'confidence' ? 1 : undefined, step: kind === 'confidence' ? 'any' : 1, value });
    } else {
      control = h('input', { id, name: key, type: 'text', value, placeholder: hint ?? '', list: names ? `${id}-names` : undefined, autocomplete: 'off' });
    }
    const field = h('label', { class: 'field' }, h('span', {}, label), control);
    if (names) field.append(namesList(control, names, filters.assistant));
    return field;
  });
  const form = h('form', { class: 'filters', id: 'filters', onsubmit: event => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(event.target)].filter(([, v]) => v !== ''));
    location.hash = route('#/conversations', { ...values, limit, offset: 0 });
  } },
  h('div', { class: 'filter-grid' }, controls),
  h('div', { class: 'filter-actions' },
    h('button', { type: 'submit' }, 'Filter'),
    h('a', { href: route('#/conversations', { limit }), class: 'button secondary' }, 'Clear')));
  const active = Object.keys(filters).length;
  return h('details', { class: 'filter-panel', open: active > 0 || undefined }, h('summary', {}, `Filters${active ? ` (${active} set)` : ''}`), form);
}

/** Suggestions for a names filter, from the distinct-name lists, loaded when the control is first focused. */
function namesList(control, path, assistant) {
  const list = h('datalist', { id: control.getAttribute('list') });
  control.addEventListener('focus', async () => {
    const names = await getJson(path, { assistant }).catch(() => []);
    list.replaceChildren(...names.slice(0, 500).map(name => h('option', { value: name })));
  }, { once: true });
  return list;
}
