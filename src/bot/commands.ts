/**
 * Every chat command, in the order /help lists them. The same list is registered with
 * Telegram (setMyCommands) so the client offers it in the "/" menu.
 */
export const chatCommands: readonly { command: string; description: string }[] = [
  { command: 'start', description: 'Register and open the main menu' },
  { command: 'menu', description: 'Show the main menu with equity and trading state' },
  { command: 'wallets', description: 'Wallets and balances' },
  { command: 'limits', description: 'Your risk limits at a glance' },
  { command: 'chart', description: 'Price chart picture: /chart BTC/USDT' },
  { command: 'help', description: 'Every command, one line each' },
];
