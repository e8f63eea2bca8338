/**
 * A text's UTF-16 code units in a typed array, for the loops that read every unit of every
 * document (the literal automaton, the cleaner's test for repairs). V8 reads a unit of a sliced or
 * joined string through a check of the string's kind at each charCodeAt; a typed array filled by
 * one native copy is read directly. Measured over the lines and paragraphs of 500 bench
 * documents: 4.8 → 2.4 ns a unit for the repair test (the copy included), 7.5 → 4.8 for a loop
 * shaped like the automaton's.
 *
 * Each user keeps a buffer of its own: what one returns holds only until that buffer's next call,
 * so a loop over it must not call anything that fills the same buffer.
 */

/** a buffer's size, in units (512 KB, allocated at first use): longer texts are read in pieces, or as strings */
export const UNITS_CAPACITY = 1 << 18;

/** Buffer.write gives UTF-16 in little-endian order: a typed array reads it as units only on a little-endian machine. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class UnitsBuffer {
  private units: Uint16Array | null = null;
  private bytes: Buffer | null = null;

  /**
   * The units of `text` in the first text.length places of the array, valid until the next call;
   * null when the text is longer than UNITS_CAPACITY (the caller reads it in pieces, or as a string).
   */
  of(text: string): Uint16Array | null {
    if (text.length > UNITS_CAPACITY) return null;
    if (!this.units) {
      this.units = new Uint16Array(UNITS_CAPACITY);
      this.bytes = Buffer.from(this.units.buffer, this.units.byteOffset, this.units.byteLength);
    }
    // code units are copied as they are, lone surrogates included
    if (LITTLE_ENDIAN) this.bytes!.write(text, 0, 'utf16le');
    else for (let i = 0; i < text.length; i++) this.units[i] = text.charCodeAt(i);
    return this.units;
  }

  /**
   * Reads `text` in pieces of at most UNITS_CAPACITY units, each starting `overlap` units before
   * the end of the one before (a pair of units is then seen whole in one piece): `f` gets a
   * piece's units, its length and where it starts in the text, and stops the reading by returning
   * false. Most texts are one piece, read without a copy of the string.
   */
  pieces(text: string, overlap: number, f: (units: Uint16Array, n: number, base: number) => boolean): void {
    for (let base = 0; base < text.length; base += UNITS_CAPACITY - overlap) {
      const piece = base === 0 && text.length <= UNITS_CAPACITY ? text : text.slice(base, base + UNITS_CAPACITY);
      if (!f(this.of(piece)!, piece.length, base) || base + piece.length >= text.length) return;
    }
  }
}
