import { Bot, type BotConfig } from 'grammy';
import { conversations, createConversation } from '@grammyjs/conversations';
import type { UserFromGetMe } from 'grammy/types';
import { accessControl, loadAccount, requireAccount } from './access-control.js';
import { chatCommands } from './commands.js';
import type { BotContext, BotDeps } from './context.js';
import { chartFeature } from './features/chart.js';
import { riskFeature } from './features/risk.js';
import { editRiskSettingId, makeEditRiskSettingConversation } from './conversations/edit-risk-setting.js';
import { executionsFeature } from './features/executions.js';
import { positionsFeature } from './features/positions.js';
import { startFeature, menuFeature } from './features/start.js';
import { tradeFeature } from './features/trade.js';
import { walletsFeature } from './features/wallets.js';
import { autoTradeFeature } from './features/autotrade.js';
import { webhookFeature } from './features/webhook.js';
import { makeTradeWizardConversation, tradeWizardId } from './conversations/trade-wizard.js';
import { addWalletId, makeAddWalletConversation } from './conversations/add-wallet.js';
import { autoConfidenceId, makeAutoConfidenceConversation } from './conversations/auto-confidence.js';
import { internalErrorText, staleButtonText, unknownInputText } from './format/menu-format.js';
import { ChatContactTracker } from './chat-contact.js';
import { makeCommandRateLimit } from './rate-limit.js';
import { makeSafetyFeature } from './features/safety.js';
import { killPinConversationId, makeKillPinConversation } from './conversations/kill-pin.js';

export interface CreateBotOptions {
  readonly token: string;
  /** Bot API root (Telegram's, or a local server for the demo and tests). */
  readonly apiRoot: string;
  /** Passing botInfo skips getMe (used by in-process tests). */
  readonly botInfo?: UserFromGetMe;
  /** Where conversation state lives (Prisma-backed in production so flows survive restarts). */
  readonly conversationStorage?: ConversationStorageAdapter;
}

export interface ConversationStorageAdapter {
  read(key: string): Promise<unknown>;
  write(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Builds the bot. Middleware order is the security model: error boundary, deps, access control
 * (allow-list), the per-user command rate limit, account loading, conversations, then features;
 * nothing reaches a feature without passing the allow-list.
 */
export function createBot(deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const config: BotConfig<BotContext> = { client: { apiRoot: options.apiRoot } };
  if (options.botInfo) config.botInfo = options.botInfo;
  const bot = new Bot<BotContext>(options.token, config);

  bot.use(async (ctx, next) => {
    Object.assign(ctx, { deps, account: undefined });
    await next();
  });
  // Any update proves the Bot API connection works (/status shows when the last one came).
  const contact = new ChatContactTracker();
  bot.use(contact.middleware());
  const guarded = bot.errorBoundary(async (error) => {
    deps.log.error({ err: error.error, updateId: error.ctx.update.update_id }, 'handler failed');
    try {
      if (error.ctx.callbackQuery) await error.ctx.answerCallbackQuery({ text: internalErrorText, show_alert: true });
      else await error.ctx.reply(internalErrorText);
    } catch (replyError) {
      deps.log.warn({ err: replyError }, 'could not tell the user about the failure');
    }
  });
  guarded.use(accessControl, makeCommandRateLimit(deps.settings.commandRateLimit), loadAccount);
  // Conversation state is plain JSON keyed by chat; the adapter's shape is the plugin's default storage.
  guarded.use(conversations(options.conversationStorage ? { storage: options.conversationStorage as never } : {}));
  guarded.use(startFeature);
  guarded.use(requireAccount);
  guarded.use(createConversation(makeEditRiskSettingConversation(deps), editRiskSettingId));
  guarded.use(createConversation(makeKillPinConversation(deps), killPinConversationId));
  guarded.use(createConversation(makeTradeWizardConversation(deps), tradeWizardId));
  guarded.use(createConversation(makeAddWalletConversation(deps), addWalletId));
  guarded.use(createConversation(makeAutoConfidenceConversation(deps), autoConfidenceId));
  guarded.use(menuFeature, chartFeature, riskFeature, executionsFeature, positionsFeature);
  guarded.use(tradeFeature, walletsFeature, autoTradeFeature, webhookFeature);
  guarded.use(makeSafetyFeature({ contact }));
  guarded.on('message', (ctx) => ctx.reply(unknownInputText));
  guarded.on('callback_query:data', (ctx) => ctx.answerCallbackQuery({ text: staleButtonText }));
  return bot;
}

/** Registers the command list with Telegram so clients show it in the "/" menu. */
export async function registerCommands(bot: Bot<BotContext>): Promise<void> {
  await bot.api.setMyCommands([...chatCommands]);
}
