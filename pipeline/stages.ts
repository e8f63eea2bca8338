/**
 * The stages, in order. Each declares what it reads from the document state and what it adds;
 * tests/stages.test.ts checks that every field a stage reads was added by an earlier one.
 */
import { read } from './read.ts';
import { detect } from './detect.ts';
import { clean } from './clean.ts';
import { segment } from './segment.ts';
import { extract } from './extract.ts';
import { emit } from './emit.ts';
import type { DocState } from './types.ts';

export interface Stage {
  name: string;
  reads: (keyof DocState)[];
  adds: (keyof DocState)[];
  run: (doc: DocState) => void;
}

/** Fields present before the first stage runs. */
export const INITIAL: (keyof DocState)[] = ['source', 'bytes', 'raw', 'reporter', 'rulesDir'];

export const STAGES: readonly Stage[] = [
  { name: 'read', reads: ['bytes', 'raw', 'reporter'], adds: ['raw', 'encoding'], run: read },
  { name: 'detect', reads: ['raw', 'rulesDir', 'reporter'], adds: ['language', 'rules', 'kind', 'kindEvidence'], run: detect },
  { name: 'clean', reads: ['raw', 'rules', 'kind', 'reporter'], adds: ['lines', 'paragraphs', 'footnoteDefs', 'dropped', 'boilerplate', 'vocab'], run: clean },
  { name: 'segment', reads: ['paragraphs', 'lines', 'footnoteDefs', 'vocab', 'rules', 'kind', 'reporter'], adds: ['segments'], run: segment },
  { name: 'extract', reads: ['segments', 'rules'], adds: ['references', 'entities'], run: extract },
  { name: 'emit', reads: ['segments', 'references', 'entities', 'dropped', 'boilerplate', 'kindEvidence', 'source', 'encoding', 'language', 'reporter'], adds: ['record'], run: emit },
];
