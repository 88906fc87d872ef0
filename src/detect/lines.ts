// Offset → 1-based line/column, with a lazily built newline index.
import { countBelow } from './sorted.js';

export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private build(): number[] {
    const starts = [0];
    const t = this.text;
    let i = t.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = t.indexOf('\n', i + 1);
    }
    this.starts = starts;
    return starts;
  }

  /** 0-based index of the line holding `offset`. */
  lineAt(offset: number): number {
    // The last line starting at or before `offset` (offsets are integers).
    return Math.max(0, countBelow(this.starts ?? this.build(), offset + 1) - 1);
  }

  /** Offset where 0-based line `line` starts (the text's length past the last line). */
  startOf(line: number): number {
    return (this.starts ?? this.build())[line] ?? this.text.length;
  }

  /** 1-based line and column (in UTF-16 code units) of `offset`. */
  position(offset: number): { line: number; column: number } {
    const line = this.lineAt(offset);
    return { line: line + 1, column: offset - this.startOf(line) + 1 };
  }
}

/** Start offset of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** End offset (exclusive, before the newline) of the line holding `offset`. */
export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i;
}
