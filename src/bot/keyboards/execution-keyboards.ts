import { InlineKeyboard } from 'grammy';
import { callbacks as menuCallbacks } from './menu-keyboards.js';

/** Callback data of /executions: "exec:page:<n>" (at most 16 bytes, far below Telegram's 64). */
export const executionCallbacks = {
  page: (page: number): string => `exec:page:${page}`,
  pagePattern: /^exec:page:(\d{1,6})$/,
} as const;

/** ◀ ▶ between pages (only where there is a page to go to), refresh, back to the menu. */
export function executionsKeyboard(page: number, pageCount: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (page > 1) keyboard.text('◀ Newer', executionCallbacks.page(page - 1));
  if (page < pageCount) keyboard.text('Older ▶', executionCallbacks.page(page + 1));
  if (page > 1 || page < pageCount) keyboard.row();
  return keyboard.text('↻ Refresh', executionCallbacks.page(page)).text('« Menu', menuCallbacks.menu);
}
