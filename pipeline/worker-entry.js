// A worker thread runs TypeScript like the main thread: register the loader, then the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
