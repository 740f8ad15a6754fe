/**
 * The interactive questions (a terminal only). Loaded lazily: @clack/prompts is
 * not needed for `--yes`, pipes or CI. Values given as flags are not asked again.
 * Every function returns CANCELLED when the user presses Ctrl-C or Escape; the
 * caller then exits 130 without having written anything.
 */
import type { Readable, Writable } from 'node:stream';
import * as p from '@clack/prompts';
import { defaultSeverity, severityLevels } from '../../schema/config.ts';
import { isValidSlug, slugify } from '../../core/slug.ts';
import { matchExisting, playbookMatches } from './catalog.ts';
import type { IncidentAnswers, IncidentContext, IncidentFlags } from '../new-incident/options.ts';
import type { PlaybookAnswers, PlaybookContext, PlaybookFlags } from '../new-playbook/options.ts';
import { defaultLang, meaningLang, severityMeaning } from './values.ts';
import type { HeadingLang } from './render.ts';
import { localDateTime } from '../../core/time/zone.ts';
import { parseStarted, STARTED_FORMATS } from './started.ts';
import { type CountLang, pick } from './pick.ts';

export const CANCELLED = Symbol('cancelled');

export interface PromptIO {
  input: Readable;
  output: Writable;
}

class Cancel extends Error {}

/** Await a prompt; turn clack's cancel symbol into an exception that unwinds the whole flow. */
async function ask<T>(prompt: Promise<T>): Promise<Exclude<T, symbol>> {
  const value = await prompt;
  if (p.isCancel(value)) throw new Cancel();
  return value as Exclude<T, symbol>;
}

/** A required one-line title, whitespace folded. */
async function askTitle(io: PromptIO, message: string, placeholder: string): Promise<string> {
  const value = await ask(p.text({ ...io, message, placeholder, validate: (v) => (v?.trim() ? undefined : 'A title is required.') }));
  return value.replace(/\s+/g, ' ').trim();
}

/** Run a prompt flow; Ctrl-C or Escape anywhere in it ends it with CANCELLED and nothing written. */
async function cancellable<T>(io: PromptIO, flow: () => Promise<T>): Promise<T | typeof CANCELLED> {
  try {
    return await flow();
  } catch (error) {
    if (error instanceof Cancel) {
      p.cancel('Cancelled. Nothing was written.', io);
      return CANCELLED;
    }
    throw error;
  }
}

