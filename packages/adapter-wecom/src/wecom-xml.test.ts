import { describe, expect, it } from 'vitest';
import { WecomCallbackError } from './wecom-callback-error.js';
import { buildWecomXml, parseWecomXml, type WecomXmlInput, wecomXmlText } from './wecom-xml.js';

const reasonOf = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof WecomCallbackError) return error.reason;
    throw error;
  }
};

const CLICK = `<xml>
  <ToUserName><![CDATA[ww1234]]></ToUserName>
  <FromUserName><![CDATA[wangfang]]></FromUserName>
  <CreateTime>1409659589</CreateTime>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[template_card_event]]></Event>
  <EventKey><![CDATA[take:c-1]]></EventKey>
  <TaskId><![CDATA[t_007]]></TaskId>
  <CardType><![CDATA[vote_interaction]]></CardType>
  <ResponseCode><![CDATA[rc-1]]></ResponseCode>
  <AgentID>007</AgentID>
  <SelectedItems>
    <SelectedItem>
      <QuestionKey><![CDATA[q1]]></QuestionKey>
      <OptionIds><OptionId><![CDATA[o1]]></OptionId><OptionId><![CDATA[o2]]></OptionId></OptionIds>
    </SelectedItem>
    <SelectedItem>
      <QuestionKey><![CDATA[q2]]></QuestionKey>
      <OptionIds><OpitonId><![CDATA[o3]]></OpitonId></OptionIds>
    </SelectedItem>
  </SelectedItems>
</xml>`;

describe('WeCom XML', () => {
  it('reads a template card click with values kept as strings and SelectedItems nested', () => {
    const doc = parseWecomXml(CLICK);
    expect(doc.AgentID).toBe('007');
    expect(doc.CreateTime).toBe('1409659589');
    expect(doc.EventKey).toBe('take:c-1');
    expect(doc.SelectedItems).toEqual({
      SelectedItem: [
        { QuestionKey: 'q1', OptionIds: { OptionId: ['o1', 'o2'] } },
        { QuestionKey: 'q2', OptionIds: { OpitonId: 'o3' } },
      ],
    });
  });

  it('keeps CDATA exactly, including markup, entities and surrounding spaces', () => {
    const doc = parseWecomXml(
      '<xml><A><![CDATA[ <b>&amp; ]]></A><B>a &lt; b &#x5DE5;&#24037;</B><C/><D></D></xml>',
    );
    expect(doc).toEqual({ A: ' <b>&amp; ', B: 'a < b 工工', C: '', D: '' });
  });

  it('reads a body that starts with a byte-order mark and an XML declaration', () => {
    expect(parseWecomXml('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<xml><A>1</A></xml>\n')).toEqual({
      A: '1',
    });
  });

  it('rejects DTDs, entities, comments, processing instructions and attributes', () => {
    const attacks = [
      '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><A>&x;</A></xml>',
      '<xml><A>&x;</A></xml>',
      '<xml><A>a & b</A></xml>',
      '<xml><!-- hidden --><A>1</A></xml>',
      '<xml><?pi x?><A>1</A></xml>',
      '<xml><A id="1">1</A></xml>',
      '<xml><A>&#0;</A></xml>',
      '<xml><A>&#x110000;</A></xml>',
    ];
    for (const xml of attacks)
      expect(
        reasonOf(() => parseWecomXml(xml)),
        xml,
      ).toBe('BAD_XML');
  });

  it('rejects malformed documents', () => {
    const broken = [
      '',
      '<xml>',
      '<xml><A>1</B></xml>',
      '<xml><A>1</A>',
      '<xml><A><![CDATA[1</A></xml>',
      '<root><A>1</A></root>',
      '<xml><A>1</A></xml><xml/>',
      '<xml><A>text<B>1</B></A></xml>',
      '<xml>text</xml>junk',
      `<xml>${'<A>'.repeat(10)}1${'</A>'.repeat(10)}</xml>`,
    ];
    for (const xml of broken)
      expect(
        reasonOf(() => parseWecomXml(xml)),
        xml,
      ).toBe('BAD_XML');
  });

  it('refuses a body over the size limit with TOO_LARGE', () => {
    const body = `<xml><A><![CDATA[${'工'.repeat(400)}]]></A></xml>`;
    expect(reasonOf(() => parseWecomXml(body, { maxBytes: 1024 }))).toBe('TOO_LARGE');
    expect(reasonOf(() => parseWecomXml(body, { maxBytes: 2048 }))).toBe('accepted');
  });

  it('treats __proto__ as an ordinary element name', () => {
    const doc = parseWecomXml('<xml><__proto__><polluted>1</polluted></__proto__></xml>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(doc)).toEqual(['__proto__']);
  });

  it('reads a single text child, and refuses a repeated or nested one', () => {
    const doc = parseWecomXml(
      '<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt><Nested><X>1</X></Nested><One>1</One></xml>',
    );
    expect(wecomXmlText(doc, 'One')).toBe('1');
    expect(wecomXmlText(doc, 'Missing')).toBeUndefined();
    expect(wecomXmlText(doc, 'toString')).toBeUndefined();
    expect(reasonOf(() => wecomXmlText(doc, 'Encrypt'))).toBe('BAD_XML');
    expect(reasonOf(() => wecomXmlText(doc, 'Nested'))).toBe('BAD_XML');
  });

  it('builds XML that parses back to the same values, even with ]]> inside a string', () => {
    const fields: WecomXmlInput = {
      ToUserName: 'ww1234',
      CreateTime: 1409659589,
      Content: 'a ]]> b <c> & 工',
      SelectedItems: {
        SelectedItem: [{ QuestionKey: 'q1', OptionIds: { OptionId: ['o1', 'o2'] } }, { QuestionKey: 'q2' }],
      },
    };
    const xml = buildWecomXml(fields);
    expect(
      xml.startsWith('<xml><ToUserName><![CDATA[ww1234]]></ToUserName><CreateTime>1409659589</CreateTime>'),
    ).toBe(true);
    expect(parseWecomXml(xml)).toEqual({
      ...fields,
      CreateTime: '1409659589',
      SelectedItems: {
        SelectedItem: [{ QuestionKey: 'q1', OptionIds: { OptionId: ['o1', 'o2'] } }, { QuestionKey: 'q2' }],
      },
    });
  });

  it('refuses to build an element whose name is not an XML name', () => {
    expect(() => buildWecomXml({ 'a b': 'x' })).toThrow(/xml\.a b is not an element name/);
  });
});
