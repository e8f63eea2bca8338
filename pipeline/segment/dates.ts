/**
 * Dates printed in words ("21 novembre 2022", "1er décembre 2023") to ISO, with the month names
 * of the document's language (rules/<lang>/header.yaml).
 */
import { fold, type CompiledRules } from '../rules/compile.ts';

export interface FoundDate {
  iso: string;
  index: number;
  length: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Every full date in `text`, in order. */
export function findDates(text: string, rules: CompiledRules): FoundDate[] {
  const out: FoundDate[] = [];
  for (const p of rules.dates) {
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) {
      const g = m.groups ?? {};
      const month = rules.months.get(fold(g.month ?? ''));
      const day = /^\d+$/.test(g.day ?? '') ? Number(g.day) : 1;
      const year = Number(g.year);
      if (!month || !year || day < 1 || day > 31) continue;
      out.push({ iso: `${year}-${pad(month)}-${pad(day)}`, index: m.index!, length: m[0].length });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

export function firstDate(text: string, rules: CompiledRules): FoundDate | null {
  return findDates(text, rules)[0] ?? null;
}
