/** Every span in a record: any object with numeric `start` and `end` (span, markerSpan, evidence …). */
export function spansOf(value: unknown, out: { start: number; end: number }[] = []): { start: number; end: number }[] {
  if (Array.isArray(value)) for (const v of value) spansOf(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') out.push({ start: o.start, end: o.end });
    for (const v of Object.values(o)) spansOf(v, out);
  }
  return out;
}
