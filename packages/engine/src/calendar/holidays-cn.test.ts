import { describe, expect, it } from 'vitest';
import { parseHolidayYear } from './holiday-year.js';
import { chinaHolidayData } from './holidays-cn.js';
import { isoDay, parseIsoDay } from './local-day.js';

/**
 * The arrangement items of each State Council notice, as published (国务院办公厅关于某年部分节假日安排的通知).
 * The test reads dates, weekday annotations and day counts out of this text on its own, so a slip when the
 * data was typed in shows up as a mismatch rather than being checked against itself.
 */
const NOTICES: Record<number, string> = {
  2020: `一、元旦：2020年1月1日放假，共1天。
    二、春节：1月24日至30日放假调休，共7天。1月19日（星期日）、2月1日（星期六）上班。
    三、清明节：4月4日至6日放假调休，共3天。
    四、劳动节：5月1日至5日放假调休，共5天。4月26日（星期日）、5月9日（星期六）上班。
    五、端午节：6月25日至27日放假调休，共3天。6月28日（星期日）上班。
    六、国庆节、中秋节：10月1日至8日放假调休，共8天。9月27日（星期日）、10月10日（星期六）上班。`,
  2021: `一、元旦：2021年1月1日至3日放假，共3天。
    二、春节：2月11日至17日放假调休，共7天。2月7日（星期日）、2月20日（星期六）上班。
    三、清明节：4月3日至5日放假调休，共3天。
    四、劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。
    五、端午节：6月12日至14日放假，共3天。
    六、中秋节：9月19日至21日放假调休，共3天。9月18日（星期六）上班。
    七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。`,
  2022: `一、元旦：2022年1月1日至3日放假，共3天。
    二、春节：1月31日至2月6日放假调休，共7天。1月29日（星期六）、1月30日（星期日）上班。
    三、清明节：4月3日至5日放假调休，共3天。4月2日（星期六）上班。
    四、劳动节：4月30日至5月4日放假调休，共5天。4月24日（星期日）、5月7日（星期六）上班。
    五、端午节：6月3日至5日放假，共3天。
    六、中秋节：9月10日至12日放假，共3天。
    七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。`,
  2023: `一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
    二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
    三、清明节：4月5日放假，共1天。
    四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
    五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
    六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。`,
  2024: `一、元旦：1月1日放假，与周末连休。
    二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
    三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
    四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
    五、端午节：6月10日放假，与周末连休。
    六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
    七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。`,
  2025: `一、元旦：1月1日（周三）放假1天，不调休。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
    三、清明节：4月4日（周五）至6日（周日）放假，共3天。
    四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
    五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
    六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。`,
  2026: `一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    三、清明节：4月4日（周六）至6日（周一）放假，共3天。
    四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
    五、端午节：6月19日（周五）至21日（周日）放假，共3天。
    六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
    七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。`,
};

const WEEKDAYS = '日一二三四五六';
const DATE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:[（(]([^）)]*)[）)])?/g;

/** Rest days and make-up days as the notice text states them, checking its weekday notes and day counts. */
function readNotice(year: number, text: string) {
  const holidays = new Set<string>();
  const makeUp = new Set<string>();
  for (const sentence of text.split('。')) {
    const kind = sentence.includes('上班') ? 'makeUp' : sentence.includes('放假') ? 'rest' : undefined;
    if (!kind) continue;
    let noticeYear = year;
    let month = 0;
    const days = [...sentence.matchAll(DATE)].map(([, y, m, d, note]) => {
      noticeYear = y ? Number(y) : noticeYear;
      month = m ? Number(m) : month;
      const day = parseIsoDay(
        `${noticeYear}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      )!;
      const weekday = /(?:周|星期)([一二三四五六日])/.exec(note ?? '')?.[1];
      if (weekday) expect(WEEKDAYS[(((day + 4) % 7) + 7) % 7], `${isoDay(day)} in ${sentence}`).toBe(weekday);
      return day;
    });
    if (kind === 'makeUp') {
      for (const day of days) makeUp.add(isoDay(day));
      continue;
    }
    const [first, last = first] = sentence.includes('至') ? days : [days[0]!];
    const total = /共(\d+)天/.exec(sentence)?.[1];
    if (total) expect(last! - first! + 1, sentence).toBe(Number(total));
    for (let day = first!; day <= last!; day++) holidays.add(isoDay(day));
  }
  return { holidays, makeUp };
}

describe('bundled China holiday data', () => {
  it('covers every year from 2020 to 2026 and names each notice', () => {
    expect(chinaHolidayData.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const year of chinaHolidayData) expect(year.source).toMatch(/^国办发明电〔\d{4}〕\d+号/);
    expect(chinaHolidayData.find((y) => y.year === 2026)?.source).toBe('国办发明电〔2025〕7号');
  });

  it('passes its own validation', () => {
    for (const year of chinaHolidayData) expect(parseHolidayYear(year)).toEqual(year);
  });

  it.each(chinaHolidayData.map((y) => [y.year, y] as const))(
    'matches the %i notice day for day',
    (year, data) => {
      const stated = readNotice(year, NOTICES[year]!);
      if (year === 2020) {
        // 国办发明电〔2020〕1号 extended the Spring Festival break to 2 February, so 1 February was no longer worked.
        for (const day of ['2020-01-31', '2020-02-01', '2020-02-02']) stated.holidays.add(day);
        stated.makeUp.delete('2020-02-01');
      }
      expect([...data.holidays].sort()).toEqual([...stated.holidays].sort());
      expect([...data.makeUpWorkdays].sort()).toEqual([...stated.makeUp].sort());
    },
  );

  it('puts every make-up working day on a weekend', () => {
    for (const year of chinaHolidayData) {
      for (const text of year.makeUpWorkdays) {
        const weekday = (((parseIsoDay(text)! + 4) % 7) + 7) % 7;
        expect([0, 6], text).toContain(weekday);
      }
    }
  });
});
