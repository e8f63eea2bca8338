import type { Span } from '../text/mapped.ts';

export interface Reference {
  id: string;
  type: string;
  text: string;
  span: Span;
  part: string | null;
  date: string | null;
  year: number | null;
  in: string;
  clause: string | null;
  relation: string | null;
  rule: string;
}

export interface Entity {
  type: string;
  text: string;
  normalized: string | null;
  code: string | null;
  span: Span;
  in: string;
  rule: string;
}
