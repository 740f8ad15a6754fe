/**
 * UI strings and locale formatting. The UI language comes from `site.lang`;
 * a content page's `<html lang>` comes from its text (`contentLang`).
 */
import { en, type UiStrings } from './en.ts';
import { ko } from './ko.ts';
import { formatDuration } from '../../core/time/timeline.ts';
import { dateTimeFormat, numberFormat } from '../intl.ts';

export type Lang = 'en' | 'ko';
export type { UiStrings };

const STRINGS: Record<Lang, UiStrings> = { en, ko };
const LOCALES: Record<Lang, string> = { en: 'en-US', ko: 'ko-KR' };

export function ui(lang: Lang): UiStrings {
  return STRINGS[lang] ?? en;
}

export function locale(lang: Lang): string {
  return LOCALES[lang] ?? 'en-US';
}

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7A3]/;

/** `ko` when any of the texts contains Hangul, else `en`. */
export function contentLang(...texts: (string | undefined)[]): Lang {
  return texts.some((t) => t && HANGUL.test(t)) ? 'ko' : 'en';
}

/** A calendar date `YYYY-MM-DD` for the locale (no zone shift: it is a date, not an instant). */
export function formatDate(isoDate: string, lang: Lang): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return dateTimeFormat(locale(lang), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** An instant, shown in the given IANA zone with its abbreviation/offset. */
export function formatDateTime(epoch: number, timeZone: string, lang: Lang): string {
  return dateTimeFormat(locale(lang), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(epoch));
}

/** A month key `YYYY-MM` as a short label: `Feb 2019` / `2019년 2월`. */
export function formatMonth(key: string, lang: Lang): string {
  const [y, m] = key.split('-').map(Number);
  return dateTimeFormat(locale(lang), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

export function formatNumber(n: number, lang: Lang): string {
  return numberFormat(locale(lang)).format(n);
}

/** `52m`, `1h 5m`, `2d 3h` in English; `52분`, `1시간 5분`, `2일 3시간` in Korean. */
export function formatDurationFor(ms: number | undefined, lang: Lang): string {
  return formatDuration(ms, lang);
}
