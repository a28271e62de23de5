import type { PositionSide } from '../risk/trade-intent.js';

const SIDE_WORDS: Readonly<Record<string, PositionSide>> = {
  long: 'long',
  buy: 'long',
  l: 'long',
  short: 'short',
  sell: 'short',
  s: 'short',
};

/**
 * Reads a position side, ignoring case: long / buy / l is a long, short / sell / s a short.
 * Returns null for anything else (the caller reports BAD_SIDE with the word as written).
 */
export function parseSideToken(token: string): PositionSide | null {
  const key = token.toLowerCase();
  return Object.hasOwn(SIDE_WORDS, key) ? SIDE_WORDS[key]! : null;
}
