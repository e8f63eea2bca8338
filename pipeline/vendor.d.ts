// Types for modules imported by path or shipped without declarations.
declare module 'natural/lib/natural/stemmers/porter_stemmer_fr.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
declare module 'written-number' {
  function writtenNumber(n: number, options?: { lang?: string; noAnd?: boolean }): string;
  export default writtenNumber;
}
