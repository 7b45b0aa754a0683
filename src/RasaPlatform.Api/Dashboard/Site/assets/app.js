// The dashboard's shell: sign-in with an API token, then the view the URL's hash names.
//   #/                          the overview (its controls in the hash's query)
//   #/conversations?FILTERS     the conversation list, every listing filter in the query
//   #/conversation/SENDER_ID    one conversation
import { ApiError, call, h, notice, onUnauthorized, session } from './api.js';
import { renderOverview } from './overview.js';

performance.mark('rasaplatform:app-start');
const view = document.getElementById('view');

/** Each render gets a signal; a newer navigation aborts the older one's late answers from reaching the page. */
let current = new AbortController();

async function show() {
  current.abort();
  current = new AbortController();
  const signal = current.signal;
  if (!session.token) return signIn();

  // Who the token is, asked beside the page's own calls (and kept for the tab): a refused token signs out either way.
  const described = session.info ? Promise.resolve(true) : describeToken(session.token);
  described.then(known => { if (known) showWho(); else if (!signal.aborted) signIn('The service does not know this token, or it was revoked.'); }, () => {});

  const path = location.hash.replace(/^#/, '').split('?')[0] || '/';
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('active', path === '/' ? link.dataset.nav === 'overview' : path.startsWith(`/${link.dataset.nav}`));
  }

  const content = h('div', { class: 'content' });
  view.replaceChildren(content);
  try {
    if (path === '/' || path === '') await renderOverview(content, signal);
    // The list and the conversation are loaded when first opened: the overview, the usual first page, reads less.
    else if (path === '/conversations') await (await import('./conversations.js')).renderConversations(content, signal);
    else if (path.startsWith('/conversation/')) {
      // What the conversation offers depends on the token's role.
      const { renderConversation } = await import('./conversation.js');
      if (await described) await renderConversation(content, decodeURIComponent(path.slice('/conversation/'.length)), signal);
    } else content.replaceChildren(notice('No such page.', 'error'), h('a', { href: '#/' }, 'Back to the overview'));
  } catch (error) {
    if (signal.aborted || (error instanceof ApiError && error.status === 401)) return;
    content.append(notice(error instanceof ApiError ? error.message : `Something went wrong: ${error.message}`, 'error'));
  }
}

function showWho() {
  const info = session.info;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  const limits = info.limited ? ` · ${info.assistants.join(', ')}` : '';
  document.getElementById('who-name').textContent = `${info.name || info.id} (${info.role}${limits})`;
}

/** Asks the service who the token is and keeps both; false (and nothing kept) when it refuses the token. */
async function describeToken(token) {
  try {
    const info = await (await call('/token', { token })).json();
    session.token = token;
    session.info = info;
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      if (session.token === token) session.token = null;
      return false;
    }
    throw error;
  }
}

function signIn(message) {
  current.abort();
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false',
    placeholder: 'rp_…', 'aria-describedby': 'token-help',
  });
  const status = h('p', { class: 'notice error', role: 'alert', hidden: !message }, message ?? '');
  const form = h('form', { class: 'sign-in', onsubmit: async event => {
    event.preventDefault();
    status.hidden = true;
    const token = input.value.trim();
    try {
      if (await describeToken(token)) return show();
      status.textContent = 'The service does not know this token, or it was revoked.';
    } catch (error) {
      status.textContent = error.message;
    }
    status.hidden = false;
  } },
  h('h1', {}, 'Sign in'),
  h('label', { for: 'token' }, 'API token'),
  input,
  h('p', { id: 'token-help', class: 'help' },
    'A view token reads everything; a manage token may also flag, tag, review and correct. Create one with ',
    h('code', {}, 'dotnet run --project src/RasaPlatform.Api -- tokens create --role view'),
    '. The token stays in this tab only.'),
  h('button', { type: 'submit' }, 'Sign in'),
  status);
  view.replaceChildren(form);
  input.focus();
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.token = null;
  location.hash = '#/';
  signIn();
});

onUnauthorized(() => {
  session.token = null;
  signIn('The service no longer accepts this token; sign in again.');
});

window.addEventListener('hashchange', show);
show();
