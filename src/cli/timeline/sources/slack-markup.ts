/**
 * Slack's message markup ("mrkdwn") → Markdown.
 *
 * Slack stores `&`, `<` and `>` typed by people as `&amp;`, `&lt;`, `&gt;`, so every
 * literal `<…>` in a stored text is a control sequence: `<@U123>` and `<@U123|name>`
 * (users), `<#C123|name>` (channels), `<!here>`, `<!channel>`, `<!everyone>`,
 * `<!subteam^S123|@team>`, `<!date^…|fallback>`, and links `<https://x|label>`,
 * `<https://x>`, `<mailto:a@b|a@b>`. Emphasis is `*bold*`, `_italic_`, `~strike~`;
 * code is `` `inline` `` and ```` ```block``` ````, inside which nothing is formatted.
 * https://docs.slack.dev/messaging/formatting-message-text/
 */

import { asArray, asObj, type Obj, str } from './input.ts';

export interface MarkupNames {
  /** The name to show after '@' for a user id; `label` is the name written in the markup, if any. */
  user(id: string, label?: string): string;
  /** The name to show after '#' for a channel id. */
  channel(id: string, label?: string): string;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Decode Slack's three escapes (and the two HTML ones bots sometimes send). */
export const decodeEntities = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);

/**
 * Decode for Markdown prose: a '<' that could open an HTML tag in the rendered page
 * (`<br>`, `</x`, `<!--`) is written `\<` so it shows as typed.
 */
const decodeForMarkdown = (text: string) => decodeEntities(text).replace(/<(?=[A-Za-z/!?])/g, '\\<');

interface Token {
  /** Markdown for prose. */
  md: string;
  /** Plain text for inside code. */
  plain: string;
}

function markdownLink(url: string, label: string | undefined): string {
  const shown = label ? decodeEntities(label) : undefined;
  const safeUrl = url.replace(/ /g, '%20').replace(/\(/g, '%28').replace(/\)/g, '%29');
  if (!shown || shown === url) return safeUrl;
  if (url.startsWith('mailto:') && shown === url.slice(7)) return `[${shown}](${safeUrl})`;
  return `[${shown.replace(/([[\]\\])/g, '\\$1')}](${safeUrl})`;
}

function readToken(inner: string, names: MarkupNames): Token {
  const bar = inner.indexOf('|');
  const head = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1) || undefined;
  if (head.startsWith('@')) {
    const name = `@${names.user(head.slice(1), label ? decodeEntities(label).replace(/^@/, '') : undefined)}`;
    return { md: name, plain: name };
  }
  if (head.startsWith('#')) {
    const name = `#${names.channel(head.slice(1), label ? decodeEntities(label) : undefined)}`;
    return { md: name, plain: name };
  }
  if (head.startsWith('!')) {
    const [word, ...args] = head.slice(1).split('^');
    let shown: string;
    if (word === 'date') shown = label ? decodeEntities(label) : (args[1] ?? '');
    else if (word === 'subteam') shown = label ? decodeEntities(label) : `@${args[0] ?? 'team'}`;
    else if (label) shown = decodeEntities(label).startsWith('@') ? decodeEntities(label) : `@${decodeEntities(label)}`;
    else shown = `@${word}`;
    return { md: shown, plain: shown };
  }
  const url = decodeEntities(head);
  return { md: markdownLink(url, label), plain: label ? decodeEntities(label) : url };
}

/** Replace control sequences in a code span or block with what Slack shows, and decode entities. */
function plainCode(text: string, names: MarkupNames): string {
  return text
    .replace(/<([^<>\n]+)>/g, (_, inner: string) => readToken(inner, names).plain)
    .replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);
}

const OPEN = String.raw`(^|[\s([{'"“‘>/-])`;
const CLOSE = String.raw`(?=$|[\s)\]}.,;:!?'"”’/-])`;
const BOLD = new RegExp(`${OPEN}\\*(?=\\S)([^*\\n]*?[^*\\s])\\*${CLOSE}`, 'g');
const STRIKE = new RegExp(`${OPEN}~(?=\\S)([^~\\n]*?[^~\\s])~${CLOSE}`, 'g');

/** Prose (no code) with tokens already swapped for placeholders. */
function formatProse(text: string): string {
  return text
    .replace(BOLD, '$1**$2**')
    .replace(STRIKE, '$1~~$2~~')
    .replace(/^(\s*)[•◦▪]\s+/gm, (_, indent: string) => `${indent}- `);
}

function convertProse(text: string, names: MarkupNames): string {
  // Inline code spans keep their text; only tokens and entities are resolved inside them.
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? plainCode(part, names) : convertPlain(part, names)))
    .join('');
}

