import { validationError } from '@gridflow/engine';
import { WecomCallbackError } from './wecom-callback-error.js';

/**
 * A parsed XML element's children by name: text stays a string ("007" stays "007"), a nested element is an
 * object, a repeated name becomes an array in document order.
 *
 * @example
 * ```ts
 * const doc: WecomXmlElement = { MsgType: 'event', SelectedItems: { SelectedItem: [{ QuestionKey: 'q1' }] } };
 * ```
 */
export interface WecomXmlElement {
  [name: string]: WecomXmlValue;
}

/**
 * A value in a {@link WecomXmlElement}.
 *
 * @example
 * ```ts
 * const value: WecomXmlValue = 'template_card_event';
 * ```
 */
export type WecomXmlValue = string | WecomXmlElement | Array<string | WecomXmlElement>;

/** WeCom's callback bodies are a few hundred bytes; anything near this is not WeCom. */
const DEFAULT_MAX_BYTES = 64 * 1024;
const MAX_DEPTH = 8;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const bad = (message: string) => new WecomCallbackError('BAD_XML', message);

function decodeText(raw: string): string {
  return raw.replace(/&([^;&<]*);|&/g, (match, body: string | undefined) => {
    if (body === undefined) throw bad('a bare & in text');
    const code = /^#x[0-9A-Fa-f]{1,6}$/.test(body)
      ? Number.parseInt(body.slice(2), 16)
      : /^#\d{1,7}$/.test(body)
        ? Number(body.slice(1))
        : -1;
    if (code >= 0) {
      if (code > 0x10ffff || code === 0) throw bad(`character reference ${match} is out of range`);
      return String.fromCodePoint(code);
    }
    const known = ENTITIES[body];
    if (known === undefined) throw bad(`entity ${match} is not allowed`);
    return known;
  });
}

/**
 * Parse WeCom's flat callback XML (`<xml><ToUserName>…</ToUserName>…</xml>`) safely: no DTD, no comments,
 * no processing instructions, no entities beyond XML's five and character references, no attributes; CDATA
 * and text are kept exactly as strings; at most `maxBytes` (default 64 KiB) and 8 levels deep. Returns the
 * children of `<xml>`. Anything else is a `BAD_XML` (or `TOO_LARGE`) {@link WecomCallbackError}.
 *
 * @example
 * ```ts
 * parseWecomXml('<xml><AgentID>007</AgentID><Event><![CDATA[template_card_event]]></Event></xml>');
 * // { AgentID: '007', Event: 'template_card_event' }
 * ```
 */
