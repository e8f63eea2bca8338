/**
 * Cleaner `glued-markers`: in plain PDF-to-text output a footnote marker is a digit glued to the
 * word it follows: "Nations Unies1 sur", "budgétaires3,", even "30 juin 20212 et" (marker 2 on the
 * year 2021). Such digits are only taken as markers where a note with that number exists, in order
 * (marker n after marker n-1) and before the note itself (a marker stands on the note's page).
 */
import type { Line } from '../types.ts';
import { removeFromLine } from './inline.ts';

/** the highest resolution number a session reaches, with room to spare */
const MAX_RESOLUTION_NUMBER = 400;

interface MarkerPatterns {
  afterWord: RegExp;
  afterYear: RegExp;
  afterSymbol: RegExp;
}

/** Patterns per marker number, built once: documents ask for the same few numbers on every line. */
const patterns = new Map<string, MarkerPatterns>();

function patternsFor(n: string): MarkerPatterns {
  let p = patterns.get(n);
  if (!p) {
    p = {
      // e.g. "Unies1 sur", "(COVID-19)3,", "« … »4" — the digits end there
      afterWord: new RegExp(`(?<=[\\p{L}\\)»”’\\]])${n}(?![\\p{L}\\p{N}])`, 'gu'),
      // e.g. "20212 et": a year 19xx/20xx with the marker glued after it
      afterYear: new RegExp(`(?<=(?<![\\p{N}/.,-])(?:19|20)\\d\\d)${n}(?![\\p{N}])`, 'gu'),
      // e.g. "résolution 74/912 ;": a resolution of session 74 numbered 91, marker 2
      afterSymbol: new RegExp(`(?<=(?<![\\p{N}/])\\d{1,2}/(\\d{1,3}))${n}(?![\\p{N}/])`, 'gu'),
    };
    patterns.set(n, p);
  }
  return p;
}

/** Candidates for marker `n` in a line: after a letter or closing sign, or after a year. */
function candidates(text: string, n: string): number[] {
  // most lines do not hold the digits at all
  if (!text.includes(n)) return [];
  const { afterWord, afterYear, afterSymbol } = patternsFor(n);
  const out: number[] = [];
  for (const re of [afterWord, afterYear]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) out.push(m.index);
  }
  // no session numbers its resolutions past 400, so a glued digit after "74/91" cannot belong to the number
  afterSymbol.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = afterSymbol.exec(text))) if (Number(m[1] + n) > MAX_RESOLUTION_NUMBER) out.push(m.index);
  return out.sort((a, b) => a - b);
}

export function removeGluedMarkers(lines: Line[]): void {
  const defs = lines.filter((l) => l.footnote?.first && /^\d/.test(l.raw.trim()));
  let from = { line: 0, at: 0 };
  for (const d of defs) {
    const n = d.footnote!.marker;
    let found = false;
    for (let i = from.line; i < d.index && !found; i++) {
      const l = lines[i];
      if (!l.clean || l.dropped || l.footnote) continue;
      const min = i === from.line ? from.at : 0;
      const at = candidates(l.clean.text.text, n).find((x) => x >= min);
      if (at === undefined) continue;
      const span = l.clean.text.rawSpan(at, at + n.length);
      removeFromLine(l.clean, at, n.length);
      l.clean.markers.push({ marker: n, at, span });
      l.clean.markers.sort((a, b) => a.at - b.at);
      from = { line: i, at };
      found = true;
    }
  }
}
