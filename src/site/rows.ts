/**
 * Table rows and badges as HTML strings, built once per entry per build.
 *
 * An incident appears on up to ten list pages (the full list, its severity,
 * status, year and category pages, one page per tag and service, the severity
 * sort) and an action item on up to four. Rendering each row as Astro
 * components on every page cost ~0.25 ms a row, the bulk of every list page;
 * a row is the same on every page, so it is built once and reused.
 *
 * The markup is exactly what the components rendered before (the site's built
 * HTML did not change), and the escaping is Astro's: text escapes `& < > ' "`,
 * attribute values `&` and `"`, an empty attribute value renders as the bare name,
 * and a null/undefined one leaves the attribute out.
 */
import { config, incidentFacts, severities, t, uiLang, url, type IncidentEntry } from './kb.ts';
import type { TrackedActionItem } from './action-items.ts';
import type { Completeness } from '../core/completeness.ts';
import { filterToken, filterTokens } from './facets.ts';
import { dateTimeFormat } from './intl.ts';
import { contentLang, formatDate, formatDurationFor, locale } from './i18n/index.ts';

const TEXT_ESCAPES = /[&<>'"]/g;
const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };

/** Text content, escaped as Astro escapes `{expression}` text. */
export function text(value: string | number | undefined | null | false): string {
  if (value === undefined || value === null || value === false) return '';
  return String(value).replace(TEXT_ESCAPES, (c) => TEXT_ENTITIES[c]!);
}