export function parseWecomXml(text: string, options: { maxBytes?: number } = {}): WecomXmlElement {
  if (Buffer.byteLength(text, 'utf8') > (options.maxBytes ?? DEFAULT_MAX_BYTES)) {
    throw new WecomCallbackError('TOO_LARGE', 'the XML is over the size limit');
  }
  let pos = 0;
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const expect = (token: string) => {
    if (!text.startsWith(token, pos)) throw bad(`expected ${token} at ${pos}`);
    pos += token.length;
  };
  const readName = (): string => {
    const name = NAME.exec(text.slice(pos, pos + 256))?.[0];
    if (!name) throw bad(`expected an element name at ${pos}`);
    pos += name.length;
    return name;
  };

  const readElement = (depth: number): { name: string; value: string | WecomXmlElement } => {
    if (depth > MAX_DEPTH) throw bad('nested too deep');
    expect('<');
    const name = readName();
    skipSpace();
    if (text.startsWith('/>', pos)) {
      pos += 2;
      return { name, value: '' };
    }
    expect('>');
    const children: WecomXmlElement = Object.create(null);
    let hasChildren = false;
    const texts: { raw: string; cdata: boolean }[] = [];
    for (;;) {
      if (pos >= text.length) throw bad(`<${name}> is not closed`);
      if (text.startsWith('</', pos)) break;
      if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos + 9);
        if (end === -1) throw bad('CDATA is not closed');
        texts.push({ raw: text.slice(pos + 9, end), cdata: true });
        pos = end + 3;
      } else if (text.startsWith('<!', pos) || text.startsWith('<?', pos)) {
        throw bad('DTDs, comments and processing instructions are not allowed');
      } else if (text[pos] === '<') {
        const child = readElement(depth + 1);
        const seen = children[child.name];
        children[child.name] =
          seen === undefined
            ? child.value
            : Array.isArray(seen)
              ? [...seen, child.value]
              : [seen, child.value];
        hasChildren = true;
      } else {
        const end = text.indexOf('<', pos);
        texts.push({ raw: decodeText(text.slice(pos, end === -1 ? text.length : end)), cdata: false });
        pos = end === -1 ? text.length : end;
      }
    }
    pos += 2;
    if (readName() !== name) throw bad(`</${name}> expected`);
    skipSpace();
    expect('>');
    // Layout whitespace around elements or CDATA is not part of the value; text outside CDATA otherwise is.
    const hasCdata = texts.some((t) => t.cdata);
    const kept = texts.filter((t) => t.cdata || !(hasChildren || hasCdata) || t.raw.trim() !== '');
    if (hasChildren && kept.length > 0) throw bad(`<${name}> mixes text and elements`);
    return { name, value: hasChildren ? children : kept.map((t) => t.raw).join('') };
  };

  if (text.startsWith('\uFEFF')) pos = 1;
  skipSpace();
  if (text.startsWith('<?xml', pos)) {
    const end = text.indexOf('?>', pos);
    if (end === -1) throw bad('the XML declaration is not closed');
    pos = end + 2;
    skipSpace();
  }
  const root = readElement(1);
  skipSpace();
  if (pos !== text.length) throw bad('content after the root element');
  if (root.name !== 'xml') throw bad(`the root element is <${root.name}>, not <xml>`);
  return typeof root.value === 'string' ? Object.create(null) : root.value;
}

/**
 * The text of child `name`, or undefined when absent. A repeated or nested `name` is a `BAD_XML` error, so a
 * second `<Encrypt>` smuggled into a body can never be the one that is read.
 *
 * @example
 * ```ts
 * const encrypt = wecomXmlText(parseWecomXml(body), 'Encrypt');
 * ```
 */
export function wecomXmlText(element: WecomXmlElement, name: string): string | undefined {
  const value = Object.hasOwn(element, name) ? element[name] : undefined;
  if (value !== undefined && typeof value !== 'string') throw bad(`<${name}> is not a single text value`);
  return value;
}

/**
 * What {@link buildWecomXml} accepts: strings (written as CDATA), numbers (plain), nested elements, and
 * arrays for repeated elements.
 *
 * @example
 * ```ts
 * const fields: WecomXmlInput = { CreateTime: 1409659589, Event: 'template_card_event' };
 * ```
 */
export interface WecomXmlInput {
  [name: string]: WecomXmlInputValue;
}

/**
 * A value in a {@link WecomXmlInput}.
 *
 * @example
 * ```ts
 * const items: WecomXmlInputValue = [{ QuestionKey: 'q1' }, { QuestionKey: 'q2' }];
 * ```
 */
export type WecomXmlInputValue =
  | string
  | number
  | WecomXmlInput
  | ReadonlyArray<string | number | WecomXmlInput>;

function writeValue(name: string, value: string | number | WecomXmlInput): string {
  if (!NAME.test(name) || NAME.exec(name)![0] !== name)
    throw validationError(`xml.${name}`, 'is not an element name');
  if (typeof value === 'number') return `<${name}>${value}</${name}>`;
  if (typeof value === 'string')
    return `<${name}><![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${name}>`;
  return `<${name}>${writeChildren(value)}</${name}>`;
}

function writeChildren(fields: WecomXmlInput): string {
  return Object.entries(fields)
    .map(([name, value]) =>
      Array.isArray(value)
        ? value.map((v) => writeValue(name, v)).join('')
        : writeValue(name, value as string | number | WecomXmlInput),
    )
    .join('');
}

/**
 * Write `<xml>…</xml>` for a reply or an event, strings in CDATA (a `]]>` inside is split safely).
 *
 * @example
 * ```ts
 * buildWecomXml({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: 1409659589, Nonce: nonce });
 * ```
 */
export function buildWecomXml(fields: WecomXmlInput): string {
  return `<xml>${writeChildren(fields)}</xml>`;
}
