import { Composer, GrammyError, InlineKeyboard } from 'grammy';
import { nextAlertMode, tunableAlertTypes } from '../../core/safety/alert-preferences.js';
import type { ChatContactTracker } from '../chat-contact.js';
import type { BotContext } from '../context.js';
import { killPinConversationId } from '../conversations/kill-pin.js';
import { staleButtonText } from '../format/menu-format.js';
import {
  alertPreferencesText,
  formatAlertModeChanged,
  formatKillConfirm,
  formatKillReport,
  formatStatus,
  killCancelledText,
  killFailedText,
  killFiringText,
} from '../format/safety-format.js';
import { alertPreferencesKeyboard, killConfirmKeyboard, killReportKeyboard, safetyCallbacks, statusKeyboard } from '../keyboards/safety-keyboards.js';
import { editOrReply } from '../reply.js';

/**
 * The kill switch (/kill and the 🛑 buttons: ask, then a second deliberate tap, then the PIN
 * when one is configured), /status (health) and /alerts (noise per alert type). Every read and
 * change is scoped to the user behind the update.
 */
export function makeSafetyFeature(o: { readonly contact: ChatContactTracker }): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  const askKill = async (ctx: BotContext) => {
    const preview = await ctx.deps.safety.killSwitch.preview(ctx.account!);
    await ctx.reply(formatKillConfirm(preview), { parse_mode: 'HTML', reply_markup: killConfirmKeyboard() });
  };
  feature.command('kill', askKill);
  feature.callbackQuery(safetyCallbacks.killAsk, async (ctx) => {
    await ctx.answerCallbackQuery();
    await askKill(ctx);
  });
  feature.callbackQuery(safetyCallbacks.killCancel, async (ctx) => {
    await editOrReply(ctx, killCancelledText, new InlineKeyboard());
    await ctx.answerCallbackQuery();
  });
  feature.callbackQuery(safetyCallbacks.killConfirm, async (ctx) => {
    await ctx.answerCallbackQuery();
    await dropButtons(ctx); // the confirmation is spent: it cannot be tapped twice
    if (ctx.deps.safety.killSwitchPin) {
      await ctx.conversation.enter(killPinConversationId);
      return;
    }
    await ctx.reply(killFiringText);
    let report;
    try {
      report = await ctx.deps.safety.killSwitch.fire(ctx.account!, `telegram:${ctx.from.id}`);
    } catch (error) {
      // Not the generic "nothing was changed": the kill may have stored KILLED and closed part already.
      ctx.deps.log.error({ err: error, userId: ctx.account!.id }, 'kill switch failed');
      await ctx.reply(killFailedText, { reply_markup: killReportKeyboard(false) });
      return;
    }
    await ctx.reply(formatKillReport(report), { parse_mode: 'HTML', reply_markup: killReportKeyboard(report.verification.isFlat) });
  });

  const showStatus = async (ctx: BotContext) => {
    const report = await ctx.deps.safety.checkHealth(ctx.account!);
    const text = formatStatus(report, { now: ctx.deps.safety.wallClock.now(), lastChatContactAt: o.contact.lastUpdateAt });
    if (ctx.callbackQuery) await editOrReply(ctx, text, statusKeyboard());
    else await ctx.reply(text, { parse_mode: 'HTML', reply_markup: statusKeyboard() });
  };
  feature.command('status', showStatus);
  feature.callbackQuery(safetyCallbacks.status, async (ctx) => {
    await showStatus(ctx);
    await ctx.answerCallbackQuery();
  });

  const showAlerts = async (ctx: BotContext) => {
    const modes = await ctx.deps.safety.alertPreferences.list(ctx.account!.id);
    if (ctx.callbackQuery) await editOrReply(ctx, alertPreferencesText, alertPreferencesKeyboard(modes));
    else await ctx.reply(alertPreferencesText, { parse_mode: 'HTML', reply_markup: alertPreferencesKeyboard(modes) });
  };
  feature.command('alerts', showAlerts);
  feature.callbackQuery(safetyCallbacks.alerts, async (ctx) => {
    await showAlerts(ctx);
    await ctx.answerCallbackQuery();
  });
  feature.callbackQuery(/^alerts:cycle:([A-Z_]{1,48})$/, async (ctx) => {
    const type = ctx.match[1]!;
    if (!tunableAlertTypes.includes(type)) {
      await ctx.answerCallbackQuery({ text: staleButtonText });
      return;
    }
    const prefs = ctx.deps.safety.alertPreferences;
    const user = ctx.account!;
    const before = await prefs.modeFor(user.id, type);
    const after = nextAlertMode(before);
    await prefs.set(user.id, type, after);
    await ctx.deps.accounts.recordAudit({ userId: user.id, actor: `telegram:${ctx.from.id}`, action: 'alert_preferences.changed', target: type, before: { mode: before }, after: { mode: after }, at: ctx.deps.clock.now() });
    await showAlerts(ctx);
    await ctx.answerCallbackQuery({ text: formatAlertModeChanged(type, after) });
  });
  return feature;
}

async function dropButtons(ctx: BotContext): Promise<void> {
  try {
    await ctx.editMessageReplyMarkup();
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error; // too old or already edited: the fire goes ahead
  }
}
