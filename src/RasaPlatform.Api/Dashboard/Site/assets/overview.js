// The overview: analytics bins as charts, the statistics beside the previous period, marker shares over time.
// Every number on it is one the API answered (GET /analytics and /statistics with compare=previous); a click on a
// bin, a top name or a marker opens the conversation list filtered accordingly.
import { ApiError, change, download, formatNumber, getJson, h, hashQuery, loadCharts, notice, route, startOfLocalDate } from './api.js';

/**
 * The bins offered. Weekly is the default: calendar bins are answered from precomputed sums, while the API's own
 * default (ten equal bins from the first message, Rasa X's) must count distinct conversations over arbitrary spans.
 */
const Windows = [
  ['1w', 'Weekly'],
  ['1d', 'Daily'],
  ['PT1H', 'Hourly'],
  ['P1M', 'Monthly'],
  ['auto', 'Ten equal bins'],
];

const TopLists = [
  ['top_intents', 'Intents', 'intent'],
  ['top_entities', 'Entities', 'entity'],
  ['top_actions', 'Actions', 'action'],
  ['top_policies', 'Policies', 'policies'],
];

/** Just under a second's millionth: turns an exclusive end into the inclusive `until` the listing and statistics take. */
const Inclusive = 0.000001;

export async function renderOverview(content, signal) {
  const query = hashQuery();
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const controls = {
    assistant: query.assistant ?? '',
    from: query.from ?? '',
    to: query.to ?? '',
    window: query.window || Windows[0][0],
    tz: query.tz || browserZone,
  };

  const assistantsLoaded = getJson('/assistants');
  const form = controlsForm(controls, assistantsLoaded);
  const figures = h('section', { class: 'kpis', 'aria-label': 'Totals' });
  const charts = h('section', { class: 'charts' });
  const tops = h('section', { class: 'tops' });
  const markers = h('section', { class: 'markers' });
  content.replaceChildren(h('h1', {}, 'Overview'), form, figures, charts, markers, tops);

  // The range in UTC seconds: local dates in the chosen zone, `to` inclusive (its whole day).
  const start = controls.from ? startOfLocalDate(controls.from, controls.tz) : undefined;
  const end = controls.to ? startOfLocalDate(nextDate(controls.to), controls.tz) : undefined;
  const scope = { assistant: controls.assistant || undefined };

  // The previous period only for a range the analyst chose: before the first stored message (the default range's
  // start) there is nothing to compare with, and everything-so-far is the statistics' cheapest question.
  const compare = start !== undefined || end !== undefined ? 'previous' : undefined;
  const analyticsQuery = { ...scope, start, end, window: controls.window === 'auto' ? undefined : controls.window, tz: controls.tz, compare };
  const allTime = compare ? null : { ...scope, limit: 10 };
  const statisticsEarly = allTime && getJson('/statistics', allTime);

  let analytics;
  const analyticsLoaded = getJson('/analytics', analyticsQuery);

  // ECharts runs while those calls are out (its file is fetched already: index.html preloads it).
  const library = loadCharts();
  try {
    analytics = await analyticsLoaded;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      content.append(notice('No user message is stored yet: there is nothing to chart. Import conversations or point a Rasa tracker store at the service.'));
      return;
    }
    throw error;
  }
  if (signal.aborted) return;

  // The range as the service resolved it (defaults included), which the statistics and the click-through use.
  const rangeStart = start ?? analytics.bin_starts[0];
  const rangeEnd = end ?? analytics.bin_ends[analytics.bin_ends.length - 1];
  const statisticsQuery = allTime ?? { ...scope, start: rangeStart, until: rangeEnd - Inclusive, compare, limit: 10 };
  const statisticsLoaded = statisticsEarly ?? getJson('/statistics', statisticsQuery);
  const markersLoaded = definedMarkers(controls.assistant, assistantsLoaded);
  const echarts = await library;
  if (signal.aborted) return;

  const bins = analytics.bin_starts.map((binStart, i) => ({ start: binStart, end: analytics.bin_ends[i] }));
  const labels = binLabels(analytics.bin_starts, controls.window, controls.tz);
  const open = index => { location.hash = route('#/conversations', { ...scope, start: bins[index].start, until: bins[index].end - Inclusive }); };
  const previous = analytics.previous;
  charts.replaceChildren();
  chart(echarts, charts, 'conversations', 'Conversations', labels, [
    bar('Conversations', analytics.conversations),
    bar('New users', analytics.new_users),
    previous && line('Previous period', previous.conversations, true),
  ], open);
  chart(echarts, charts, 'messages', 'Messages', labels, [
    bar('User messages', analytics.user_messages, 'messages'),
    bar('Bot messages', analytics.bot_messages, 'messages'),
    previous && line('Previous period (all)', previous.total_messages, true),
  ], open);
  chart(echarts, charts, 'sessions', 'Sessions', labels, [
    line('Mean length (s)', analytics.conversation_length),
    { ...line('Mean user messages', analytics.conversation_steps), yAxisIndex: 1 },
    { ...line('Sessions per user', analytics.sessions_per_user), yAxisIndex: 1 },
  ], open, { secondAxis: true });

  const [statistics, markerNames] = await Promise.all([statisticsLoaded, markersLoaded]);
  if (signal.aborted) return;
  figures.replaceChildren(
    kpi('New users', 'new_users', sum(analytics.new_users), sum(analytics.previous?.new_users)),
    kpi('User messages', 'user_messages', statistics.user_messages, statistics.previous?.user_messages),
    kpi('Bot messages', 'bot_messages', statistics.bot_messages, statistics.previous?.bot_messages),
    h('div', { class: 'kpi actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => download('/analytics', { ...analyticsQuery, format: 'csv' }, 'analytics.csv') }, 'Analytics CSV'),
      h('button', { type: 'button', class: 'secondary', onclick: () => download('/statistics', { ...statisticsQuery, format: 'csv' }, 'statistics.csv') }, 'Statistics CSV')));

  if (markerNames.length > 0) {
    const withMarkers = await getJson('/analytics', { ...analyticsQuery, compare: undefined, markers: markerNames.join(',') });
    if (signal.aborted) return;
    markers.replaceChildren();
    chart(echarts, markers, 'markers', 'Marker share of sessions', labels,
      markerNames.map(name => line(name, withMarkers.markers[name].share.map(share => Math.round(share * 1000) / 10))),
      (index, series) => { location.hash = route('#/conversations', { ...scope, marker: series, start: bins[index].start, until: bins[index].end - Inclusive }); },
      { percent: true, bySeries: true });
  }

  tops.replaceChildren(...TopLists.map(([figure, title, filter]) => topList(figure, title, statistics, name =>
    route('#/conversations', { ...scope, [filter]: name, start: rangeStart, until: rangeEnd - Inclusive }))));

  // Everything is drawn (ECharts paints in setOption): the benchmark's first-render time ends here.
  performance.mark('rasaplatform:overview-rendered');
}

