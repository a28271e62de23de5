import { InlineKeyboard } from 'grammy';
import type { NotifyEvent } from '../../core/ports.js';
import { positionAlertKinds, type PositionAlertKind } from '../../core/positions/position-alerts.js';
import { callbacks as menuCallbacks } from './menu-keyboards.js';
import { riskCallbacks } from './risk-keyboards.js';

/**
 * Callback data of the position cards: "pos:<action>:<position id>" (at most 20 bytes). Only the id
 * travels; every press looks the position up again with the user's id, so nobody reaches another
 * user's position by forging one.
 */
export const positionCallbacks = {
  /** Send the card as a new message (from an alert or the list). */
  open: (id: number) => `pos:open:${id}`,
  /** Re-read the card in place (↻, and Cancel of a confirmation). */
  refresh: (id: number) => `pos:r:${id}`,
  /** First tap of Close / Close 50 %: asks for confirmation. */
  close: (id: number) => `pos:c:${id}`,
  closeHalf: (id: number) => `pos:h:${id}`,
  /** The confirmation's second tap: sends the order. */
  confirmClose: (id: number) => `pos:cy:${id}`,
  confirmHalf: (id: number) => `pos:hy:${id}`,
  breakEven: (id: number) => `pos:be:${id}`,
  pattern: /^pos:(open|r|c|h|cy|hy|be):(\d{1,12})$/,
} as const;

/** [ Close ] [ Close 50% ] / [ Stop → break-even ] [ ↻ ] under a card. */
export function positionCardKeyboard(id: number): InlineKeyboard {
  return new InlineKeyboard()
    .text('✖ Close', positionCallbacks.close(id))
    .text('½ Close 50%', positionCallbacks.closeHalf(id))
    .row()
    .text('🔒 Stop → break-even', positionCallbacks.breakEven(id))
    .text('↻', positionCallbacks.refresh(id));
}

/** The confirmation of a close spells out the consequence on its button. */
export function closeConfirmKeyboard(id: number, half: boolean): InlineKeyboard {
  return new InlineKeyboard()
    .text(half ? '✅ Yes, close 50% at market' : '✅ Yes, close all at market', half ? positionCallbacks.confirmHalf(id) : positionCallbacks.confirmClose(id))
    .row()
    .text('Cancel', positionCallbacks.refresh(id));
}

/** Under a close report or a closed card: the other positions, the menu. */
export function afterCloseKeyboard(id: number, stillOpen: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (stillOpen) kb.text('↻ Card', positionCallbacks.refresh(id));
  return kb.text('📊 Positions', menuCallbacks.positions).text('« Menu', menuCallbacks.menu);
}

export function noPositionsKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('« Menu', menuCallbacks.menu);
}

/**
 * Adds the position buttons to an alert about a position: its card (the list once it is closed)
 * and pause. Other alerts are left as they are.
 */
export function addPositionAlertButtons(kb: InlineKeyboard, event: NotifyEvent): InlineKeyboard {
  const id = event.data.positionId;
  if (!positionAlertKinds.includes(event.kind as PositionAlertKind) || typeof id !== 'number') return kb;
  kb.row();
  if (event.kind === 'POSITION_CLOSED') kb.text('📊 Positions', menuCallbacks.positions);
  else kb.text('📊 Position', positionCallbacks.open(id));
  return kb.text('⏸ Pause', riskCallbacks.pause);
}
