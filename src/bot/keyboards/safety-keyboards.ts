import { InlineKeyboard } from 'grammy';
import { tunableAlertTypes, type AlertMode } from '../../core/safety/alert-preferences.js';
import { alertModeIcon, alertTypeLabel } from '../format/safety-format.js';
import { riskCallbacks } from './risk-keyboards.js';

/** Callback data of the kill switch, /status and /alerts: an action and at most an alert type (never a PIN or a price). */
export const safetyCallbacks = {
  /** First tap: asks for confirmation, changes nothing. */
  killAsk: 'kill:ask',
  /** Second tap: fires (after the PIN when one is configured). */
  killConfirm: 'kill:yes',
  killCancel: 'kill:no',
  status: 'status:refresh',
  alerts: 'alerts:list',
  alertCycle: (alertType: string) => `alerts:cycle:${alertType}`,
} as const;

/** The 🛑 button offered on the main menu and under every alert. */
export const killButtonText = '🛑 Kill switch';

export function killConfirmKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('🛑 Yes, flatten everything', safetyCallbacks.killConfirm).row().text('Cancel', safetyCallbacks.killCancel);
}

/** Under the kill report: resume when ready, look at the risk screen, or fire again if something is left. */
export function killReportKeyboard(isFlat: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (!isFlat) kb.text('🛑 Try again', safetyCallbacks.killAsk).row();
  return kb.text('🛡 Risk', riskCallbacks.refresh).text('▶️ Resume trading', riskCallbacks.resume);
}

export function statusKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('↻ Refresh', safetyCallbacks.status).text('🔔 Alerts', safetyCallbacks.alerts);
}

/** One button per alert type showing its mode; a tap moves it on → silent → off. */
export function alertPreferencesKeyboard(modes: ReadonlyMap<string, AlertMode>): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const type of tunableAlertTypes) kb.text(`${alertModeIcon(modes.get(type) ?? 'on')} ${alertTypeLabel(type)}`, safetyCallbacks.alertCycle(type)).row();
  return kb;
}
