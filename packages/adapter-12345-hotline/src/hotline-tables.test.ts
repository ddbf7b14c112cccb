import { isGridflowError } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTLINE_CATEGORIES, hotlineCategoryTable } from './hotline-categories.js';
import { hotlineUnitTable } from './hotline-units.js';

function fieldOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return isGridflowError(error, 'VALIDATION_FAILED') ? error.details.field : error;
  }
  return 'no error';
}

describe('the category table', () => {
  it('ships a starter table of unique six-digit codes, two digits per level', () => {
    const codes = DEFAULT_HOTLINE_CATEGORIES.map((row) => row.code);
    expect(codes.length).toBeGreaterThanOrEqual(30);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^(\d{2})(\d{2})(\d{2})$/.test(code))).toBe(true);
  });

  it('looks codes up and answers null for a code it does not have', () => {
    const table = hotlineCategoryTable(DEFAULT_HOTLINE_CATEGORIES);
    expect(table.get('030101')).toEqual({ code: '030101', name: '停水', slaCategory: 'utilities' });
    expect(table.get('999999')).toBeNull();
    expect(table.size).toBe(DEFAULT_HOTLINE_CATEGORIES.length);
  });

  it('refuses a code that is not six digits, and a repeated code, naming the row', () => {
    expect(fieldOf(() => hotlineCategoryTable([{ code: '12345', name: 'x' }]))).toBe('categories.0.code');
    expect(
      fieldOf(() =>
        hotlineCategoryTable([
          { code: '010101', name: 'a' },
          { code: '010101', name: 'b' },
        ]),
      ),
    ).toBe('categories.1.code');
  });
});

describe('the unit-code table', () => {
  const units = hotlineUnitTable({ '310112001': 'street-east', ZJ01: 'dept-housing', ZJ02: 'dept-housing' });

  it('maps a platform code to its directory unit and back', () => {
    expect(units.lookup('ZJ01')).toEqual({ ok: true, unitId: 'dept-housing' });
    expect(units.codeOf('street-east')).toBe('310112001');
    expect(units.codeOf('dept-housing')).toBe('ZJ01');
  });

  it('answers a typed miss naming the code it does not know', () => {
    expect(units.lookup('XX99')).toEqual({ ok: false, reason: 'UNKNOWN_UNIT', code: 'XX99' });
    expect(units.lookup('__proto__')).toEqual({ ok: false, reason: 'UNKNOWN_UNIT', code: '__proto__' });
    expect(units.codeOf('nobody')).toBeNull();
  });

  it('makes a new table with more codes and leaves the old one as it was', () => {
    const fixed = units.with({ XX99: 'comm-9' });
    expect(fixed.lookup('XX99')).toEqual({ ok: true, unitId: 'comm-9' });
    expect(units.lookup('XX99').ok).toBe(false);
    expect(fixed.size).toBe(units.size + 1);
  });

  it('refuses a code with spaces or an empty unit id, naming the entry', () => {
    expect(fieldOf(() => hotlineUnitTable({ 'A 1': 'x' }))).toBe('units.A 1');
    expect(fieldOf(() => hotlineUnitTable({ A1: '' }))).toBe('units.A1');
  });
});
