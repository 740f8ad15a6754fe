/**
 * The list question of the scaffolders (services, tags, platforms, playbooks):
 * a searchable multi-select that never drops what was typed.
 *
 * - Typing filters the list; the first match is highlighted. When new values
 *   are allowed, what is typed is offered too, as "<value> (new)", after the
 *   existing values it matches (`Checkout` matches `checkout`: the taxonomy
 *   does not fork).
 * - Enter with text in the search adds the highlighted entry (what was typed,
 *   when nothing else matches) and clears the search; Tab does the same, or
 *   takes an entry out again. Enter on an empty search confirms the list.
 * - The answer reads "1 item", "2 items" (Korean: "1개").
 *
 * Built on @clack/core's AutocompletePrompt, drawn like @clack/prompts'
 * autocompleteMultiselect.
 */
import type { Readable, Writable } from 'node:stream';
import { styleText } from 'node:util';
import { AutocompletePrompt } from '@clack/core';
import { limitOptions, S_BAR, S_BAR_END, S_CHECKBOX_INACTIVE, S_CHECKBOX_SELECTED, symbol } from '@clack/prompts';

export interface PickOption {
  value: string;
  label?: string;
  hint?: string;
}

export type CountLang = 'en' | 'ko';

/** "1 item", "2 items"; Korean has no plural: "1개", "2개". */
export function itemCount(n: number, lang: CountLang): string {
  return lang === 'ko' ? `${n}개` : `${n} item${n === 1 ? '' : 's'}`;
}

/** "1 item selected", "2 items selected"; "1개 선택됨". */
export function selectedCount(n: number, lang: CountLang): string {
  return lang === 'ko' ? `${n}개 선택됨` : `${itemCount(n, lang)} selected`;
}

export interface PickConfig {
  input: Readable;
  output: Writable;
  message: string;
  placeholder: string;
  /** The existing entries, in the order shown. */
  options: PickOption[];
  /**
   * Accept values that are not in `options`; `canonical` gives the spelling to
   * keep (the existing one when only case or separators differ).
   */
  allowNew?: { canonical: (typed: string) => string };
  /** Does `option` match the search? Default: its label, value or hint contains it (any case). */
  filter?: (search: string, option: PickOption) => boolean;
  maxItems?: number;
  /** Language of the count in the answer line. */
  lang?: CountLang;
}

const cleanSearch = (s: string) => s.trim().replace(/,+$/, '').trim();
const contains = (search: string, o: PickOption) => {
  const s = search.toLowerCase();
  return [o.label ?? o.value, o.value, o.hint ?? ''].some((t) => t.toLowerCase().includes(s));
};

class PickPrompt extends AutocompletePrompt<PickOption> {
  /** Enter: with a search, add the highlighted entry and stay; without one, confirm. */
  protected override _shouldSubmit(): boolean {
    const typed = cleanSearch(this.userInput);
    if (!typed) return true;
    const value = this.filteredOptions.some((o) => o.value === this.focusedValue) ? this.focusedValue : undefined;
    if (value === undefined) {
      this.state = 'error';
      this.error = `Nothing matches "${typed}". Change the search, or clear it and press Enter to confirm.`;
      this._setUserInput(this.userInput, true); // readline cleared its line on Enter: put the text back
      return false;
    }
    if (!this.selectedValues.includes(value)) this.selectedValues = [...this.selectedValues, value];
    this._clearUserInput();
    return false;
  }

  /** Tab (or Space while moving through the list): an entry that gets added clears the search. */
  override toggleSelected(value: string): void {
    const before = this.selectedValues.length;
    super.toggleSelected(value);
    if (this.selectedValues.length > before && this.userInput) this._clearUserInput();
  }

  /** A new search highlights its first match, not the entry highlighted before. */
  protected override _setUserInput(value: string | undefined, write?: boolean): void {
    if ((value ?? '') !== this.userInput) this.focusedValue = undefined;
    super._setUserInput(value, write);
  }
}

