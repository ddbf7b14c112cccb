import { describe, expect, it } from 'vitest';
import { callerSchema } from './caller.js';
import { maskName, maskPersonalText, maskPhone } from './mask.js';
import { redactPersonalData } from './redact.js';

describe('masking personal data', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 13812345678', '138****5678'],
    ['010-12345678', '010****5678'],
    ['0898-6612-3456', '089*****3456'],
  ])('masks the phone %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('keeps the family name of a Chinese or Latin name', () => {
    expect(maskName('王芳')).toBe('王*');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('Zhang San')).toBe('Z**** S**');
  });

  it('masks phone and ID numbers in free text but not order numbers or dates', () => {
    const text =
      '联系人 13812345678 或 010-87654321，身份证 11010119900307123X，工单 GD20260930000123，2026-09-30';
    expect(maskPersonalText(text)).toBe(
      '联系人 138****5678 或 010****4321，身份证 110101********123X，工单 GD20260930000123，2026-09-30',
    );
  });

  it('validates a caller: mainland mobile or landline, confidential by choice', () => {
    expect(callerSchema.parse({ phone: '13812345678' })).toEqual({
      phone: '13812345678',
      confidential: false,
    });
    expect(callerSchema.safeParse({ phone: '12345' }).success).toBe(false);
    expect(callerSchema.safeParse({ phone: '23812345678' }).success).toBe(false);
    expect(callerSchema.safeParse({ phone: '0755-8888 1234' }).success).toBe(true);
  });

  it('redacts callers wherever they are and hides a confidential one entirely', () => {
    const context = {
      request: { title: '噪音', caller: { name: '王芳', phone: '13812345678', confidential: false } },
      merged: [{ caller: { name: '李四', phone: '13900001111', confidential: true } }],
      note: '回电 13900001111',
    };
    expect(redactPersonalData(context, 'masked')).toEqual({
      request: { title: '噪音', caller: { name: '王*', phone: '138****5678', confidential: false } },
      merged: [{ caller: { confidential: true } }],
      note: '回电 139****1111',
    });
    expect(redactPersonalData(context, 'all')).toBe(context);
  });
});
