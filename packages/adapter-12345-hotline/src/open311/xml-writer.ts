/**
 * A node of a small XML document: an element with text (`null` writes an empty element) or with child elements.
 * No attributes and no namespaces: Open311 GeoReport v2 uses neither.
 *
 * @example
 * ```ts
 * const node: XmlNode = { name: 'error', children: [{ name: 'code', text: '400' }] };
 * ```
 */
export type XmlNode = { name: string; text: string | null } | { name: string; children: readonly XmlNode[] };

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// XML 1.0 forbids most control characters even as references; a resident's text must not break a client's parser.
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters being removed.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escape text for an XML element: `&`, `<` and `>` (so `]]>` cannot appear), with characters XML 1.0 cannot carry
 * removed. Quotes are left alone: they are only special inside attributes, which this writer never writes.
 *
 * @example
 * ```ts
 * escapeXmlText('a < b & "c"'); // 'a &lt; b &amp; "c"'
 * ```
 */
export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Write a document: the declaration the Open311 spec requires (`encoding="utf-8"`), then the root element,
 * indented by two spaces per level. Throws a `TypeError` on an element name XML does not allow.
 *
 * @example
 * ```ts
 * xmlDocument({ name: 'errors', children: [{ name: 'error', children: [{ name: 'code', text: '404' }] }] });
 * // '<?xml version="1.0" encoding="utf-8"?>\n<errors>\n  <error>\n    <code>404</code>…'
 * ```
 */
export function xmlDocument(root: XmlNode): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  write(root, 0, lines);
  return `${lines.join('\n')}\n`;
}

function write(node: XmlNode, depth: number, lines: string[]): void {
  if (!NAME.test(node.name)) throw new TypeError(`not an XML element name: ${JSON.stringify(node.name)}`);
  const indent = '  '.repeat(depth);
  if ('text' in node) {
    lines.push(`${indent}<${node.name}>${node.text === null ? '' : escapeXmlText(node.text)}</${node.name}>`);
    return;
  }
  if (node.children.length === 0) {
    lines.push(`${indent}<${node.name}></${node.name}>`);
    return;
  }
  lines.push(`${indent}<${node.name}>`);
  for (const child of node.children) write(child, depth + 1, lines);
  lines.push(`${indent}</${node.name}>`);
}

/**
 * A JSON-like value in the shape the Open311 spec maps between XML and JSON (its "Spark convention"): objects
 * are elements with children in key order, arrays repeat an item element, scalars are text.
 *
 * @example
 * ```ts
 * const value: SparkValue = [{ code: 400, description: 'service_code was not provided' }];
 * ```
 */
export type SparkValue =
  | string
  | number
  | boolean
  | null
  | readonly SparkValue[]
  | { readonly [key: string]: SparkValue | undefined };

/**
 * Turn a Spark value into an XML node named `name`. Array items are named by `itemNames[name]` (`services` →
 * `service`); `undefined` object members are left out, `null` becomes an empty element.
 *
 * @example
 * ```ts
 * sparkToXml('errors', [{ code: 404, description: 'not found' }], { errors: 'error' });
 * ```
 */
export function sparkToXml(
  name: string,
  value: SparkValue,
  itemNames: Readonly<Record<string, string>>,
): XmlNode {
  if (value === null) return { name, text: null };
  if (Array.isArray(value)) {
    const item = itemNames[name];
    if (!item) throw new TypeError(`no item element name for the list ${name}`);
    return { name, children: value.map((entry) => sparkToXml(item, entry, itemNames)) };
  }
  if (typeof value === 'object') {
    const children = Object.entries(value as Record<string, SparkValue | undefined>)
      .filter((entry): entry is [string, SparkValue] => entry[1] !== undefined)
      .map(([key, entry]) => sparkToXml(key, entry, itemNames));
    return { name, children };
  }
  return { name, text: String(value) };
}