function controlsForm(controls, assistantsLoaded) {
  const assistant = h('select', { name: 'assistant', id: 'assistant' }, h('option', { value: '' }, 'All assistants'));
  assistantsLoaded.then(assistants => {
    for (const { name, conversations } of assistants) {
      assistant.append(h('option', { value: name, selected: name === controls.assistant }, `${name} (${formatNumber(conversations)})`));
    }
  }).catch(() => {});
  // The zones' names (some 400) are offered once the field is first used, not on every render.
  const zones = h('datalist', { id: 'zones' });
  const zone = h('input', { name: 'tz', id: 'tz', list: 'zones', value: controls.tz, size: 18 });
  zone.addEventListener('focus', () => zones.replaceChildren(...(Intl.supportedValuesOf?.('timeZone') ?? ['UTC']).map(name => h('option', { value: name }))), { once: true });
  return h('form', { class: 'controls', onsubmit: event => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.target));
    location.hash = route('#/', values);
  } },
  field('Assistant', assistant),
  field('From', h('input', { type: 'date', name: 'from', id: 'from', value: controls.from })),
  field('To (inclusive)', h('input', { type: 'date', name: 'to', id: 'to', value: controls.to })),
  field('Bins', h('select', { name: 'window', id: 'window' }, Windows.map(([value, label]) => h('option', { value, selected: value === controls.window }, label)))),
  field('Time zone', zone),
  zones,
  h('button', { type: 'submit' }, 'Show'));
}

const field = (label, control) => h('label', { class: 'field' }, h('span', {}, label), control);

/** The marker names the assistants in scope define (an assistant without markers answers 404). */
async function definedMarkers(assistant, assistantsLoaded) {
  const names = assistant ? [assistant] : (await assistantsLoaded).map(a => a.name).slice(0, 50);
  const configurations = await Promise.all(names.map(name => getJson('/markers', { assistant: name }).catch(error => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  })));
  return [...new Set(configurations.filter(Boolean).flatMap(configuration => Object.keys(configuration.markers)))].sort();
}

