import { InlineKeyboard } from 'grammy';
import type { NotifyEvent } from '../../core/ports.js';
import { riskCallbacks } from './risk-keyboards.js';
import { addPositionAlertButtons } from './position-keyboards.js';
import { killButtonText, safetyCallbacks } from './safety-keyboards.js';

/** Buttons under an alert: what the user may want to do next. */
export function alertKeyboard(event: NotifyEvent): InlineKeyboard {
  const kb = new InlineKeyboard().text('🛡 Risk', riskCallbacks.refresh);
  if (event.kind === 'TRADING_STATE_CHANGED' && event.data.to === 'paused') kb.text('▶️ Resume', riskCallbacks.resume);
  addPositionAlertButtons(kb, event);
  // Every alert carries the way out: two deliberate taps flatten everything.
  kb.row().text(killButtonText, safetyCallbacks.killAsk);
  return kb;
}
