/**
 * Cut `text` to at most `maxBytes` of UTF-8 without splitting a character (a cut never leaves half of 工 or
 * of an emoji). Text that fits comes back unchanged.
 *
 * @example
 * ```ts
 * truncateUtf8('网格员已接单', 10); // '网格员' (9 bytes: a fourth character would need 12)
 * ```
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let cut = Math.max(0, Math.floor(maxBytes));
  // Step back over continuation bytes (10xxxxxx) to the start of the character the cut would split.
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString('utf8');
}