function convertPlain(text: string, names: MarkupNames): string {
  const tokens: string[] = [];
  // Tokens are held as placeholders so emphasis never reaches into a URL.
  const held = text.replace(/<([^<>\n]+)>/g, (_, inner: string) => {
    tokens.push(readToken(inner, names).md);
    return `\uE000${tokens.length - 1}\uE000`;
  });
  return decodeForMarkdown(formatProse(held)).replace(/\uE000(\d+)\uE000/g, (_, n) => tokens[Number(n)]);
}

/** Slack message text → Markdown. Code blocks become fenced blocks on their own lines. */
export function slackToMarkdown(text: string, names: MarkupNames): string {
  let out = '';
  let afterFence = false;
  const prose = (part: string) => {
    let md = convertProse(part, names);
    if (afterFence) md = md.replace(/^[ \t]*\n?/, '\n');
    out += md;
  };
  const fence = /```([\s\S]*?)```/g;
  let at = 0;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    prose(text.slice(at, m.index));
    const code = plainCode(m[1], names)
      .replace(/^[ \t]*\n/, '')
      .replace(/\n[ \t]*$/, '');
    out = out.replace(/[ \t]+$/, '');
    if (out && !out.endsWith('\n')) out += '\n';
    out += `\`\`\`\n${code}\n\`\`\``;
    afterFence = true;
    at = m.index + m[0].length;
  }
  prose(text.slice(at));
  return out.trim();
}

/** Emoji shortcodes (`:tada:`, `:+1::skin-tone-2:`) and pictographs. */
const EMOJI_ONLY = /^(?:\s|:[a-z0-9_+'-]+:|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3)+$/u;

/** True for text made only of emoji codes, pictographs and whitespace (a reaction typed as a message). */
export const isEmojiOnly = (text: string) => text.trim() !== '' && EMOJI_ONLY.test(text);

// ---------------------------------------------------------------- attachments and blocks

/** A link preview Slack added (left out: it repeats a link already in the text). */
export function isUnfurl(a: Obj): boolean {
  return a.from_url !== undefined || a.original_url !== undefined || a.is_app_unfurl === true || a.is_msg_unfurl === true;
}

/** Slack markup of the useful part of an attachment: pretext, title, text; else its fallback. */
export function attachmentMarkup(a: Obj): string {
  const parts = [str(a.pretext), str(a.title), str(a.text)].filter((x): x is string => !!x);
  if (!parts.length && str(a.fallback)) parts.push(str(a.fallback)!);
  return parts.join('\n');
}

/** Slack markup rebuilt from Block Kit blocks, for messages that have blocks but no text. */
export function blocksMarkup(blocks: unknown[]): string {
  const inline = (elements: unknown[]): string =>
    elements
      .map((e) => {
        const el = asObj(e);
        const style = asObj(el.style);
        let t = '';
        if (el.type === 'text') t = String(el.text ?? '');
        else if (el.type === 'link') t = `<${el.url}${el.text ? `|${el.text}` : ''}>`;
        else if (el.type === 'user') t = `<@${el.user_id}>`;
        else if (el.type === 'channel') t = `<#${el.channel_id}>`;
        else if (el.type === 'usergroup') t = `<!subteam^${el.usergroup_id}>`;
        else if (el.type === 'broadcast') t = `<!${el.range}>`;
        else if (el.type === 'emoji') t = `:${el.name}:`;
        else if (el.type === 'date') t = String(el.fallback ?? '');
        if (style.code) t = `\`${t}\``;
        if (style.bold) t = `*${t}*`;
        if (style.italic) t = `_${t}_`;
        if (style.strike) t = `~${t}~`;
        return t;
      })
      .join('');
  const rich = (el: Obj): string => {
    const kids = asArray(el.elements);
    if (el.type === 'rich_text_section') return inline(kids);
    if (el.type === 'rich_text_preformatted') return `\`\`\`${inline(kids)}\`\`\``;
    if (el.type === 'rich_text_quote') return inline(kids).replace(/^/gm, '&gt; ');
    if (el.type === 'rich_text_list') return kids.map((k) => `• ${rich(asObj(k))}`).join('\n');
    return inline(kids);
  };
  const out: string[] = [];
  for (const b of blocks) {
    const block = asObj(b);
    const textOf = (t: unknown) => str(asObj(t).text);
    if (block.type === 'rich_text')
      out.push(
        asArray(block.elements)
          .map((e) => rich(asObj(e)))
          .join('\n'),
      );
    else if (block.type === 'section' || block.type === 'header') {
      const t = textOf(block.text);
      if (t) out.push(t);
      for (const f of asArray(block.fields)) if (textOf(f)) out.push(textOf(f)!);
    } else if (block.type === 'context') {
      const t = asArray(block.elements).map(textOf).filter(Boolean).join(' ');
      if (t) out.push(t);
    }
  }
  return out.filter(Boolean).join('\n');
}
