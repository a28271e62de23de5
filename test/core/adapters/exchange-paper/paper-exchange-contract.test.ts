import { resolve } from 'node:path';
import { PaperExchange } from '../../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayPriceFeed } from '../../../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { runExchangeContract } from '../../../support/exchange-contract.js';
import { ManualClock } from '../../../support/manual-clock.js';

// The same contract the ccxt adapter passes, on the embedded paper exchange replaying real candles.
runExchangeContract('PaperExchange on the bundled 5m candles', async () => {
  const feed = ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m');
  const exchange = new PaperExchange({ feed, clock: new ManualClock(new Date('2025-10-03T12:00:00Z')), latencyMs: 0 });
  return { exchange, symbol: 'BTC/USDT', hasStopOrders: true };
});