/** ` name="value"` as Astro renders `name={value}` on an element. */
export function attr(name: string, value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  const s = String(value);
  if (s === '') return ` ${name}`;
  return ` ${name}="${s.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
}

/**
 * The palette step of a level: the worst level is step 1 (red), the mildest step 4, whatever the number of
 * levels (SEV1–SEV4 map one to one; a five-level scale spreads over the same four colours).
 */
export function severityStep(severity: string): number {
  const rank = severities.indexOf(severity);
  if (rank < 0 || severities.length < 2) return 1;
  return 1 + Math.round((rank * 3) / (severities.length - 1));
}

export function severityBadge(severity: string): string {
  const level = config.severities[severity];
  const meaning = level?.[uiLang] ?? level?.en;
  const style = level?.color ? `--sev-custom: ${level.color}` : undefined;
  return `<span${attr('class', `badge badge--sev badge--sev${severityStep(severity)}`)}${attr('style', style)}${attr('title', meaning)}>${text(severity)}</span>`;
}

/** "draft" and "in review" badges; published incidents get none. */
export function statusBadge(status: string, completeness?: Completeness): string {
  if (status === 'draft') {
    return `<span class="badge badge--draft" data-status-badge="draft"${attr('title', t.draftBadgeNote)}>${text(t.status.draft)}</span>`;
  }
  if (status === 'review') {
    const score = completeness
      ? `<span class="badge__score"${attr('data-completeness', `${completeness.filled}/${completeness.total}`)}${attr('title', t.incident.completeness(completeness.filled, completeness.total))}> · ${completeness.filled}/${completeness.total}</span>`
      : '';
    return `<span class="badge badge--review" data-status-badge="review">${text(t.status.review)}${score}</span>`;
  }
  return '';
}

const incidentRows = new Map<string, string>();

/** One `<tr>` of the incident table (with the list filter's data-* contract), cached per incident. */
export function incidentRow(e: IncidentEntry): string {
  let html = incidentRows.get(e.id);
  if (html === undefined) {
    const d = e.data;
    const f = incidentFacts(e);
    const href = url.incident(e.id);
    const started =
      f.startedEpoch === undefined
        ? d.started
        : dateTimeFormat(locale(uiLang), { year: 'numeric', month: 'short', day: 'numeric', timeZone: d.timezone }).format(
            new Date(f.startedEpoch),
          );
    html =
      `<tr data-incident-row${attr('data-id', e.id)}${attr('data-severity', d.severity)}${attr('data-severity-rank', severities.indexOf(d.severity))}` +
      `${attr('data-service', filterTokens(d.services))}${attr('data-tag', filterTokens(d.tags))}${attr('data-status', d.status)}` +
      `${attr('data-category', filterToken(d.root_cause.category))}${attr('data-year', f.year)}${attr('data-started', f.startedEpoch ?? 0)}>` +
      `<td class="nowrap"${attr('data-label', t.col.id)}><a${attr('href', href)}>${text(e.id)}</a></td>` +
      `<td class="card-title"${attr('data-label', t.col.title)}${attr('lang', f.lang === uiLang ? undefined : f.lang)}><a${attr('href', href)}>${text(d.title)}</a> ${statusBadge(d.status, f.completeness)}</td>` +
      `<td${attr('data-label', t.col.severity)}>${severityBadge(d.severity)}</td>` +
      `<td class="nowrap"${attr('data-label', t.col.started)}><time${attr('datetime', d.started)}>${text(started)}</time></td>` +
      `<td${attr('data-label', t.col.services)}>${text(d.services.join(', '))}</td>` +
      `<td class="nowrap"${attr('data-label', t.col.ttr)}>${text(formatDurationFor(f.durations.timeToResolve, uiLang))}</td>` +
      `</tr>`;
    incidentRows.set(e.id, html);
  }
  return html;
}

const actionRows = [new WeakMap<TrackedActionItem, string>(), new WeakMap<TrackedActionItem, string>()];

/**
 * One `<tr>` of the action-item table, cached per item (and per column set).
 * `ownerSlugs` maps an owner to its facet page slug.
 */
export function actionRow(a: TrackedActionItem, withIncident: boolean, ownerSlugs: Map<string, string>): string {
  const cache = actionRows[withIncident ? 1 : 0]!;
  let html = cache.get(a);
  if (html === undefined) {
    const lang = contentLang(a.title);
    const classes = ['action', a.overdue && 'action--overdue', !a.open && 'action--closed'].filter(Boolean).join(' ');
    const ticket = a.ticket
      ? `<a${attr('href', a.ticket)} rel="external">${text(a.ticket.replace(/^https?:\/\//, '').replace(/^[^/]+\//, '') || a.ticket)}</a>`
      : '—';
    html =
      `<tr${attr('class', classes)} data-action-row${attr('data-status', a.status)}${attr('data-owner', filterToken(a.owner ?? t.actions.noOwner))}${attr('data-overdue', a.overdue ? 'true' : undefined)}>` +
      (withIncident
        ? `<td class="nowrap"${attr('data-label', t.col.incident)}><a${attr('href', url.incident(a.incident.id))}>${text(a.incident.id)}</a></td>`
        : '') +
      `<td class="card-title"${attr('data-label', t.col.action)}${attr('lang', lang === uiLang ? undefined : lang)}>${text(a.title)}</td>` +
      `<td${attr('data-label', t.col.kind)}>${text(t.actionKind[a.kind as keyof typeof t.actionKind] ?? a.kind)}</td>` +
      `<td${attr('data-label', t.col.owner)}>${a.owner ? `<a${attr('href', url.owner(ownerSlugs.get(a.owner)!))}>${text(a.owner)}</a>` : `<span class="muted">${text(t.actions.noOwner)}</span>`}</td>` +
      `<td${attr('data-label', t.col.status)}><span${attr('class', `badge badge--action badge--${a.status}`)}>${text(t.actionStatus[a.status as keyof typeof t.actionStatus] ?? a.status)}</span></td>` +
      `<td class="nowrap"${attr('data-label', t.col.due)}>${a.due ? `<time${attr('datetime', a.due)}>${text(formatDate(a.due, uiLang))}</time>` : '—'}${a.overdue ? ` <strong class="badge badge--overdue">${text(t.overdue)}</strong>` : ''}</td>` +
      `<td${attr('data-label', t.col.ticket)}>${ticket}</td>` +
      `</tr>`;
    cache.set(a, html);
  }
  return html;
}
