import { InlineKeyboard } from 'grammy';

/**
 * Callback data of the trade flow. Proposal buttons carry only the signal id
 * ("sig:ok:123" is at most 24 bytes); wizard buttons ("tw:…") carry a symbol or a level as typed,
 * never a secret, and stay far below Telegram's 64 bytes.
 */
export const tradeCallbacks = {
  approve: (signalId: number) => `sig:ok:${signalId}`,
  half: (signalId: number) => `sig:half:${signalId}`,
  reject: (signalId: number) => `sig:no:${signalId}`,
  /** Matches every proposal button: action and signal id. */
  proposalPattern: /^sig:(ok|half|no):(\d{1,12})$/,
  wizardPrefix: 'tw:',
  symbol: (s: string) => `tw:sym:${s}`,
  side: (s: 'long' | 'short') => `tw:side:${s}`,
  market: 'tw:entry:market',
  stop: (offset: string) => `tw:stop:${offset}`,
  target: (offset: string) => `tw:tgt:${offset}`,
  targetsDone: 'tw:done',
  confidence: (c: string) => `tw:conf:${c}`,
  cancel: 'tw:cancel',
} as const;

export function proposalKeyboard(signalId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text('✅ Approve', tradeCallbacks.approve(signalId))
    .text('½ Half size', tradeCallbacks.half(signalId))
    .text('✖ Reject', tradeCallbacks.reject(signalId));
}

const cancelRow = (kb: InlineKeyboard) => kb.row().text('Cancel', tradeCallbacks.cancel);

export function wizardSymbolKeyboard(symbols: readonly string[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  symbols.slice(0, 8).forEach((s, i) => {
    kb.text(s, tradeCallbacks.symbol(s));
    if (i % 4 === 3) kb.row();
  });
  return cancelRow(kb);
}

export function wizardSideKeyboard(): InlineKeyboard {
  return cancelRow(new InlineKeyboard().text('📈 Long', tradeCallbacks.side('long')).text('📉 Short', tradeCallbacks.side('short')));
}

export function wizardEntryKeyboard(): InlineKeyboard {
  return cancelRow(new InlineKeyboard().text('⚡ Market (now)', tradeCallbacks.market));
}

export function wizardStopKeyboard(side: 'long' | 'short'): InlineKeyboard {
  const sign = side === 'long' ? '-' : '+';
  const kb = new InlineKeyboard();
  for (const pct of ['1', '2', '3']) kb.text(`${sign}${pct}%`, tradeCallbacks.stop(`${sign}${pct}%`));
  return cancelRow(kb);
}

/** Target buttons: label ("2R +4%") and the offset they stand for; Done once one target is set. */
export function wizardTargetKeyboard(options: readonly { readonly label: string; readonly offset: string }[], canFinish: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const o of options) kb.text(o.label, tradeCallbacks.target(o.offset));
  if (canFinish) kb.row().text('✔ Done', tradeCallbacks.targetsDone);
  return cancelRow(kb);
}

export function wizardConfidenceKeyboard(): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const c of ['0.6', '0.7', '0.8', '0.9']) kb.text(c, tradeCallbacks.confidence(c));
  return cancelRow(kb.row().text('Skip', tradeCallbacks.confidence('skip')));
}