function kpi(title, figure, value, previous) {
  const delta = change(value, previous);
  return h('div', { class: 'kpi', dataset: { figure } },
    h('span', { class: 'kpi-title' }, title),
    h('span', { class: 'kpi-value', dataset: { value } }, formatNumber(value)),
    h('span', { class: 'kpi-previous' }, previous === undefined ? '' : `previous period ${formatNumber(previous)}`,
      delta === null ? '' : h('span', { class: delta >= 0 ? 'up' : 'down' }, ` ${delta >= 0 ? '+' : ''}${formatNumber(delta)} %`)));
}

function topList(figure, title, statistics, link) {
  const compared = statistics.previous !== undefined;
  const before = new Map((statistics.previous?.[figure] ?? []).map(entry => [entry.name, entry.count]));
  const rows = statistics[figure].map(({ name, count }) => {
    const delta = change(count, before.get(name));
    return h('tr', {},
      h('td', {}, h('a', { href: link(name) }, name)),
      h('td', { class: 'number' }, formatNumber(count)),
      compared && h('td', { class: 'number' }, before.has(name) ? formatNumber(before.get(name)) : '—'),
      compared && h('td', { class: `number ${delta === null ? '' : delta >= 0 ? 'up' : 'down'}` }, delta === null ? '' : `${delta >= 0 ? '+' : ''}${formatNumber(delta)} %`));
  });
  return h('div', { class: 'top', dataset: { figure } },
    h('h2', {}, title),
    rows.length === 0 ? notice('None in this period.') : h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', { class: 'number' }, 'Count'),
        compared && h('th', { class: 'number' }, 'Previous'), compared && h('th', { class: 'number' }, 'Change'))),
      h('tbody', {}, rows)));
}

const sum = values => values?.reduce((total, value) => total + value, 0);

/** Bins beyond which bars become lines: hundreds of bars cost the browser more to draw than they show. */
const ManyBins = 90;

const bar = (name, data, stack) => data.length > ManyBins
  ? { ...line(name, data), stack, areaStyle: stack ? {} : undefined }
  : { name, type: 'bar', data, stack, emphasis: { focus: 'series' } };
const line = (name, data, dashed) => ({
  name, type: 'line', data, showSymbol: data.length < 60, sampling: data.length > ManyBins ? 'lttb' : undefined,
  lineStyle: dashed ? { type: 'dashed' } : undefined,
});

/**
 * One ECharts chart, appended to the container (ECharts sizes it from the page, so it is placed first); a click on a
 * bin calls open(binIndex), or open(binIndex, seriesName) with bySeries.
 */
function chart(echarts, container, name, title, labels, series, open, { secondAxis = false, percent = false, bySeries = false } = {}) {
  const element = h('div', { class: 'chart', role: 'img', 'aria-label': title, dataset: { chart: name } });
  container.append(h('figure', { class: 'chart-card' }, h('figcaption', {}, title), element));
  // No key set to undefined: ECharts merges an undefined axisLabel over its defaults and hides the labels.
  const axis = percent ? { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } } : { type: 'value' };
  const chartInstance = echarts.init(element, null, { renderer: 'canvas' });
  chartInstance.setOption({
    animation: false,
    grid: { left: 48, right: secondAxis ? 48 : 16, top: 36, bottom: 28, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: labels, triggerEvent: true },
    yAxis: secondAxis ? [axis, { type: 'value' }] : axis,
    series: series.filter(Boolean),
  });
  if (bySeries) {
    // A point of one series (a marker's line): the bin and the series.
    chartInstance.on('click', params => { if (params.componentType === 'series') open(params.dataIndex, params.seriesName); });
  } else {
    // Anywhere in a bin's column, not only on a bar, so a bin of small numbers is as easy to open as a tall one.
    chartInstance.getZr().on('click', event => {
      const [index] = chartInstance.convertFromPixel({ gridIndex: 0 }, [event.offsetX, event.offsetY]) ?? [];
      if (Number.isInteger(index) && index >= 0 && index < labels.length) open(index);
    });
  }
  // Drawn at the size it has now; redrawn when the window changes it (not at the observer's first, idle call).
  let size = null;
  new ResizeObserver(([entry]) => {
    const now = `${entry.contentRect.width}x${entry.contentRect.height}`;
    if (size !== null && now !== size) chartInstance.resize();
    size = now;
  }).observe(element);
}

/** A bin's label in the zone: one formatter per chart (making one per label cost 0.3 ms each, 0.1 s a year of days). */
function binLabels(starts, window, timeZone) {
  const options = window === 'P1M' ? { timeZone, year: 'numeric', month: 'short' }
    : window === '1d' || window === '1w' ? { timeZone, month: 'short', day: 'numeric', year: '2-digit' }
    : { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  const format = new Intl.DateTimeFormat(undefined, options);
  return starts.map(seconds => format.format(new Date(seconds * 1000)));
}

function nextDate(date) {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

