import { isGridflowError } from '@gridflow/engine';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTLINE_PROFILE, hotlineProfile } from './hotline-profile.js';

describe('hotlineProfile', () => {
  it('starts from the default profile: code 0 in a { code, message, data } envelope, HMAC-SHA256 over 300 s', () => {
    const profile = hotlineProfile();
    expect(profile.envelope).toEqual({ code: 'code', message: 'message', data: 'data', success: 0 });
    expect(profile.signature.scheme).toBe('hmac-sha256');
    expect(profile.signature.windowSeconds).toBe(300);
    expect(profile.fields.orderNo).toBe('orderNo');
  });

  it.each([0, 200, 10000, 'SUCCESS'])('lets a district say success is %j', (success) => {
    expect(hotlineProfile({ envelope: { success } }).envelope.success).toBe(success);
  });

  it('renames fields one by one and keeps the others', () => {
    const profile = hotlineProfile({ fields: { orderNo: 'gdbh', callerPhone: 'caller.mobile' } });
    expect(profile.fields.orderNo).toBe('gdbh');
    expect(profile.fields.callerPhone).toBe('caller.mobile');
    expect(profile.fields.title).toBe('title');
  });

  it('adds labels to the default tables instead of replacing them', () => {
    const profile = hotlineProfile({ channels: { 市长信箱: 'web' }, appealTypes: { 感谢: 'consultation' } });
    expect(profile.channels.市长信箱).toBe('web');
    expect(profile.channels.热线).toBe('hotline');
    expect(profile.appealTypes.感谢).toBe('consultation');
  });

  it('never changes the default profile when a district overrides it', () => {
    hotlineProfile({ fields: { orderNo: 'gdbh' }, envelope: { success: 200 } });
    expect(DEFAULT_HOTLINE_PROFILE.fields.orderNo).toBe('orderNo');
    expect(DEFAULT_HOTLINE_PROFILE.envelope.success).toBe(0);
    expect(Object.isFrozen(DEFAULT_HOTLINE_PROFILE.fields)).toBe(true);
  });

  it.each([
    [{ envelope: { code: '' } }, 'profile.envelope.code'],
    [{ appealTypes: { 咨询: 'question' } }, 'profile.appealTypes.咨询'],
    [{ fields: { orderNo: '' } }, 'profile.fields.orderNo'],
    [{ api: { paths: { reply: 'reply' } } }, 'profile.api.paths.reply'],
    [{ signature: { scheme: 'rsa' } }, 'profile.signature.scheme'],
    [{ unknownPart: true }, 'profile'],
  ])('refuses a bad override %j naming the field', (overrides, field) => {
    let error: unknown;
    try {
      hotlineProfile(overrides as never);
    } catch (caught) {
      error = caught;
    }
    expect(isGridflowError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as { details: { field: string } }).details.field).toBe(field);
  });
});