const splitList = (s: string) => [
  ...new Set(
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];

/**
 * A searchable multi-select over existing values that also takes new ones (see
 * pick.ts): `Checkout` picks `checkout` instead of forking the taxonomy, and a
 * value nobody used yet is added with Enter or Tab.
 */
function pickValues(io: PromptIO, message: string, existing: string[], lang: CountLang): Promise<string[]> {
  return ask(
    pick({
      ...io,
      message,
      placeholder: existing.length ? 'type to search or add a new one' : 'type a name and press Enter to add it',
      options: existing.map((v) => ({ value: v })),
      allowNew: { canonical: (typed) => matchExisting(typed, existing) },
      maxItems: 8,
      lang,
    }),
  );
}

export interface IncidentPromptContext extends IncidentContext {
  gitUser: () => string | undefined;
  /** "3 past incidents look like this:" and its lines, for what has been entered so far (empty: none). */
  similar?: (draft: { title: string; playbooks: string[]; services: string[]; tags: string[] }) => Promise<string[]>;
}

export async function promptIncident(
  f: IncidentFlags,
  ctx: IncidentPromptContext,
  io: PromptIO,
): Promise<IncidentAnswers | typeof CANCELLED> {
  p.intro('New incident post-mortem', io);
  return cancellable(io, async () => {
    const title = f.title ?? (await askTitle(io, 'Title', 'e.g. Checkout latency spike after config deploy / 결제 API 지연'));

    const zones = Intl.supportedValuesOf('timeZone');
    const detected = f.timezone ?? ctx.defaultTimeZone;
    if (!zones.includes(detected)) zones.unshift(detected);
    const timezone =
      f.timezone ??
      (await ask(
        p.autocomplete<string>({
          ...io,
          message: `Time zone of the times you will write (Enter keeps ${detected})`,
          options: zones.map((z) => ({ value: z })),
          initialValue: detected,
          maxItems: 6,
        }),
      ));

    let startedEpoch = f.startedEpoch;
    if (startedEpoch === undefined) {
      const nowText = localDateTime(ctx.now, timezone).replace('T', ' ');
      const text = await ask(
        p.text({
          ...io,
          message: `When did it start? (${timezone}; Enter = now, ${nowText})`,
          placeholder: 'now · 30m ago · 02:40 · 2024-03-05 14:02',
          defaultValue: 'now',
          validate: (v) => {
            const r = parseStarted(v, timezone, ctx.now);
            return 'error' in r ? r.error.replace(/; use .*/, `. Use ${STARTED_FORMATS}.`) : undefined;
          },
        }),
      );
      const r = parseStarted(text, timezone, ctx.now);
      startedEpoch = 'epoch' in r ? r.epoch : Math.floor(ctx.now / 60_000) * 60_000;
    }

    const showIn = meaningLang(f.lang, ctx.config);
    const severity =
      f.severity ??
      (await ask(
        p.select<string>({
          ...io,
          message: 'Severity',
          options: severityLevels(ctx.config).map((s) => ({
            value: s,
            label: `${s}  ${severityMeaning(ctx.config, s, showIn) ?? ''}`.trimEnd(),
          })),
          initialValue: defaultSeverity(ctx.config),
        }),
      ));

    const services = f.services.length ? f.services : await pickValues(io, 'Affected services', ctx.services, showIn);
    const tags = f.tags.length ? f.tags : await pickValues(io, 'Tags', ctx.tags, showIn);

    const authors = f.authors.length
      ? f.authors
      : splitList(
          await ask(p.text({ ...io, message: 'Authors (comma-separated)', initialValue: ctx.gitUser() ?? '', placeholder: 'your name' })),
        );

    let playbooks = f.playbooks;
    if (!playbooks.length && ctx.playbooks.length) {
      const byId = new Map(ctx.playbooks.map((pb) => [pb.id, pb]));
      playbooks = await ask(
        pick({
          ...io,
          message: 'Playbooks used (search by title or symptom)',
          placeholder: 'type to search; Enter adds the highlighted one (none is fine)',
          maxItems: 8,
          options: ctx.playbooks.map((pb) => ({ value: pb.id, label: pb.title, hint: pb.symptoms[0] ?? pb.id })),
          filter: (search, o) => playbookMatches(byId.get(o.value)!, search),
          lang: showIn,
        }),
      );
    }

    // Right after the title and playbooks: the past incidents that look like this one.
    const alike = (await ctx.similar?.({ title, playbooks, services, tags })) ?? [];
    if (alike.length) p.note(alike.slice(1).join('\n'), alike[0], io);

    const lang = f.lang ?? (await askLang(io, defaultLang(ctx.config)));
    const slug =
      f.slug ??
      (await ask(
        p.text({
          ...io,
          message: 'File name slug',
          initialValue: slugify(title),
          validate: (v) => (v && isValidSlug(v) ? undefined : 'Use lowercase ASCII letters, digits and single dashes.'),
        }),
      ));

    return { title, startedEpoch, timezone, severity, services, tags, authors, playbooks, lang, slug, format: f.format ?? 'md' };
  });
}

function askLang(io: PromptIO, initialValue: HeadingLang): Promise<HeadingLang> {
  return ask(
    p.select<HeadingLang>({
      ...io,
      message: 'Section headings',
      options: [
        { value: 'en', label: 'English', hint: '## Timeline' },
        { value: 'ko', label: '한국어', hint: '## 시간 분석' },
        { value: 'bilingual', label: 'Bilingual', hint: '## 시간 분석(Timeline)' },
      ],
      initialValue,
    }),
  );
}

export interface PlaybookPromptContext extends PlaybookContext {
  takenIds: Set<string>;
  gitUser: () => string | undefined;
}

export async function promptPlaybook(
  f: PlaybookFlags,
  ctx: PlaybookPromptContext,
  io: PromptIO,
): Promise<PlaybookAnswers | typeof CANCELLED> {
  p.intro('New playbook', io);
  return cancellable(io, async () => {
    const title = f.title ?? (await askTitle(io, 'Title (usually the symptom)', 'e.g. Redis: OOM command not allowed'));
    const id =
      f.id ??
      (await ask(
        p.text({
          ...io,
          message: 'Id (also the URL /playbooks/<id>/)',
          initialValue: slugify(title, { fallback: 'playbook' }),
          validate: (v) => {
            if (!v || !isValidSlug(v)) return 'Use lowercase ASCII letters, digits and single dashes.';
            if (ctx.takenIds.has(v)) return `"${v}" is taken by another playbook; choose another id.`;
            return undefined;
          },
        }),
      ));
    let symptoms = f.symptoms;
    if (!symptoms.length) {
      p.log.info('Symptoms: the exact error strings and alert names, one per question. An empty answer ends the list.', io);
      for (;;) {
        const s = (
          await ask(
            p.text({
              ...io,
              message: `Symptom ${symptoms.length + 1}`,
              placeholder: symptoms.length ? '(empty to finish)' : title,
              defaultValue: symptoms.length ? '' : title,
            }),
          )
        ).trim();
        if (!s) break;
        symptoms = [...symptoms, s];
      }
    }
    const owner =
      f.owner ??
      (
        await ask(
          p.text({
            ...io,
            message: 'Owner (team or person who keeps it correct)',
            initialValue: ctx.gitUser() ?? '',
            validate: (v) => (v?.trim() ? undefined : 'An owner is required.'),
          }),
        )
      ).trim();
    const showIn = meaningLang(f.lang, ctx.config);
    const platforms = f.platforms.length ? f.platforms : await pickValues(io, 'Platforms', ctx.platforms, showIn);
    const services = f.services.length ? f.services : await pickValues(io, 'Services', ctx.services, showIn);
    const tags = f.tags.length ? f.tags : await pickValues(io, 'Tags', ctx.tags, showIn);
    const lang = f.lang ?? (await askLang(io, defaultLang(ctx.config)));
    return { title, id, symptoms, owner, platforms, services, tags, lang, format: f.format ?? 'md' };
  });
}

/** A boxed note (what was created). */
export function note(io: PromptIO, lines: string[], title: string): void {
  p.note(lines.join('\n'), title, io);
}

export function outro(io: PromptIO, message: string): void {
  p.outro(message, io);
}