/** Ask; resolves to the chosen values, or clack's cancel symbol (Ctrl-C, Escape). */
export function pick(config: PickConfig): Promise<string[] | symbol> {
  const existing = config.options;
  const existingValues = new Set(existing.map((o) => o.value));
  const lang = config.lang ?? 'en';
  const baseFilter = config.filter ?? contains;
  const canonical = (search: string) => config.allowNew?.canonical(cleanSearch(search)) ?? cleanSearch(search);
  const prompt: PickPrompt = new PickPrompt({
    input: config.input,
    output: config.output,
    multiple: true,
    placeholder: config.placeholder,
    options(this: AutocompletePrompt<PickOption>) {
      const selected = this.selectedValues ?? [];
      const added = selected.filter((v) => !existingValues.has(v)).map((v) => ({ value: v, label: `${v} (new)` }));
      const opts = [...existing, ...added];
      const typed = config.allowNew ? canonical(this.userInput ?? '') : '';
      if (typed && !opts.some((o) => o.value === typed)) opts.push({ value: typed, label: `${typed} (new)` });
      return opts;
    },
    filter: (search, o) => {
      const s = cleanSearch(search);
      return !s || baseFilter(s, o) || (config.allowNew !== undefined && o.value === canonical(s));
    },
    render() {
      return draw(this, config, lang);
    },
  });
  return prompt.prompt() as Promise<string[] | symbol>;
}

function draw(p: Omit<AutocompletePrompt<PickOption>, 'prompt'>, config: PickConfig, lang: CountLang): string {
  const title = `${styleText('gray', S_BAR)}\n${symbol(p.state)}  ${config.message}\n`;
  const chosen = p.selectedValues;
  if (p.state === 'submit') {
    const list = chosen.length ? `: ${chosen.join(', ')}` : '';
    return `${title}${styleText('gray', S_BAR)}  ${styleText('dim', `${itemCount(chosen.length, lang)}${list}`)}`;
  }
  if (p.state === 'cancel') return `${title}${styleText('gray', S_BAR)}  ${styleText(['strikethrough', 'dim'], p.userInput)}`;
  const color = p.state === 'error' ? 'yellow' : 'cyan';
  const bar = `${styleText(color, S_BAR)}  `;
  const search = p.userInput;
  const shown = search === '' ? styleText('dim', config.placeholder) : p.isNavigating ? styleText('dim', search) : p.userInputWithCursor;
  const matches =
    p.filteredOptions.length !== p.options.length
      ? styleText('dim', ` (${p.filteredOptions.length} match${p.filteredOptions.length === 1 ? '' : 'es'})`)
      : '';
  const head = [
    ...`${title}${styleText(color, S_BAR)}`.split('\n'),
    `${bar}${styleText('dim', 'Search:')} ${shown}${matches}`,
    ...(p.filteredOptions.length === 0 && search ? [`${bar}${styleText('yellow', 'No matches found')}`] : []),
    ...(p.state === 'error' ? [`${bar}${styleText('yellow', p.error)}`] : []),
  ];
  const footer = [
    `${bar}${styleText('dim', selectedCount(chosen.length, lang))}${chosen.length ? `: ${chosen.join(', ')}` : ''}`,
    `${bar}${[
      `${styleText('dim', '↑/↓')} to move`,
      `${styleText('dim', 'Tab:')} add or remove`,
      `${styleText('dim', 'Enter:')} add what is typed; on an empty search, confirm`,
    ].join(' • ')}`,
    styleText(color, S_BAR_END),
  ];
  const rows = limitOptions({
    cursor: p.cursor,
    options: p.filteredOptions,
    style: (o, active) => {
      const label = o.label ?? o.value;
      const box = chosen.includes(o.value) ? styleText('green', S_CHECKBOX_SELECTED) : styleText('dim', S_CHECKBOX_INACTIVE);
      const hint = o.hint && active ? styleText('dim', ` (${o.hint})`) : '';
      return active ? `${box} ${label}${hint}` : `${box} ${styleText('dim', label)}`;
    },
    maxItems: config.maxItems,
    output: config.output,
    rowPadding: head.length + footer.length,
  });
  return [...head, ...rows.map((r) => `${bar}${r}`), ...footer].join('\n');
}
