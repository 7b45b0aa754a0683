// One conversation: its transcript with every event, its markers, and what a reviewer does with it (flag and unflag
// messages, correct intents, tag, set the review status) when the token may; the two debug dumps to download.
import { ApiError, call, download, formatNumber, formatTime, getJson, h, notice, session } from './api.js';

const ReviewStatuses = [['unread', 'Unread'], ['reviewed', 'Reviewed'], ['saved_for_later', 'Saved for later']];

export async function renderConversation(content, senderId, signal) {
  const path = `/conversations/${encodeURIComponent(senderId)}`;
  content.replaceChildren(h('h1', {}, senderId), notice('Loading…'));
  const [conversation, messages, markers] = await Promise.all([
    getJson(path),
    getJson(`${path}/messages`),
    getJson(`${path}/markers`),
  ]);
  if (signal.aborted) return;

  const refresh = () => renderConversation(content, senderId, signal);
  const flagged = new Set(messages.filter(m => m.is_flagged).map(m => m.timestamp));
  const corrected = new Map(messages.filter(m => m.corrected_intent).map(m => [m.timestamp, m.corrected_intent]));
  const applied = markersByEvent(markers);

  content.replaceChildren(
    h('h1', {}, senderId),
    header(path, conversation, refresh),
    h('div', { class: 'conversation' },
      h('ol', { class: 'transcript', 'aria-label': 'Transcript' },
        (conversation.events ?? []).map((event, index) => eventItem(path, event, index, { flagged, corrected, applied, refresh }))),
      h('aside', { class: 'side' }, slotsPanel(conversation), markersPanel(markers))));
}

function header(path, conversation, refresh) {
  const manage = session.canManage;
  // The select already shows the new status: nothing to draw again once it is stored; data-saved says it is.
  const review = h('select', { id: 'review-status', disabled: !manage, dataset: { saved: conversation.review_status }, onchange: async event => {
    const status = event.target.value;
    await act(() => call(`${path}/reviewStatus`, { method: 'PUT', body: { review_status: status } }), async () => { review.dataset.saved = status; });
  } }, ReviewStatuses.map(([value, label]) => h('option', { value, selected: value === conversation.review_status }, label)));

  const tags = h('div', { class: 'tags', id: 'tags' }, conversation.tags.map(tag => h('span', { class: 'chip', dataset: { tag: tag.id } }, tag.name,
    manage && h('button', { type: 'button', class: 'chip-remove', title: `Remove ${tag.name}`, 'aria-label': `Remove tag ${tag.name}`,
      onclick: () => act(() => call(`${path}/tags/${tag.id}`, { method: 'DELETE' }), refresh) }, '×'))));
  if (manage && conversation.assistant_id) tags.append(tagPicker(path, conversation, refresh));

  return h('div', { class: 'conversation-header' },
    h('dl', {},
      h('dt', {}, 'Assistant'), h('dd', {}, conversation.assistant_id ?? '—'),
      h('dt', {}, 'Latest event'), h('dd', {}, formatTime(conversation.latest_event_time)),
      h('dt', {}, 'Channel'), h('dd', {}, conversation.latest_input_channel ?? '—'),
      h('dt', {}, 'Review'), h('dd', {}, review),
      h('dt', {}, 'Tags'), h('dd', {}, tags)),
    h('div', { class: 'downloads' },
      h('button', { type: 'button', class: 'secondary', id: 'dump-json', onclick: () => download(`${path}/debug-dump.json`, {}, 'debug-dump.json') }, 'Debug dump (JSON)'),
      h('button', { type: 'button', class: 'secondary', id: 'dump-md', onclick: () => download(`${path}/debug-dump.md`, {}, 'debug-dump.md') }, 'Debug dump (Markdown)')));
}

/** Adds one of the assistant's tags, or a new one by name. */
function tagPicker(path, conversation, refresh) {
  const input = h('input', { id: 'tag-name', list: 'tag-names', placeholder: 'Add a tag…', size: 14, autocomplete: 'off' });
  const names = h('datalist', { id: 'tag-names' });
  let known = [];
  getJson('/conversationTags', { assistantName: conversation.assistant_id }).then(tags => {
    known = tags;
    names.replaceChildren(...tags.filter(t => !conversation.tags.some(c => c.id === t.id)).map(t => h('option', { value: t.name })));
  }).catch(() => {});
  return h('form', { class: 'inline', onsubmit: event => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    act(async () => {
      let tag = known.find(t => t.name === name);
      if (!tag) tag = await (await call('/conversationTags', { method: 'POST', body: { assistantName: conversation.assistant_id, name } })).json();
      await call(`${path}/tags/${tag.id}`, { method: 'PUT' });
    }, refresh);
  } }, input, names, h('button', { type: 'submit', class: 'secondary' }, 'Add'));
}

