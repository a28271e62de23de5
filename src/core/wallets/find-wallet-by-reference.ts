import type { WalletInfo } from '../accounts/account.js';
import { err, ok, type Result } from '../result.js';

/** Why a typed wallet reference named none of the user's wallets; `wallets` are theirs, to list. */
export type WalletReferenceProblem =
  | { readonly code: 'UNKNOWN_WALLET'; readonly input: string; readonly wallets: readonly WalletInfo[] }
  /** Two labels differ only in letter case and the input matches both without matching either exactly. */
  | { readonly code: 'AMBIGUOUS_WALLET'; readonly input: string; readonly wallets: readonly WalletInfo[] };

/**
 * Finds the wallet a user typed among `wallets` (theirs only): its label, ignoring surrounding
 * quotes, spaces and letter case ("binance main" finds "Binance main"), or its id ("7" or "#7")
 * when no label is written like that. No prefixes or guesses: switching the wrong wallet's entries
 * on would be worse than asking again. Pure.
 */
export function findWalletByReference(wallets: readonly WalletInfo[], input: string): Result<WalletInfo, WalletReferenceProblem> {
  const text = spaced(input.trim().replace(/^(["'“‘«])(.*)(["'”’»])$/u, '$2'));
  const exact = wallets.find((w) => spaced(w.label) === text);
  if (exact) return ok(exact);
  const folded = wallets.filter((w) => spaced(w.label).toLocaleLowerCase() === text.toLocaleLowerCase());
  if (folded.length === 1) return ok(folded[0]!);
  if (folded.length > 1) return err({ code: 'AMBIGUOUS_WALLET', input: text, wallets });
  const id = /^#?(\d{1,12})$/.exec(text);
  const byId = id ? wallets.find((w) => w.id === Number(id[1])) : undefined;
  return byId ? ok(byId) : err({ code: 'UNKNOWN_WALLET', input: text, wallets });
}

/** Trimmed, with every run of white space as one space (a label typed on a phone may differ there). */
function spaced(s: string): string {
  return s.trim().replace(/\s+/gu, ' ');
}
