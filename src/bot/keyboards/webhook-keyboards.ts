import { InlineKeyboard } from 'grammy';

/** Callback data of /webhook. The secret itself never goes into a button. */
export const webhookCallbacks = {
  generate: 'wh:new',
  confirmRotate: 'wh:new!',
  show: 'wh:show',
} as const;

export function webhookKeyboard(hasSecret: boolean): InlineKeyboard {
  return new InlineKeyboard().text(hasSecret ? '🔄 New secret' : '🔑 Generate secret', webhookCallbacks.generate);
}

export function confirmRotateKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('🔄 Yes, replace it', webhookCallbacks.confirmRotate).text('Cancel', webhookCallbacks.show);
}