function eventItem(path, event, index, { flagged, corrected, applied, refresh }) {
  const time = h('time', { class: 'time' }, formatTime(event.timestamp));
  const marks = applied.get(index);
  const markerChips = marks && h('div', { class: 'marker-chips' }, marks.map(name => h('span', { class: 'chip marker' }, `◆ ${name}`)));
  const item = (kind, ...children) => h('li', { class: `event ${kind}`, dataset: { index, type: event.event } }, time, ...children, markerChips);
  switch (event.event) {
    case 'user': return item('user', userMessage(path, event, { flagged, corrected, refresh }));
    case 'bot': return item('bot', h('div', { class: 'bubble' }, event.text ?? ''),
      buttons(event.data?.buttons), actions(flagControl(path, event, flagged, refresh)));
    case 'agent': return item('bot', h('div', { class: 'bubble' }, event.text ?? ''), actions(flagControl(path, event, flagged, refresh)));
    case 'action': return item(event.name === 'action_listen' ? 'listen' : 'action', h('div', { class: 'detail' },
      h('code', {}, event.name), event.policy ? ` · ${stripPolicyIndex(event.policy)}` : '', event.confidence !== undefined && event.confidence !== null ? ` · ${formatNumber(event.confidence)}` : ''));
    case 'slot': return item('slot', h('div', { class: 'detail' }, 'slot ', h('code', {}, event.name), ' = ', h('code', {}, JSON.stringify(event.value))));
    case 'active_loop':
    case 'form': return item('loop', h('div', { class: 'detail' }, event.name ? ['loop ', h('code', {}, event.name), ' active'] : 'loop ended'));
    case 'restart': return item('separator', h('div', { class: 'detail' }, 'Conversation restarted'));
    case 'session_started': return item('separator', h('div', { class: 'detail' }, 'Session started'));
    default: return item('other', h('div', { class: 'detail' }, h('code', {}, event.event), event.name ? ` ${event.name}` : ''));
  }
}

function userMessage(path, event, { flagged, corrected, refresh }) {
  const intent = event.parse_data?.intent;
  const entities = event.parse_data?.entities ?? [];
  const correction = corrected.get(event.timestamp);
  const parts = [
    h('div', { class: 'bubble' }, event.text ?? ''),
    h('div', { class: 'detail' },
      intent?.name ? [h('code', { class: correction ? 'struck' : undefined }, intent.name), ` ${formatNumber(intent.confidence)}`] : 'no intent',
      correction ? [' → ', h('code', { class: 'corrected' }, correction)] : '',
      entities.length ? [' · ', entities.map(e => h('span', { class: 'chip entity' }, `${e.entity}=${e.value}`))] : '',
      event.input_channel ? ` · ${event.input_channel}` : ''),
    actions(flagControl(path, event, flagged, refresh), session.canManage && correctionControl(path, event, correction, refresh)),
  ];
  return parts;
}

function flagControl(path, event, flagged, refresh) {
  const isFlagged = flagged.has(event.timestamp);
  if (!session.canManage) return isFlagged ? h('span', { class: 'flag on' }, '⚑ flagged') : null;
  return h('button', {
    type: 'button', class: `flag ${isFlagged ? 'on' : ''}`, 'aria-pressed': String(isFlagged), dataset: { flag: event.timestamp },
    onclick: () => act(() => call(`${path}/messages/${event.timestamp}`, { method: isFlagged ? 'DELETE' : 'PUT' }), refresh),
  }, isFlagged ? '⚑ Unflag' : '⚐ Flag');
}

function correctionControl(path, event, correction, refresh) {
  const input = h('input', { placeholder: 'Correct intent…', value: correction ?? '', size: 14, 'aria-label': 'Corrected intent' });
  return h('form', { class: 'inline correction', onsubmit: submitted => {
    submitted.preventDefault();
    const intent = input.value.trim();
    act(() => intent
      ? call(`${path}/messages/${event.timestamp}/intent`, { method: 'PUT', body: { intent } })
      : call(`${path}/messages/${event.timestamp}/intent`, { method: 'DELETE' }), refresh);
  } }, input, h('button', { type: 'submit', class: 'secondary' }, correction ? 'Change' : 'Correct'));
}

const actions = (...controls) => controls.some(Boolean) ? h('div', { class: 'message-actions' }, controls) : null;
const buttons = list => list?.length ? h('div', { class: 'buttons' }, list.map(b => h('span', { class: 'chip' }, b.title ?? b.payload))) : null;
const stripPolicyIndex = policy => policy.replace(/^policy_\d+_/, '');

function slotsPanel(conversation) {
  const slots = Object.entries(conversation.slots ?? {});
  return h('section', {}, h('h2', {}, 'Slots'),
    slots.length === 0 ? notice('No slot set.') : h('dl', { class: 'slots' }, slots.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, h('code', {}, JSON.stringify(value)))])));
}

function markersPanel(markers) {
  if (markers.version === null || markers.version === undefined) return h('section', {}, h('h2', {}, 'Markers'), notice('The assistant defines no markers.'));
  return h('section', { id: 'markers' }, h('h2', {}, 'Markers'),
    markers.pending ? notice('Waiting for the metadata job; these are the results it last evaluated.') : null,
    markers.sessions.map(s => h('div', { class: 'marker-session' },
      h('h3', {}, `Session ${s.session_index + 1} · ${formatTime(s.start_time)}`),
      h('ul', {}, Object.entries(s.markers).map(([name, applications]) => h('li', { class: applications.length ? 'applied' : 'not-applied' },
        h('code', {}, name), applications.length ? ` applied ${applications.length}× (first after ${applications[0].preceding_user_turns} user turns)` : ' not applied'))))));
}

function markersByEvent(markers) {
  const byEvent = new Map();
  for (const s of markers.sessions ?? []) {
    for (const [name, applications] of Object.entries(s.markers)) {
      for (const a of applications) byEvent.set(a.event_index, [...(byEvent.get(a.event_index) ?? []), name]);
    }
  }
  return byEvent;
}

/** Runs a change, then what follows it (showing the conversation again); a refusal is shown above it. */
async function act(change, then) {
  try {
    await change();
    await then();
  } catch (error) {
    const message = error instanceof ApiError ? error.message : `Something went wrong: ${error.message}`;
    document.querySelector('.content')?.prepend(notice(message, 'error'));
  }
}
