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
  { command: 'pause', description: 'Pause new entries (open positions stay managed)' },
  { command: 'resume', description: 'Resume trading after a pause' },
  { command: 'cancel', description: 'Leave the current question' },
  { command: 'chart', description: 'Price chart picture: /chart BTC/USDT' },
  { command: 'executions', description: 'Recent order executions: price, slippage, fees' },
  { command: 'slippage', description: 'Slippage and fee analytics with a chart' },
  { command: 'help', description: 'Every command, one line each' },
];
