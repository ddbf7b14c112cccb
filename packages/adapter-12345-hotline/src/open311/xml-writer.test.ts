import { describe, expect, it } from 'vitest';
import { escapeXmlText, sparkToXml, xmlDocument } from './xml-writer.js';

describe('the XML writer', () => {
  it('escapes markup in text so a description cannot open an element or a CDATA end', () => {
    expect(escapeXmlText('<b>&amp; ]]> "q" \'a\'')).toBe('&lt;b&gt;&amp;amp; ]]&gt; "q" \'a\'');
  });

  it('drops characters XML 1.0 cannot carry and keeps tabs, newlines and astral characters', () => {
    expect(escapeXmlText('a\u0000b\u0008c\u000Bd\te\nf\uFFFE𠮷\uD800')).toBe('abcd\te\nf𠮷');
  });

  it('writes the declaration, nested elements with indentation, and empty elements for null', () => {
    const doc = xmlDocument(sparkToXml('errors', [{ code: 400, description: null }], { errors: 'error' }));
    expect(doc).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors>\n  <error>\n    <code>400</code>\n    <description></description>\n  </error>\n</errors>\n',
    );
  });

  it('writes booleans as true/false, leaves undefined members out and an empty list as an empty element', () => {
    const node = sparkToXml(
      'service',
      { metadata: false, group: undefined, values: [] },
      { values: 'value' },
    );
    expect(xmlDocument(node)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service>\n  <metadata>false</metadata>\n  <values></values>\n</service>\n',
    );
  });

  it('refuses element names XML does not allow and lists without an item name', () => {
    expect(() => xmlDocument({ name: 'bad name', text: 'x' })).toThrow(TypeError);
    expect(() => xmlDocument({ name: '1st', text: 'x' })).toThrow(TypeError);
    expect(() => sparkToXml('things', ['a'], {})).toThrow(/no item element name/);
  });
});
