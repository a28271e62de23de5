/**
 * Every chat command, in the order /help lists them. The same list is registered with
 * Telegram (setMyCommands) so the client offers it in the "/" menu.
 */
export const chatCommands: readonly { command: string; description: string }[] = [
  { command: 'start', description: 'Register and open the main menu' },
  { command: 'menu', description: 'Show the main menu with equity and trading state' },
  { command: 'wallets', description: 'Wallets and balances' },
  { command: 'limits', description: 'Your risk limits at a glance' },
  { command: 'risk', description: 'Risk dashboard: budgets, heat, limits; edit settings' },
  { command: 'size', description: 'What-if sizing: /size BTC/USDT 45000 44000 48000 0.8' },
  { command: 'trade', description: 'Propose a trade: /trade BTC/USDT long 45000 44000 48000 0.8, or step by step' },
  { command: 'autotrade', description: 'Auto-trading per wallet: on/off, minimum confidence' },
  { command: 'webhook', description: 'Send signals from TradingView: address and secret' },
  { command: 'pause', description: 'Pause new entries, all or one wallet: /pause Binance main (positions stay managed)' },
  { command: 'resume', description: 'Resume after a pause, all or one wallet: /resume Binance main' },
  { command: 'kill', description: 'Kill switch: cancel all orders, close all positions, stop trading' },
  { command: 'status', description: 'Health: trading state, exchanges, database, jobs' },
  { command: 'alerts', description: 'Alert noise per type: on, silent or off' },
  { command: 'cancel', description: 'Leave the current question' },
  { command: 'chart', description: 'Price chart picture: /chart BTC/USDT' },
  { command: 'positions', description: 'Open positions: P&L, stop, targets, health; close or tighten' },
  { command: 'executions', description: 'Recent order executions: price, slippage, fees' },
  { command: 'slippage', description: 'Slippage and fee analytics with a chart' },
  { command: 'help', description: 'Every command, one line each' },
];
